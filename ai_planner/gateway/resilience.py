"""Retries with exponential backoff and jitter, honouring ``retry-after`` up to a cap.

Which failures are retryable is decided where they are mapped (``providers/http_errors.py``); this
module only decides *whether there is an attempt left* and *how long to wait*.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar

from ai_planner.gateway.errors import GatewayError
from ai_planner.gateway.providers.base import StreamPiece, TextDelta
from ai_planner.settings import Settings

T = TypeVar("T")


@dataclass(frozen=True)
class RetryPolicy:
    max_retries: int = 2
    base_delay: float = 0.5
    max_delay: float = 8.0
    retry_after_cap: float = 20.0

    @classmethod
    def from_settings(cls, settings: Settings, **overrides: float) -> RetryPolicy:
        values: dict = {
            "max_retries": settings.provider_max_retries,
            "retry_after_cap": settings.provider_retry_after_cap,
        }
        values.update(overrides)
        return cls(**values)

    def delay(self, attempt: int, error: GatewayError) -> float | None:
        """Seconds to wait before retry number ``attempt + 1``; ``None``: do not retry."""
        if not error.retryable or attempt >= self.max_retries:
            return None
        if error.retry_after is not None:
            # A provider asking for longer than the cap will not be ready in time: fail now
            # and let the caller see the provider's message.
            return error.retry_after if error.retry_after <= self.retry_after_cap else None
        backoff = min(self.max_delay, self.base_delay * (2**attempt))
        return random.uniform(backoff / 2, backoff)  # jitter spreads concurrent retries


async def call_with_retries(policy: RetryPolicy, call: Callable[[], Awaitable[T]]) -> T:
    attempt = 0
    while True:
        try:
            return await call()
        except GatewayError as error:
            wait = policy.delay(attempt, error)
            if wait is None:
                raise
        await asyncio.sleep(wait)
        attempt += 1


async def stream_with_retries(
    policy: RetryPolicy, open_stream: Callable[[], AsyncIterator[StreamPiece]]
) -> AsyncIterator[StreamPiece]:
    """Retry a stream only while no text has been passed on: after that, a retry would
    repeat or contradict what the caller already showed."""
    attempt = 0
    while True:
        sent_text = False
        stream = open_stream()
        try:
            async for piece in stream:
                if isinstance(piece, TextDelta):
                    sent_text = True
                yield piece
            return
        except GatewayError as error:
            wait = None if sent_text else policy.delay(attempt, error)
            if wait is None:
                raise
        finally:
            await stream.aclose()  # type: ignore[attr-defined]
        await asyncio.sleep(wait)
        attempt += 1
