"""Each provider against the fake server: what goes on the wire, and what comes back."""

from __future__ import annotations

import httpx
import pytest

from ai_planner.gateway.prompts import SYSTEM_PROMPTS
from tests.fakes.provider_server import DEFAULT_TEXT, Behaviour
from tests.gateway.conftest import body, http_client, parse_sse

WORDS = len(DEFAULT_TEXT.split())


async def test_anthropic_generate_wire_format(client: httpx.AsyncClient, fake) -> None:
    payload = body(
        "anthropic",
        messages=[
            {"role": "system", "content": "You are a careful planner."},
            {"role": "user", "content": "Plan fractions"},
            {"role": "assistant", "content": "Which grade?"},
            {"role": "user", "content": "Grade 4"},
        ],
        temperature=1.7,
    )
    response = await client.post("/v1/generate", json=payload)
    assert response.status_code == 200, response.text
    [sent] = fake.requests
    assert sent.path == "/v1/messages"
    assert sent.headers["x-api-key"] == "sk-test-anthropic-key-0123456789"
    assert sent.headers["anthropic-version"] == "2023-06-01"
    assert "authorization" not in sent.headers
    assert sent.body["model"] == "claude-test"
    assert sent.body["max_tokens"] == 300
    assert sent.body["temperature"] == 1.0  # Anthropic's range ends at 1
    assert sent.body["system"] == "You are a careful planner."
    assert sent.body["messages"] == [
        {"role": "user", "content": "Plan fractions"},
        {"role": "assistant", "content": "Which grade?"},
        {"role": "user", "content": "Grade 4"},
    ]
    assert "stream" not in sent.body
    data = response.json()
    assert data["content"] == DEFAULT_TEXT
    assert data["provider"] == "anthropic"
    assert data["model"] == "claude-test"
    assert data["finish_reason"] == "end_turn"
    assert data["system_prompt"] == "caller"
    prompt_words = 11  # the fake counts words: "You are a careful planner. Plan fractions ..."
    assert data["usage"] == {
        "prompt_tokens": prompt_words,
        "completion_tokens": WORDS,
        "total_tokens": prompt_words + WORDS,
        "estimated": False,
    }


@pytest.mark.parametrize("provider", ["openai", "openai_compatible"])
async def test_openai_generate_wire_format(client: httpx.AsyncClient, fake, provider) -> None:
    payload = body(provider, temperature=1.7)
    if provider == "openai_compatible":
        payload["base_url"] = fake.compatible_base_url
        payload["api_key"] = "local-server-key-123"
    response = await client.post("/v1/generate", json=payload)
    assert response.status_code == 200, response.text
    [sent] = fake.requests
    assert sent.path.endswith("/v1/chat/completions")
    expected_key = payload["api_key"]
    assert sent.headers["authorization"] == f"Bearer {expected_key}"
    assert "x-api-key" not in sent.headers
    assert sent.body["model"] == "gpt-test"
    assert sent.body["temperature"] == 1.7
    tokens_field = "max_completion_tokens" if provider == "openai" else "max_tokens"
    assert sent.body[tokens_field] == 300
    # No system message from the caller: the gateway's lesson_plan prompt goes first.
    assert sent.body["messages"][0] == {"role": "system", "content": SYSTEM_PROMPTS["lesson_plan"]}
    assert sent.body["messages"][1]["role"] == "user"
    data = response.json()
    assert data["content"] == DEFAULT_TEXT
    assert data["finish_reason"] == "stop"
    assert data["system_prompt"] == "default"
    assert data["usage"]["completion_tokens"] == WORDS
    assert data["usage"]["total_tokens"] == data["usage"]["prompt_tokens"] + WORDS


async def test_openai_compatible_key_is_optional(client: httpx.AsyncClient, fake) -> None:
    payload = body("openai_compatible", base_url=fake.compatible_base_url)
    response = await client.post("/v1/generate", json=payload)
    assert response.status_code == 200, response.text
    assert "authorization" not in fake.requests[0].headers


async def test_anthropic_stream_parse_and_usage(client: httpx.AsyncClient, fake) -> None:
    response = await client.post("/v1/generate_stream", json=body("anthropic"))
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/event-stream")
    events = parse_sse(response.text)
    assert fake.requests[0].body["stream"] is True
    assert fake.requests[0].body["system"] == SYSTEM_PROMPTS["lesson_plan"]
    deltas = [data["text"] for name, data in events if name == "delta"]
    assert "".join(deltas) == DEFAULT_TEXT
    name, done = events[-1]
    assert name == "done"
    assert done["usage"]["completion_tokens"] == WORDS  # from message_delta
    assert done["usage"]["prompt_tokens"] > 0  # from message_start
    assert done["usage"]["estimated"] is False
    assert done["finish_reason"] == "end_turn"
    assert [n for n, _ in events].count("done") == 1


@pytest.mark.parametrize("provider", ["openai", "openai_compatible"])
async def test_openai_stream_asks_for_and_reports_usage(
    client: httpx.AsyncClient, fake, provider
) -> None:
    payload = body(provider)
    if provider == "openai_compatible":
        payload["base_url"] = fake.compatible_base_url
    response = await client.post("/v1/generate_stream", json=payload)
    events = parse_sse(response.text)
    sent = fake.requests[0].body
    assert sent["stream"] is True
    assert sent["stream_options"] == {"include_usage": True}
    assert "".join(d["text"] for n, d in events if n == "delta") == DEFAULT_TEXT
    name, done = events[-1]
    assert name == "done"
    assert done["usage"]["completion_tokens"] == WORDS
    assert done["usage"]["prompt_tokens"] > 0
    assert done["usage"]["estimated"] is False


async def test_stream_without_usage_is_estimated_not_zero(client: httpx.AsyncClient, fake) -> None:
    fake.script(Behaviour.ok(include_usage=False))
    response = await client.post("/v1/generate_stream", json=body("openai"))
    name, done = parse_sse(response.text)[-1]
    assert name == "done"
    assert done["usage"]["completion_tokens"] > 0
    assert done["usage"]["estimated"] is True


async def test_compatible_server_without_usage_is_estimated_not_zero(
    client: httpx.AsyncClient, fake
) -> None:
    fake.script(Behaviour.ok(include_usage=False))
    payload = body("openai_compatible", base_url=fake.compatible_base_url)
    usage = (await client.post("/v1/generate", json=payload)).json()["usage"]
    assert usage["estimated"] is True
    assert usage["prompt_tokens"] > 0 and usage["completion_tokens"] > 0


async def test_gateway_env_key_is_the_fallback(app_with, fake) -> None:
    app = app_with(
        {"anthropic_api_key": "sk-ant-env-fallback-key", "openai_api_key": "sk-env-oa"}
    )
    async with http_client(app) as http:
        without = body("anthropic")
        without.pop("api_key")
        assert (await http.post("/v1/generate", json=without)).status_code == 200
        assert fake.requests[-1].headers["x-api-key"] == "sk-ant-env-fallback-key"
        # A key sent with the request (the tenant's) wins over the gateway's.
        assert (await http.post("/v1/generate", json=body("anthropic"))).status_code == 200
        assert fake.requests[-1].headers["x-api-key"] == "sk-test-anthropic-key-0123456789"
        oa = body("openai")
        oa.pop("api_key")
        assert (await http.post("/v1/generate", json=oa)).status_code == 200
        assert fake.requests[-1].headers["authorization"] == "Bearer sk-env-oa"
        listed = (await http.get("/v1/providers")).json()["providers"]
        assert {p["name"]: p["has_gateway_key"] for p in listed}["anthropic"] is True


@pytest.mark.parametrize("provider", ["anthropic", "openai"])
async def test_missing_key_is_a_clear_400_without_a_call(
    client: httpx.AsyncClient, fake, provider
) -> None:
    payload = body(provider)
    payload.pop("api_key")
    for path in ("/v1/generate", "/v1/generate_stream"):
        response = await client.post(path, json=payload)
        assert response.status_code == 400
        assert response.json()["code"] == "missing_api_key"
        assert "_API_KEY" in response.json()["message"]
    assert fake.requests == []


async def test_per_request_base_url_overrides_settings(app_with, fake) -> None:
    app = app_with(
        {"anthropic_base_url": "http://127.0.0.1:9", "openai_base_url": "http://127.0.0.1:9"}
    )
    async with http_client(app) as http:
        anth = await http.post(
            "/v1/generate", json=body("anthropic", base_url=fake.anthropic_base_url + "/")
        )
        oa = await http.post("/v1/generate", json=body("openai", base_url=fake.openai_base_url))
    assert anth.status_code == 200 and oa.status_code == 200
    assert [r.path for r in fake.requests] == ["/v1/messages", "/v1/chat/completions"]


@pytest.mark.parametrize("provider", ["anthropic", "openai"])
async def test_streams_reuse_the_provider_connection(
    client: httpx.AsyncClient, fake, provider
) -> None:
    # The body is read to its end after the end-of-stream marker, so the connection goes
    # back to the pool: a new connection per stream would cost every call a connect.
    for _ in range(3):
        response = await client.post("/v1/generate_stream", json=body(provider))
        assert parse_sse(response.text)[-1][0] == "done"
    ports = {sent.client_port for sent in fake.requests}
    assert len(fake.requests) == 3 and len(ports) == 1 and 0 not in ports


@pytest.mark.parametrize("path", ["/v1/generate", "/v1/generate_stream"])
async def test_provider_cookies_are_not_kept_between_calls(
    client: httpx.AsyncClient, fake, path: str
) -> None:
    # One pooled client serves every tenant: a cookie set on one call (CDNs in front of the
    # providers do) must not be sent with the next one.
    fake.script(Behaviour.ok(set_cookie="__cf_bm=tenant-a-session; Path=/; HttpOnly"))
    first = await client.post(path, json=body("openai"))
    second = await client.post(path, json=body("openai", api_key="sk-test-other-tenant-0001"))
    assert first.status_code == second.status_code == 200
    assert len(fake.requests) == 2
    assert "cookie" not in fake.requests[1].headers
