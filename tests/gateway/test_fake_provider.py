"""The fake provider itself: as strict as the real APIs, with their event sequences, and its
stall and cut-body behaviours. Requests go to it directly (no gateway), on a server of this
module's own, so the refusals here do not trip the per-test "nothing refused" check."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.fakes.provider_server import DEFAULT_TEXT, Behaviour, FakeProviderServer

ANTHROPIC_HEADERS = {"x-api-key": "sk-ant-test", "anthropic-version": "2023-06-01"}
OPENAI_HEADERS = {"authorization": "Bearer sk-test"}
MESSAGES = [{"role": "user", "content": "Plan a lesson on fractions"}]


@pytest.fixture(scope="module")
def server() -> Iterator[FakeProviderServer]:
    with FakeProviderServer() as fake:
        yield fake


@pytest.fixture
def own(server: FakeProviderServer) -> FakeProviderServer:
    server.reset()
    return server


def anthropic_body(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"model": "claude-test", "max_tokens": 100, "messages": MESSAGES}
    body.update(changes)
    return {k: v for k, v in body.items() if v is not None}


def openai_body(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"model": "gpt-test", "messages": MESSAGES}
    body.update(changes)
    return {k: v for k, v in body.items() if v is not None}


def post(url: str, body: Any, headers: dict[str, str]) -> httpx.Response:
    return httpx.post(url, json=body, headers=headers, timeout=10)


@pytest.mark.parametrize(
    ("headers", "body", "status", "error_type", "words"),
    [
        ({"anthropic-version": "2023-06-01"}, anthropic_body(), 401, "authentication_error",
         "x-api-key header is required"),
        ({"x-api-key": "k"}, anthropic_body(), 400, "invalid_request_error", "anthropic-version"),
        (ANTHROPIC_HEADERS, anthropic_body(max_tokens=None), 400, "invalid_request_error",
         "max_tokens: Field required"),
        (ANTHROPIC_HEADERS, anthropic_body(messages=[]), 400, "invalid_request_error",
         "at least one message"),
        (ANTHROPIC_HEADERS, anthropic_body(messages=[{"role": "system", "content": "x"}]), 400,
         "invalid_request_error", "messages.0.role"),
        (ANTHROPIC_HEADERS, anthropic_body(messages=[{"role": "user", "content": " "}]), 400,
         "invalid_request_error", "non-empty"),
        (ANTHROPIC_HEADERS, anthropic_body(messages="hello"), 400, "invalid_request_error",
         "at least one message"),
        (ANTHROPIC_HEADERS, anthropic_body(stream_options={"include_usage": True}), 400,
         "invalid_request_error", "stream_options: Extra inputs are not permitted"),
        (ANTHROPIC_HEADERS, anthropic_body(temperature=1.5), 400, "invalid_request_error",
         "temperature"),
    ],
)
def test_anthropic_refusals(own: FakeProviderServer, headers, body, status, error_type,
                            words) -> None:
    response = post(f"{own.url}/v1/messages", body, headers)
    assert response.status_code == status
    data = response.json()
    assert data["type"] == "error" and data["error"]["type"] == error_type
    assert words in data["error"]["message"]
    assert own.requests[-1].refused


@pytest.mark.parametrize(
    ("path", "headers", "body", "status", "words"),
    [
        ("/v1/chat/completions", {}, openai_body(), 401, "You didn't provide an API key"),
        ("/v1/chat/completions", {"authorization": "sk-no-bearer"}, openai_body(), 401,
         "API key"),
        ("/v1/chat/completions", OPENAI_HEADERS, openai_body(max_output_tokens=5), 400,
         "Unrecognized request argument supplied: max_output_tokens"),
        ("/v1/chat/completions", OPENAI_HEADERS, openai_body(messages=None), 400,
         "Missing required parameter: 'messages'"),
        ("/v1/chat/completions", OPENAI_HEADERS, openai_body(messages=[]), 400, "empty array"),
        ("/v1/chat/completions", OPENAI_HEADERS,
         openai_body(messages=[{"role": "teacher", "content": "x"}]), 400, "Invalid value"),
        ("/v1/chat/completions", OPENAI_HEADERS,
         openai_body(stream_options={"include_usage": True}), 400, "only allowed when"),
        ("/compat/v1/chat/completions", {}, openai_body(extra_field=1), 400,
         "Unrecognized request argument"),
    ],
)
def test_openai_refusals(own: FakeProviderServer, path, headers, body, status, words) -> None:
    response = post(f"{own.url}{path}", body, headers)
    assert response.status_code == status
    error = response.json()["error"]
    assert set(error) == {"message", "type", "param", "code"}
    assert words in error["message"]


def test_valid_requests_are_answered(own: FakeProviderServer) -> None:
    anthropic = post(f"{own.url}/v1/messages", anthropic_body(), ANTHROPIC_HEADERS)
    openai = post(f"{own.url}/v1/chat/completions", openai_body(max_completion_tokens=9),
                  OPENAI_HEADERS)
    keyless = post(f"{own.url}/compat/v1/chat/completions", openai_body(max_tokens=9), {})
    assert [r.status_code for r in (anthropic, openai, keyless)] == [200, 200, 200]
    assert anthropic.json()["content"] == [{"type": "text", "text": DEFAULT_TEXT}]
    assert openai.json()["choices"][0]["message"]["content"] == DEFAULT_TEXT
    assert not any(r.refused for r in own.requests)


def stream_events(own: FakeProviderServer, path: str, body: dict[str, Any],
                  headers: dict[str, str]) -> list[tuple[str, dict[str, Any] | str]]:
    with httpx.stream("POST", f"{own.url}{path}", json=body, headers=headers) as response:
        assert response.headers["content-type"].startswith("text/event-stream")
        text = response.read().decode()
    events: list[tuple[str, dict[str, Any] | str]] = []
    for block in text.strip().split("\n\n"):
        lines = dict(line.split(": ", 1) for line in block.splitlines())
        data = lines["data"]
        parsed = data if data == "[DONE]" else json.loads(data)
        events.append((lines.get("event", "message"), parsed))
    return events


def test_anthropic_stream_has_the_real_event_sequence(own: FakeProviderServer) -> None:
    own.script(Behaviour.ok(text="one two three four", thinking="let me think", text_blocks=2))
    events = stream_events(own, "/v1/messages", anthropic_body(stream=True), ANTHROPIC_HEADERS)
    names = [name for name, _ in events]
    assert names == [
        "message_start",
        "content_block_start", "ping", "content_block_delta", "content_block_delta",
        "content_block_delta", "content_block_delta", "content_block_stop",  # thinking
        "content_block_start", "content_block_delta", "content_block_delta",
        "content_block_stop",
        "content_block_start", "content_block_delta", "content_block_delta",
        "content_block_stop",
        "message_delta", "message_stop",
    ]
    assert all(data["type"] == name for name, data in events)  # type: ignore[index]
    deltas = [d["delta"] for n, d in events if n == "content_block_delta"]  # type: ignore[index]
    assert [d["type"] for d in deltas][:4] == ["thinking_delta"] * 3 + ["signature_delta"]
    assert "".join(d["text"] for d in deltas if d["type"] == "text_delta") == "one two three four"
    assert events[0][1]["message"]["usage"]["output_tokens"] == 1  # type: ignore[index]
    assert events[-2][1]["usage"] == {"output_tokens": 4}  # type: ignore[index]


def test_openai_stream_has_usage_chunk_and_null_usage_elsewhere(own: FakeProviderServer) -> None:
    own.script(Behaviour.ok(text="one two"))
    body = openai_body(stream=True, stream_options={"include_usage": True})
    events = stream_events(own, "/v1/chat/completions", body, OPENAI_HEADERS)
    chunks = [data for _, data in events[:-1]]
    assert events[-1] == ("message", "[DONE]")
    assert [c["choices"][0]["delta"] for c in chunks[:-2]] == [  # type: ignore[index]
        {"role": "assistant", "content": "", "refusal": None},
        {"content": "one "}, {"content": "two"},
    ]
    assert chunks[-2]["choices"][0]["finish_reason"] == "stop"  # type: ignore[index]
    assert chunks[-1]["choices"] == [] and chunks[-1]["usage"]["completion_tokens"] == 2  # type: ignore[index]
    assert all(c["usage"] is None for c in chunks[:-1])  # type: ignore[index]


def test_stall_holds_until_released(own: FakeProviderServer) -> None:
    own.script(Behaviour.stall(after=2, text="a b c d"))
    with httpx.stream("POST", f"{own.url}/v1/messages", json=anthropic_body(stream=True),
                      headers=ANTHROPIC_HEADERS, timeout=10) as response:
        lines = response.iter_lines()
        texts: list[str] = []
        for line in lines:
            if '"text_delta"' in line:
                texts.append(json.loads(line[6:])["delta"]["text"])
                if len(texts) == 2:
                    break
        held = own.requests[0]
        assert held.text_chunks_sent == 2 and not held.ended
        own.release()
        rest = "".join(lines)
    assert '"text": "c "' in rest and "message_stop" in rest
    assert held.completed.is_set() and not held.disconnected.is_set()


def test_stall_notices_the_client_leaving(own: FakeProviderServer) -> None:
    own.script(Behaviour.stall(after=1))
    with httpx.stream("POST", f"{own.url}/v1/chat/completions",
                      json=openai_body(stream=True), headers=OPENAI_HEADERS) as response:
        for line in response.iter_lines():
            if '"content": "Here' in line:
                break
    held = own.requests[0]
    assert own.wait_until_ended(held)
    assert held.disconnected.is_set() and not held.completed.is_set()


@pytest.mark.parametrize(("path", "body", "headers"), [
    ("/v1/messages", anthropic_body(), ANTHROPIC_HEADERS),
    ("/v1/chat/completions", openai_body(), OPENAI_HEADERS),
])
def test_cut_body_announces_all_and_sends_half(own: FakeProviderServer, path, body,
                                               headers) -> None:
    own.script(Behaviour.cut_body())
    with pytest.raises(httpx.RemoteProtocolError, match=r"incomplete|without sending complete"):
        post(f"{own.url}{path}", body, headers)
