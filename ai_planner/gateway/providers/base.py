"""The small interface every provider implements, and the values it takes and gives.

The HTTP plumbing the real providers share lives beside it: ``http`` (the request/stream
loop), ``http_errors`` (HTTP failures -> gateway errors), ``connections`` (the pooled client)
and ``sse`` (the server-sent-events reader).
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

from pydantic import SecretStr

from ai_planner.gateway.schemas import ChatMessage, Usage


@dataclass(frozen=True)
class ProviderCall:
    """One provider request, after validation and safety filtering."""

    model: str
    system: str | None
    messages: list[ChatMessage]  # user/assistant turns only
    max_tokens: int
    temperature: float
    api_key: SecretStr | None = field(default=None, repr=False)
    base_url: str | None = None
    task_type: str | None = None


@dataclass(frozen=True)
class ProviderResult:
    content: str
    model: str
    finish_reason: str | None
    usage: Usage


@dataclass(frozen=True)
class TextDelta:
    text: str


@dataclass(frozen=True)
class StreamEnd:
    model: str
    finish_reason: str | None
    usage: Usage


StreamPiece = TextDelta | StreamEnd


class Provider(ABC):
    name: str
    label: str
    requires_api_key: bool = True
    requires_base_url: bool = False
    default_base_url: str | None = None
    has_gateway_key: bool = False

    @abstractmethod
    async def generate(self, call: ProviderCall) -> ProviderResult: ...

    @abstractmethod
    def stream(self, call: ProviderCall) -> AsyncIterator[StreamPiece]:
        """Text deltas then exactly one :class:`StreamEnd`; raises :class:`GatewayError`."""

    @abstractmethod
    def list_models(self) -> list[str]: ...

    async def fetch_models(self, call: ProviderCall) -> list[str]:
        """The models the provider offers with the call's credentials ("Test connection").
        A provider without a remote list answers with the models it knows."""
        return self.list_models()


def estimate_tokens(text: str) -> int:
    """About four characters per token: only used when the provider did not say."""
    return math.ceil(len(text) / 4) if text else 0


def estimate_prompt_tokens(call: ProviderCall) -> int:
    return estimate_tokens((call.system or "") + "".join(m.content for m in call.messages))
