"""What the fake provider is told to do (:class:`Behaviour`) and what it saw
(:class:`RecordedRequest`)."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Any, Literal

DEFAULT_TEXT = "Here is a short draft about fractions for grade 4 students."

Kind = Literal["ok", "error", "malformed", "cut", "stream_error", "stall", "cut_body"]

_ERROR_TYPES = {
    400: "invalid_request_error",
    401: "authentication_error",
    403: "permission_error",
    404: "not_found_error",
    413: "request_too_large",
    429: "rate_limit_error",
    529: "overloaded_error",
}


@dataclass(frozen=True)
class Behaviour:
    """One scripted answer. With nothing scripted the fake answers ``Behaviour()``: the
    default text, streamed word by word when the request asks for a stream."""

    kind: Kind = "ok"
    text: str = DEFAULT_TEXT
    status: int = 200
    retry_after: str | None = None
    message: str = ""  # error text; "{api_key}" is replaced by the key the caller sent
    error_type: str = "api_error"
    delay: float = 0.0  # before the response starts
    chunk_delay: float = 0.0  # between streamed chunks
    cut_after: int = 2  # text chunks sent before a cut / an in-stream error / a stall
    include_usage: bool = True
    set_cookie: str | None = None  # a Set-Cookie header on the answer, as CDNs in front add
    thinking: str | None = None  # Anthropic: an extended-thinking block before the text
    text_blocks: int = 1  # Anthropic: the text spread over this many content blocks

    @classmethod
    def ok(cls, text: str = DEFAULT_TEXT, **kw: Any) -> Behaviour:
        return cls(kind="ok", text=text, **kw)

    @classmethod
    def slow(cls, delay: float, **kw: Any) -> Behaviour:
        return cls(kind="ok", delay=delay, **kw)

    @classmethod
    def error(
        cls,
        status: int,
        *,
        retry_after: float | str | None = None,
        message: str = "",
        error_type: str = "",
        **kw: Any,
    ) -> Behaviour:
        return cls(
            kind="error",
            status=status,
            retry_after=None if retry_after is None else str(retry_after),
            message=message or f"fake {status} error",
            error_type=error_type or _ERROR_TYPES.get(status, "api_error"),
            **kw,
        )

    @classmethod
    def malformed(cls) -> Behaviour:
        """Cut-off JSON for a plain answer; an unparsable event after one chunk in a stream."""
        return cls(kind="malformed")

    @classmethod
    def cut(cls, after: int = 2) -> Behaviour:
        """A stream whose connection drops after ``after`` text chunks."""
        return cls(kind="cut", cut_after=after)

    @classmethod
    def stream_error(cls, after: int = 1, error_type: str = "overloaded_error") -> Behaviour:
        """An in-stream ``error`` event after ``after`` text chunks."""
        return cls(
            kind="stream_error", cut_after=after, error_type=error_type, message="Overloaded"
        )

    @classmethod
    def stall(cls, after: int = 2, **kw: Any) -> Behaviour:
        """A stream that sends ``after`` text chunks, then nothing until
        ``FakeProviderServer.release()`` is called or the client goes away."""
        return cls(kind="stall", cut_after=after, **kw)

    @classmethod
    def cut_body(cls, **kw: Any) -> Behaviour:
        """A plain (non-streamed) answer whose connection drops half-way through the body,
        after a ``content-length`` announcing all of it."""
        return cls(kind="cut_body", **kw)


@dataclass
class RecordedRequest:
    path: str
    headers: dict[str, str]
    body: Any
    at: float = field(default_factory=time.monotonic)
    client_port: int = 0  # the same port twice: the caller reused its connection
    refused: str = ""  # why the strict checks answered 4xx instead of the behaviour
    text_chunks_sent: int = 0
    # Set when the answer ended: ``completed`` in full, or ``disconnected`` because the
    # client went away (closed the connection) before the end.
    completed: threading.Event = field(default_factory=threading.Event)
    disconnected: threading.Event = field(default_factory=threading.Event)

    @property
    def api_key(self) -> str | None:
        if "x-api-key" in self.headers:
            return self.headers["x-api-key"]
        auth = self.headers.get("authorization", "")
        return auth.removeprefix("Bearer ") if auth else None

    @property
    def ended(self) -> bool:
        return self.completed.is_set() or self.disconnected.is_set()


def words(text: str) -> list[str]:
    """The text as the fake streams it: one chunk per word, spaces kept."""
    parts = text.split(" ")
    return [p + (" " if i < len(parts) - 1 else "") for i, p in enumerate(parts)]


def count_input(body: dict[str, Any]) -> int:
    """The fake's "tokens": words of the system prompt and the messages."""
    system = body.get("system") or ""
    text = system if isinstance(system, str) else " ".join(str(b.get("text", "")) for b in system)
    for m in body.get("messages") or []:
        if isinstance(m, dict):
            text += " " + str(m.get("content", ""))
    return len(text.split())
