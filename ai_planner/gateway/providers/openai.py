"""OpenAI Chat Completions (https://platform.openai.com/docs/api-reference/chat), and the same
wire format at any base URL (`openai_compatible`: self-hosted or local model servers)."""

from __future__ import annotations

import json
from typing import Any

from pydantic import SecretStr

from ai_planner.gateway.providers.base import (
    ProviderCall,
    ProviderResult,
    estimate_prompt_tokens,
    estimate_tokens,
)
from ai_planner.gateway.providers.connections import ClientPool
from ai_planner.gateway.providers.http import HTTPProvider, HTTPRequest, StreamTally
from ai_planner.gateway.providers.http_errors import COMMON_STREAM_ERRORS, StreamErrorTable
from ai_planner.gateway.schemas import Usage
from ai_planner.secret_values import as_secret

MODELS = ("gpt-4o", "gpt-4o-mini", "gpt-4.1", "gpt-4.1-mini")
# Error types seen in a stream's `{"error": {...}}` chunk -> gateway error.
_STREAM_ERRORS: StreamErrorTable = {
    **COMMON_STREAM_ERRORS,
    "server_error": ("provider_error", 502, True),
    "service_unavailable": ("provider_overloaded", 503, True),
    "rate_limit_exceeded": ("provider_rate_limited", 429, True),
    "insufficient_quota": ("provider_quota_exceeded", 429, False),
}


class OpenAIProvider(HTTPProvider):
    name = "openai"
    label = "OpenAI"
    env_key_name = "OPENAI_API_KEY"
    models = MODELS
    stream_errors = _STREAM_ERRORS
    unknown_stream_error_retryable = True
    # OpenAI deprecated `max_tokens` for `max_completion_tokens` (required by its reasoning
    # models); servers that merely speak the format still expect `max_tokens`.
    max_tokens_field = "max_completion_tokens"

    def _request(self, call: ProviderCall, *, stream: bool) -> HTTPRequest:
        key = self._key(call)
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
        headers = self._headers(stream)
        if key is not None:
            headers["authorization"] = f"Bearer {key.get_secret_value()}"
        return HTTPRequest(self._endpoint(call, "/chat/completions"), headers, body, key)

    def _result(self, call: ProviderCall, data: dict[str, Any]) -> ProviderResult:
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

    def _stream_event(
        self, tally: StreamTally, event: str, data: str, key: SecretStr | None
    ) -> str | None:
        if data.strip() == "[DONE]":
            tally.complete = True
            return None
        chunk = json.loads(data)
        error = chunk.get("error")
        if isinstance(error, dict):
            kind = str(error.get("type") or error.get("code") or "server_error")
            raise self._in_stream_error(kind, str(error.get("message", "error")), key)
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

    def _finished(self, tally: StreamTally) -> bool:
        # A server that ends without [DONE] after a finish reason has still finished.
        return tally.complete or tally.finish_reason is not None


class OpenAICompatibleProvider(OpenAIProvider):
    """Any server speaking Chat Completions at the configured base URL; the key is optional."""

    name = "openai_compatible"
    label = "OpenAI-compatible server"
    requires_api_key = False
    requires_base_url = True
    max_tokens_field = "max_tokens"
    models = ()  # whatever the server hosts; the tenant configures the model name

    def __init__(self, pool: ClientPool) -> None:
        super().__init__(pool, base_url=None, env_key="")

    def _key(self, call: ProviderCall) -> SecretStr | None:
        return as_secret(call.api_key)  # never the gateway's: there is none for this one
