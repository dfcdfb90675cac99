"""Schemathesis against the OpenAPI schema: whatever the body, the gateway never answers 5xx,
and every error is JSON with a code and a message.

Provider calls go to an in-memory transport that answers like Anthropic/OpenAI, so a 5xx here
can only be the gateway's own fault (a real provider failure is a legitimate 502)."""

from __future__ import annotations

import json

import httpx
import schemathesis
from hypothesis import HealthCheck, settings

from ai_planner.gateway.app import create_gateway_app
from ai_planner.gateway.resilience import RetryPolicy
from ai_planner.settings import get_settings
from tests.gateway.conftest import AUTH


def _provider_double(request: httpx.Request) -> httpx.Response:
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
schema = schemathesis.openapi.from_asgi("/openapi.json", app)


@schema.parametrize()
@settings(
    max_examples=40,
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
