"""The HTTP surface: auth, validation of every field, size cap, JSON errors, providers."""

from __future__ import annotations

import httpx
import pytest
from fastapi import FastAPI

from ai_planner.gateway.schemas import MAX_MESSAGE_CHARS
from tests.gateway.conftest import body, http_client


async def test_health_needs_no_token(app: FastAPI) -> None:
    async with http_client(app, headers=None) as anonymous:
        response = await anonymous.get("/v1/health")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"authorization": "Bearer wrong-token"},
        {"authorization": "Bearer test-service-token-but-longer"},
        {"authorization": "Basic dGVzdDp0ZXN0"},
        {"authorization": "test-service-token"},
        {"authorization": "Bearer "},
    ],
)
@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", "/v1/providers"), ("POST", "/v1/generate"), ("POST", "/v1/generate_stream"),
     ("POST", "/v1/models")],
)
async def test_every_route_but_health_needs_the_token(
    app: FastAPI, headers: dict[str, str], method: str, path: str
) -> None:
    async with http_client(app, headers=headers) as http:
        response = await http.request(method, path, json=body("demo"))
    assert response.status_code == 401
    assert response.json()["code"] == "unauthorized"
    assert "service token" in response.json()["message"]


async def test_wrong_token_is_401_even_with_an_invalid_body(app: FastAPI) -> None:
    async with http_client(app, headers=None) as http:
        response = await http.post("/v1/generate", json={"provider": "nope"})
    assert response.status_code == 401


async def test_empty_configured_token_refuses_everyone(app_with) -> None:
    app = app_with({"gateway_service_token": ""})
    async with http_client(app, headers={"authorization": "Bearer "}) as http:
        response = await http.post("/v1/generate", json=body("demo"))
    assert response.status_code == 401


@pytest.mark.parametrize(
    ("overrides", "field", "fragment"),
    [
        ({"provider": "cohere"}, "provider", "'anthropic'"),
        ({"provider": None}, "provider", ""),
        ({"messages": []}, "messages", "at least 1"),
        ({"messages": [{"role": "user", "content": ""}]}, "messages.0.content", "at least 1"),
        ({"messages": [{"role": "user", "content": "   "}]}, "messages.0.content", "blank"),
        ({"messages": [{"role": "robot", "content": "hi"}]}, "messages.0.role", "'user'"),
        ({"messages": [{"role": "system", "content": "hi"}]}, "messages", "user message"),
        ({"messages": [{"role": "assistant", "content": "hi"}]}, "messages", "user message"),
        ({"messages": "hello"}, "messages", "list"),
        ({"max_tokens": 0}, "max_tokens", "greater than 0"),
        ({"max_tokens": -5}, "max_tokens", "greater than 0"),
        ({"max_tokens": 10_000_000}, "max_tokens", "less than or equal"),
        ({"max_tokens": "many"}, "max_tokens", "integer"),
        ({"temperature": -0.1}, "temperature", "greater than or equal to 0"),
        ({"temperature": 2.01}, "temperature", "less than or equal to 2"),
        ({"temperature": "hot"}, "temperature", "number"),
        ({"model": ""}, "model", "at least 1"),
        ({"model": "a b"}, "model", "pattern"),
        ({"task_type": "poem"}, "task_type", "'lesson_plan'"),
        ({"base_url": "ftp://x"}, "base_url", "pattern"),
        ({"base_url": "http://a b"}, "base_url", "pattern"),
        ({"api_key": "k" * 501}, "api_key", "at most 500"),
        ({"surprise": 1}, "surprise", "not permitted"),
        ({"provider": "openai_compatible", "base_url": None}, "base_url", "openai_compatible"),
        (
            {"messages": [{"role": "user", "content": "x" * (MAX_MESSAGE_CHARS + 1)}]},
            "messages.0.content",
            "at most",
        ),
        (
            {"messages": [{"role": "user", "content": "x" * 90_000}] * 3},
            "messages",
            "total content",
        ),
        ({"messages": [{"role": "user", "content": "hi"}] * 101}, "messages", "at most 100"),
    ],
)
async def test_invalid_bodies_are_422_naming_the_field(
    client: httpx.AsyncClient, fake, overrides: dict, field: str, fragment: str
) -> None:
    payload = {**body("demo"), **overrides}
    if payload.get("provider") is None:
        payload.pop("provider")
    for path in ("/v1/generate", "/v1/generate_stream"):
        response = await client.post(path, json=payload)
        assert response.status_code == 422, response.text
        data = response.json()
        assert data["code"] == "validation_error"
        fields = [e["field"] for e in data["errors"]]
        assert field in fields, data
        assert fragment in data["message"]
        assert f"{field}:" in data["message"]
    assert fake.requests == []  # nothing reached a provider


async def test_not_json_is_422(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/v1/generate", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert response.status_code == 422
    assert response.json()["code"] == "validation_error"


async def test_body_over_the_cap_is_413(make_app) -> None:
    app = make_app(max_body_bytes=2048)
    async with http_client(app) as http:
        big = body("demo", messages=[{"role": "user", "content": "y" * 5000}])
        response = await http.post("/v1/generate", json=big)
        assert response.status_code == 413
        assert response.json()["code"] == "payload_too_large"

        async def chunks():  # no content-length: counted as it arrives
            yield b'{"provider": "demo", "messages": ['
            for _ in range(100):
                yield b'{"role": "user", "content": "' + b"z" * 100 + b'"},'

        response = await http.post(
            "/v1/generate", content=chunks(), headers={"content-type": "application/json"}
        )
        assert response.status_code == 413
        small = await http.post("/v1/generate", json=body("demo"))
        assert small.status_code == 200


async def test_unknown_route_and_method_are_json(client: httpx.AsyncClient) -> None:
    missing = await client.get("/v1/nothing")
    assert missing.status_code == 404
    assert missing.json()["code"] == "not_found"
    wrong = await client.get("/v1/generate")
    assert wrong.status_code == 405
    assert wrong.json()["code"] == "method_not_allowed"


async def test_providers_lists_the_four(client: httpx.AsyncClient, fake) -> None:
    response = await client.get("/v1/providers")
    assert response.status_code == 200
    providers = {p["name"]: p for p in response.json()["providers"]}
    assert set(providers) == {"anthropic", "openai", "openai_compatible", "demo"}
    assert providers["demo"]["models"] == ["demo-planner"]
    assert providers["demo"]["requires_api_key"] is False
    assert providers["openai_compatible"]["requires_base_url"] is True
    assert providers["anthropic"]["default_base_url"] == fake.anthropic_base_url
    assert providers["anthropic"]["has_gateway_key"] is False


def test_openapi_schema_documents_the_routes(app: FastAPI) -> None:
    schema = app.openapi()
    assert set(schema["paths"]) == {
        "/v1/health",
        "/v1/providers",
        "/v1/generate",
        "/v1/generate_stream",
        "/v1/models",
    }
    request = schema["components"]["schemas"]["GenerateRequest"]
    assert request["properties"]["temperature"]["maximum"] == 2.0
    assert "HTTPBearer" in schema["components"]["securitySchemes"]


async def test_models_lists_the_demo_without_a_key(app: FastAPI) -> None:
    async with http_client(app) as http:
        response = await http.post("/v1/models", json={"provider": "demo", "model": "demo"})
    assert response.status_code == 200
    assert response.json() == {"provider": "demo", "models": ["demo-planner"], "probed": False}


async def test_models_refuses_a_request_that_is_not_a_model_list(app: FastAPI) -> None:
    async with http_client(app) as http:
        response = await http.post("/v1/models", json={
            "provider": "demo", "model": "demo", "max_tokens": 4000,
            "messages": [{"role": "user", "content": "write an essay"}]})
    assert response.status_code == 422
