"""The gateway's one error type and the JSON body every error response has.

``code`` is stable (callers branch on it), ``message`` is for people. Provider error text is
passed on, but only after :func:`scrub_secrets` removed anything that looks like a key.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from pydantic import SecretStr

from ai_planner.secret_values import reveal

# Shapes of provider keys and bearer tokens that could be echoed back in an error text.
_KEY_LIKE = re.compile(
    r"(?:sk-ant-[A-Za-z0-9_\-*.]{4,}|sk-[A-Za-z0-9_\-*.]{4,}|"
    r"(?i:bearer)\s+[A-Za-z0-9_\-.=*]{8,}|\b[A-Za-z0-9_\-]{32,}\b)"
)
# A "word" of an error text, and the masks providers put inside echoed keys (sk-ab****wxyz).
_TOKEN = re.compile(r"[^\s'\"`,;:=()\[\]{}<>|/]+")
_MASK = re.compile(r"[*•…]+|\.{3,}")
_EDGE = 4  # characters of a key's start or end that count as an echo of it


def _scrub_one(text: str, secret: str) -> str:
    """``text`` without ``secret``, in any letter case, nor a word that shows its first or
    last characters (a masked or cut echo such as ``SK-AB****WXYZ`` or ``loca…``)."""
    text = re.sub(re.escape(secret), "[redacted key]", text, flags=re.IGNORECASE)
    lowered = secret.lower()
    edge = min(len(lowered), _EDGE)

    def echo(word: re.Match[str]) -> str:
        for piece in _MASK.split(word.group(0).lower()):
            piece = piece.strip(".!?")
            if len(piece) >= edge and (lowered.startswith(piece) or lowered.endswith(piece)):
                return "[redacted key]"
        return word.group(0)

    return _TOKEN.sub(echo, text)


def scrub_secrets(text: str, secrets: Iterable[SecretStr | str | None] = ()) -> str:
    """Remove known secrets (and echoes of their first or last characters) and key-like
    tokens from ``text``."""
    for secret in secrets:
        plain = reveal(secret)
        if plain:
            text = _scrub_one(text, plain)
    return _KEY_LIKE.sub("[redacted key]", text)


@dataclass(eq=False)  # exceptions stay hashable (compared by identity)
class GatewayError(Exception):
    """A failure with an HTTP status for the gateway's answer.

    ``retryable``/``retry_after`` are read by the retry helper; ``usage`` carries what is
    known when a stream failed after it started.
    """

    code: str
    message: str
    status: int = 502
    retryable: bool = False
    retry_after: float | None = None
    usage: Any = None
    extra: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        super().__init__(self.message)

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"

    def body(self) -> dict[str, Any]:
        payload: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.usage is not None:
            payload["usage"] = self.usage.model_dump()
        if self.retry_after is not None:
            payload["retry_after"] = self.retry_after
        payload.update(self.extra)
        return payload
