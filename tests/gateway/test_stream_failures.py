"""Provider failures in the middle of a stream, and what the caller of the gateway sees: an
error event carrying the usage so far (never a silently short answer), retries only while no
text has gone out."""

from __future__ import annotations

import httpx
import pytest

from tests.fakes.provider_server import DEFAULT_TEXT, Behaviour
from tests.gateway.conftest import body, http_client, parse_sse

PROVIDERS = ["anthropic", "openai"]


@pytest.mark.parametrize("provider", PROVIDERS)
async def test_stream_cut_mid_way_ends_with_an_error_event_and_usage(
    client: httpx.AsyncClient, fake, provider
) -> None:
    fake.script(Behaviour.cut(after=3))
    response = await client.post("/v1/generate_stream", json=body(provider))
    assert response.status_code == 200
    events = parse_sse(response.text)
    names = [name for name, _ in events]
    assert names[-1] == "error" and "done" not in names
    error = events[-1][1]
    assert error["code"] == "stream_interrupted"
    assert error["usage"]["completion_tokens"] > 0
    assert error["usage"]["estimated"] is True
    # Anthropic said it in message_start; for OpenAI it is estimated from the prompt.
    assert error["usage"]["prompt_tokens"] > 0
    text = "".join(d["text"] for n, d in events if n == "delta")
    assert DEFAULT_TEXT.startswith(text) and text
    assert len(fake.requests) == 1  # text had been sent: never retried


@pytest.mark.parametrize("provider", PROVIDERS)
async def test_stream_that_stalls_after_text_ends_with_an_error_event(
    app_with, fake, provider
) -> None:
    """The provider sends some words, then nothing: after the read timeout the caller gets
    the words so far and an error event (not a hang, not a silently short answer), and the
    gateway hangs up on the provider."""
    app = app_with({"provider_read_timeout": 0.3})
    text = " ".join(f"longword{i:03d}" for i in range(30))
    fake.script(Behaviour.stall(after=12, text=text))
    async with http_client(app) as http:
        response = await http.post("/v1/generate_stream", json=body(provider))
    assert response.status_code == 200
    events = parse_sse(response.text)
    name, error = events[-1]
    assert name == "error" and "done" not in [n for n, _ in events]
    assert error["code"] == "stream_interrupted"
    assert error["usage"]["completion_tokens"] > 0
    streamed = "".join(d["text"] for n, d in events if n == "delta")
    assert streamed and text.startswith(streamed)
    stalled = fake.requests[0]
    assert fake.wait_until_ended(stalled) and stalled.disconnected.is_set()
    assert stalled.text_chunks_sent == 12
    assert len(fake.requests) == 1  # text was sent: never retried


@pytest.mark.parametrize("provider", PROVIDERS)
async def test_stream_failing_before_any_text_is_retried(
    client: httpx.AsyncClient, fake, provider
) -> None:
    fake.script(Behaviour.cut(after=0), Behaviour.error(529), Behaviour.stream_error(after=0))
    response = await client.post("/v1/generate_stream", json=body(provider))
    # cut + 529 are retried (2 retries); the third failure has no retry left and, as no
    # text was sent yet, it is a plain JSON error with its own status.
    assert response.status_code == 503
    assert response.json()["code"] == "provider_overloaded"
    assert len(fake.requests) == 3
    fake.reset()
    fake.script(Behaviour.error(429, retry_after=0))
    response = await client.post("/v1/generate_stream", json=body(provider))
    events = parse_sse(response.text)
    assert events[-1][0] == "done"
    assert "".join(d["text"] for n, d in events if n == "delta") == DEFAULT_TEXT
    assert len(fake.requests) == 2


async def test_in_stream_error_after_text_is_reported_not_retried(
    client: httpx.AsyncClient, fake
) -> None:
    fake.script(Behaviour.stream_error(after=2, error_type="overloaded_error"))
    response = await client.post("/v1/generate_stream", json=body("anthropic"))
    events = parse_sse(response.text)
    name, error = events[-1]
    assert name == "error"
    assert error["code"] == "provider_overloaded"
    assert "Overloaded" in error["message"]
    assert error["usage"]["prompt_tokens"] > 0
    assert len(fake.requests) == 1


@pytest.mark.parametrize("provider", PROVIDERS)
async def test_stream_refused_up_front_is_a_json_error(
    client: httpx.AsyncClient, fake, provider
) -> None:
    fake.script(Behaviour.error(401, message="invalid x-api-key"))
    response = await client.post("/v1/generate_stream", json=body(provider))
    assert response.status_code == 502
    assert response.headers["content-type"].startswith("application/json")
    assert response.json()["code"] == "provider_auth_failed"
    assert len(fake.requests) == 1


@pytest.mark.parametrize("provider", PROVIDERS)
async def test_malformed_stream_chunk_is_an_error_event(
    client: httpx.AsyncClient, fake, provider
) -> None:
    fake.script(Behaviour.malformed())
    response = await client.post("/v1/generate_stream", json=body(provider))
    name, error = parse_sse(response.text)[-1]
    assert name == "error"
    assert error["code"] == "provider_bad_response"
