"""Pytest fixtures around the fake provider, for any test directory.

Import them into a conftest.py:

    from tests.fakes.fixtures import (  # noqa: F401
        fake_provider, fake_provider_session, gateway_on_fake,
    )

``gateway_on_fake`` points the process's in-process gateway (what
``get_gateway_client()`` reaches) at the fake: Anthropic and OpenAI calls land there, with no
retry delays worth waiting for. Script it with ``fake.script(Behaviour.error(429), ...)``.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from ai_planner.settings import reset_settings_cache
from tests.fakes.provider_server import FakeProviderServer


@pytest.fixture(scope="session")
def fake_provider_session() -> Iterator[FakeProviderServer]:
    with FakeProviderServer() as server:
        yield server


@pytest.fixture
def fake_provider(fake_provider_session: FakeProviderServer) -> Iterator[FakeProviderServer]:
    """The run's fake provider, with an empty script and no recorded requests. A request the
    strict checks refused (one the real API would refuse too) fails the test at teardown:
    an error status scripted by the test must not be confused with one the gateway earned."""
    fake_provider_session.reset()
    yield fake_provider_session
    refused = [f"{r.path}: {r.refused}" for r in fake_provider_session.requests if r.refused]
    assert not refused, f"the fake provider refused what the real API would: {refused}"


@pytest.fixture
def gateway_on_fake(
    fake_provider: FakeProviderServer, monkeypatch: pytest.MonkeyPatch
) -> Iterator[FakeProviderServer]:
    monkeypatch.delenv("AI_GATEWAY_URL", raising=False)
    monkeypatch.setenv("ANTHROPIC_BASE_URL", fake_provider.anthropic_base_url)
    monkeypatch.setenv("OPENAI_BASE_URL", fake_provider.openai_base_url)
    monkeypatch.setenv("AI_PROVIDER_RETRY_AFTER_CAP", "1")
    monkeypatch.setenv("AI_PROVIDER_READ_TIMEOUT", "10")
    reset_settings_cache()  # the shared gateway app and client are rebuilt for these settings
    yield fake_provider
    monkeypatch.undo()
    reset_settings_cache()
