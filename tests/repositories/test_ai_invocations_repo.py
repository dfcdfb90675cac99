"""Invocations repository: the generation flow's writes and the audit log's reads."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from ai_planner.errors import NotAllowed, NotFound, ValidationFailed
from ai_planner.models import AiInvocation
from ai_planner.repositories import ai_invocations as invocations
from ai_planner.schemas.ai_invocation import TokenUsage
from tests.factories import World, make_template


def pending(session: Session, world: World, who: str = "teacher") -> AiInvocation:
    maple = world.maple
    return invocations.create_pending(
        session, actor=maple.actor(who), task_policy=maple.policy, config=maple.config,
        model="demo-planner-1", input_hash="ab" * 32, context={"unit_id": maple.unit.id},
        template=maple.template)


# --- writes: the generation flow ------------------------------------------------------------

def test_full_successful_run(world: World, session: Session) -> None:
    run = pending(session, world)
    assert (run.status, run.user_id, run.tenant_id, run.provider_name, run.ai_template_id) == (
        "pending", world.maple.teacher.id, world.maple.tenant.id, "demo", world.maple.template.id)
    teacher = world.maple.actor("teacher")
    running = invocations.mark_running(session, actor=teacher, invocation_id=run.id)
    assert running.status == "running" and running.started_at is not None
    done = invocations.mark_completed(session, actor=teacher, invocation_id=run.id,
                                      tokens={"prompt_tokens": 120, "completion_tokens": 30},
                                      duration_ms=842)
    session.expire_all()
    row = session.get(AiInvocation, run.id)
    assert (row.status, row.prompt_tokens, row.completion_tokens, row.total_tokens,
            row.duration_ms) == ("completed", 120, 30, 150, 842)
    assert done.completed_at is not None
    with pytest.raises(ValidationFailed):
        invocations.mark_failed(session, actor=teacher, invocation_id=run.id, message="late")


def test_failed_run_keeps_a_clear_message(world: World, session: Session) -> None:
    run = pending(session, world)
    teacher = world.maple.actor("teacher")
    invocations.mark_failed(session, actor=teacher, invocation_id=run.id,
                            message="The provider timed out after 60 s.", duration_ms=60000)
    session.expire_all()
    row = session.get(AiInvocation, run.id)
    assert (row.status, row.error_message, row.duration_ms) == (
        "failed", "The provider timed out after 60 s.", 60000)
    assert row.completed_at is not None
    with pytest.raises(ValidationFailed):
        invocations.mark_running(session, actor=teacher, invocation_id=run.id)


def test_only_the_runs_owner_settles_it(world: World, session: Session) -> None:
    run = pending(session, world)
    for actor in (world.maple.actor("teacher2"), world.maple.actor("admin"),
                  world.cedar.actor("teacher")):
        with pytest.raises(NotFound):
            invocations.mark_completed(session, actor=actor, invocation_id=run.id,
                                       tokens=TokenUsage(), duration_ms=1)
    session.expire_all()
    assert session.get(AiInvocation, run.id).status == "pending"


def test_create_pending_follows_the_task_policy(world: World, session: Session) -> None:
    maple = world.maple
    maple.policy.allowed_roles = ["curriculum_lead"]
    session.add(maple.policy)
    session.commit()
    with pytest.raises(NotAllowed) as role:
        pending(session, world, "teacher")
    assert role.value.message == "Your role can't use Lesson Plan."
    maple.policy.enabled = False
    session.add(maple.policy)
    session.commit()
    with pytest.raises(NotAllowed) as off:
        pending(session, world, "lead")
    assert off.value.message == "Lesson Plan is turned off for your school."


def test_create_pending_refuses_foreign_rows(world: World, session: Session) -> None:
    maple, cedar = world.maple, world.cedar
    teacher = maple.actor("teacher")
    with pytest.raises(NotFound):  # cedar's policy
        invocations.create_pending(session, actor=teacher, task_policy=cedar.policy,
                                   config=maple.config, model="m")
    with pytest.raises(NotFound):  # cedar's config with maple's policy
        invocations.create_pending(session, actor=teacher, task_policy=maple.policy,
                                   config=cedar.config, model="m")
    with pytest.raises(NotFound):  # cedar's template
        invocations.create_pending(session, actor=teacher, task_policy=maple.policy,
                                   config=maple.config, model="m", template=cedar.template)
    other_type = make_template(session, maple.admin, task_type="rewrite")
    with pytest.raises(NotFound):
        invocations.create_pending(session, actor=teacher, task_policy=maple.policy,
                                   config=maple.config, model="m", template=other_type)
    session.rollback()
    assert len(session.exec(select(AiInvocation)).all()) == 2  # the world's two runs only


def test_get_own_or_admin_only(world: World, session: Session) -> None:
    maple = world.maple
    run_id = maple.invocation.id
    assert invocations.get(session, actor=maple.actor("teacher"), invocation_id=run_id).id == run_id
    assert invocations.get(session, actor=maple.actor("admin"), invocation_id=run_id).id == run_id
    for actor in (maple.actor("teacher2"), maple.actor("lead"), world.cedar.actor("admin")):
        with pytest.raises(NotFound):
            invocations.get(session, actor=actor, invocation_id=run_id)


