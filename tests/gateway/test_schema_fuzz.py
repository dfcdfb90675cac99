"""Schemathesis against the OpenAPI schema: whatever the body, the gateway never answers 5xx,
every error is JSON with a code and a message, and a streamed answer is deltas then exactly
one ``done`` or ``error`` event, never an ``internal_error`` (a 200 whose stream then fails
inside the gateway is as much a server error as a 500).

Provider calls go to an in-memory transport that answers like Anthropic/OpenAI, so a 5xx here
can only be the gateway's own fault (a real provider failure is a legitimate 502). The number
of examples follows the hypothesis profile (tests/lanes.py): derandomized in CI, many more
with HYPOTHESIS_PROFILE=explore."""

from __future__ import annotations

import json

import httpx
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig

from ai_planner.gateway.app import create_gateway_app
from ai_planner.gateway.resilience import RetryPolicy
from ai_planner.settings import get_settings
from tests.gateway.conftest import AUTH, parse_sse
from tests.lanes import HYPOTHESIS_PROFILE

EXAMPLES = 300 if HYPOTHESIS_PROFILE == "explore" else 40


def _provider_double(request: httpx.Request) -> httpx.Response:
    if request.method == "GET":  # the model list (/v1/models)
        return httpx.Response(200, json={"data": [{"id": "model-a"}, {"id": "model-b"}]})
    body = json.loads(request.content)
    stream = bool(body.get("stream"))
    if request.url.path.endswith("/v1/messages"):
        if stream:
            events = [
                (
                    "message_start",
                    {
                        "type": "message_start",
                        "message": {
                            "model": body["model"],
                            "usage": {"input_tokens": 3, "output_tokens": 1},
                        },
                    },
                ),
                (
                    "content_block_delta",
                    {
                        "type": "content_block_delta",
                        "delta": {"type": "text_delta", "text": "Hello"},
                    },
                ),
                (
                    "message_delta",
                    {
                        "type": "message_delta",
                        "delta": {"stop_reason": "end_turn"},
                        "usage": {"output_tokens": 1},
                    },
                ),
                ("message_stop", {"type": "message_stop"}),
            ]
            text = "".join(f"event: {e}\ndata: {json.dumps(d)}\n\n" for e, d in events)
            return httpx.Response(200, text=text, headers={"content-type": "text/event-stream"})
        return httpx.Response(
            200,
            json={
                "model": body["model"],
                "content": [{"type": "text", "text": "Hello"}],
                "stop_reason": "end_turn",
                "usage": {"input_tokens": 3, "output_tokens": 1},
            },
        )
    if stream:
        chunks = [
            {"choices": [{"delta": {"content": "Hello"}, "finish_reason": None}]},
            {"choices": [{"delta": {}, "finish_reason": "stop"}]},
            {"choices": [], "usage": {"prompt_tokens": 3, "completion_tokens": 1}},
        ]
        text = "".join(f"data: {json.dumps(c)}\n\n" for c in chunks) + "data: [DONE]\n\n"
        return httpx.Response(200, text=text, headers={"content-type": "text/event-stream"})
    return httpx.Response(
        200,
        json={
            "model": body["model"],
            "choices": [{"message": {"content": "Hello"}, "finish_reason": "stop"}],
            "usage": {"prompt_tokens": 3, "completion_tokens": 1, "total_tokens": 4},
        },
    )


_settings = get_settings().model_copy(
    update={"anthropic_api_key": "sk-ant-fuzz", "openai_api_key": "sk-fuzz"}
)
app = create_gateway_app(
    _settings,
    transport=httpx.MockTransport(_provider_double),
    retry=RetryPolicy(max_retries=0),
)
# Read every stream to its end (schemathesis stops after a few events by default).
_config = SchemathesisConfig.from_dict({"max-stream-events": 100_000})
schema = schemathesis.openapi.from_asgi("/openapi.json", app, config=_config)


def check_event_stream(text: str) -> None:
    """Deltas, then exactly one terminal ``done`` or ``error``; never an internal error."""
    events = parse_sse(text)
    names = [name for name, _ in events]
    assert names and names[-1] in ("done", "error"), f"a stream without its end: {names}"
    assert set(names[:-1]) <= {"delta"}, f"events after the end or unknown: {names}"
    name, data = events[-1]
    if name == "error":
        assert data.get("code") != "internal_error", f"the gateway failed mid-stream: {data}"
        assert isinstance(data.get("message"), str) and data["message"]
    for _, delta in events[:-1]:
        assert isinstance(delta.get("text"), str)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_no_server_errors_and_errors_are_json(case) -> None:
    response = case.call(headers=AUTH)
    assert response.status_code < 500, response.text
    if response.status_code >= 400:
        data = response.json()
        assert isinstance(data["code"], str) and data["code"]
        assert isinstance(data["message"], str) and data["message"]
    content_type = (response.headers.get("content-type") or [""])[0]
    if content_type.startswith("text/event-stream"):
        assert response.status_code == 200
        check_event_stream(response.text)
    elif case.path.endswith("/generate_stream") and response.status_code == 200:
        raise AssertionError(f"a 200 from generate_stream that is not a stream: {content_type}")
