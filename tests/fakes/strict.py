"""The request checks the real APIs make before anything else, with their status codes and
messages: a gateway that sends a request the real provider would refuse fails here too.

Each check returns ``None`` (accepted) or a :class:`Refusal`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# https://docs.anthropic.com/en/api/messages (request body)
ANTHROPIC_FIELDS = frozenset({
    "model", "messages", "max_tokens", "system", "metadata", "stop_sequences", "stream",
    "temperature", "top_p", "top_k", "tools", "tool_choice", "thinking", "service_tier",
    "container", "mcp_servers", "context_management",
})
# https://platform.openai.com/docs/api-reference/chat/create (request body)
OPENAI_FIELDS = frozenset({
    "model", "messages", "max_tokens", "max_completion_tokens", "temperature", "top_p", "n",
    "stream", "stream_options", "stop", "presence_penalty", "frequency_penalty", "logit_bias",
    "logprobs", "top_logprobs", "user", "response_format", "seed", "tools", "tool_choice",
    "parallel_tool_calls", "service_tier", "store", "metadata", "reasoning_effort",
    "modalities", "audio", "prediction", "web_search_options", "prompt_cache_key",
    "safety_identifier", "verbosity", "functions", "function_call",
})
OPENAI_ROLES = ("system", "developer", "user", "assistant", "tool", "function")


@dataclass(frozen=True)
class Refusal:
    status: int
    error_type: str
    message: str
    param: str | None = None
    code: str | None = None


def _json_content_type(headers: dict[str, str]) -> bool:
    return headers.get("content-type", "").split(";")[0].strip() == "application/json"


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def anthropic_header_refusal(headers: dict[str, str]) -> Refusal | None:
    """The key and version headers every Anthropic request needs (the model list too)."""
    if not headers.get("x-api-key"):
        return Refusal(401, "authentication_error", "x-api-key header is required")
    if not headers.get("anthropic-version"):
        return Refusal(400, "invalid_request_error", "anthropic-version: header is required")
    return None


def anthropic_refusal(headers: dict[str, str], body: Any) -> Refusal | None:
    def bad(message: str) -> Refusal:
        return Refusal(400, "invalid_request_error", message)

    refused = anthropic_header_refusal(headers)
    if refused is not None:
        return refused
    if not _json_content_type(headers) or not isinstance(body, dict):
        return bad("Request body must be a JSON object (content-type: application/json)")
    for name in sorted(set(body) - ANTHROPIC_FIELDS):
        return bad(f"{name}: Extra inputs are not permitted")
    for name in ("model", "max_tokens", "messages"):
        if name not in body:
            return bad(f"{name}: Field required")
    if not isinstance(body["model"], str) or not body["model"]:
        return bad("model: Input should be a valid string")
    max_tokens = body["max_tokens"]
    if not isinstance(max_tokens, int) or isinstance(max_tokens, bool) or max_tokens < 1:
        return bad("max_tokens: Input should be a valid integer greater than or equal to 1")
    temperature = body.get("temperature", 1.0)
    if not _number(temperature) or not 0 <= temperature <= 1:
        return bad("temperature: range: 0..1")
    system = body.get("system")
    if system is not None and not isinstance(system, str | list):
        return bad("system: Input should be a valid string or a list of text blocks")
    if "stream" in body and not isinstance(body["stream"], bool):
        return bad("stream: Input should be a valid boolean")
    return _anthropic_messages(body["messages"], bad)


def _anthropic_messages(messages: Any, bad: Any) -> Refusal | None:
    if not isinstance(messages, list) or not messages:
        return bad("messages: at least one message is required")
    for i, message in enumerate(messages):
        if not isinstance(message, dict):
            return bad(f"messages.{i}: Input should be a valid dictionary")
        for name in sorted(set(message) - {"role", "content"}):
            return bad(f"messages.{i}.{name}: Extra inputs are not permitted")
        if message.get("role") not in ("user", "assistant"):
            return bad(f"messages.{i}.role: Input should be 'user' or 'assistant'")
        content = message.get("content")
        if isinstance(content, str):
            if not content.strip():
                return bad(f"messages.{i}: text content blocks must be non-empty")
        elif not isinstance(content, list) or not all(
            isinstance(block, dict) and isinstance(block.get("type"), str) for block in content
        ):
            return bad(f"messages.{i}.content: Input should be a valid string or list of blocks")
    return None


def openai_key_refusal(headers: dict[str, str], *, key_required: bool) -> Refusal | None:
    """The Bearer key every OpenAI request needs (the model list too); optional for a
    compatible server."""
    auth = headers.get("authorization", "")
    if (auth and not auth.startswith("Bearer ")) or (key_required and not auth[7:].strip()):
        return Refusal(
            401,
            "invalid_request_error",
            "You didn't provide an API key. You need to provide your API key in an "
            "Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
        )
    return None


def openai_refusal(headers: dict[str, str], body: Any, *, key_required: bool) -> Refusal | None:
    def bad(message: str, param: str | None = None, code: str | None = None) -> Refusal:
        return Refusal(400, "invalid_request_error", message, param, code)

    refused = openai_key_refusal(headers, key_required=key_required)
    if refused is not None:
        return refused
    if not _json_content_type(headers) or not isinstance(body, dict):
        return bad("We could not parse the JSON body of your request.")
    for name in sorted(set(body) - OPENAI_FIELDS):
        return bad(f"Unrecognized request argument supplied: {name}")
    if not isinstance(body.get("model"), str) or not body["model"]:
        return bad("you must provide a model parameter")
    if "messages" not in body:
        return bad("Missing required parameter: 'messages'.", "messages",
                   "missing_required_parameter")
    if "max_tokens" in body and "max_completion_tokens" in body:
        return bad("max_tokens and max_completion_tokens cannot both be set", "max_tokens")
    for name in ("max_tokens", "max_completion_tokens"):
        value = body.get(name)
        if value is not None and (not isinstance(value, int) or isinstance(value, bool)
                                  or value < 1):
            return bad(f"Invalid '{name}': integer below minimum value.", name,
                       "integer_below_min_value")
    temperature = body.get("temperature", 1.0)
    if not _number(temperature) or not 0 <= temperature <= 2:
        return bad("Invalid 'temperature': decimal out of range [0, 2].", "temperature",
                   "decimal_out_of_range")
    if "stream_options" in body and body.get("stream") is not True:
        return bad("The 'stream_options' parameter is only allowed when 'stream' is enabled.",
                   "stream_options")
    return _openai_messages(body["messages"], bad)


def _openai_messages(messages: Any, bad: Any) -> Refusal | None:
    if not isinstance(messages, list) or not messages:
        return bad("Invalid 'messages': empty array. Expected an array with minimum length 1, "
                   "but got an empty array instead.", "messages", "empty_array")
    for i, message in enumerate(messages):
        param = f"messages[{i}]"
        if not isinstance(message, dict):
            return bad(f"Invalid type for '{param}': expected an object.", param, "invalid_type")
        role = message.get("role")
        if role not in OPENAI_ROLES:
            allowed = ", ".join(f"'{r}'" for r in OPENAI_ROLES)
            return bad(f"Invalid value: '{role}'. Supported values are: {allowed}.",
                       f"{param}.role", "invalid_value")
        content = message.get("content")
        if not isinstance(content, str | list) and not (role == "assistant" and content is None):
            return bad(f"Invalid type for '{param}.content': expected a string or an array.",
                       f"{param}.content", "invalid_type")
    return None
