"""Anthropic Messages API (https://docs.anthropic.com/en/api/messages), streaming included."""

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
    iter_sse,
    json_body,
    require_key,
)
from ai_planner.gateway.schemas import Usage

ANTHROPIC_VERSION = "2023-06-01"
LABEL = "Anthropic"
MODELS = ["claude-sonnet-4-5", "claude-haiku-4-5", "claude-opus-4-1"]

# Error types of Anthropic's in-stream `error` event -> gateway error.
_STREAM_ERRORS: dict[str, tuple[str, int, bool]] = {
    "overloaded_error": ("provider_overloaded", 503, True),
    "rate_limit_error": ("provider_rate_limited", 429, True),
    "api_error": ("provider_error", 502, True),
    "authentication_error": ("provider_auth_failed", 502, False),
    "permission_error": ("provider_auth_failed", 502, False),
    "invalid_request_error": ("provider_bad_request", 502, False),
    "not_found_error": ("provider_not_found", 502, False),
}


class AnthropicProvider(Provider):
    name = "anthropic"
    label = LABEL

    def __init__(self, pool: ClientPool, *, base_url: str, env_key: str) -> None:
        self._pool = pool
        self.default_base_url = base_url
        self._env_key = env_key
        self.has_gateway_key = bool(env_key)

    def list_models(self) -> list[str]:
        return list(MODELS)

    def _request(self, call: ProviderCall, *, stream: bool) -> tuple[str, dict, dict, str]:
        key = require_key(LABEL, call.api_key or self._env_key, "ANTHROPIC_API_KEY")
        base = (call.base_url or self.default_base_url or "").rstrip("/")
        body: dict[str, Any] = {
            "model": call.model,
            "max_tokens": call.max_tokens,
            "messages": [{"role": m.role, "content": m.content} for m in call.messages],
            # Anthropic's range is 0..1 while the gateway accepts OpenAI's 0..2.
            "temperature": min(call.temperature, 1.0),
        }
        if call.system:
            body["system"] = call.system
        if stream:
            body["stream"] = True
        headers = {
            "x-api-key": key,
            "anthropic-version": ANTHROPIC_VERSION,
            "content-type": "application/json",
            "accept": "text/event-stream" if stream else "application/json",
        }
        return f"{base}/v1/messages", headers, body, key

    async def generate(self, call: ProviderCall) -> ProviderResult:
        url, headers, body, key = self._request(call, stream=False)
        try:
            response = await self._pool.get().post(url, headers=headers, json=body)
        except httpx.HTTPError as exc:
            raise error_from_transport(LABEL, exc) from exc
        if response.status_code != 200:
            raise error_from_status(
                LABEL, response.status_code, response.headers, response.content, (key,)
            )
        data = json_body(LABEL, response)
        try:
            text = "".join(
                block.get("text", "")
                for block in data["content"]
                if isinstance(block, dict) and block.get("type") == "text"
            )
            usage = data.get("usage") or {}
            return ProviderResult(
                content=text,
                model=str(data.get("model") or call.model),
                finish_reason=data.get("stop_reason"),
                usage=Usage.of(
                    int(usage.get("input_tokens", 0)), int(usage.get("output_tokens", 0))
                ),
            )
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise bad_response(LABEL, "unexpected message shape") from exc

    async def stream(self, call: ProviderCall) -> AsyncIterator[StreamPiece]:
        url, headers, body, key = self._request(call, stream=True)
        tally = StreamTally(call.model, estimate_prompt_tokens(call))
        stopped = False
        try:
            async with self._pool.get().stream("POST", url, headers=headers, json=body) as resp:
                if resp.status_code != 200:
                    raise error_from_status(
                        LABEL, resp.status_code, resp.headers, await resp.aread(), (key,)
                    )
                async for event, data in iter_sse(resp):
                    if event == "ping":
                        continue
                    try:
                        payload = json.loads(data)
                        kind = payload.get("type", event)
                        text = self._apply(tally, kind, payload)
                    except (ValueError, TypeError, AttributeError) as exc:
                        raise tally.fail(bad_response(LABEL, "malformed stream event")) from exc
                    if text:
                        tally.chars += len(text)
                        yield TextDelta(text)
                    elif kind == "message_stop":
                        stopped = True
                        break
                    elif kind == "error":
                        raise tally.fail(self._stream_error(payload, key))
        except httpx.HTTPError as exc:
            if tally.started:
                raise tally.interrupted(LABEL) from exc
            raise tally.fail(error_from_transport(LABEL, exc)) from exc
        if not stopped:
            raise tally.interrupted(LABEL)
        yield tally.end()

    @staticmethod
    def _apply(tally: StreamTally, kind: str, payload: dict[str, Any]) -> str | None:
        """Fold one stream event into the tally; return its text, if it carries any."""
        if kind == "message_start":
            message = payload.get("message") or {}
            tally.model = str(message.get("model") or tally.model)
            usage = message.get("usage") or {}
            tally.prompt_tokens = int(usage.get("input_tokens", 0))
            tally.completion_tokens = int(usage.get("output_tokens", 0))
        elif kind == "content_block_delta":
            delta = payload.get("delta") or {}
            if delta.get("type") == "text_delta":
                return str(delta.get("text") or "")
        elif kind == "message_delta":
            tally.finish_reason = (payload.get("delta") or {}).get("stop_reason")
            usage = payload.get("usage") or {}
            if "output_tokens" in usage:
                tally.completion_tokens = int(usage["output_tokens"])
                tally.reported_completion = True
            if usage.get("input_tokens"):
                tally.prompt_tokens = int(usage["input_tokens"])
        return None

    def _stream_error(self, payload: dict[str, Any], key: str) -> GatewayError:
        error = payload.get("error") or {}
        kind = str(error.get("type", "api_error"))
        code, status, retryable = _STREAM_ERRORS.get(kind, ("provider_error", 502, False))
        detail = scrub_secrets(str(error.get("message", kind))[:500], (key,))
        return GatewayError(
            code,
            f"{LABEL} reported an error during the stream: {detail}",
            status=status,
            retryable=retryable,
        )
