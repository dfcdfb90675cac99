"""Anthropic Messages API (https://docs.anthropic.com/en/api/messages), streaming included."""

from __future__ import annotations

import json
from typing import Any

from pydantic import SecretStr

from ai_planner.gateway.providers.base import ProviderCall, ProviderResult
from ai_planner.gateway.providers.http import HTTPProvider, HTTPRequest, StreamTally
from ai_planner.gateway.providers.http_errors import COMMON_STREAM_ERRORS, StreamErrorTable
from ai_planner.gateway.schemas import Usage
from ai_planner.secret_values import reveal

ANTHROPIC_VERSION = "2023-06-01"
LABEL = "Anthropic"
MODELS = ("claude-sonnet-4-5", "claude-haiku-4-5", "claude-opus-4-1")

# Error types of Anthropic's in-stream `error` event -> gateway error.
_STREAM_ERRORS: StreamErrorTable = {
    **COMMON_STREAM_ERRORS,
    "api_error": ("provider_error", 502, True),
    "authentication_error": ("provider_auth_failed", 502, False),
    "permission_error": ("provider_auth_failed", 502, False),
    "not_found_error": ("provider_not_found", 502, False),
}


class AnthropicProvider(HTTPProvider):
    name = "anthropic"
    label = LABEL
    env_key_name = "ANTHROPIC_API_KEY"
    models = MODELS
    models_path = "/v1/models?limit=1000"
    stream_errors = _STREAM_ERRORS

    def _request(self, call: ProviderCall, *, stream: bool) -> HTTPRequest:
        key = self._key(call)
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
            "x-api-key": reveal(key),
            "anthropic-version": ANTHROPIC_VERSION,
            **self._headers(stream),
        }
        return HTTPRequest(self._endpoint(call, "/v1/messages"), headers, body, key)

    def _result(self, call: ProviderCall, data: dict[str, Any]) -> ProviderResult:
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
            usage=Usage.of(int(usage.get("input_tokens", 0)), int(usage.get("output_tokens", 0))),
        )

    def _stream_event(
        self, tally: StreamTally, event: str, data: str, key: SecretStr | None
    ) -> str | None:
        if event == "ping":
            return None
        payload = json.loads(data)
        kind = payload.get("type", event)
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
        elif kind == "message_stop":
            tally.complete = True
        elif kind == "error":
            error = payload.get("error") or {}
            error_type = str(error.get("type", "api_error"))
            raise self._in_stream_error(error_type, str(error.get("message", error_type)), key)
        return None
