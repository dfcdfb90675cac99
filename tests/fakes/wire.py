"""The Anthropic Messages and OpenAI Chat Completions answers, plain and streamed, as the
real APIs send them (field for field, event for event).

A stream is a :class:`StreamPlan`: its events in order, each marked whether it carries text
(the fake counts text chunks for cuts, stalls and in-stream errors), plus the in-stream error
event and the unparsable event used by the failure behaviours.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from tests.fakes.behaviour import Behaviour, count_input, words
from tests.fakes.strict import Refusal

CREATED = 1700000000


def sse(event: str | None, data: Any) -> bytes:
    payload = data if isinstance(data, str) else json.dumps(data)
    head = f"event: {event}\n" if event else ""
    return f"{head}data: {payload}\n\n".encode()


@dataclass(frozen=True)
class StreamPlan:
    events: list[tuple[bool, bytes]]  # (carries text, the event)
    error: bytes
    malformed: bytes


def _split(items: list[str], parts: int) -> list[list[str]]:
    parts = max(1, min(parts, len(items)))
    size, extra = divmod(len(items), parts)
    out, start = [], 0
    for i in range(parts):
        end = start + size + (1 if i < extra else 0)
        out.append(items[start:end])
        start = end
    return out


# --- Anthropic Messages ------------------------------------------------------------------------


def anthropic_error(status_type: str, message: str) -> dict[str, Any]:
    return {"type": "error", "error": {"type": status_type, "message": message},
            "request_id": "req_fake"}


def anthropic_refusal_body(refusal: Refusal) -> dict[str, Any]:
    return anthropic_error(refusal.error_type, refusal.message)


def anthropic_message(b: Behaviour, body: dict[str, Any], model: str) -> dict[str, Any]:
    content: list[dict[str, Any]] = []
    if b.thinking is not None:
        content.append({"type": "thinking", "thinking": b.thinking, "signature": "sig-fake"})
    for block in _split(words(b.text), b.text_blocks):
        content.append({"type": "text", "text": "".join(block)})
    return {
        "id": "msg_fake",
        "type": "message",
        "role": "assistant",
        "model": model,
        "content": content,
        "stop_reason": "end_turn",
        "stop_sequence": None,
        "usage": {
            "input_tokens": count_input(body),
            "cache_creation_input_tokens": 0,
            "cache_read_input_tokens": 0,
            "output_tokens": len(words(b.text)),
            "service_tier": "standard",
        },
    }


def anthropic_stream(b: Behaviour, body: dict[str, Any], model: str) -> StreamPlan:
    """message_start, [a thinking block], the text block(s) with a ping after the first
    block opens, message_delta carrying the output usage, message_stop."""
    start = anthropic_message(b, body, model)
    start.update(content=[], stop_reason=None)
    start["usage"] = {**start["usage"], "output_tokens": 1}
    events: list[tuple[bool, bytes]] = [
        (False, sse("message_start", {"type": "message_start", "message": start}))
    ]
    index = 0

    def block(kind: str, empty: dict[str, Any], deltas: list[tuple[bool, dict[str, Any]]]):
        nonlocal index
        opened = {"type": "content_block_start", "index": index,
                  "content_block": {"type": kind, **empty}}
        events.append((False, sse("content_block_start", opened)))
        if index == 0:
            events.append((False, sse("ping", {"type": "ping"})))
        for is_text, delta in deltas:
            event = {"type": "content_block_delta", "index": index, "delta": delta}
            events.append((is_text, sse("content_block_delta", event)))
        stop = {"type": "content_block_stop", "index": index}
        events.append((False, sse("content_block_stop", stop)))
        index += 1

    if b.thinking is not None:
        block("thinking", {"thinking": ""}, [
            *[(False, {"type": "thinking_delta", "thinking": w}) for w in words(b.thinking)],
            (False, {"type": "signature_delta", "signature": "sig-fake"}),
        ])
    for chunk in _split(words(b.text), b.text_blocks):
        block("text", {"text": ""}, [(True, {"type": "text_delta", "text": w}) for w in chunk])
    delta = {"type": "message_delta",
             "delta": {"stop_reason": "end_turn", "stop_sequence": None},
             "usage": {"output_tokens": len(words(b.text))}}
    events.append((False, sse("message_delta", delta)))
    events.append((False, sse("message_stop", {"type": "message_stop"})))
    return StreamPlan(
        events,
        error=sse("error", anthropic_error(b.error_type, b.message)),
        malformed=b"event: content_block_delta\ndata: {not json\n\n",
    )


# --- OpenAI Chat Completions -------------------------------------------------------------------


def openai_error(message: str, error_type: str, param: str | None = None,
                 code: str | None = None) -> dict[str, Any]:
    return {"error": {"message": message, "type": error_type, "param": param, "code": code}}


def openai_refusal_body(refusal: Refusal) -> dict[str, Any]:
    return openai_error(refusal.message, refusal.error_type, refusal.param, refusal.code)


def _openai_usage(body: dict[str, Any], b: Behaviour) -> dict[str, Any]:
    prompt, completion = count_input(body), len(words(b.text))
    return {
        "prompt_tokens": prompt,
        "completion_tokens": completion,
        "total_tokens": prompt + completion,
        "prompt_tokens_details": {"cached_tokens": 0, "audio_tokens": 0},
        "completion_tokens_details": {"reasoning_tokens": 0, "audio_tokens": 0,
                                      "accepted_prediction_tokens": 0,
                                      "rejected_prediction_tokens": 0},
    }


def openai_completion(b: Behaviour, body: dict[str, Any], model: str) -> dict[str, Any]:
    answer: dict[str, Any] = {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": CREATED,
        "model": model,
        "choices": [{
            "index": 0,
            "message": {"role": "assistant", "content": b.text, "refusal": None,
                        "annotations": []},
            "logprobs": None,
            "finish_reason": "stop",
        }],
        "service_tier": "default",
        "system_fingerprint": "fp_fake",
    }
    if b.include_usage:
        answer["usage"] = _openai_usage(body, b)
    return answer


def openai_stream(b: Behaviour, body: dict[str, Any], model: str) -> StreamPlan:
    """A role chunk, one chunk per word, a finish chunk, the usage chunk (empty choices)
    when ``stream_options.include_usage`` asked for it (then every other chunk carries
    ``"usage": null``), and ``[DONE]``."""
    wants_usage = bool((body.get("stream_options") or {}).get("include_usage"))

    def chunk(choices: list[dict[str, Any]], usage: Any = None) -> bytes:
        data: dict[str, Any] = {
            "id": "chatcmpl-fake", "object": "chat.completion.chunk", "created": CREATED,
            "model": model, "service_tier": "default", "system_fingerprint": "fp_fake",
            "choices": choices,
        }
        if wants_usage and b.include_usage:
            data["usage"] = usage
        return sse(None, data)

    def choice(delta: dict[str, Any], finish: str | None = None) -> list[dict[str, Any]]:
        return [{"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}]

    events = [(False, chunk(choice({"role": "assistant", "content": "", "refusal": None})))]
    events += [(True, chunk(choice({"content": w}))) for w in words(b.text)]
    events.append((False, chunk(choice({}, "stop"))))
    if wants_usage and b.include_usage:
        events.append((False, chunk([], _openai_usage(body, b))))
    events.append((False, sse(None, "[DONE]")))
    return StreamPlan(
        events,
        error=sse(None, openai_error(b.message, b.error_type)),
        malformed=b"data: {not json\n\n",
    )


DEFAULT_MODELS = ("fake-large", "fake-small", "fake-mini")


def anthropic_models(names: list[str]) -> dict[str, Any]:
    """GET /v1/models (https://docs.anthropic.com/en/api/models-list)."""
    data = [{"type": "model", "id": name, "display_name": name,
             "created_at": "2025-01-01T00:00:00Z"} for name in names]
    return {"data": data, "has_more": False,
            "first_id": names[0] if names else None, "last_id": names[-1] if names else None}


def openai_models(names: list[str]) -> dict[str, Any]:
    """GET /v1/models (https://platform.openai.com/docs/api-reference/models/list)."""
    return {"object": "list", "data": [
        {"id": name, "object": "model", "created": CREATED, "owned_by": "fake"}
        for name in names]}
