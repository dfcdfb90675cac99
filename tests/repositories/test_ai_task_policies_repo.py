"""Task policies repository: admin CRUD, tenant isolation, tampered input, generation lookups."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from ai_planner.db import session_scope
from ai_planner.errors import NotAllowed, NotFound, ValidationFailed
from ai_planner.models import AiInvocation, AiTaskPolicy
from ai_planner.repositories import ai_task_policies as policies
from tests.factories import World, make_provider_config


def create_data(world: World, **extra: object) -> dict:
    return {"ai_provider_config_id": world.maple.config.id, "task_type": "assessment",
            "allowed_roles": ["teacher", "curriculum_lead"], "max_tokens_limit": 2000,
            "temperature_limit": 0.5, **extra}


def test_admin_lists_with_provider_names(world: World, session: Session) -> None:
    rows = policies.list_public(session, actor=world.maple.actor("admin"))
    assert [(r.id, r.task_type, r.task_label, r.provider_display_name) for r in rows] == [
        (world.maple.policy.id, "lesson_plan", "Lesson Plan", "Demo provider")]


@pytest.mark.parametrize("who", ["lead", "teacher"])
def test_non_admins_cannot_read_or_write(world: World, session: Session, who: str) -> None:
    actor = world.maple.actor(who)
    policy_id = world.maple.policy.id
    with pytest.raises(NotAllowed):
        policies.list_public(session, actor=actor)
    with pytest.raises(NotAllowed):
        policies.get(session, actor=actor, policy_id=policy_id)
    with pytest.raises(NotAllowed):
        policies.create(session, actor=actor, data=create_data(world))
    with pytest.raises(NotAllowed):
        policies.update(session, actor=actor, policy_id=policy_id, data={"enabled": False})
    with pytest.raises(NotAllowed):
        policies.delete(session, actor=actor, policy_id=policy_id)
    session.expire_all()
    assert session.get(AiTaskPolicy, policy_id).enabled is True


def test_cedar_admin_with_maple_ids_gets_not_found(world: World, session: Session) -> None:
    cedar = world.cedar.actor("admin")
    policy_id = world.maple.policy.id
    with pytest.raises(NotFound) as foreign:
        policies.get(session, actor=cedar, policy_id=policy_id)
    with pytest.raises(NotFound) as missing:
        policies.get(session, actor=cedar, policy_id=987_654)
    assert foreign.value.message == missing.value.message
    with pytest.raises(NotFound):
        policies.update(session, actor=cedar, policy_id=policy_id, data={"enabled": False})
    with pytest.raises(NotFound):
        policies.delete(session, actor=cedar, policy_id=policy_id)
    assert session.get(AiTaskPolicy, policy_id) is not None


def test_create_and_update(world: World, session: Session) -> None:
    admin = world.maple.actor("admin")
    created = policies.create(session, actor=admin, data=create_data(
        world, allowed_roles="teacher, teacher, curriculum_lead", model_override=""))
    assert created.tenant_id == world.maple.tenant.id and created.created_by_id == admin.id
    assert created.allowed_roles == ["teacher", "curriculum_lead"]
    assert created.model_override is None
    updated = policies.update(session, actor=admin, policy_id=created.id,
                              data={"model_override": "demo-large", "enabled": False})
    assert (updated.model_override, updated.enabled, updated.max_tokens_limit) == (
        "demo-large", False, 2000)
    cleared = policies.update(session, actor=admin, policy_id=created.id,
                              data={"model_override": ""})
    assert cleared.model_override is None


def test_another_tenants_provider_config_cannot_be_linked(world: World,
                                                          session: Session) -> None:
    admin = world.maple.actor("admin")
    with pytest.raises(ValidationFailed) as foreign:
        policies.create(session, actor=admin,
                        data=create_data(world, ai_provider_config_id=world.cedar.config.id))
    with pytest.raises(ValidationFailed) as missing:
        policies.create(session, actor=admin,
                        data=create_data(world, ai_provider_config_id=424_242))
    assert foreign.value.field == "ai_provider_config_id"
    assert foreign.value.message == missing.value.message
    with pytest.raises(ValidationFailed):
        policies.update(session, actor=admin, policy_id=world.maple.policy.id,
                        data={"ai_provider_config_id": world.cedar.config.id})
    session.expire_all()
    assert session.get(AiTaskPolicy, world.maple.policy.id).ai_provider_config_id \
        == world.maple.config.id


@pytest.mark.parametrize("extra,field,message", [
    ({"task_type": "essay_mill"}, "task_type", "Task type must be one of"),
    ({"max_tokens_limit": -5}, "max_tokens_limit", "Max tokens must be a whole number from 1 to"),
    ({"max_tokens_limit": 0}, "max_tokens_limit", "Max tokens must be a whole number from 1 to"),
    ({"max_tokens_limit": 10**9}, "max_tokens_limit", "from 1 to 200,000."),
    ({"max_tokens_limit": ""}, "max_tokens_limit", "Max tokens must be a whole number from 1"),
    ({"max_tokens_limit": "lots"}, "max_tokens_limit", "Max tokens must be a whole number"),
    ({"temperature_limit": 2.5}, "temperature_limit",
     "Temperature limit must be a number from 0 to 2."),
    ({"temperature_limit": -0.1}, "temperature_limit",
     "Temperature limit must be a number from 0 to 2."),
    ({"temperature_limit": "nan"}, "temperature_limit",
     "Temperature limit must be a number from 0 to 2."),
    ({"allowed_roles": ["superuser"]}, "allowed_roles", "Allowed roles must be one of:"),
    ({"tenant_id": 2}, "tenant_id", "is not a field you can set"),
    ({"created_by_id": 1}, "created_by_id", "is not a field you can set"),
])
def test_tampered_input_is_refused(world: World, session: Session, extra: dict, field: str,
                                   message: str) -> None:
    with pytest.raises(ValidationFailed) as error:
        policies.create(session, actor=world.maple.actor("admin"),
                        data=create_data(world, **extra))
    assert error.value.field == field
    assert message in error.value.message
    assert len(policies.list_public(session, actor=world.maple.actor("admin"))) == 1


@pytest.mark.parametrize("data,field", [({"max_tokens_limit": -1}, "max_tokens_limit"),
                                        ({"temperature_limit": 3}, "temperature_limit"),
                                        ({"task_type": "bogus"}, "task_type")])
def test_bad_update_changes_nothing(world: World, session: Session, data: dict,
                                    field: str) -> None:
    with pytest.raises(ValidationFailed) as error:
        policies.update(session, actor=world.maple.actor("admin"),
                        policy_id=world.maple.policy.id, data=data)
    assert error.value.field == field
    session.commit()
    session.expire_all()
    row = session.get(AiTaskPolicy, world.maple.policy.id)
    assert (row.max_tokens_limit, row.temperature_limit, row.task_type) == (
        4096, 1.0, "lesson_plan")


def test_one_policy_per_task_type(world: World, session: Session,
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    admin = world.maple.actor("admin")
    expected = "This school already has a task policy for Lesson Plan: edit that one instead."
    with pytest.raises(ValidationFailed) as error:
        policies.create(session, actor=admin, data=create_data(world, task_type="lesson_plan"))
    assert error.value.message == expected
    monkeypatch.setattr(policies, "_task_type_taken", lambda *args: False)
    with pytest.raises(ValidationFailed) as raced, session_scope() as db:
        policies.create(db, actor=admin, data=create_data(world, task_type="lesson_plan"))
    assert raced.value.message == expected
    other = policies.create(session, actor=admin, data=create_data(world))
    with pytest.raises(ValidationFailed) as on_update:
        policies.update(session, actor=admin, policy_id=other.id,
                        data={"task_type": "lesson_plan"})
    assert on_update.value.message == expected


def test_delete_nullifies_the_audit_log_link(world: World, session: Session) -> None:
    invocation_id = world.maple.invocation.id
    policies.delete(session, actor=world.maple.actor("admin"), policy_id=world.maple.policy.id)
    session.expire_all()
    assert session.get(AiTaskPolicy, world.maple.policy.id) is None
    invocation = session.get(AiInvocation, invocation_id)
    assert invocation is not None and invocation.ai_task_policy_id is None
    assert session.get(AiInvocation, world.cedar.invocation.id).ai_task_policy_id \
        == world.cedar.policy.id


# --- generation-flow lookups ------------------------------------------------------------------

@pytest.mark.parametrize("who", ["admin", "lead", "teacher"])
def test_for_task_type_is_tenant_scoped_for_every_role(world: World, session: Session,
                                                       who: str) -> None:
    found = policies.for_task_type(session, actor=world.cedar.actor(who), task_type="lesson_plan")
    assert found is not None and found.id == world.cedar.policy.id
    assert policies.for_task_type(session, actor=world.cedar.actor(who),
                                  task_type="rewrite") is None


def test_for_task_type_refuses_bad_input(world: World, session: Session) -> None:
    with pytest.raises(ValidationFailed):
        policies.for_task_type(session, actor=world.maple.actor("teacher"), task_type="x")


def test_all_for_generation_pairs_policies_with_their_configs(world: World,
                                                              session: Session) -> None:
    second = make_provider_config(session, world.maple.admin, "openai", status="inactive")
    policies.create(session, actor=world.maple.actor("admin"),
                    data=create_data(world, ai_provider_config_id=second.id))
    pairs = policies.all_for_generation(session, actor=world.maple.actor("teacher"))
    assert sorted((p.task_type, c.provider_name) for p, c in pairs) == [
        ("assessment", "openai"), ("lesson_plan", "demo")]
