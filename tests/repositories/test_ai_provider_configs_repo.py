"""Provider configs repository, mostly from the attacker's side; the key never rests in plain."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlmodel import Session

from ai_planner.db import session_scope
from ai_planner.errors import NotAllowed, NotFound, SecretUnavailable, ValidationFailed
from ai_planner.models import AiProviderConfig
from ai_planner.repositories import ai_provider_configs as configs
from tests.factories import World, make_provider_config

KEY = "sk-live-0123456789abcdef3a9"
DUPLICATE = "This school already has a provider config for demo: edit that one instead."


def raw_api_key(session: Session, config_id: int) -> str | None:
    return session.connection().execute(
        sa.text("SELECT api_key FROM ai_provider_configs WHERE id = :id"), {"id": config_id}
    ).scalar_one()


def new_openai(session: Session, world: World, **extra: object) -> AiProviderConfig:
    data = {"provider_name": "openai", "display_name": "OpenAI", "default_model": "gpt-4o-mini",
            "api_key": KEY, "available_models": "gpt-4o-mini, gpt-4o", **extra}
    return configs.create(session, actor=world.maple.actor("admin"), data=data)


# --- reads ------------------------------------------------------------------------------------

def test_admin_lists_own_tenant_with_task_policy_counts(world: World, session: Session) -> None:
    rows = configs.list_public(session, actor=world.maple.actor("admin"))
    assert [(r.id, r.task_policy_count) for r in rows] == [(world.maple.config.id, 1)]
    assert rows[0].has_api_key is False and rows[0].api_key_mask == ""


@pytest.mark.parametrize("who", ["lead", "teacher", "teacher2"])
def test_non_admins_cannot_list_or_get(world: World, session: Session, who: str) -> None:
    actor = world.maple.actor(who)
    with pytest.raises(NotAllowed):
        configs.list_public(session, actor=actor)
    with pytest.raises(NotAllowed):
        configs.get(session, actor=actor, config_id=world.maple.config.id)


def test_other_tenants_id_looks_like_a_missing_id(world: World, session: Session) -> None:
    cedar_admin = world.cedar.actor("admin")
    with pytest.raises(NotFound) as foreign:
        configs.get(session, actor=cedar_admin, config_id=world.maple.config.id)
    with pytest.raises(NotFound) as missing:
        configs.get(session, actor=cedar_admin, config_id=999_999)
    assert foreign.value.message == missing.value.message
    for write in (configs.activate, configs.deactivate, configs.delete):
        with pytest.raises(NotFound):
            write(session, actor=cedar_admin, config_id=world.maple.config.id)
    with pytest.raises(NotFound):
        configs.update(session, actor=cedar_admin, config_id=world.maple.config.id,
                       data={"display_name": "Hijacked"})
    session.expire_all()
    assert session.get(AiProviderConfig, world.maple.config.id).display_name == "Demo provider"


# --- secrets ----------------------------------------------------------------------------------

def test_create_stores_only_ciphertext_and_decrypts_back(world: World, session: Session) -> None:
    config = new_openai(session, world)
    stored = raw_api_key(session, config.id)
    assert stored is not None and KEY not in stored and stored.startswith("v1:test2:")
    assert configs.decrypted_api_key(session, actor=world.maple.actor("teacher"),
                                     config=config) == KEY
    public = configs.get_public(session, actor=world.maple.actor("admin"), config_id=config.id)
    assert public.has_api_key is True
    assert public.api_key_mask == "sk-…f3a9"
    assert KEY not in public.model_dump_json()
    assert public.available_models == ["gpt-4o-mini", "gpt-4o"]


def test_editing_without_a_key_keeps_the_stored_one(world: World, session: Session) -> None:
    config = new_openai(session, world)
    before = raw_api_key(session, config.id)
    admin = world.maple.actor("admin")
    configs.update(session, actor=admin, config_id=config.id, data={"display_name": "OpenAI 2"})
    configs.update(session, actor=admin, config_id=config.id, data={"api_key": ""})
    configs.update(session, actor=admin, config_id=config.id, data={"api_key": "   "})
    assert raw_api_key(session, config.id) == before
    assert configs.decrypted_api_key(session, actor=admin, config=config) == KEY


def test_a_new_key_replaces_the_old_one(world: World, session: Session) -> None:
    config = new_openai(session, world)
    admin = world.maple.actor("admin")
    configs.update(session, actor=admin, config_id=config.id, data={"api_key": "sk-new-key-9999"})
    assert "sk-new-key-9999" not in raw_api_key(session, config.id)
    assert configs.decrypted_api_key(session, actor=admin, config=config) == "sk-new-key-9999"


def test_ciphertext_copied_to_another_row_does_not_decrypt(world: World,
                                                          session: Session) -> None:
    config = new_openai(session, world)
    other = make_provider_config(session, world.maple.admin, "anthropic",
                                 api_key=raw_api_key(session, config.id))
    with pytest.raises(SecretUnavailable):
        configs.decrypted_api_key(session, actor=world.maple.actor("admin"), config=other)
    public = configs.get_public(session, actor=world.maple.actor("admin"), config_id=other.id)
    assert public.has_api_key is True and "unreadable" in public.api_key_mask


def test_decrypting_another_tenants_key_is_not_found(world: World, session: Session) -> None:
    config = new_openai(session, world)
    with pytest.raises(NotFound):
        configs.decrypted_api_key(session, actor=world.cedar.actor("admin"), config=config)


def test_no_key_decrypts_to_none(world: World, session: Session) -> None:
    assert configs.decrypted_api_key(session, actor=world.maple.actor("teacher"),
                                     config=world.maple.config) is None


# --- writes and validation --------------------------------------------------------------------

@pytest.mark.parametrize("who", ["lead", "teacher"])
def test_non_admin_writes_are_refused(world: World, session: Session, who: str) -> None:
    actor = world.maple.actor(who)
    config_id = world.maple.config.id
    with pytest.raises(NotAllowed):
        configs.create(session, actor=actor, data={"provider_name": "openai",
                                                   "display_name": "x", "default_model": "m"})
    for write in (configs.activate, configs.deactivate, configs.delete):
        with pytest.raises(NotAllowed):
            write(session, actor=actor, config_id=config_id)
    with pytest.raises(NotAllowed):
        configs.update(session, actor=actor, config_id=config_id, data={"display_name": "x"})
    session.expire_all()
    row = session.get(AiProviderConfig, config_id)
    assert row is not None and row.status == "active" and row.display_name == "Demo provider"


def test_duplicate_provider_in_a_tenant_is_a_readable_error(world: World,
                                                            session: Session) -> None:
    with pytest.raises(ValidationFailed) as error:
        configs.create(session, actor=world.maple.actor("admin"),
                       data={"provider_name": "demo", "display_name": "Again",
                             "default_model": "demo-planner-1"})
    assert error.value.field == "provider_name"
    assert error.value.message == DUPLICATE
    # the same provider in another tenant is fine
    created = new_openai(session, world)
    assert configs.create(session, actor=world.cedar.actor("admin"),
                          data={"provider_name": "openai", "display_name": "OpenAI",
                                "default_model": "gpt-4o-mini"}).id != created.id


def test_unique_index_race_maps_to_the_same_message(world: World, session: Session,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(configs, "_provider_taken", lambda *args: False)
    with pytest.raises(ValidationFailed) as error, session_scope() as db:
        configs.create(db, actor=world.maple.actor("admin"),
                       data={"provider_name": "demo", "display_name": "Again",
                             "default_model": "demo-planner-1"})
    assert error.value.message == DUPLICATE
    assert len(configs.list_public(session, actor=world.maple.actor("admin"))) == 1


@pytest.mark.parametrize("data,field", [
    ({"provider_name": "skynet"}, "provider_name"),
    ({"display_name": "  "}, "display_name"),
    ({"default_model": ""}, "default_model"),
    ({"status": "on"}, "status"),
    ({"tenant_id": 999}, "tenant_id"),
])
def test_tampered_create_input_is_refused(world: World, session: Session, data: dict,
                                          field: str) -> None:
    base = {"provider_name": "openai", "display_name": "OpenAI", "default_model": "gpt-4o"}
    with pytest.raises(ValidationFailed) as error:
        configs.create(session, actor=world.maple.actor("admin"), data={**base, **data})
    assert error.value.field == field
    assert len(configs.list_public(session, actor=world.maple.actor("admin"))) == 1


def test_bad_update_leaves_the_row_unchanged(world: World, session: Session) -> None:
    admin = world.maple.actor("admin")
    with pytest.raises(ValidationFailed), session_scope() as db:  # the caller's transaction
        configs.update(db, actor=admin, config_id=world.maple.config.id,
                       data={"display_name": "Renamed", "default_model": " "})
    session.expire_all()
    assert session.get(AiProviderConfig, world.maple.config.id).display_name == "Demo provider"


def test_activate_and_deactivate(world: World, session: Session) -> None:
    admin = world.maple.actor("admin")
    assert configs.deactivate(session, actor=admin, config_id=world.maple.config.id).status \
        == "inactive"
    assert configs.activate(session, actor=admin, config_id=world.maple.config.id).status \
        == "active"


def test_delete_is_refused_while_task_policies_use_the_config(world: World,
                                                              session: Session) -> None:
    with pytest.raises(ValidationFailed) as error:
        configs.delete(session, actor=world.maple.actor("admin"), config_id=world.maple.config.id)
    assert error.value.message == (
        "Lesson Plan uses this provider: give that task policy another provider or delete "
        "it first (Task policies)."
    )
    assert session.get(AiProviderConfig, world.maple.config.id) is not None


def test_delete_is_refused_while_the_audit_log_refers_to_it(world: World,
                                                             session: Session) -> None:
    from ai_planner.repositories import ai_task_policies

    admin = world.maple.actor("admin")
    ai_task_policies.delete(session, actor=admin, policy_id=world.maple.policy.id)
    with pytest.raises(ValidationFailed) as error:
        configs.delete(session, actor=admin, config_id=world.maple.config.id)
    assert "1 generation in the audit log" in error.value.message


def test_unused_config_is_deleted(world: World, session: Session) -> None:
    config = new_openai(session, world)
    configs.delete(session, actor=world.maple.actor("admin"), config_id=config.id)
    assert session.get(AiProviderConfig, config.id) is None


@pytest.mark.parametrize("provider,settings,message", [
    ("openai", {"api_key": "sk-plain"}, "stored unencrypted"),
    ("openai", {"Token": "abc"}, "stored unencrypted"),
    ("openai", {"base_url": "file:///etc/passwd"}, "must start with https://"),
    ("openai_compatible", {}, "needs its base URL"),
])
def test_settings_hold_no_secrets_and_a_usable_base_url(world: World, session: Session,
                                                        provider: str, settings: dict,
                                                        message: str) -> None:
    with pytest.raises(ValidationFailed) as error:
        configs.create(session, actor=world.maple.actor("admin"),
                       data={"provider_name": provider, "display_name": "Local",
                             "default_model": "llama", "settings": settings})
    assert error.value.field in ("settings", "base_url") and message in error.value.message
    with pytest.raises(ValidationFailed):
        configs.update(session, actor=world.maple.actor("admin"),
                       config_id=world.maple.config.id, data={"settings": settings,
                                                              "provider_name": provider})


def test_openai_compatible_with_base_url(world: World, session: Session) -> None:
    config = configs.create(session, actor=world.maple.actor("admin"),
                            data={"provider_name": "openai_compatible", "display_name": "Local",
                                  "default_model": "llama",
                                  "settings": {"base_url": "http://127.0.0.1:8080/v1"}})
    assert config.settings == {"base_url": "http://127.0.0.1:8080/v1"}
