"""Gateway fixtures: the fake provider server (one per run, reset per test), settings that
point the providers at it, and gateway apps with fast retries."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from ai_planner.gateway.app import create_gateway_app
from ai_planner.gateway.asgi_transport import StreamingASGITransport
from ai_planner.gateway.resilience import RetryPolicy
from ai_planner.settings import Settings
from tests.fakes.fixtures import (  # noqa: F401  (fixtures for this directory)
    fake_provider,
    fake_provider_session,
    gateway_on_fake,
)
from tests.fakes.provider_server import FakeProviderServer

TOKEN = "test-service-token"  # what tests/conftest.py puts in AI_GATEWAY_SERVICE_TOKEN
AUTH = {"authorization": f"Bearer {TOKEN}"}
FAST_RETRY = RetryPolicy(max_retries=2, base_delay=0.001, max_delay=0.01, retry_after_cap=1.0)


@pytest.fixture
def fake(fake_provider: FakeProviderServer) -> FakeProviderServer:  # noqa: F811
    """The fake provider with an empty script and no recorded requests."""
    return fake_provider


@pytest.fixture
def gateway_settings(fake: FakeProviderServer) -> Settings:
    return Settings(
        ANTHROPIC_BASE_URL=fake.anthropic_base_url,
        OPENAI_BASE_URL=fake.openai_base_url,
        AI_GATEWAY_SERVICE_TOKEN=TOKEN,
        AI_PROVIDER_CONNECT_TIMEOUT=2,
        AI_PROVIDER_READ_TIMEOUT=5,
    )


@pytest.fixture
def make_app(gateway_settings: Settings) -> Callable[..., FastAPI]:
    def build(settings: Settings | None = None, **kwargs: Any) -> FastAPI:
        kwargs.setdefault("retry", FAST_RETRY)
        return create_gateway_app(settings or gateway_settings, **kwargs)

    return build


@pytest.fixture
def app_with(
    make_app: Callable[..., FastAPI], gateway_settings: Settings
) -> Callable[[dict[str, Any]], FastAPI]:
    """A gateway app on the test settings with some of them changed."""

    def build(updates: dict[str, Any]) -> FastAPI:
        return make_app(gateway_settings.model_copy(update=updates))

    return build


@pytest.fixture
def app(make_app: Callable[..., FastAPI]) -> FastAPI:
    return make_app()


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client on the gateway app (in-process, streaming), with the service token."""
    async with httpx.AsyncClient(
        transport=StreamingASGITransport(app), base_url="http://gateway", headers=AUTH
    ) as http:
        yield http


def http_client(app: FastAPI, headers: dict[str, str] | None = AUTH) -> httpx.AsyncClient:
    """A client on ``app`` through httpx's own (buffering) ASGI transport, with the service
    token unless ``headers`` says otherwise (``None``: anonymous)."""
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app), base_url="http://gateway", headers=headers
    )


def body(provider: str = "anthropic", **overrides: Any) -> dict[str, Any]:
    """A valid /v1/generate body; keys are the fake's, never real ones."""
    base: dict[str, Any] = {
        "provider": provider,
        "model": {"anthropic": "claude-test", "demo": "demo-planner"}.get(provider, "gpt-test"),
        "messages": [{"role": "user", "content": "Plan a lesson on fractions for grade 4"}],
        "task_type": "lesson_plan",
        "max_tokens": 300,
        "temperature": 0.5,
    }
    if provider in ("anthropic", "openai"):
        base["api_key"] = f"sk-test-{provider}-key-0123456789"
    if provider == "openai_compatible":
        base["base_url"] = "http://127.0.0.1:9/v1"
    base.update(overrides)
    return base


def parse_sse(text: str) -> list[tuple[str, dict[str, Any]]]:
    import json

    events = []
    for block in text.strip().split("\n\n"):
        if not block.strip():
            continue
        name, data = "message", ""
        for line in block.splitlines():
            if line.startswith("event:"):
                name = line[6:].strip()
            elif line.startswith("data:"):
                data += line[5:].strip()
        events.append((name, json.loads(data)))
    return events
