"""Every predicate of the AI, user policies for admin, curriculum_lead, teacher and anonymous."""

from __future__ import annotations

from typing import Any

import pytest
from sqlmodel import Session, select

from ai_planner.actor import Actor
from ai_planner.models import AiInvocation, AiProviderConfig, AiTaskPolicy, AiTemplate, User
from ai_planner.policies import ai_invocation, ai_provider_config, ai_task_policy, ai_template, user
from ai_planner.policies import base as policy_base
from tests.factories import World, make_invocation, make_template

ROLES = ("admin", "lead", "teacher", None)


def actor_for(world: World, who: str | None, tenant: str = "maple") -> Actor | None:
    return None if who is None else getattr(world, tenant).actor(who)


# --- admin-only resources: provider configs and task policies -----------------------------

ADMIN_ONLY = {"admin": True, "lead": False, "teacher": False, None: False}


@pytest.mark.parametrize("module,attr", [(ai_provider_config, "config"),
                                         (ai_task_policy, "policy")])
@pytest.mark.parametrize("who", ROLES)
def test_admin_only_resources(world: World, module: Any, attr: str, who: str | None) -> None:
    actor = actor_for(world, who)
    own = getattr(world.maple, attr)
    expected = ADMIN_ONLY[who]
    assert module.can_list(actor) is expected
    assert module.can_create(actor) is expected
    assert module.can_show(actor, own) is expected
    assert module.can_update(actor, own) is expected
    assert module.can_delete(actor, own) is expected


@pytest.mark.parametrize("module,attr", [(ai_provider_config, "config"),
                                         (ai_task_policy, "policy"),
                                         (ai_template, "template"),
                                         (ai_invocation, "invocation"),
                                         (user, "teacher")])
@pytest.mark.parametrize("who", ["admin", "lead", "teacher"])
def test_another_tenants_row_is_never_allowed(world: World, module: Any, attr: str,
                                              who: str) -> None:
    actor = actor_for(world, who, "cedar")
    foreign = getattr(world.maple, attr)
    assert module.can_show(actor, foreign) is False
    assert module.can_update(actor, foreign) is False
    assert module.can_delete(actor, foreign) is False


# --- templates --------------------------------------------------------------------------

TEMPLATE_TABLE = {
    #          list   show   create update delete
    "admin":   (True, True, True, True, True),
    "lead":    (True, True, False, False, False),
    "teacher": (False, False, False, False, False),
    None:      (False, False, False, False, False),
}


@pytest.mark.parametrize("who", ROLES)
def test_template_predicates(world: World, who: str | None) -> None:
    actor = actor_for(world, who)
    own = world.maple.template
    got = (ai_template.can_list(actor), ai_template.can_show(actor, own),
           ai_template.can_create(actor), ai_template.can_update(actor, own),
           ai_template.can_delete(actor, own))
    assert got == TEMPLATE_TABLE[who]


TEMPLATE_SCOPE = {"admin": {"active", "draft", "archived"},
                  "lead": {"active", "draft", "archived"},
                  "teacher": {"active"}, None: set()}


@pytest.mark.parametrize("who", ROLES)
def test_template_scope(world: World, session: Session, who: str | None) -> None:
    make_template(session, world.maple.admin, status="draft", name="Draft one")
    make_template(session, world.maple.admin, status="archived", name="Old one")
    rows = session.exec(ai_template.scope(actor_for(world, who), select(AiTemplate))).all()
    assert {row.status for row in rows} == TEMPLATE_SCOPE[who]
    assert all(row.tenant_id == world.maple.tenant.id for row in rows)


# --- invocations -------------------------------------------------------------------------

@pytest.mark.parametrize("who,can_show_teachers_run", [("admin", True), ("lead", False),
                                                       ("teacher", True), (None, False)])
def test_invocation_predicates(world: World, who: str | None, can_show_teachers_run: bool
                               ) -> None:
    actor = actor_for(world, who)
    run = world.maple.invocation  # by maple's teacher
    assert ai_invocation.can_list(actor) is (who is not None)
    assert ai_invocation.can_show(actor, run) is can_show_teachers_run
    assert ai_invocation.can_update(actor, run) is False
    assert ai_invocation.can_delete(actor, run) is False


def test_teacher_cannot_show_another_teachers_run(world: World) -> None:
    assert ai_invocation.can_show(world.maple.actor("teacher2"), world.maple.invocation) is False
    assert ai_invocation.can_settle(world.maple.actor("teacher2"), world.maple.invocation) is False
    assert ai_invocation.can_settle(world.maple.actor("admin"), world.maple.invocation) is False
    assert ai_invocation.can_settle(world.maple.actor("teacher"), world.maple.invocation) is True


@pytest.mark.parametrize("who", ROLES)
@pytest.mark.parametrize("enabled,allowed_roles,expected_for", [
    (True, [], {"admin", "lead", "teacher"}),
    (True, ["teacher"], {"teacher"}),
    (True, ["admin", "curriculum_lead"], {"admin", "lead"}),
    (False, [], set()),
])
def test_invocation_can_create_follows_the_task_policy(
    world: World, session: Session, who: str | None, enabled: bool, allowed_roles: list[str],
    expected_for: set[str],
) -> None:
    task_policy = world.maple.policy
    task_policy.enabled = enabled
    task_policy.allowed_roles = allowed_roles
    session.add(task_policy)
    session.commit()
    assert ai_invocation.can_create(actor_for(world, who), task_policy) is (who in expected_for)


def test_invocation_can_create_refuses_another_tenants_policy(world: World) -> None:
    assert ai_invocation.can_create(world.cedar.actor("teacher"), world.maple.policy) is False
    assert ai_invocation.can_create(world.maple.actor("teacher"), None) is False


def test_invocation_scope(world: World, session: Session) -> None:
    make_invocation(session, world.maple.teacher2, world.maple.config)
    make_invocation(session, world.maple.admin, world.maple.config)

    def users(who: str | None) -> list[int]:
        query = ai_invocation.scope(actor_for(world, who), select(AiInvocation))
        return sorted(row.user_id for row in session.exec(query).all())

    maple = world.maple
    assert users("admin") == sorted([maple.teacher.id, maple.teacher2.id, maple.admin.id])
    assert users("teacher") == [maple.teacher.id]
    assert users("lead") == []
    assert users(None) == []


# --- users -------------------------------------------------------------------------------

@pytest.mark.parametrize("who", ROLES)
def test_user_predicates(world: World, who: str | None) -> None:
    actor = actor_for(world, who)
    teacher = world.maple.teacher
    is_admin = who == "admin"
    assert user.can_list(actor) is is_admin
    assert user.can_create(actor) is is_admin
    assert user.can_show(actor, teacher) is (is_admin or who == "teacher")
    assert user.can_update(actor, teacher) is is_admin
    assert user.can_delete(actor, teacher) is is_admin


def test_admin_cannot_delete_themselves(world: World) -> None:
    admin = world.maple.actor("admin")
    assert user.can_delete(admin, world.maple.admin) is False


@pytest.mark.parametrize("who,expected", [("admin", 4), ("lead", 1), ("teacher", 1), (None, 0)])
def test_user_scope(world: World, session: Session, who: str | None, expected: int) -> None:
    rows = session.exec(user.scope(actor_for(world, who), select(User))).all()
    assert len(rows) == expected
    assert all(row.tenant_id == world.maple.tenant.id for row in rows)


# --- scopes of the admin-only resources and the generation lookups --------------------------

@pytest.mark.parametrize("module,model", [(ai_provider_config, AiProviderConfig),
                                          (ai_task_policy, AiTaskPolicy)])
@pytest.mark.parametrize("who,admin_rows,generation_rows", [
    ("admin", 1, 1), ("lead", 0, 1), ("teacher", 0, 1), (None, 0, 0)])
def test_admin_only_scopes(world: World, session: Session, module: Any, model: Any,
                           who: str | None, admin_rows: int, generation_rows: int) -> None:
    actor = actor_for(world, who)
    listed = session.exec(module.scope(actor, select(model))).all()
    usable = session.exec(module.generation_scope(actor, select(model))).all()
    assert len(listed) == admin_rows
    assert len(usable) == generation_rows
    assert all(row.tenant_id == world.maple.tenant.id for row in [*listed, *usable])


def test_base_helpers_handle_anonymous_and_missing() -> None:
    assert policy_base.same_tenant(None, object()) is False
    assert policy_base.same_tenant(Actor(1, 1, "admin"), None) is False
    assert policy_base.owns(None, object()) is False
    assert policy_base.has_role(None, "admin") is False
    assert policy_base.is_admin_or_lead(Actor(1, 1, "curriculum_lead")) is True
