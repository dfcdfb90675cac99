"""OpenAI Chat Completions (https://platform.openai.com/docs/api-reference/chat), and the same
wire format at any base URL (`openai_compatible`: self-hosted or local model servers)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import httpx

from ai_planner.gateway.errors import GatewayError, scrub_secrets
from ai_planner.gateway.providers.base import (
    ClientPool,
    Provider,
    ProviderCall,
    ProviderResult,
    StreamPiece,
    StreamTally,
    TextDelta,
    bad_response,
    error_from_status,
    error_from_transport,
    estimate_prompt_tokens,
    estimate_tokens,
    iter_sse,
    json_body,
    require_key,
)
from ai_planner.gateway.schemas import Usage

MODELS = ["gpt-4o", "gpt-4o-mini", "gpt-4.1", "gpt-4.1-mini"]
# Error types seen in a stream's `{"error": {...}}` chunk -> gateway error.
_STREAM_ERRORS: dict[str, tuple[str, int, bool]] = {
    "server_error": ("provider_error", 502, True),
    "overloaded_error": ("provider_overloaded", 503, True),
    "service_unavailable": ("provider_overloaded", 503, True),
    "rate_limit_exceeded": ("provider_rate_limited", 429, True),
    "rate_limit_error": ("provider_rate_limited", 429, True),
    "invalid_request_error": ("provider_bad_request", 502, False),
    "insufficient_quota": ("provider_quota_exceeded", 429, False),
}


class OpenAIProvider(Provider):
    name = "openai"
    label = "OpenAI"
    # OpenAI deprecated `max_tokens` for `max_completion_tokens` (required by its reasoning
    # models); servers that merely speak the format still expect `max_tokens`.
    max_tokens_field = "max_completion_tokens"

    def __init__(self, pool: ClientPool, *, base_url: str | None, env_key: str) -> None:
        self._pool = pool
        self.default_base_url = base_url
        self._env_key = env_key
        self.has_gateway_key = bool(env_key)

    def list_models(self) -> list[str]:
        return list(MODELS)

    def _key(self, call: ProviderCall) -> str | None:
        return require_key(self.label, call.api_key or self._env_key, "OPENAI_API_KEY")

    def _request(self, call: ProviderCall, *, stream: bool) -> tuple[str, dict, dict, str | None]:
        key = self._key(call)
        base = (call.base_url or self.default_base_url or "").rstrip("/")
        messages = [{"role": "system", "content": call.system}] if call.system else []
        messages += [{"role": m.role, "content": m.content} for m in call.messages]
        body: dict[str, Any] = {
            "model": call.model,
            "messages": messages,
            self.max_tokens_field: call.max_tokens,
            "temperature": call.temperature,
        }
        if stream:
            body["stream"] = True
            # Without this the stream carries no usage and streamed calls look free.
            body["stream_options"] = {"include_usage": True}
        headers = {
            "content-type": "application/json",
            "accept": "text/event-stream" if stream else "application/json",
        }
        if key:
            headers["authorization"] = f"Bearer {key}"
        return f"{base}/chat/completions", headers, body, key

    async def generate(self, call: ProviderCall) -> ProviderResult:
        url, headers, body, key = self._request(call, stream=False)
        try:
            response = await self._pool.get().post(url, headers=headers, json=body)
        except httpx.HTTPError as exc:
            raise error_from_transport(self.label, exc) from exc
        if response.status_code != 200:
            raise error_from_status(
                self.label, response.status_code, response.headers, response.content, (key,)
            )
        data = json_body(self.label, response)
        try:
            choice = data["choices"][0]
            content = str(choice["message"].get("content") or "")
            usage = data.get("usage")
            if isinstance(usage, dict):
                counted = Usage.of(
                    int(usage.get("prompt_tokens", 0)), int(usage.get("completion_tokens", 0))
                )
            else:  # some compatible servers omit usage: estimate rather than record zero
                counted = Usage.of(
                    estimate_prompt_tokens(call), estimate_tokens(content), estimated=True
                )
            return ProviderResult(
                content=content,
                model=str(data.get("model") or call.model),
                finish_reason=choice.get("finish_reason"),
                usage=counted,
            )
        except (KeyError, IndexError, TypeError, ValueError, AttributeError) as exc:
            raise bad_response(self.label, "unexpected completion shape") from exc

    async def stream(self, call: ProviderCall) -> AsyncIterator[StreamPiece]:
        url, headers, body, key = self._request(call, stream=True)
        tally = StreamTally(call.model, estimate_prompt_tokens(call))
        done = False
        try:
            async with self._pool.get().stream("POST", url, headers=headers, json=body) as resp:
                if resp.status_code != 200:
                    raise error_from_status(
                        self.label, resp.status_code, resp.headers, await resp.aread(), (key,)
                    )
                async for _event, data in iter_sse(resp):
                    if data.strip() == "[DONE]":
                        done = True
                        break
                    try:
                        chunk = json.loads(data)
                        if isinstance(chunk.get("error"), dict):
                            raise tally.fail(self._stream_error(chunk["error"], key))
                        text = self._apply(tally, chunk)
                    except (ValueError, TypeError, AttributeError, KeyError) as exc:
                        raise tally.fail(
                            bad_response(self.label, "malformed stream chunk")
                        ) from exc
                    if text:
                        tally.chars += len(text)
                        yield TextDelta(text)
        except httpx.HTTPError as exc:
            if tally.started:
                raise tally.interrupted(self.label) from exc
            raise tally.fail(error_from_transport(self.label, exc)) from exc
        # A server that ends without [DONE] after a finish reason has still finished.
        if not done and tally.finish_reason is None:
            raise tally.interrupted(self.label)
        yield tally.end()

    @staticmethod
    def _apply(tally: StreamTally, chunk: dict[str, Any]) -> str | None:
        if chunk.get("model"):
            tally.model = str(chunk["model"])
        usage = chunk.get("usage")
        if isinstance(usage, dict):
            tally.prompt_tokens = int(usage.get("prompt_tokens", 0))
            tally.completion_tokens = int(usage.get("completion_tokens", 0))
            tally.reported_completion = True
        choices = chunk.get("choices") or []
        if not choices:
            return None
        choice = choices[0]
        if choice.get("finish_reason"):
            tally.finish_reason = str(choice["finish_reason"])
        delta = choice.get("delta") or {}
        content = delta.get("content")
        return str(content) if content else None

    def _stream_error(self, error: dict[str, Any], key: str | None) -> GatewayError:
        detail = scrub_secrets(str(error.get("message", "error"))[:500], (key,))
        kind = str(error.get("type") or error.get("code") or "server_error")
        code, status, retryable = _STREAM_ERRORS.get(kind, ("provider_error", 502, True))
        return GatewayError(
            code,
            f"{self.label} reported an error during the stream: {detail}",
            status=status,
            retryable=retryable,
        )


class OpenAICompatibleProvider(OpenAIProvider):
    """Any server speaking Chat Completions at the configured base URL; the key is optional."""

    name = "openai_compatible"
    label = "OpenAI-compatible server"
    requires_api_key = False
    requires_base_url = True
    max_tokens_field = "max_tokens"

    def __init__(self, pool: ClientPool) -> None:
        super().__init__(pool, base_url=None, env_key="")

    def list_models(self) -> list[str]:
        return []  # whatever the server hosts; the tenant configures the model name

    def _key(self, call: ProviderCall) -> str | None:
        return call.api_key or None
