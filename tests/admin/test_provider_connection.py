"""'Test connection' through the gateway, against the fake provider on 127.0.0.1: the answer
in plain words for each failure, and the key never in it."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Callable

import pytest
from sqlmodel import Session

from ai_planner.db import session_scope
from ai_planner.errors import NotAllowed, NotFound
from ai_planner.gateway.providers import http as provider_http
from ai_planner.repositories import ai_provider_configs as configs
from ai_planner.services import provider_connection
from ai_planner.services.provider_connection import ConnectionResult
from tests.factories import World
from tests.fakes.provider_server import Behaviour, FakeProviderServer

KEY = "sk-test-connection-0123456789-f3a9"


def new_config(world: World, provider: str, base_url: str | None, key: str | None = KEY,
               model: str = "fake-large") -> int:
    data = {"provider_name": provider, "display_name": f"{provider} test",
            "default_model": model, "api_key": key, "base_url": base_url}
    with session_scope() as db:
        return configs.create(db, actor=world.maple.actor("admin"), data=data).id or 0


def run_test(world: World, config_id: int, who: str = "admin") -> ConnectionResult:
    with session_scope() as db:
        target = provider_connection.connection_target(
            db, actor=world.maple.actor(who), config_id=config_id)
    assert KEY not in repr(target)
    return asyncio.run(provider_connection.check_connection(target))


def test_openai_compatible_lists_the_models_with_the_stored_key(
        world: World, gateway_on_fake: FakeProviderServer) -> None:
    config_id = new_config(world, "openai_compatible", gateway_on_fake.openai_base_url)
    result = run_test(world, config_id)
    assert result.ok and result.message == "Connected — 3 models"
    assert result.models == ["fake-large", "fake-small", "fake-mini"]
    request = gateway_on_fake.requests[-1]
    assert (request.path, request.api_key) == ("/v1/models", KEY)


def test_anthropic_lists_with_its_own_headers(world: World,
                                              gateway_on_fake: FakeProviderServer) -> None:
    gateway_on_fake.models = ["claude-fake"]
    config_id = new_config(world, "anthropic", gateway_on_fake.anthropic_base_url)
    result = run_test(world, config_id)
    assert (result.ok, result.message, result.models) == (True, "Connected — 1 model",
                                                          ["claude-fake"])
    headers = gateway_on_fake.requests[-1].headers
    assert headers["x-api-key"] == KEY and headers["anthropic-version"]


def test_a_server_without_a_model_list_gets_a_one_token_call(
        world: World, gateway_on_fake: FakeProviderServer) -> None:
    gateway_on_fake.script(Behaviour.error(404))
    config_id = new_config(world, "openai_compatible", gateway_on_fake.openai_base_url)
    result = run_test(world, config_id)
    assert result.ok and "does not list its models" in result.message
    probe = gateway_on_fake.requests[-1]
    assert probe.path == "/v1/chat/completions" and probe.body["max_tokens"] == 1


def test_a_wrong_key_is_said_plainly_and_never_echoed(
        world: World, gateway_on_fake: FakeProviderServer) -> None:
    gateway_on_fake.script(Behaviour.error(401, message="Incorrect API key provided: {api_key}"))
    config_id = new_config(world, "openai_compatible", gateway_on_fake.openai_base_url)
    result = run_test(world, config_id)
    assert not result.ok
    assert result.message.startswith("The provider rejected the API key")
    assert KEY not in result.message and KEY[-6:] not in result.message


def test_a_slow_provider_times_out(world: World, gateway_on_fake: FakeProviderServer,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(provider_http, "MODELS_TIMEOUT", 0.3)
    gateway_on_fake.script(Behaviour.slow(2.0))
    config_id = new_config(world, "openai_compatible", gateway_on_fake.openai_base_url)
    result = run_test(world, config_id)
    assert not result.ok and "did not answer within 10 seconds" in result.message


def _refuse_resolution(monkeypatch: pytest.MonkeyPatch, host: str) -> None:
    real: Callable[..., object] = socket.getaddrinfo

    def fake_getaddrinfo(name: object, *args: object, **kwargs: object) -> object:
        if name == host:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return real(name, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", fake_getaddrinfo)


def test_an_unknown_host_is_said_plainly(world: World, gateway_on_fake: FakeProviderServer,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    _refuse_resolution(monkeypatch, "models.school-lab.test")
    config_id = new_config(world, "openai_compatible", "http://models.school-lab.test/v1")
    result = run_test(world, config_id)
    assert not result.ok and "the host name is unknown" in result.message


def test_tls_failure_is_said_plainly(world: World, gateway_on_fake: FakeProviderServer) -> None:
    # The fake speaks plain HTTP: an https URL to it fails in the TLS handshake.
    config_id = new_config(world, "openai_compatible",
                           f"https://127.0.0.1:{gateway_on_fake.port}/v1")
    result = run_test(world, config_id)
    assert not result.ok and "secure (TLS) connection failed" in result.message


def test_only_this_tenants_admins_may_test(world: World, session: Session) -> None:
    for who in ("lead", "teacher"):
        with pytest.raises(NotAllowed), session_scope() as db:
            provider_connection.connection_target(db, actor=world.maple.actor(who),
                                                  config_id=world.maple.config.id)
    with pytest.raises(NotFound), session_scope() as db:
        provider_connection.connection_target(db, actor=world.cedar.actor("admin"),
                                              config_id=world.maple.config.id)
