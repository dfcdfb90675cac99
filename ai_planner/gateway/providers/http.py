"""What the providers calling a real HTTP API share: one JSON POST for ``generate``, one
server-sent-events stream for ``stream``, the tally of a stream so far, and where a call may
go: the gateway's own key only to the gateway's own base URL, a tenant's base URL only when
``ai_planner.outbound`` allows it (checked as written here, and per connection by the tenant
client of ``connections``)."""

from __future__ import annotations

import functools
import math
from abc import abstractmethod
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import httpx
from pydantic import SecretStr

from ai_planner.gateway.errors import GatewayError, scrub_secrets
from ai_planner.gateway.providers.base import (
    Provider,
    ProviderCall,
    ProviderResult,
    StreamEnd,
    StreamPiece,
    TextDelta,
    estimate_prompt_tokens,
)
from ai_planner.gateway.providers.connections import ClientPool
from ai_planner.gateway.providers.http_errors import (
    StreamErrorTable,
    bad_response,
    base_url_refused,
    error_from_status,
    error_from_transport,
)
from ai_planner.gateway.providers.sse import finish_body, iter_sse
from ai_planner.gateway.schemas import Usage
from ai_planner.outbound import OutboundPolicy, OutboundRefused, check_base_url
from ai_planner.secret_values import as_secret

MODELS_TIMEOUT = 10.0  # seconds for a model list ("Test connection" waits for it)


def json_body(provider_label: str, response: httpx.Response) -> dict[str, Any]:
    try:
        data = response.json()
    except ValueError as exc:
        raise bad_response(provider_label, "malformed JSON") from exc
    if not isinstance(data, dict):
        raise bad_response(provider_label, "not a JSON object")
    return data


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

    def interrupted(self, provider_label: str, *, timed_out: bool = False) -> GatewayError:
        what = ("stopped sending in the middle of the answer and did not go on in time"
                if timed_out else "ended the stream before it was complete")
        return self.fail(
            GatewayError(
                "stream_interrupted",
                f"{provider_label} {what}; the text so far is partial.",
                status=504 if timed_out else 502,
                retryable=not self.started,
            )
        )

    def end(self) -> StreamEnd:
        return StreamEnd(model=self.model, finish_reason=self.finish_reason, usage=self.usage())


@functools.lru_cache(maxsize=256)
def _parsed_url(url: str) -> httpx.URL:
    """Endpoints repeat: parse each once (httpx's URL parsing is a visible cost per call)."""
    return httpx.URL(url)


@functools.lru_cache(maxsize=1024)
def _checked_base_url(url: str, policy: OutboundPolicy) -> str:
    """A tenant's base URL as written, checked once per URL and policy (a refusal is not
    cached: it raises every time)."""
    return check_base_url(url, policy)


def _trimmed(url: str | None) -> str:
    return (url or "").strip().rstrip("/")


@dataclass(frozen=True)
class HTTPRequest:
    url: httpx.URL
    headers: dict[str, str] = field(repr=False)  # they carry the key
    body: dict[str, Any] = field(repr=False)
    key: SecretStr | None = field(default=None, repr=False)  # scrubbed from provider text


class HTTPProvider(Provider):
    """What the providers calling a real HTTP API share: one JSON POST for ``generate``, one
    server-sent-events stream for ``stream``, and the mapping of their failures. A subclass
    says how to build the request and how to read the answer and each stream event."""

    env_key_name: str
    models: tuple[str, ...] = ()
    models_path = "/models"  # GET: the provider's model list, under the base URL
    stream_errors: StreamErrorTable = {}
    # Whether an in-stream error of a type missing from ``stream_errors`` is retried.
    unknown_stream_error_retryable = False

    def __init__(
        self, pool: ClientPool, *, base_url: str | None, env_key: SecretStr | str | None
    ) -> None:
        self._pool = pool
        self.default_base_url = _trimmed(base_url) or None
        self._env_key = as_secret(env_key)
        self.has_gateway_key = self._env_key is not None

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
        self, tally: StreamTally, event: str, data: str, key: SecretStr | None
    ) -> str | None:
        """Fold one stream event into the tally and return its text, if any. Set
        ``tally.complete`` on the provider's end-of-stream marker; raise :class:`GatewayError`
        for an in-stream error."""

    def _finished(self, tally: StreamTally) -> bool:
        """Whether a stream that ended here is complete (not cut)."""
        return tally.complete

    # --- shared plumbing -------------------------------------------------------------------
    def _chosen_by_request(self, call: ProviderCall) -> bool:
        """Whether the call goes to a base URL of the request's (a tenant's) choosing rather
        than the gateway's own (``ANTHROPIC_BASE_URL``/``OPENAI_BASE_URL``)."""
        return bool(call.base_url) and _trimmed(call.base_url) != self.default_base_url

    def _key(self, call: ProviderCall) -> SecretStr | None:
        """The request's key; the gateway's own key only for the gateway's own base URL."""
        if call.api_key is not None and call.api_key.get_secret_value():
            return call.api_key
        if self._chosen_by_request(call):
            raise GatewayError(
                "api_key_required",
                f"{self.label}: a provider configuration with its own base URL needs its own "
                f"API key (the gateway's {self.env_key_name} is only ever sent to "
                f"{self.default_base_url}). Add the API key to the provider configuration.",
                status=400,
            )
        if self._env_key is None:
            raise GatewayError(
                "missing_api_key",
                f"No API key for {self.label}: add one to the provider configuration or set "
                f"{self.env_key_name} on the gateway.",
                status=400,
            )
        return self._env_key

    def _endpoint(self, call: ProviderCall, path: str) -> httpx.URL:
        base = self.default_base_url or ""
        if self._chosen_by_request(call):
            try:
                base = _checked_base_url(_trimmed(call.base_url), self._pool.policy)
            except OutboundRefused as refusal:
                raise base_url_refused(self.label, refusal) from None
        return _parsed_url(f"{base}{path}")

    def _client(self, call: ProviderCall) -> httpx.AsyncClient:
        return self._pool.get(tenant=self._chosen_by_request(call))

    @staticmethod
    def _headers(stream: bool) -> dict[str, str]:
        return {
            "content-type": "application/json",
            "accept": "text/event-stream" if stream else "application/json",
        }

    async def _send(
        self, call: ProviderCall, method: str, url: httpx.URL, request: HTTPRequest,
        **options: Any,
    ) -> httpx.Response:
        """One non-streamed request; a failure becomes the matching gateway error."""
        try:
            response = await self._client(call).request(
                method, url, headers=request.headers, **options
            )
        except httpx.HTTPError as exc:
            raise error_from_transport(self.label, exc) from exc
        except OutboundRefused as refusal:  # what the host name resolved to
            raise base_url_refused(self.label, refusal) from None
        if response.status_code != 200:
            raise error_from_status(
                self.label, response.status_code, response.headers, response.content,
                (request.key,),
            )
        return response

    async def generate(self, call: ProviderCall) -> ProviderResult:
        request = self._request(call, stream=False)
        response = await self._send(call, "POST", request.url, request, json=request.body)
        data = json_body(self.label, response)
        try:
            return self._result(call, data)
        except (KeyError, IndexError, TypeError, ValueError, AttributeError) as exc:
            raise bad_response(self.label, "unexpected response shape") from exc

    async def fetch_models(self, call: ProviderCall) -> list[str]:
        """GET the provider's model list with the call's key and base URL (the ``data[].id``
        of both Anthropic's and OpenAI's answer), within ``MODELS_TIMEOUT``."""
        auth = self._request(call, stream=False)  # the same credentials as a generation
        response = await self._send(
            call, "GET", self._endpoint(call, self.models_path), auth, timeout=MODELS_TIMEOUT
        )
        data = json_body(self.label, response).get("data")
        if not isinstance(data, list):
            raise bad_response(self.label, "no model list")
        return [str(item["id"]) for item in data if isinstance(item, dict) and item.get("id")]

    async def stream(self, call: ProviderCall) -> AsyncIterator[StreamPiece]:
        request = self._request(call, stream=True)
        tally = StreamTally(call.model, estimate_prompt_tokens(call))
        client = self._client(call)
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
                    await finish_body(events)
        except httpx.HTTPError as exc:
            if tally.started:
                raise tally.interrupted(
                    self.label, timed_out=isinstance(exc, httpx.TimeoutException)) from exc
            raise tally.fail(error_from_transport(self.label, exc)) from exc
        except OutboundRefused as refusal:  # what the host name resolved to
            raise base_url_refused(self.label, refusal) from None
        if not self._finished(tally):
            raise tally.interrupted(self.label)
        yield tally.end()

    def _in_stream_error(
        self, kind: str, message: str, key: SecretStr | None
    ) -> GatewayError:
        default = ("provider_error", 502, self.unknown_stream_error_retryable)
        code, status, retryable = self.stream_errors.get(kind, default)
        detail = scrub_secrets(message[:500], (key,))
        return GatewayError(
            code,
            f"{self.label} reported an error during the stream: {detail}",
            status=status,
            retryable=retryable,
        )
