"""services/gateway_client.py: in-process (no AI_GATEWAY_URL) and over HTTP, same results,
typed errors with the gateway's message."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import httpx
import pytest

from ai_planner.errors import ProviderError
from ai_planner.gateway.app import create_gateway_app, get_gateway_app
from ai_planner.gateway.asgi_transport import StreamingASGITransport
from ai_planner.services import gateway_client as gc
from ai_planner.services.gateway_client import (
    GatewayCallError,
    GatewayClient,
    GatewayMessage,
    GatewayRequest,
    get_gateway_client,
)
from ai_planner.settings import get_settings, reset_settings_cache
from tests.fakes.asgi_server import ThreadedServer
from tests.fakes.provider_server import DEFAULT_TEXT, Behaviour
from tests.gateway.conftest import TOKEN


def demo_request(**kw) -> GatewayRequest:
    values = {
        "provider": "demo",
        "model": "demo-planner",
        "messages": [GatewayMessage("user", "Fractions for grade 4")],
        "task_type": "lesson_plan",
        "max_tokens": 500,
        "temperature": 0.3,
    }
    values.update(kw)
    return GatewayRequest(**values)


def anthropic_request(fake, **kw) -> GatewayRequest:
    return demo_request(
        provider="anthropic",
        model="claude-test",
        api_key="sk-ant-tenant-key-000111",
        base_url=fake.anthropic_base_url,
        **kw,
    )


@pytest.fixture
def in_process(monkeypatch) -> Iterator[None]:
    monkeypatch.delenv("AI_GATEWAY_URL", raising=False)
    reset_settings_cache()
    yield
    reset_settings_cache()


@pytest.fixture
def over_http(monkeypatch, gateway_settings) -> Iterator[ThreadedServer]:
    from tests.gateway.conftest import FAST_RETRY

    app = create_gateway_app(gateway_settings, retry=FAST_RETRY)
    with ThreadedServer(app) as server:
        monkeypatch.setenv("AI_GATEWAY_URL", server.url + "/")
        reset_settings_cache()
        yield server
    reset_settings_cache()


@pytest.fixture(params=["in_process", "over_http"])
def mode(request) -> str:
    request.getfixturevalue(request.param)
    return request.param


async def test_generate_and_stream_give_the_same_draft(mode: str) -> None:
    client = get_gateway_client()
    if mode == "in_process":
        assert client.base_url == gc.IN_PROCESS_URL
    else:
        assert client.base_url.startswith("http://127.0.0.1:")
    result = await client.generate(demo_request())
    assert "not by an AI model" in result.content
    assert result.provider == "demo" and result.model == "demo-planner"
    assert result.usage.total_tokens == result.usage.prompt_tokens + result.usage.completion_tokens
    assert result.system_prompt == "default"
    events = [event async for event in client.stream(demo_request())]
    assert [e.type for e in events[:-1]] == ["delta"] * (len(events) - 1)
    assert events[-1].type == "done" and events[-1].result is not None
    assert events[-1].result.content == result.content
    assert "".join(e.text for e in events[:-1]) == result.content
    assert events[-1].result.usage == result.usage


async def test_client_is_pooled_per_loop(in_process) -> None:
    assert get_gateway_client() is get_gateway_client()


async def test_validation_error_is_a_typed_error(mode: str) -> None:
    client = get_gateway_client()
    with pytest.raises(GatewayCallError) as caught:
        await client.generate(demo_request(max_tokens=0))
    error = caught.value
    assert isinstance(error, ProviderError)
    assert error.code == "validation_error" and error.status == 422
    assert "max_tokens" in error.message
    with pytest.raises(GatewayCallError) as caught:
        async for _ in client.stream(demo_request(temperature=3)):
            pass
    assert caught.value.code == "validation_error"


async def test_provider_failure_is_a_typed_error_with_its_message(mode: str, fake) -> None:
    client = get_gateway_client()
    fake.script(Behaviour.error(401, message="invalid x-api-key"))
    with pytest.raises(GatewayCallError) as caught:
        await client.generate(anthropic_request(fake))
    assert caught.value.code == "provider_auth_failed"
    assert caught.value.status == 502
    assert "invalid x-api-key" in caught.value.message
    assert "sk-ant-tenant-key-000111" not in caught.value.message
    assert fake.requests[0].headers["x-api-key"] == "sk-ant-tenant-key-000111"


async def test_cut_stream_raises_with_usage_and_partial_text(mode: str, fake) -> None:
    client = get_gateway_client()
    fake.script(Behaviour.cut(after=3))
    deltas: list[str] = []
    with pytest.raises(GatewayCallError) as caught:
        async for event in client.stream(anthropic_request(fake)):
            deltas.append(event.text)
    error = caught.value
    assert error.code == "stream_interrupted"
    assert error.usage is not None and error.usage.prompt_tokens > 0
    assert error.usage.completion_tokens > 0 and error.usage.estimated
    assert error.partial_text == "".join(deltas) and DEFAULT_TEXT.startswith(error.partial_text)


async def test_stream_is_incremental_not_one_lump(mode: str, fake) -> None:
    """The first words reach the caller while the provider is still holding the rest back
    (in-process too): order of arrival, no clock. The fake stalls after 20 of 30 words until
    released; a gateway that buffered would deliver nothing before the release."""
    client = get_gateway_client()
    text = " ".join(f"word{n:02d}-of-the-answer" for n in range(30))
    fake.script(Behaviour.stall(after=20, text=text))
    order: list[str] = []

    def release() -> None:
        order.append("released")
        fake.release()

    safety_release = threading.Timer(10, release)  # only so that a buffering gateway ends
    safety_release.start()
    deltas: list[str] = []
    try:
        async for event in client.stream(anthropic_request(fake)):
            if event.type != "delta":
                continue
            if not deltas:
                order.append("first delta")
                held = fake.requests[0]
                assert held.text_chunks_sent <= 20 and not held.ended
                release()
            deltas.append(event.text)
    finally:
        safety_release.cancel()
    assert order[:2] == ["first delta", "released"]
    assert "".join(deltas) == text
    assert fake.requests[0].completed.is_set()


async def test_wrong_token_over_http_is_unauthorized(over_http: ThreadedServer) -> None:
    client = GatewayClient(base_url=over_http.url, token="not-the-token")
    try:
        with pytest.raises(GatewayCallError) as caught:
            await client.generate(demo_request())
        assert caught.value.code == "unauthorized" and caught.value.status == 401
        assert (await client.health())["status"] == "ok"
    finally:
        await client.aclose()


async def test_unreachable_gateway_is_a_typed_error() -> None:
    client = GatewayClient(base_url="http://127.0.0.1:9", token=TOKEN)
    try:
        with pytest.raises(GatewayCallError) as caught:
            await client.generate(demo_request())
        assert caught.value.code == "gateway_unreachable"
    finally:
        await client.aclose()


async def test_in_process_client_uses_the_shared_app_and_its_token(in_process) -> None:
    client = get_gateway_client()
    providers = await client.providers()
    assert {p["name"] for p in providers} == {"anthropic", "openai", "openai_compatible", "demo"}
    assert get_gateway_app().state.service_token == get_settings().gateway_service_token


async def test_cancelled_stream_releases_the_provider(gateway_settings, fake) -> None:
    """A caller that stops reading closes the provider's stream (the fake sees the client go
    away while it still had words to send) and gives the connection back: with a pool of one
    connection, the next call gets it."""
    from tests.gateway.conftest import FAST_RETRY

    one_connection = httpx.AsyncHTTPTransport(limits=httpx.Limits(max_connections=1))
    app = create_gateway_app(gateway_settings, retry=FAST_RETRY, transport=one_connection)
    client = GatewayClient(
        base_url=gc.IN_PROCESS_URL, token=TOKEN, transport=StreamingASGITransport(app)
    )
    fake.script(Behaviour.stall(after=40, text=" ".join(["word"] * 60)))
    try:
        stream = client.stream(anthropic_request(fake))
        seen = 0
        async for event in stream:
            seen += event.type == "delta"
            if seen == 3:
                break
        await stream.aclose()
        first = fake.requests[0]
        assert fake.wait_until_ended(first), "the provider's stream was never closed"
        assert first.disconnected.is_set() and not first.completed.is_set()
        assert first.text_chunks_sent == 40  # it was holding the last 20 words back

        events = [event async for event in client.stream(anthropic_request(fake))]
        assert events[-1].type == "done"
        assert fake.requests[1].completed.is_set()
    finally:
        await client.aclose()
        await one_connection.aclose()


async def test_gateway_on_fake_fixture_routes_the_shared_client_to_the_fake(
    gateway_on_fake,
) -> None:
    from tests.fakes.provider_server import Behaviour as B

    gateway_on_fake.script(B.error(529), B.ok(text="Retried fine"))
    request = demo_request(provider="openai", model="gpt-test", api_key="sk-tenant-openai-1")
    result = await get_gateway_client().generate(request)
    assert result.content == "Retried fine"
    assert len(gateway_on_fake.requests) == 2
    assert gateway_on_fake.requests[0].headers["authorization"] == "Bearer sk-tenant-openai-1"


async def test_streams_over_http_reuse_the_connection(gateway_settings) -> None:
    from tests.gateway.conftest import FAST_RETRY

    app = create_gateway_app(gateway_settings, retry=FAST_RETRY)
    ports: list[int] = []

    async def recording(scope, receive, send) -> None:  # type: ignore[no-untyped-def]
        if scope["type"] == "http" and scope["path"].endswith("generate_stream"):
            ports.append(scope["client"][1])
        await app(scope, receive, send)

    with ThreadedServer(recording) as server:
        client = GatewayClient(base_url=server.url, token=TOKEN)
        try:
            for _ in range(3):
                events = [event async for event in client.stream(demo_request())]
                assert events[-1].type == "done"
        finally:
            await client.aclose()
    assert len(ports) == 3 and len(set(ports)) == 1
