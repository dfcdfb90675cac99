"""The small interface every provider implements, and what the HTTP providers share:
a pooled client per event loop, and the mapping of HTTP failures to gateway errors."""

from __future__ import annotations

import asyncio
import email.utils
import functools
import json
import math
import time
from abc import ABC, abstractmethod
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import httpx

from ai_planner.gateway.errors import GatewayError, scrub_secrets
from ai_planner.gateway.schemas import ChatMessage, Usage

RETRYABLE_STATUSES = frozenset({429, 500, 502, 503, 504, 529})
_QUOTA_WORDS = ("quota", "billing", "spend", "credit", "insufficient")


@dataclass(frozen=True)
class ProviderCall:
    """One provider request, after validation and safety filtering."""

    model: str
    system: str | None
    messages: list[ChatMessage]  # user/assistant turns only
    max_tokens: int
    temperature: float
    api_key: str | None = field(default=None, repr=False)
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


def estimate_tokens(text: str) -> int:
    """About four characters per token: only used when the provider did not say."""
    return math.ceil(len(text) / 4) if text else 0


def estimate_prompt_tokens(call: ProviderCall) -> int:
    return estimate_tokens((call.system or "") + "".join(m.content for m in call.messages))


class _NoCookies(httpx.Cookies):
    """A jar that keeps nothing."""

    def extract_cookies(self, response: httpx.Response) -> None:
        return None


class ProviderHTTPClient(httpx.AsyncClient):
    """An ``httpx.AsyncClient`` without a cookie jar. One client serves every tenant's calls,
    so a cookie a provider (or its CDN) sets on one tenant's call must not ride along on the
    next tenant's; skipping the jar also saves its parsing on every response."""

    @property  # type: ignore[override]
    def cookies(self) -> httpx.Cookies:
        return _NoCookies()

    @cookies.setter
    def cookies(self, _cookies: object) -> None:
        pass  # never kept


class ClientPool:
    """One pooled ``httpx.AsyncClient`` per running event loop (a client is loop-bound)."""

    def __init__(self, timeout: httpx.Timeout, transport: httpx.AsyncBaseTransport | None = None):
        self._timeout = timeout
        self._transport = transport
        self._clients: dict[int, tuple[asyncio.AbstractEventLoop, ProviderHTTPClient]] = {}

    def get(self) -> ProviderHTTPClient:
        loop = asyncio.get_running_loop()
        entry = self._clients.get(id(loop))
        if entry is not None and entry[0] is loop:
            return entry[1]
        # Forget clients of loops that are gone (tests run one loop per test).
        self._clients = {k: v for k, v in self._clients.items() if not v[0].is_closed()}
        client = ProviderHTTPClient(
            timeout=self._timeout,
            transport=self._transport,
            limits=httpx.Limits(max_connections=200, max_keepalive_connections=50),
        )
        self._clients[id(loop)] = (loop, client)
        return client

    async def aclose(self) -> None:
        loop = asyncio.get_running_loop()
        entry = self._clients.pop(id(loop), None)
        if entry is not None:
            await entry[1].aclose()


def parse_retry_after(headers: httpx.Headers) -> float | None:
    """Seconds from ``retry-after-ms``, ``retry-after`` (seconds or an HTTP date)."""
    raw_ms = headers.get("retry-after-ms")
    if raw_ms:
        try:
            return max(0.0, float(raw_ms) / 1000)
        except ValueError:
            pass
    raw = headers.get("retry-after")
    if not raw:
        return None
    try:
        return max(0.0, float(raw))
    except ValueError:
        parsed = email.utils.parsedate_to_datetime(raw) if raw else None
        if parsed is None:
            return None
        return max(0.0, parsed.timestamp() - time.time())


def provider_message(body: bytes | str, fallback: str) -> str:
    """The provider's own error text from an Anthropic or OpenAI error body."""
    try:
        data: Any = json.loads(body)
    except (ValueError, TypeError):
        # Not a provider-shaped error: its body is not passed on. A base URL can point
        # anywhere (self-hosted servers), and arbitrary pages must not leak through errors.
        return fallback
    if isinstance(data, dict):
        error = data.get("error", data)
        if isinstance(error, dict) and isinstance(error.get("message"), str):
            return error["message"][:500]
        if isinstance(error, str):
            return error[:500]
    return fallback


def error_from_status(
    provider_label: str,
    status: int,
    headers: httpx.Headers,
    body: bytes,
    secrets: tuple[str | None, ...],
) -> GatewayError:
    """Map a provider's HTTP failure to a gateway error the caller can act on."""
    detail = scrub_secrets(provider_message(body, f"HTTP {status}"), secrets)
    retry_after = parse_retry_after(headers)
    said = f"{provider_label} said: {detail}"
    if status in (401, 403):
        return GatewayError(
            "provider_auth_failed",
            f"{provider_label} rejected the API key ({status}). Check the key in the provider "
            f"configuration. {said}",
            status=502,
        )
    if status == 429:
        lowered = detail.lower()
        if retry_after is None and any(word in lowered for word in _QUOTA_WORDS):
            return GatewayError(
                "provider_quota_exceeded",
                f"{provider_label} refused the request: the account's spend limit or quota is "
                f"reached. {said}",
                status=429,
            )
        return GatewayError(
            "provider_rate_limited",
            f"{provider_label} is rate limiting requests; try again shortly. {said}",
            status=429,
            retryable=True,
            retry_after=retry_after,
        )
    if status in (503, 529):
        return GatewayError(
            "provider_overloaded",
            f"{provider_label} is overloaded right now; try again in a moment. {said}",
            status=503,
            retryable=True,
            retry_after=retry_after,
        )
    if status >= 500:
        return GatewayError(
            "provider_error",
            f"{provider_label} had an internal error ({status}). {said}",
            status=502,
            retryable=status in RETRYABLE_STATUSES,
            retry_after=retry_after,
        )
    if status == 404:
        return GatewayError(
            "provider_not_found",
            f"{provider_label} does not know this model or endpoint (404). {said}",
            status=502,
        )
    return GatewayError(
        "provider_bad_request",
        f"{provider_label} refused the request ({status}). {said}",
        status=502,
    )


def error_from_transport(provider_label: str, exc: httpx.HTTPError) -> GatewayError:
    if isinstance(exc, httpx.ConnectTimeout | httpx.ConnectError | httpx.PoolTimeout):
        return GatewayError(
            "provider_unreachable",
            f"Could not connect to {provider_label} ({type(exc).__name__}). Check the base URL "
            "and the network.",
            status=502,
            retryable=True,
        )
    if isinstance(exc, httpx.TimeoutException):
        # Not retried: the provider may still be working (and billing) on the first try.
        return GatewayError(
            "provider_timeout",
            f"{provider_label} did not answer in time.",
            status=504,
        )
    return GatewayError(
        "provider_connection_lost",
        f"The connection to {provider_label} failed ({type(exc).__name__}).",
        status=502,
        retryable=isinstance(exc, httpx.RemoteProtocolError),
    )


def bad_response(provider_label: str, what: str) -> GatewayError:
    return GatewayError(
        "provider_bad_response",
        f"{provider_label} sent a response the gateway could not read ({what}).",
        status=502,
    )


def json_body(provider_label: str, response: httpx.Response) -> dict[str, Any]:
    try:
        data = response.json()
    except ValueError as exc:
        raise bad_response(provider_label, "malformed JSON") from exc
    if not isinstance(data, dict):
        raise bad_response(provider_label, "not a JSON object")
    return data


def _sse_event(block: bytes) -> tuple[str, str] | None:
    """(event, data) of one event block (its lines without the blank line ending it)."""
    event, data_lines = "", []
    for line in block.decode("utf-8", "replace").split("\n"):
        if not line or line.startswith(":"):
            continue
        name, _, value = line.partition(":")
        value = value.removeprefix(" ")
        if name == "event":
            event = value
        elif name == "data":
            data_lines.append(value)
    return (event or "message", "\n".join(data_lines)) if data_lines else None


async def iter_sse(response: httpx.Response) -> AsyncIterator[tuple[str, str]]:
    """(event, data) pairs of a server-sent-events body.

    Parsed from the raw bytes: events end at a blank line, so the body is split there and
    only whole events are decoded (cheaper than httpx's text and line layers per chunk).
    """
    buffer = b""
    # Without a content encoding the raw bytes are the body: skip httpx's decoding layer
    # (unless the body was read already: then only aiter_bytes replays it).
    encoded = response.headers.get("content-encoding", "identity") != "identity"
    raw = not encoded and not response.is_stream_consumed
    chunks = response.aiter_raw() if raw else response.aiter_bytes()
    async for chunk in chunks:
        buffer += chunk
        if b"\r" in buffer:
            # CRLF and lone CR end lines too. A CR at the very end waits: its LF may follow.
            held = b"\r" if buffer.endswith(b"\r") else b""
            body = buffer[: len(buffer) - len(held)]
            buffer = body.replace(b"\r\n", b"\n").replace(b"\r", b"\n") + held
        start = 0
        while (end := buffer.find(b"\n\n", start)) >= 0:
            event = _sse_event(buffer[start:end])
            start = end + 2
            if event is not None:
                yield event
        buffer = buffer[start:]
    event = _sse_event(buffer.replace(b"\r", b"\n"))
    if event is not None:
        yield event


# How long to wait for the rest of a body after the provider's end-of-stream marker.
_FINISH_BODY_SECONDS = 0.05


async def _finish_body(events: AsyncIterator[tuple[str, str]]) -> None:
    """Read what follows the end-of-stream marker (normally only the body's terminating
    chunk) so the connection goes back to the pool: a body left unread closes it, and the
    next call pays for a new connection. Anything after the marker is ignored."""
    try:
        async with asyncio.timeout(_FINISH_BODY_SECONDS):
            async for _ in events:
                pass
    except (TimeoutError, httpx.HTTPError):
        pass  # the connection is simply not reused


def require_key(provider_label: str, key: str | None, env_name: str) -> str:
    if not key:
        raise GatewayError(
            "missing_api_key",
            f"No API key for {provider_label}: add one to the provider configuration or set "
            f"{env_name} on the gateway.",
            status=400,
        )
    return key


class StreamTally:
    """What is known about a stream so far, so a failure can report it."""

    def __init__(self, model: str, prompt_estimate: int = 0) -> None:
        self.model = model
        self.prompt_estimate = prompt_estimate
        self.prompt_tokens = 0
        self.completion_tokens = 0
        self.reported_completion = False
        self.chars = 0
        self.finish_reason: str | None = None
        self.complete = False  # the provider's end-of-stream marker arrived

    @property
    def started(self) -> bool:
        return self.chars > 0

    def usage(self) -> Usage:
        if self.reported_completion:
            return Usage.of(self.prompt_tokens, self.completion_tokens)
        return Usage.of(
            self.prompt_tokens or self.prompt_estimate,
            max(self.completion_tokens, math.ceil(self.chars / 4)),
            estimated=True,
        )

    def fail(self, error: GatewayError) -> GatewayError:
        """Attach the known usage; once text went out, a failure is never retried."""
        error.usage = self.usage()
        if self.started:
            error.retryable = False
        return error

    def interrupted(self, provider_label: str) -> GatewayError:
        return self.fail(
            GatewayError(
                "stream_interrupted",
                f"{provider_label} ended the stream before it was complete; the text so far "
                "is partial.",
                status=502,
                retryable=not self.started,
            )
        )

    def end(self) -> StreamEnd:
        return StreamEnd(model=self.model, finish_reason=self.finish_reason, usage=self.usage())


@functools.lru_cache(maxsize=256)
def _parsed_url(url: str) -> httpx.URL:
    """Endpoints repeat: parse each once (httpx's URL parsing is a visible cost per call)."""
    return httpx.URL(url)


# An in-stream error type -> (gateway code, HTTP status, retryable).
StreamErrorTable = dict[str, tuple[str, int, bool]]
# The error types Anthropic's and OpenAI's streams both use, with the same meaning.
COMMON_STREAM_ERRORS: StreamErrorTable = {
    "overloaded_error": ("provider_overloaded", 503, True),
    "rate_limit_error": ("provider_rate_limited", 429, True),
    "invalid_request_error": ("provider_bad_request", 502, False),
}


@dataclass(frozen=True)
class HTTPRequest:
    url: httpx.URL
    headers: dict[str, str]
    body: dict[str, Any]
    key: str | None  # scrubbed from any provider text passed on


class HTTPProvider(Provider):
    """What the providers calling a real HTTP API share: one JSON POST for ``generate``, one
    server-sent-events stream for ``stream``, and the mapping of their failures. A subclass
    says how to build the request and how to read the answer and each stream event."""

    env_key_name: str
    models: tuple[str, ...] = ()
    stream_errors: StreamErrorTable = {}
    # Whether an in-stream error of a type missing from ``stream_errors`` is retried.
    unknown_stream_error_retryable = False

    def __init__(self, pool: ClientPool, *, base_url: str | None, env_key: str) -> None:
        self._pool = pool
        self.default_base_url = base_url
        self._env_key = env_key
        self.has_gateway_key = bool(env_key)

    def list_models(self) -> list[str]:
        return list(self.models)

    # --- what a subclass says --------------------------------------------------------------
    @abstractmethod
    def _request(self, call: ProviderCall, *, stream: bool) -> HTTPRequest: ...

    @abstractmethod
    def _result(self, call: ProviderCall, data: dict[str, Any]) -> ProviderResult:
        """The answer of ``generate``; a shape error (KeyError, TypeError …) is a bad response."""

    @abstractmethod
    def _stream_event(
        self, tally: StreamTally, event: str, data: str, key: str | None
    ) -> str | None:
        """Fold one stream event into the tally and return its text, if any. Set
        ``tally.complete`` on the provider's end-of-stream marker; raise :class:`GatewayError`
        for an in-stream error."""

    def _finished(self, tally: StreamTally) -> bool:
        """Whether a stream that ended here is complete (not cut)."""
        return tally.complete

    # --- shared plumbing -------------------------------------------------------------------
    def _key(self, call: ProviderCall) -> str | None:
        return require_key(self.label, call.api_key or self._env_key, self.env_key_name)

    def _endpoint(self, call: ProviderCall, path: str) -> httpx.URL:
        return _parsed_url(f"{(call.base_url or self.default_base_url or '').rstrip('/')}{path}")

    @staticmethod
    def _headers(stream: bool) -> dict[str, str]:
        return {
            "content-type": "application/json",
            "accept": "text/event-stream" if stream else "application/json",
        }

    async def generate(self, call: ProviderCall) -> ProviderResult:
        request = self._request(call, stream=False)
        try:
            response = await self._pool.get().post(
                request.url, headers=request.headers, json=request.body
            )
        except httpx.HTTPError as exc:
            raise error_from_transport(self.label, exc) from exc
        if response.status_code != 200:
            raise error_from_status(
                self.label, response.status_code, response.headers, response.content,
                (request.key,),
            )
        data = json_body(self.label, response)
        try:
            return self._result(call, data)
        except (KeyError, IndexError, TypeError, ValueError, AttributeError) as exc:
            raise bad_response(self.label, "unexpected response shape") from exc

    async def stream(self, call: ProviderCall) -> AsyncIterator[StreamPiece]:
        request = self._request(call, stream=True)
        tally = StreamTally(call.model, estimate_prompt_tokens(call))
        client = self._pool.get()
        try:
            async with client.stream(
                "POST", request.url, headers=request.headers, json=request.body
            ) as response:
                if response.status_code != 200:
                    raise error_from_status(
                        self.label, response.status_code, response.headers,
                        await response.aread(), (request.key,),
                    )
                events = iter_sse(response)
                async for event, data in events:
                    try:
                        text = self._stream_event(tally, event, data, request.key)
                    except GatewayError as error:
                        raise tally.fail(error) from None
                    except (ValueError, TypeError, AttributeError, KeyError) as exc:
                        malformed = bad_response(self.label, "malformed stream event")
                        raise tally.fail(malformed) from exc
                    if text:
                        tally.chars += len(text)
                        yield TextDelta(text)
                    elif tally.complete:
                        break
                if tally.complete:
                    await _finish_body(events)
        except httpx.HTTPError as exc:
            if tally.started:
                raise tally.interrupted(self.label) from exc
            raise tally.fail(error_from_transport(self.label, exc)) from exc
        if not self._finished(tally):
            raise tally.interrupted(self.label)
        yield tally.end()

    def _in_stream_error(self, kind: str, message: str, key: str | None) -> GatewayError:
        default = ("provider_error", 502, self.unknown_stream_error_retryable)
        code, status, retryable = self.stream_errors.get(kind, default)
        detail = scrub_secrets(message[:500], (key,))
        return GatewayError(
            code,
            f"{self.label} reported an error during the stream: {detail}",
            status=status,
            retryable=retryable,
        )
