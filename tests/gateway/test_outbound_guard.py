"""Where the gateway may send a request: the environment's keys only to the environment's
base URLs, tenant base URLs checked as written and again on every connection (after name
resolution, to the address actually connected), no redirects, provider error bodies passed
on only in a provider's shape, and the API docs behind the service token in production
(the tenant client's TLS and per-host cap: ``test_tenant_connections.py``).

Nothing here connects outside loopback: names resolve through ``resolver`` (a fake
``socket.getaddrinfo``) and ``connects`` refuses any non-loopback connect before it happens,
so a refusal test proves the refusal came first."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from tests.fakes.asgi_server import ThreadedServer
from tests.gateway.conftest import AUTH, body, http_client
from tests.gateway.outbound_fakes import (  # noqa: F401  (fixtures)
    ConnectRecorder,
    FakeResolver,
    connects,
    resolver,
)

ENV_KEYS = {"anthropic_api_key": "sk-ant-env-only-key-000", "openai_api_key": "sk-env-only-oa-000"}
UNUSED = "http://127.0.0.1:9"  # nothing listens there: a call to it fails loudly


# --- 1. the environment's keys go only to the environment's base URLs ---------------------
@pytest.mark.parametrize("provider", ["anthropic", "openai"])
async def test_env_key_is_never_sent_to_a_base_url_the_request_chose(
    app_with, fake, provider: str
) -> None:
    app = app_with({**ENV_KEYS, "anthropic_base_url": UNUSED, "openai_base_url": UNUSED})
    chosen = fake.anthropic_base_url if provider == "anthropic" else fake.openai_base_url
    payload = body(provider, base_url=chosen)
    payload.pop("api_key")
    async with http_client(app) as http:
        for path in ("/v1/generate", "/v1/generate_stream"):
            response = await http.post(path, json=payload)
            assert response.status_code == 400, response.text
            assert response.json()["code"] == "api_key_required"
            assert "base URL" in response.json()["message"]
    assert fake.requests == []


async def test_env_key_still_goes_to_the_env_base_url_written_by_the_request(
    app_with, fake
) -> None:
    app = app_with(ENV_KEYS)
    payload = body("anthropic", base_url=fake.anthropic_base_url + "/")  # same URL, a slash
    payload.pop("api_key")
    async with http_client(app) as http:
        assert (await http.post("/v1/generate", json=payload)).status_code == 200
    assert fake.requests[-1].headers["x-api-key"] == ENV_KEYS["anthropic_api_key"]


# --- 2. tenant base URLs: refused before any connection -------------------------------------
REFUSED_NAMES = {
    "metadata-alias.test": "169.254.169.254",
    "private.test": "10.0.0.7",
    "aws-v6.test": "fd00:ec2::254",
    "mixed.test": ["127.0.0.1", "192.168.1.20"],  # one bad address spoils the name
}
REFUSED_URLS = [
    "http://metadata-alias.test:8080/v1",
    "http://private.test/v1",
    "http://aws-v6.test/v1",
    "http://mixed.test/v1",
    "http://169.254.169.254/latest/v1",
    "https://api.openai.com@169.254.169.254/v1",
    "http://2130706433/v1",
    "http://0x7f000001/v1",
    "http://127.1/v1",
    "http://metadata.google.internal/v1",
    "http://[::ffff:169.254.169.254]/v1",
    "http://[fd00:ec2::254]/v1",
    "http://224.0.0.1/v1",
    "http://0.0.0.0/v1",
]


@pytest.mark.parametrize("base_url", REFUSED_URLS)
@pytest.mark.parametrize("path", ["/v1/generate", "/v1/generate_stream"])
async def test_refused_base_url_is_a_400_before_any_connection(
    client: httpx.AsyncClient,
    resolver: FakeResolver,  # noqa: F811
    connects: ConnectRecorder,  # noqa: F811
    base_url: str,
    path: str,
) -> None:
    resolver.names.update(REFUSED_NAMES)
    response = await client.post(path, json=body("openai_compatible", base_url=base_url))
    assert response.status_code == 400, response.text
    assert response.json()["code"] == "base_url_refused"
    assert "never allowed" in response.json()["message"] or (
        "AI_PROVIDER_ALLOWED_HOSTS" in response.json()["message"]
        or "unusual form" in response.json()["message"]
        or "user name" in response.json()["message"]
    )
    assert connects.addresses == []


async def test_private_host_is_reachable_once_listed(
    app_with,
    fake,
    resolver: FakeResolver,  # noqa: F811
    connects: ConnectRecorder,  # noqa: F811
) -> None:
    # The listed name resolves to loopback here (no test may leave the machine); that the
    # listing, not the test environment, lets it through is shown by the production policy.
    resolver.names["llm.corp.test"] = "127.0.0.1"
    production = {"env": "production", "provider_allowed_hosts": "llm.corp.test"}
    url = fake.compatible_base_url.replace("127.0.0.1", "llm.corp.test")
    async with http_client(app_with(production)) as http:
        refused = await http.post("/v1/generate", json=body("openai_compatible", base_url=url))
        assert refused.json()["code"] == "base_url_refused"
        assert "https" in refused.json()["message"]
    async with http_client(app_with({"provider_allowed_hosts": "llm.corp.test"})) as http:
        ok = await http.post("/v1/generate", json=body("openai_compatible", base_url=url))
        assert ok.status_code == 200, ok.text
    assert connects.refused == []


async def test_the_address_checked_is_the_address_connected(
    app,
    fake,
    resolver: FakeResolver,  # noqa: F811
    connects: ConnectRecorder,  # noqa: F811
) -> None:
    """DNS rebinding: the name answers loopback first, a private address afterwards. Each
    connection resolves once, checks what it got and connects to exactly that."""
    answers = iter([["127.0.0.1"], ["10.0.0.9"]])
    resolver.names["rebind.test"] = lambda: next(answers)
    url = fake.compatible_base_url.replace("127.0.0.1", "rebind.test")
    payload = body("openai_compatible", base_url=url)
    async with http_client(app) as http:
        assert (await http.post("/v1/generate", json=payload)).status_code == 200
        assert resolver.lookups == ["rebind.test"]
        await app.state.service.registry.pool.aclose()  # the next call needs a new connection
        second = await http.post("/v1/generate", json=payload)
    assert second.status_code == 400 and second.json()["code"] == "base_url_refused"
    assert "10.0.0.9" in second.json()["message"]
    assert resolver.lookups == ["rebind.test", "rebind.test"]
    assert connects.refused == [] and set(connects.addresses) == {"127.0.0.1"}
    assert len(fake.requests) == 1


async def test_redirects_are_not_followed(
    client: httpx.AsyncClient,
    connects: ConnectRecorder,  # noqa: F811
) -> None:
    async def moved(_request: Request) -> Response:
        return RedirectResponse("http://169.254.169.254/latest/meta-data/", status_code=307)

    redirecting = Starlette(routes=[Route("/v1/chat/completions", moved, methods=["POST"])])
    with ThreadedServer(redirecting) as server:
        response = await client.post(
            "/v1/generate", json=body("openai_compatible", base_url=f"{server.url}/v1")
        )
    assert response.status_code == 502
    assert "307" in response.json()["message"]
    assert connects.refused == []


# --- provider error bodies: only a provider's error shape is passed on ------------------------
def _answering(status: int, payload: Any) -> Starlette:
    async def answer(_request: Request) -> Response:
        return JSONResponse(payload, status_code=status)

    return Starlette(routes=[Route("/v1/chat/completions", answer, methods=["POST"])])


@pytest.mark.parametrize(
    ("payload", "passed_on"),
    [
        ({"error": {"message": "model llama9 not found", "type": "invalid_request_error"}}, True),
        ({"object": "error", "message": "model llama9 not found", "type": "NotFoundError"}, True),
        ({"error": "model llama9 not found"}, True),  # Ollama's shape
        ({"message": "internal admin token: s3cr3t-value"}, False),
        ({"detail": "internal admin token: s3cr3t-value"}, False),
        (["internal admin token: s3cr3t-value"], False),
    ],
)
async def test_only_a_provider_shaped_error_body_is_passed_on(
    client: httpx.AsyncClient, payload: Any, passed_on: bool
) -> None:
    with ThreadedServer(_answering(404, payload)) as server:
        response = await client.post(
            "/v1/generate", json=body("openai_compatible", base_url=f"{server.url}/v1")
        )
    message = response.json()["message"]
    assert response.json()["code"] == "provider_not_found"
    if passed_on:
        assert "model llama9 not found" in message
    else:
        assert "s3cr3t" not in response.text and "HTTP 404" in message


# --- the API description is not public in production ------------------------------------------
@pytest.mark.parametrize("path", ["/openapi.json", "/docs", "/redoc"])
async def test_docs_need_the_service_token_in_production(app_with, path: str) -> None:
    async with http_client(app_with({"env": "production"}), headers=None) as anonymous:
        refused = await anonymous.get(path)
    assert refused.status_code == 401
    assert refused.json()["code"] == "unauthorized"
    async with http_client(app_with({"env": "production"}), headers=AUTH) as authorised:
        allowed = await authorised.get(path)
    assert allowed.status_code == 200
    if path == "/openapi.json":
        assert "/v1/generate" in allowed.json()["paths"]


async def test_docs_stay_open_in_development(app) -> None:
    async with http_client(app, headers=None) as anonymous:
        assert (await anonymous.get("/openapi.json")).status_code == 200
