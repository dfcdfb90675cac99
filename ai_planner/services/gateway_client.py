"""The only caller of the AI gateway.

Without ``AI_GATEWAY_URL`` it reaches the gateway app of this process in-process (through an
ASGI transport: same routes, auth and JSON as over the network); with it, over HTTP. One pooled
``httpx.AsyncClient`` per event loop. Gateway errors become :class:`GatewayCallError`
(a :class:`ProviderError`) with the gateway's code and message.

    client = get_gateway_client()
    result = await client.generate(GatewayRequest(provider="demo", model="demo-planner",
                                                  messages=[{"role": "user", "content": "…"}]))
    async for event in client.stream(request):
        if event.type == "delta": ...          # event.text
        else: ...                              # "done": event.result (content, usage, …)
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

import httpx
from pydantic import SecretStr

from ai_planner.errors import ProviderError
from ai_planner.gateway.providers.sse import finish_body, iter_sse
from ai_planner.secret_values import as_secret, reveal
from ai_planner.settings import Settings, get_settings

IN_PROCESS_URL = "http://gateway.in-process"


@dataclass(frozen=True)
class GatewayMessage:
    role: Literal["system", "user", "assistant"]
    content: str


@dataclass(frozen=True)
class GatewayRequest:
    provider: str
    model: str
    messages: list[GatewayMessage] | list[dict[str, str]]
    task_type: str | None = None
    max_tokens: int = 1024
    temperature: float = 0.7
    # A plain string is accepted and kept as a SecretStr (repr and str show it masked).
    api_key: SecretStr | None = field(default=None, repr=False)
    base_url: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "api_key", as_secret(self.api_key))

    def to_json(self) -> dict[str, Any]:
        messages = [asdict(m) if isinstance(m, GatewayMessage) else dict(m) for m in self.messages]
        body: dict[str, Any] = {
            "provider": self.provider,
            "model": self.model,
            "messages": messages,
            "task_type": self.task_type,
            "max_tokens": self.max_tokens,
            "temperature": self.temperature,
        }
        if self.api_key is not None:
            body["api_key"] = self.api_key.get_secret_value()  # the last moment
        if self.base_url:
            body["base_url"] = self.base_url
        return body


@dataclass(frozen=True)
class GatewayUsage:
    prompt_tokens: int = 0
    completion_tokens: int = 0
    total_tokens: int = 0
    estimated: bool = False

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> GatewayUsage:
        data = data or {}
        return cls(
            prompt_tokens=int(data.get("prompt_tokens", 0)),
            completion_tokens=int(data.get("completion_tokens", 0)),
            total_tokens=int(data.get("total_tokens", 0)),
            estimated=bool(data.get("estimated", False)),
        )


@dataclass(frozen=True)
class GatewayResult:
    content: str
    model: str
    provider: str
    finish_reason: str | None
    usage: GatewayUsage
    # What the safety filters did: [{"stage", "action", "category", "count"}], for the audit.
    safety: list[dict[str, Any]] = field(default_factory=list)
    system_prompt: str = "none"


@dataclass(frozen=True)
class StreamEvent:
    """``delta`` events carry ``text``; the last event is ``done`` with the full ``result``."""

    type: Literal["delta", "done"]
    text: str = ""
    result: GatewayResult | None = None


@dataclass(frozen=True)
class GatewayModelList:
    """What /v1/models answered: the provider's models, or ``probed`` (it has no list and
    answered a one-token call instead)."""

    models: list[str]
    probed: bool = False


# The gateway gives a model list 10 s; the client waits a little longer for its answer.
MODELS_CLIENT_TIMEOUT = 15.0


class GatewayCallError(ProviderError):
    """The gateway (or the provider behind it) failed. ``usage`` is what was consumed anyway
    (a stream cut after it started); ``partial_text`` what had already been streamed."""

    def __init__(
        self,
        code: str,
        message: str,
        *,
        status: int | None = None,
        usage: GatewayUsage | None = None,
        partial_text: str = "",
        retry_after: float | None = None,
    ) -> None:
        super().__init__(code, message, status=status)
        self.usage = usage
        self.partial_text = partial_text
        self.retry_after = retry_after


def _result(data: dict[str, Any], content: str) -> GatewayResult:
    return GatewayResult(
        content=content,
        model=str(data.get("model", "")),
        provider=str(data.get("provider", "")),
        finish_reason=data.get("finish_reason"),
        usage=GatewayUsage.from_json(data.get("usage")),
        safety=list(data.get("safety") or []),
        system_prompt=str(data.get("system_prompt", "none")),
    )


def _error_from_body(data: Any, status: int | None, partial_text: str = "") -> GatewayCallError:
    if not isinstance(data, dict):
        data = {}
    usage = GatewayUsage.from_json(data["usage"]) if data.get("usage") else None
    return GatewayCallError(
        str(data.get("code") or "gateway_error"),
        str(data.get("message") or f"The AI gateway answered with HTTP {status}."),
        status=status,
        usage=usage,
        partial_text=partial_text,
        retry_after=data.get("retry_after"),
    )


async def _raise_for_error(response: httpx.Response) -> None:
    if response.status_code < 400:
        return
    await response.aread()
    try:
        data = response.json()
    except ValueError:
        data = {"message": f"The AI gateway answered with HTTP {response.status_code}."}
    raise _error_from_body(data, response.status_code)


def _transport_error(exc: httpx.HTTPError) -> GatewayCallError:
    if isinstance(exc, httpx.TimeoutException):
        return GatewayCallError("gateway_timeout", "The AI gateway did not answer in time.")
    return GatewayCallError(
        "gateway_unreachable", f"The AI gateway could not be reached ({type(exc).__name__})."
    )


class GatewayClient:
    def __init__(
        self,
        *,
        base_url: str,
        token: SecretStr | str,
        transport: httpx.AsyncBaseTransport | None = None,
        timeout: httpx.Timeout | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self._http = httpx.AsyncClient(
            base_url=self.base_url,
            transport=transport,
            timeout=timeout or httpx.Timeout(300.0, connect=5.0),
            headers={"authorization": f"Bearer {reveal(token)}"},
            limits=httpx.Limits(max_connections=100, max_keepalive_connections=32),
        )

    async def aclose(self) -> None:
        await self._http.aclose()

    async def health(self) -> dict[str, Any]:
        try:
            response = await self._http.get("/v1/health")
        except httpx.HTTPError as exc:
            raise _transport_error(exc) from exc
        await _raise_for_error(response)
        return response.json()

    async def providers(self) -> list[dict[str, Any]]:
        try:
            response = await self._http.get("/v1/providers")
        except httpx.HTTPError as exc:
            raise _transport_error(exc) from exc
        await _raise_for_error(response)
        return list(response.json()["providers"])

    async def list_models(
        self, *, provider: str, model: str, api_key: SecretStr | None = None,
        base_url: str | None = None,
    ) -> GatewayModelList:
        """The provider's models with these credentials (an admin's "Test connection")."""
        body: dict[str, Any] = {"provider": provider, "model": model}
        if api_key is not None:
            body["api_key"] = api_key.get_secret_value()  # the last moment
        if base_url:
            body["base_url"] = base_url
        try:
            response = await self._http.post(
                "/v1/models", json=body, timeout=MODELS_CLIENT_TIMEOUT
            )
        except httpx.HTTPError as exc:
            raise _transport_error(exc) from exc
        await _raise_for_error(response)
        try:
            data = response.json()
            return GatewayModelList(
                models=[str(name) for name in data["models"]], probed=bool(data.get("probed"))
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise GatewayCallError(
                "gateway_bad_response", "The AI gateway sent an unreadable answer."
            ) from exc

    async def generate(self, request: GatewayRequest) -> GatewayResult:
        try:
            response = await self._http.post("/v1/generate", json=request.to_json())
        except httpx.HTTPError as exc:
            raise _transport_error(exc) from exc
        await _raise_for_error(response)
        try:
            data = response.json()
            return _result(data, str(data["content"]))
        except (ValueError, KeyError, TypeError) as exc:
            raise GatewayCallError(
                "gateway_bad_response", "The AI gateway sent an unreadable answer."
            ) from exc

    async def stream(self, request: GatewayRequest) -> AsyncIterator[StreamEvent]:
        """Text deltas, then one ``done`` event; raises :class:`GatewayCallError` on failure
        (with the usage known so far and the text already streamed)."""
        parts: list[str] = []
        try:
            async with self._http.stream(
                "POST", "/v1/generate_stream", json=request.to_json()
            ) as response:
                await _raise_for_error(response)
                events = iter_sse(response)
                async for event, raw in events:
                    data = json.loads(raw)
                    if event == "delta":
                        parts.append(data["text"])
                        yield StreamEvent(type="delta", text=data["text"])
                    elif event == "done":
                        yield StreamEvent(type="done", result=_result(data, "".join(parts)))
                        await finish_body(events)  # so the connection is reused
                        return
                    elif event == "error":
                        raise _error_from_body(data, None, "".join(parts))
        except httpx.HTTPError as exc:
            error = _transport_error(exc)
            error.partial_text = "".join(parts)
            raise error from exc
        except (ValueError, KeyError, TypeError) as exc:
            raise GatewayCallError(
                "gateway_bad_response",
                "The AI gateway sent an unreadable stream.",
                partial_text="".join(parts),
            ) from exc
        raise GatewayCallError(
            "stream_interrupted",
            "The AI gateway ended the stream before it was complete.",
            partial_text="".join(parts),
        )


def build_gateway_client(settings: Settings | None = None) -> GatewayClient:
    """A new client for the configured gateway (in-process when ``AI_GATEWAY_URL`` is unset)."""
    settings = settings or get_settings()
    # The client may wait through the gateway's own retries, so it waits longer than one try.
    read = (
        settings.provider_read_timeout * (settings.provider_max_retries + 1)
        + settings.provider_retry_after_cap * settings.provider_max_retries
        + 10
    )
    timeout = httpx.Timeout(read, connect=settings.provider_connect_timeout)
    if settings.gateway_url:
        return GatewayClient(
            base_url=settings.gateway_url, token=settings.gateway_service_token, timeout=timeout
        )
    from ai_planner.gateway.app import get_gateway_app
    from ai_planner.gateway.asgi_transport import StreamingASGITransport

    app = get_gateway_app()
    return GatewayClient(
        base_url=IN_PROCESS_URL,
        token=app.state.service_token,
        transport=StreamingASGITransport(app),
        timeout=timeout,
    )


_clients: dict[int, tuple[asyncio.AbstractEventLoop, Settings, GatewayClient]] = {}


def get_gateway_client() -> GatewayClient:
    """The shared client of the running event loop (an httpx client is bound to its loop)."""
    loop = asyncio.get_running_loop()
    settings = get_settings()
    entry = _clients.get(id(loop))
    if entry is not None and entry[0] is loop and entry[1] is settings:
        return entry[2]
    for key in [k for k, v in _clients.items() if v[0].is_closed()]:
        del _clients[key]
    client = build_gateway_client(settings)
    _clients[id(loop)] = (loop, settings, client)
    return client
