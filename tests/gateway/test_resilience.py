"""Every failure mode of a provider, and what the caller of the gateway sees."""

from __future__ import annotations

import httpx
import pytest

from ai_planner.gateway.app import create_gateway_app
from ai_planner.gateway.resilience import RetryPolicy
from tests.fakes.provider_server import DEFAULT_TEXT, Behaviour
from tests.gateway.conftest import body, http_client

PROVIDERS = ["anthropic", "openai"]


@pytest.mark.parametrize("provider", PROVIDERS)
async def test_429_with_retry_after_is_honoured_then_succeeds(
    client: httpx.AsyncClient, fake, provider
) -> None:
    fake.script(Behaviour.error(429, retry_after=0.3))
    response = await client.post("/v1/generate", json=body(provider))
    assert response.status_code == 200
    assert response.json()["content"] == DEFAULT_TEXT
    first, second = fake.requests
    assert second.at - first.at >= 0.28  # waited as told


@pytest.mark.parametrize("status", [429, 500, 502, 503, 504, 529])
@pytest.mark.parametrize("provider", PROVIDERS)
async def test_transient_statuses_are_retried(
    client: httpx.AsyncClient, fake, provider, status
) -> None:
    fake.script(Behaviour.error(status, message="try later"))
    response = await client.post("/v1/generate", json=body(provider))
    assert response.status_code == 200, response.text
    assert len(fake.requests) == 2


@pytest.mark.parametrize(
    ("status", "code", "gateway_status"),
    [
        (500, "provider_error", 502),
        (529, "provider_overloaded", 503),
        (503, "provider_overloaded", 503),
        (429, "provider_rate_limited", 429),
    ],
)
async def test_retries_stop_after_the_limit(
    client: httpx.AsyncClient, fake, status, code, gateway_status
) -> None:
    fake.script(*[Behaviour.error(status, message="still broken")] * 5)
    response = await client.post("/v1/generate", json=body("anthropic"))
    assert response.status_code == gateway_status
    data = response.json()
    assert data["code"] == code
    assert "still broken" in data["message"]  # the provider's own words are passed on
    assert len(fake.requests) == 3  # first try + max_retries (2)


@pytest.mark.parametrize(
    ("status", "code"),
    [
        (400, "provider_bad_request"),
        (401, "provider_auth_failed"),
        (403, "provider_auth_failed"),
        (404, "provider_not_found"),
        (422, "provider_bad_request"),
    ],
)
@pytest.mark.parametrize("provider", PROVIDERS)
async def test_client_errors_are_not_retried(
    client: httpx.AsyncClient, fake, provider, status, code
) -> None:
    fake.script(Behaviour.error(status, message="model: unknown model 'x'"))
    response = await client.post("/v1/generate", json=body(provider))
    assert response.status_code == 502
    assert response.json()["code"] == code
    assert "unknown model" in response.json()["message"]
    assert len(fake.requests) == 1


async def test_spend_limit_429_without_retry_after_is_not_retried(
    client: httpx.AsyncClient, fake
) -> None:
    fake.script(
        Behaviour.error(429, message="You exceeded your current quota, check your billing.")
    )
    response = await client.post("/v1/generate", json=body("openai"))
    assert response.status_code == 429
    assert response.json()["code"] == "provider_quota_exceeded"
    assert "quota" in response.json()["message"]
    assert len(fake.requests) == 1


async def test_plain_429_without_retry_after_backs_off_and_retries(
    client: httpx.AsyncClient, fake
) -> None:
    fake.script(Behaviour.error(429, message="Too many requests"))
    response = await client.post("/v1/generate", json=body("openai"))
    assert response.status_code == 200
    assert len(fake.requests) == 2


async def test_retry_after_beyond_the_cap_fails_fast(client: httpx.AsyncClient, fake) -> None:
    fake.script(Behaviour.error(429, retry_after=120, message="slow down"))
    response = await client.post("/v1/generate", json=body("anthropic"))
    assert response.status_code == 429
    assert response.json()["code"] == "provider_rate_limited"
    assert response.json()["retry_after"] == 120
    assert response.headers["retry-after"] == "120"
    assert len(fake.requests) == 1


async def test_retry_after_is_capped_by_settings(gateway_settings, fake) -> None:
    """The app's own retry policy comes from the settings: a retry-after above
    AI_PROVIDER_RETRY_AFTER_CAP is not waited for (the caller gets the 429 at once, with
    the provider's retry-after), one within it is waited for and retried."""
    settings = gateway_settings.model_copy(
        update={"provider_retry_after_cap": 0.2, "provider_max_retries": 1}
    )
    app = create_gateway_app(settings)  # no retry policy passed: the settings decide
    fake.script(Behaviour.error(429, retry_after=0.5, message="slow down"))
    async with http_client(app) as http:
        response = await http.post("/v1/generate", json=body("anthropic"))
        assert response.status_code == 429
        assert response.json()["retry_after"] == 0.5
        assert len(fake.requests) == 1  # the default cap (20 s) would have waited and retried

        fake.reset()
        fake.script(Behaviour.error(429, retry_after=0.1), Behaviour.error(429, retry_after=0.1))
        response = await http.post("/v1/generate", json=body("anthropic"))
    assert response.status_code == 429  # max_retries=1 from the settings: two tries in all
    first, second = fake.requests
    assert second.at - first.at >= 0.1  # waited as told


@pytest.mark.parametrize("provider", PROVIDERS)
async def test_malformed_json_is_a_clear_502(client: httpx.AsyncClient, fake, provider) -> None:
    fake.script(Behaviour.malformed())
    response = await client.post("/v1/generate", json=body(provider))
    assert response.status_code == 502
    assert response.json()["code"] == "provider_bad_response"
    assert "malformed JSON" in response.json()["message"]
    assert len(fake.requests) == 1


async def test_slow_provider_times_out_with_504(app_with, fake) -> None:
    app = app_with({"provider_read_timeout": 0.2})
    fake.script(Behaviour.slow(1.0))
    async with http_client(app) as http:
        response = await http.post("/v1/generate", json=body("anthropic"))
    assert response.status_code == 504
    assert response.json()["code"] == "provider_timeout"
    assert len(fake.requests) == 1  # a timed-out call may still be billed: not repeated


async def test_stream_that_stalls_before_text_times_out_with_504(
    app_with, fake
) -> None:
    app = app_with({"provider_read_timeout": 0.2})
    fake.script(Behaviour(chunk_delay=1.0))
    async with http_client(app) as http:
        response = await http.post("/v1/generate_stream", json=body("anthropic"))
    assert response.status_code == 504
    assert response.json()["code"] == "provider_timeout"
    assert response.json()["usage"]["prompt_tokens"] > 0


class CountingTransport(httpx.AsyncHTTPTransport):
    """The real transport, counting the requests the gateway tries."""

    def __init__(self) -> None:
        super().__init__()
        self.attempts: list[str] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.attempts.append(str(request.url))
        return await super().handle_async_request(request)


async def test_unreachable_provider_is_retried_then_502(make_app) -> None:
    transport = CountingTransport()
    app = make_app(transport=transport)  # FAST_RETRY: 2 retries
    try:
        async with http_client(app) as http:
            response = await http.post(
                "/v1/generate", json=body("openai_compatible", base_url="http://127.0.0.1:9/v1")
            )
    finally:
        await transport.aclose()
    assert response.status_code == 502
    assert response.json()["code"] == "provider_unreachable"
    assert transport.attempts == ["http://127.0.0.1:9/v1/chat/completions"] * 3


@pytest.mark.parametrize("provider", PROVIDERS)
async def test_a_plain_answer_cut_mid_body_is_a_clear_502(
    client: httpx.AsyncClient, fake, provider
) -> None:
    """The provider announces the whole body, sends half and drops the connection: the
    caller gets a clear error naming the provider, never the half answer."""
    fake.script(*[Behaviour.cut_body(text="SECRET-HALF " * 20)] * 3)
    response = await client.post("/v1/generate", json=body(provider))
    assert response.status_code == 502
    error = response.json()
    assert error["code"] == "provider_connection_lost"
    assert {"anthropic": "Anthropic", "openai": "OpenAI"}[provider] in error["message"]
    assert "SECRET-HALF" not in response.text
    # Dropped connections are retried (like a stale keep-alive): first try + 2 retries.
    assert len(fake.requests) == 3
    assert all(r.completed.is_set() for r in fake.requests)


async def test_a_cut_body_then_a_whole_one_succeeds(client: httpx.AsyncClient, fake) -> None:
    fake.script(Behaviour.cut_body(), Behaviour.ok(text="The whole answer."))
    response = await client.post("/v1/generate", json=body("anthropic"))
    assert response.status_code == 200
    assert response.json()["content"] == "The whole answer."
    assert len(fake.requests) == 2


@pytest.mark.parametrize("provider", PROVIDERS)
async def test_provider_error_text_never_contains_the_key(
    client: httpx.AsyncClient, fake, provider
) -> None:
    key = body(provider)["api_key"]
    masked = f"{key[:8]}********{key[-4:]}"
    fake.script(
        Behaviour.error(401, message="Incorrect API key provided: {api_key}."),
        Behaviour.error(401, message=f"Incorrect API key provided: {masked}."),
    )
    for _ in range(2):
        response = await client.post("/v1/generate", json=body(provider))
        assert response.status_code == 502
        text = response.text
        assert key not in text and key[-6:] not in text and masked not in text
        assert "Incorrect API key provided" in response.json()["message"]


async def test_a_non_provider_error_page_is_not_passed_on(client: httpx.AsyncClient) -> None:
    """A base URL pointing at some other server: its page must not leak through the error."""
    from starlette.applications import Starlette
    from starlette.responses import HTMLResponse
    from starlette.routing import Route

    from tests.fakes.asgi_server import ThreadedServer

    async def page(_request) -> HTMLResponse:
        return HTMLResponse("<h1>internal admin console: secret-token-123</h1>", status_code=403)

    other = Starlette(routes=[Route("/v1/chat/completions", page, methods=["POST"])])
    with ThreadedServer(other) as server:
        response = await client.post(
            "/v1/generate", json=body("openai_compatible", base_url=f"{server.url}/v1")
        )
    assert response.status_code == 502
    assert "secret-token-123" not in response.text
    assert "HTTP 403" in response.json()["message"]


def test_backoff_grows_with_jitter_and_stops() -> None:
    from ai_planner.gateway.errors import GatewayError

    policy = RetryPolicy(max_retries=3, base_delay=1.0, max_delay=3.0, retry_after_cap=10)
    transient = GatewayError("provider_error", "x", retryable=True)
    delays = [policy.delay(n, transient) for n in range(3)]
    assert 0.5 <= delays[0] <= 1.0 and 1.0 <= delays[1] <= 2.0 and 1.5 <= delays[2] <= 3.0
    assert policy.delay(3, transient) is None
    assert policy.delay(0, GatewayError("provider_bad_request", "x")) is None
    told = GatewayError("provider_rate_limited", "x", retryable=True, retry_after=7)
    assert policy.delay(0, told) == 7
    told.retry_after = 11
    assert policy.delay(0, told) is None
