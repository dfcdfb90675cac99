"""Settings: production refuses missing or placeholder values, development fills in safely."""

from __future__ import annotations

import base64
import logging
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from ai_planner.settings import (
    ANTHROPIC_DEFAULT_BASE_URL,
    SettingsError,
    get_settings,
    parse_encryption_keys,
    reset_settings_cache,
)


def b64(fill: bytes, length: int = 32) -> str:
    return base64.b64encode(fill * length).decode()


GOOD_KEYS = f"k2:{b64(b'2')},k1:{b64(b'1')}"
STRONG_TOKEN = "Xq7-9fTz_kP2mLw8vR4sN1bY6cJ0dHgE"


@pytest.fixture(autouse=True)
def _fresh_settings() -> Iterator[None]:
    reset_settings_cache()
    yield
    reset_settings_cache()  # the next test sees conftest's environment again


@pytest.fixture
def production(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    monkeypatch.setenv("AI_PLANNER_ENV", "production")
    monkeypatch.setenv("DATABASE_URL", "postgresql://planner@db.internal/planner")
    monkeypatch.setenv("AI_PLANNER_ENCRYPTION_KEYS", GOOD_KEYS)
    monkeypatch.setenv("AI_GATEWAY_SERVICE_TOKEN", STRONG_TOKEN)
    return monkeypatch


@pytest.fixture
def development(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Development mode with nothing configured and an empty instance folder."""
    instance = tmp_path / "instance"
    monkeypatch.setenv("AI_PLANNER_ENV", "development")
    monkeypatch.setenv("AI_PLANNER_INSTANCE_DIR", str(instance))
    for name in ("DATABASE_URL", "AI_PLANNER_ENCRYPTION_KEYS", "AI_GATEWAY_SERVICE_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    return instance


def test_production_with_everything_set_starts(production: pytest.MonkeyPatch,
                                               tmp_path: Path) -> None:
    production.setenv("AI_PLANNER_INSTANCE_DIR", str(tmp_path))
    settings = get_settings()
    assert settings.is_production
    assert settings.database_url == "postgresql://planner@db.internal/planner"
    assert [key_id for key_id, _ in settings.encryption_key_ring] == ["k2", "k1"]
    assert settings.gateway_service_token.get_secret_value() == STRONG_TOKEN
    assert not (tmp_path / "encryption_keys").exists()  # production never generates a key


@pytest.mark.parametrize(
    "variable", ["DATABASE_URL", "AI_PLANNER_ENCRYPTION_KEYS", "AI_GATEWAY_SERVICE_TOKEN"]
)
@pytest.mark.parametrize("value", [None, "", "   ", "changeme", "CHANGEME", "placeholder"])
def test_production_refuses_a_missing_or_placeholder_value(
    production: pytest.MonkeyPatch, variable: str, value: str | None
) -> None:
    if value is None:
        production.delenv(variable)
    else:
        production.setenv(variable, value)
    with pytest.raises(SettingsError, match=variable) as raised:
        get_settings()
    assert "production" in str(raised.value)


@pytest.mark.parametrize("variable", ["ANTHROPIC_API_KEY", "OPENAI_API_KEY"])
def test_production_refuses_a_placeholder_provider_key(
    production: pytest.MonkeyPatch, variable: str
) -> None:
    production.setenv(variable, "changeme")
    with pytest.raises(SettingsError, match=variable):
        get_settings()
    production.delenv(variable)  # unset is fine: provider keys are optional
    reset_settings_cache()
    assert get_settings().is_production


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        ("just-a-key", "must look like 'key_id:base64key'"),
        (f":{b64(b'1')}", "must look like 'key_id:base64key'"),
        ("k1:not base64!!", "key 'k1' is not valid base64"),
        (f"k1:{b64(b'1', 16)}", "key 'k1' must decode to 32 bytes (AES-256), got 16"),
        (f"k1:{b64(b'1')},k1:{b64(b'2')}", "key id 'k1' appears twice"),
        (" , ,", "no key given"),
    ],
)
def test_bad_encryption_keys_are_refused(
    monkeypatch: pytest.MonkeyPatch, raw: str, fragment: str
) -> None:
    with pytest.raises(SettingsError, match="AI_PLANNER_ENCRYPTION_KEYS") as raised:
        parse_encryption_keys(raw)
    assert fragment in str(raised.value)
    monkeypatch.setenv("AI_PLANNER_ENCRYPTION_KEYS", raw)
    with pytest.raises(SettingsError, match="AI_PLANNER_ENCRYPTION_KEYS"):
        get_settings()


def test_keys_parse_in_order_with_spaces() -> None:
    ring = parse_encryption_keys(f" new:{b64(b'n')} , old:{b64(b'o')} ,")
    assert ring == [("new", b"n" * 32), ("old", b"o" * 32)]


def test_development_generates_the_key_once_and_reuses_it(
    development: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="ai_planner.settings"):
        first = get_settings()
    key_file = development / "encryption_keys"
    assert key_file.exists()
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert "AI_PLANNER_ENCRYPTION_KEYS is not set" in caplog.text
    ring = first.encryption_key_ring
    assert len(ring) == 1 and len(ring[0][1]) == 32
    assert ring[0][1] not in caplog.text.encode()  # the key itself is never logged
    assert first.database_url == f"sqlite:///{development / 'ai_planner.db'}"
    assert len(first.gateway_service_token) >= 32

    caplog.clear()
    reset_settings_cache()
    with caplog.at_level(logging.WARNING, logger="ai_planner.settings"):
        second = get_settings()
    assert second.encryption_key_ring == ring  # same key: old secrets stay readable
    assert "generated" not in caplog.text
    assert key_file.read_text().strip() == second.encryption_keys


def test_development_names_a_damaged_key_file(development: Path) -> None:
    development.mkdir(parents=True)
    (development / "encryption_keys").write_text("dev1:garbage!!\n")
    with pytest.raises(SettingsError) as raised:
        get_settings()
    assert "encryption_keys" in str(raised.value)
    assert "fix or delete that file" in str(raised.value)


def test_development_uses_configured_values_as_given(
    development: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AI_PLANNER_ENCRYPTION_KEYS", GOOD_KEYS)
    monkeypatch.setenv("DATABASE_URL", "sqlite:///elsewhere.db")
    settings = get_settings()
    assert settings.database_url == "sqlite:///elsewhere.db"
    assert settings.encryption_keys == GOOD_KEYS
    assert not (development / "encryption_keys").exists()


def test_invalid_values_name_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AI_PLANNER_ENV", "prod")
    with pytest.raises(SettingsError, match="AI_PLANNER_ENV"):
        get_settings()
    monkeypatch.setenv("AI_PLANNER_ENV", "test")
    monkeypatch.setenv("AI_PROVIDER_READ_TIMEOUT", "-5")
    reset_settings_cache()
    with pytest.raises(SettingsError, match="AI_PROVIDER_READ_TIMEOUT"):
        get_settings()


def test_provider_base_urls(monkeypatch: pytest.MonkeyPatch) -> None:
    assert get_settings().anthropic_base_url == ANTHROPIC_DEFAULT_BASE_URL
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9999/v1/")
    monkeypatch.setenv("AI_GATEWAY_URL", "http://gateway.internal:8100/")
    reset_settings_cache()
    settings = get_settings()
    assert settings.openai_base_url == "http://127.0.0.1:9999/v1"
    assert settings.gateway_url == "http://gateway.internal:8100"


def test_secrets_are_not_in_the_repr(production: pytest.MonkeyPatch) -> None:
    production.setenv("OPENAI_API_KEY", "sk-very-secret-openai-key")
    production.setenv("DATABASE_URL", "postgresql://planner:db-password@db.internal/planner")
    settings = get_settings()
    shown = repr(settings) + str(settings)
    for secret in ("sk-very-secret", "db-password", b64(b"2"), STRONG_TOKEN):
        assert secret not in shown
    assert "production" in shown


@pytest.mark.parametrize("token", [
    "short-but-random-3fT",  # under 32 characters
    "a" * 40,  # long but not random
    "my-gateway-service-token-for-production",  # a known word
    "changeme-changeme-changeme-changeme",
])
def test_production_refuses_a_weak_service_token(production: pytest.MonkeyPatch,
                                                 token: str) -> None:
    production.setenv("AI_GATEWAY_SERVICE_TOKEN", token)
    with pytest.raises(SettingsError, match="AI_GATEWAY_SERVICE_TOKEN"):
        get_settings()


def test_production_refuses_sqlite_unless_allowed(production: pytest.MonkeyPatch,
                                                  tmp_path: Path) -> None:
    production.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'prod.db'}")
    with pytest.raises(SettingsError, match="AI_PLANNER_ALLOW_SQLITE"):
        get_settings()
    production.setenv("AI_PLANNER_ALLOW_SQLITE", "1")
    reset_settings_cache()
    assert get_settings().database_url.startswith("sqlite")


@pytest.mark.parametrize(("url", "ok"), [
    ("https://gateway.internal", True),
    ("http://127.0.0.1:8100", True),
    ("http://localhost:8100", True),
    ("http://gateway.internal:8100", False),
    ("ftp://gateway.internal", False),
])
def test_production_gateway_url_is_https_unless_loopback(production: pytest.MonkeyPatch,
                                                         url: str, ok: bool) -> None:
    production.setenv("AI_GATEWAY_URL", url)
    if ok:
        assert get_settings().gateway_url == url
    else:
        with pytest.raises(SettingsError, match="AI_GATEWAY_URL"):
            get_settings()


@pytest.mark.parametrize("hours", ["0", "0.5", "169", "10000"])
def test_session_hours_are_bounded(monkeypatch: pytest.MonkeyPatch, hours: str) -> None:
    monkeypatch.setenv("AI_PLANNER_SESSION_HOURS", hours)
    with pytest.raises(SettingsError, match="AI_PLANNER_SESSION_HOURS"):
        get_settings()


def test_redis_url_password_is_not_in_the_repr(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REDIS_URL", "redis://:redis-password@127.0.0.1:6379/0")
    assert "redis-password" not in repr(get_settings())
