"""The ai-planner console script, driven through typer's CliRunner against the test database."""

from __future__ import annotations

import base64
from typing import Any

import pytest
from sqlmodel import Session, select
from typer.testing import CliRunner

from ai_planner.cli import app
from ai_planner.models import AiProviderConfig, Tenant, User
from ai_planner.services.crypto import KeyRing, decrypt_secret, encrypt_secret, key_id_of
from ai_planner.services.passwords import verify_password
from ai_planner.settings import get_settings, reset_settings_cache
from tests.factories import World, make_provider_config
from tests.test_demo_seed import snapshot

runner = CliRunner()


def invoke(*args: str, **kwargs: Any) -> Any:
    return runner.invoke(app, list(args), catch_exceptions=False, **kwargs)


def assert_clean_failure(result: Any, fragment: str) -> None:
    assert result.exit_code == 1, result.output
    assert fragment in result.stderr
    assert "Traceback" not in result.output


# --- seed-demo -------------------------------------------------------------------------------

def test_seed_demo_twice_gives_the_same_data(session: Session) -> None:
    first = invoke("seed-demo")
    assert first.exit_code == 0, first.output
    assert "users 6" in first.stdout
    after_one = snapshot(session)

    second = invoke("seed-demo")
    assert second.exit_code == 0, second.output
    assert "0 row(s) created" in second.stdout
    assert snapshot(session) == after_one
    assert len(after_one["tenants"]) == 2
    assert len(after_one["lessons"]) >= 12


def test_seed_demo_refuses_production(session: Session, monkeypatch: pytest.MonkeyPatch
                                      ) -> None:
    monkeypatch.setenv("AI_PLANNER_ENV", "production")
    monkeypatch.setenv("DATABASE_URL", "postgresql://planner@127.0.0.1/planner")
    monkeypatch.setenv("AI_GATEWAY_SERVICE_TOKEN", "Xq7-9fTz_kP2mLw8vR4sN1bY6cJ0dHgE")
    reset_settings_cache()
    try:
        result = invoke("seed-demo")
        assert_clean_failure(result, "does not run in production")
    finally:
        monkeypatch.undo()
        reset_settings_cache()
    assert session.exec(select(User)).all() == []


def test_seed_demo_scale_adds_units_with_lessons(session: Session) -> None:
    from ai_planner.models import Lesson, Unit

    result = invoke("seed-demo", "--scale", "30")
    assert result.exit_code == 0, result.output
    assert "added 62 units" in result.stdout
    units = session.exec(select(Unit)).all()
    assert len(units) == 7 + 62  # the demo units, then 30 + the 200-lesson unit per tenant
    big = [u for u in units if "200 lessons" in u.title]
    assert len(big) == 2
    positions = sorted(lesson.position for lesson in session.exec(
        select(Lesson).where(Lesson.unit_id == big[0].id)).all())
    assert positions == list(range(1, 201))


# --- create-user -----------------------------------------------------------------------------

CREATE = ("create-user", "--tenant", "maple", "--email", "New.Teacher@Maple.test",
          "--role", "teacher", "--name", "Priya Shah")


def test_create_user_with_password_from_the_environment(
    session: Session, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AI_PLANNER_PASSWORD", "correct horse battery")
    result = invoke(*CREATE)
    assert result.exit_code == 0, result.output
    assert "new.teacher@maple.test" in result.stdout
    assert "correct horse" not in result.output

    user = session.exec(select(User).where(User.email == "new.teacher@maple.test")).one()
    assert user.tenant_id == world.maple.tenant.id
    assert (user.role, user.name, user.active) == ("teacher", "Priya Shah", True)
    assert "correct horse" not in user.password_hash
    assert verify_password("correct horse battery", user.password_hash)[0]


def test_create_user_with_a_prompted_password(
    session: Session, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("AI_PLANNER_PASSWORD", raising=False)
    result = invoke(*CREATE, input="s3cret-passphrase\ns3cret-passphrase\n")
    assert result.exit_code == 0, result.output
    assert "s3cret-passphrase" not in result.output  # hidden input is not echoed
    user = session.exec(select(User).where(User.email == "new.teacher@maple.test")).one()
    assert verify_password("s3cret-passphrase", user.password_hash)[0]


def test_create_user_prompt_must_be_confirmed(
    session: Session, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("AI_PLANNER_PASSWORD", raising=False)
    result = invoke(*CREATE, input="first-passphrase\nother-passphrase\n")
    assert result.exit_code != 0
    assert "do not match" in result.output.lower()
    assert session.exec(select(User).where(User.email == "new.teacher@maple.test")).all() == []


@pytest.mark.parametrize(
    ("override", "password", "fragment"),
    [
        ({"--tenant": "nowhere"}, "long-enough-pw", "No tenant has the slug 'nowhere'"),
        ({"--role": "superuser"}, "long-enough-pw", "Role must be one of"),
        ({"--email": "not-an-email"}, "long-enough-pw", "is not an email address"),
        ({"--name": "   "}, "long-enough-pw", "Name can't be blank"),
        ({}, "short", "at least 8 characters"),
        ({"--email": "teacher@maple.test"}, "long-enough-pw", "already exists in 'maple'"),
    ],
)
def test_create_user_rejects_bad_input(
    session: Session, world: World, monkeypatch: pytest.MonkeyPatch,
    override: dict[str, str], password: str, fragment: str,
) -> None:
    monkeypatch.setenv("AI_PLANNER_PASSWORD", password)
    args = list(CREATE)
    for option, value in override.items():
        args[args.index(option) + 1] = value
    before = snapshot(session)["users"]
    result = invoke(*args)
    assert_clean_failure(result, fragment)
    assert password not in result.output
    assert snapshot(session)["users"] == before


def test_create_user_checks_the_details_before_asking_for_a_password(
    session: Session, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("AI_PLANNER_PASSWORD", raising=False)
    args = [*CREATE]
    args[args.index("--role") + 1] = "principal"
    result = invoke(*args, input="")
    assert_clean_failure(result, "Role must be one of")
    assert "Password" not in result.output


def test_create_user_same_email_in_another_tenant_is_fine(
    session: Session, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AI_PLANNER_PASSWORD", "long-enough-pw")
    result = invoke("create-user", "--tenant", "cedar", "--email", "teacher2@maple.test",
                    "--role", "curriculum_lead", "--name", "Ana Lima")
    assert result.exit_code == 0, result.output
    user = session.exec(
        select(User).where(User.email == "teacher2@maple.test",
                           User.tenant_id == world.cedar.tenant.id)
    ).one()
    assert user.role == "curriculum_lead"


def test_create_user_requires_all_options() -> None:
    result = runner.invoke(app, ["create-user", "--tenant", "maple"])
    assert result.exit_code == 2
    assert "Missing option" in result.output


def test_create_tenant(session: Session) -> None:
    result = invoke("create-tenant", "--slug", "oak", "--name", "Oak Valley Schools")
    assert result.exit_code == 0, result.output
    assert session.exec(select(Tenant).where(Tenant.slug == "oak")).one().name == (
        "Oak Valley Schools"
    )
    again = invoke("create-tenant", "--slug", "oak", "--name", "Oak Valley Schools")
    assert_clean_failure(again, "already exists")
    bad = invoke("create-tenant", "--slug", "Bad Slug!", "--name", "X")
    assert_clean_failure(bad, "Slug must be")


# --- rotate-key ------------------------------------------------------------------------------

def _key(fill: bytes) -> str:
    return base64.b64encode(fill * 32).decode()


OLD = ("old", b"o")
NEW = ("new", b"n")


def _use_keys(monkeypatch: pytest.MonkeyPatch, *keys: tuple[str, bytes]) -> None:
    monkeypatch.setenv(
        "AI_PLANNER_ENCRYPTION_KEYS", ",".join(f"{kid}:{_key(fill)}" for kid, fill in keys)
    )
    reset_settings_cache()


@pytest.fixture
def restore_settings() -> Any:
    yield
    reset_settings_cache()


def _store_key(session: Session, config: AiProviderConfig, plaintext: str, ring: KeyRing) -> None:
    assert config.id is not None
    config.api_key = encrypt_secret(plaintext, table="ai_provider_configs", column="api_key",
                                    row_id=config.id, keyring=ring)
    session.add(config)
    session.commit()


def test_rotate_key_reencrypts_with_the_newest_key(
    session: Session, world: World, monkeypatch: pytest.MonkeyPatch, restore_settings: None
) -> None:
    old_ring = KeyRing.of([(OLD[0], OLD[1] * 32)])
    openai = make_provider_config(session, world.cedar.admin, "openai", default_model="gpt-4o")
    _store_key(session, world.maple.config, "sk-maple-secret-1234", old_ring)
    _store_key(session, openai, "sk-cedar-secret-9876", old_ring)

    _use_keys(monkeypatch, NEW, OLD)
    result = invoke("rotate-key")
    assert result.exit_code == 0, result.output
    assert "re-encrypted 2 with key 'new'" in result.stdout
    assert "sk-" not in result.output

    ring = KeyRing.from_settings()
    for config, plain in ((world.maple.config, "sk-maple-secret-1234"),
                          (openai, "sk-cedar-secret-9876")):
        session.refresh(config)
        assert config.api_key is not None
        assert key_id_of(config.api_key) == "new"
        assert plain not in config.api_key
        assert decrypt_secret(config.api_key, table="ai_provider_configs", column="api_key",
                              row_id=config.id, keyring=ring) == plain  # type: ignore[arg-type]

    again = invoke("rotate-key")
    assert again.exit_code == 0
    assert "re-encrypted 0" in again.stdout and "2 already used it" in again.stdout


def test_rotate_key_with_a_missing_old_key_changes_nothing(
    session: Session, world: World, monkeypatch: pytest.MonkeyPatch, restore_settings: None
) -> None:
    _store_key(session, world.maple.config, "sk-maple-secret-1234",
               KeyRing.of([(OLD[0], OLD[1] * 32)]))
    before = snapshot(session)["ai_provider_configs"]

    _use_keys(monkeypatch, NEW)  # the old key was dropped too early
    result = invoke("rotate-key")
    assert_clean_failure(result, "'old'")
    assert "Nothing was changed" in result.stderr
    assert "sk-maple" not in result.output
    assert snapshot(session)["ai_provider_configs"] == before


# --- settings and gateway --------------------------------------------------------------------

def test_bad_settings_stop_every_command(
    monkeypatch: pytest.MonkeyPatch, restore_settings: None
) -> None:
    monkeypatch.setenv("AI_PLANNER_ENCRYPTION_KEYS", "k1:not-base64!!")
    reset_settings_cache()
    result = invoke("seed-demo")
    assert_clean_failure(result, "AI_PLANNER_ENCRYPTION_KEYS")


def test_production_without_a_service_token_stops(
    monkeypatch: pytest.MonkeyPatch, restore_settings: None
) -> None:
    monkeypatch.setenv("AI_PLANNER_ENV", "production")
    monkeypatch.setenv("AI_GATEWAY_SERVICE_TOKEN", "changeme")
    reset_settings_cache()
    result = invoke("rotate-key")
    assert_clean_failure(result, "AI_GATEWAY_SERVICE_TOKEN")


def test_an_unmigrated_database_is_a_clear_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Any, restore_settings: None
) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'empty.db'}")
    reset_settings_cache()
    result = invoke("seed-demo")
    assert_clean_failure(result, "alembic upgrade head")
    assert "no such table" in result.stderr


def test_gateway_calls_serve_with_host_and_port(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys
    import types

    calls: list[tuple[str, int]] = []
    fake = types.ModuleType("ai_planner.gateway.server")
    fake.serve = lambda host, port: calls.append((host, port))  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "ai_planner.gateway.server", fake)
    result = invoke("gateway", "--host", "0.0.0.0", "--port", "9123")
    assert result.exit_code == 0, result.output
    assert calls == [("0.0.0.0", 9123)]


def test_gateway_rejects_a_bad_port() -> None:
    result = runner.invoke(app, ["gateway", "--port", "70000"])
    assert result.exit_code == 2


def test_settings_are_the_test_database() -> None:
    # The CLI talks to the per-run test database prepared by conftest.
    assert "ai_planner_test" in get_settings().database_url or "test.db" in (
        get_settings().database_url
    )
