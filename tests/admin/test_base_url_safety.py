"""A tenant admin's base URL makes our server open connections: the provider form uses the
one outbound rule (``ai_planner.outbound``), a refused URL is a form error saying why, and
nothing is stored or connected to. Name resolution is patched; no test leaves 127.0.0.1."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Callable

import pytest
from sqlmodel import Session, select

from ai_planner.db import session_scope
from ai_planner.errors import ValidationFailed
from ai_planner.models import AiProviderConfig
from ai_planner.repositories import ai_provider_configs as configs
from ai_planner.services import provider_connection
from ai_planner.settings import reset_settings_cache
from tests.factories import World
from tests.fakes.provider_server import FakeProviderServer


def create(world: World, base_url: str, provider: str = "openai_compatible",
           **extra: object) -> AiProviderConfig:
    with session_scope() as db:
        return configs.create(db, actor=world.maple.actor("admin"), data={
            "provider_name": provider, "display_name": "Lab", "default_model": "m",
            "api_key": "sk-lab-0123456789", "base_url": base_url, **extra})


def stored_names(session: Session) -> list[str]:
    session.expire_all()
    return [c.display_name for c in session.exec(select(AiProviderConfig)).all()]


@pytest.mark.parametrize("url,reason", [
    ("http://169.254.169.254/v1", "cloud metadata service"),
    ("http://metadata.google.internal/v1", "cloud metadata service"),
    ("http://[fd00:ec2::254]/v1", "cloud metadata service"),
    ("https://api.openai.com@169.254.169.254/v1", "must not contain a user name or password"),
    ("http://2130706433/v1", "written as a number in an unusual form"),
    ("http://0x7f000001/v1", "written as a number in an unusual form"),
    ("http://127.1/v1", "written as a number in an unusual form"),
    ("http://169.254.10.1/v1", "link-local"),
    ("http://224.0.0.1/v1", "multicast"),
    ("http://0.0.0.0/v1", "unspecified"),
    ("http://10.1.2.3/v1", "private network address"),
    ("ftp://models.example/v1", "must start with https://"),
])
def test_refused_base_urls_are_form_errors_saying_why(world: World, session: Session,
                                                      url: str, reason: str) -> None:
    before = stored_names(session)
    with pytest.raises(ValidationFailed) as error:
        create(world, url, display_name="")
    assert set(error.value.errors) == {"base_url", "display_name"}  # reported together
    assert reason in error.value.errors["base_url"]
    assert stored_names(session) == before
    with pytest.raises(ValidationFailed) as on_update:
        configs.update(session, actor=world.maple.actor("admin"),
                       config_id=world.maple.config.id, data={"base_url": url})
    assert reason in on_update.value.errors["base_url"]


def test_a_base_url_in_settings_is_checked_the_same_way(world: World) -> None:
    with pytest.raises(ValidationFailed) as error:
        create(world, "", settings={"base_url": "http://169.254.169.254/"})
    assert "cloud metadata service" in error.value.errors["base_url"]


def test_private_hosts_only_when_the_operator_lists_them(
        world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AI_PROVIDER_ALLOWED_HOSTS", "10.1.2.0/24")
    reset_settings_cache()
    try:
        assert create(world, "http://10.1.2.3/v1/").settings == {"base_url": "http://10.1.2.3/v1"}
    finally:
        monkeypatch.undo()
        reset_settings_cache()


def test_loopback_is_allowed_in_test_and_development(world: World) -> None:
    assert create(world, "http://127.0.0.1:8080/v1").settings["base_url"] == \
        "http://127.0.0.1:8080/v1"


@pytest.mark.parametrize("settings", [
    {"headers": {"Authorization": "Bearer abcdefgh12345"}},
    {"x-api-key": "abc"},
    {"extra": "sk-abcdefghijklmnop"},
])
def test_settings_may_not_hold_secrets(world: World, settings: dict) -> None:
    with pytest.raises(ValidationFailed) as error:
        create(world, "http://127.0.0.1:8080/v1", settings=settings)
    assert "stored unencrypted" in error.value.errors["settings"]


def test_a_custom_base_url_needs_its_own_key(world: World) -> None:
    with pytest.raises(ValidationFailed) as error:
        create(world, "http://127.0.0.1:8080/v1", provider="openai", api_key="")
    assert "the server's own key" in error.value.errors["api_key"]


def test_a_name_resolving_to_metadata_is_refused_before_connecting(
        world: World, gateway_on_fake: FakeProviderServer,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Saved (the URL as written is fine), but the connection is refused after resolution."""
    config = create(world, "http://models.lab.test/v1")
    real: Callable[..., object] = socket.getaddrinfo
    connections: list[object] = []

    def resolve(host: object, port: object, *args: object, **kwargs: object) -> object:
        if host == "models.lab.test":
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("169.254.169.254", port))]
        return real(host, port, *args, **kwargs)

    def no_connection(*args: object, **kwargs: object) -> object:  # pragma: no cover
        connections.append(args)
        raise AssertionError("the product tried to connect")

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    monkeypatch.setattr(socket, "create_connection", no_connection)
    with session_scope() as db:
        target = provider_connection.connection_target(
            db, actor=world.maple.actor("admin"), config_id=config.id)
    result = asyncio.run(provider_connection.check_connection(target))
    assert not result.ok and "cloud metadata service" in result.message
    assert connections == [] and gateway_on_fake.requests == []
