"""Invocations repository: the generation flow's writes and the audit log's reads."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlmodel import Session

from ai_planner.errors import NotAllowed, NotFound, ValidationFailed
from ai_planner.models import AiInvocation
from ai_planner.repositories import ai_invocations as invocations
from ai_planner.schemas.ai_invocation import TokenUsage
from tests.factories import World, make_invocation, make_template


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
    assert invocations.list_page(session, actor=maple.actor("admin")).total == 1


# --- reads: the audit log ---------------------------------------------------------------------

def test_teacher_sees_own_runs_admin_sees_tenant(world: World, session: Session) -> None:
    maple = world.maple
    make_invocation(session, maple.teacher2, maple.config)
    assert invocations.list_page(session, actor=maple.actor("teacher")).total == 1
    assert invocations.list_page(session, actor=maple.actor("teacher2")).total == 1
    assert invocations.list_page(session, actor=maple.actor("lead")).total == 0
    page = invocations.list_page(session, actor=maple.actor("admin"))
    assert page.total == 2
    assert {item.user_name for item in page.items} == {"Teacher", "Teacher2"}


def test_get_own_or_admin_only(world: World, session: Session) -> None:
    maple = world.maple
    run_id = maple.invocation.id
    assert invocations.get(session, actor=maple.actor("teacher"), invocation_id=run_id).id == run_id
    assert invocations.get(session, actor=maple.actor("admin"), invocation_id=run_id).id == run_id
    for actor in (maple.actor("teacher2"), maple.actor("lead"), world.cedar.actor("admin")):
        with pytest.raises(NotFound):
            invocations.get(session, actor=actor, invocation_id=run_id)


def test_filters_and_pagination(world: World, session: Session) -> None:
    maple = world.maple
    maple.invocation.created_at = datetime(2026, 9, 1, 10, 0)
    session.add(maple.invocation)
    session.commit()
    make_invocation(session, maple.teacher, maple.config, task_type="rewrite", status="failed",
                    created_at=datetime(2026, 9, 3, 23, 59))
    for day in (5, 6, 7):
        make_invocation(session, maple.teacher, maple.config,
                        created_at=datetime(2026, 9, day, 8, 0))
    admin = maple.actor("admin")

    def ids(**filters: object) -> list[datetime]:
        return [i.created_at for i in invocations.list_page(session, actor=admin,
                                                             filters=filters).items]

    assert len(ids(task_type="rewrite")) == 1
    assert len(ids(status="failed")) == 1
    assert ids(date_from="2026-09-03", date_to="2026-09-05") == [
        datetime(2026, 9, 5, 8, 0), datetime(2026, 9, 3, 23, 59)]
    page = invocations.list_page(session, actor=admin, filters={"per_page": 2, "page": 2})
    assert (page.total, page.pages, [i.created_at.day for i in page.items]) == (5, 3, [5, 3])
    assert invocations.list_page(session, actor=admin, filters={"task_type": ""}).total == 5


@pytest.mark.parametrize("filters,field", [
    ({"task_type": "cheating"}, "task_type"),
    ({"status": "exploded"}, "status"),
    ({"date_from": "2026-09-05", "date_to": "2026-09-01"}, "date_to"),
    ({"date_from": "yesterday"}, "date_from"),
    ({"per_page": 10_000}, "per_page"),
    ({"page": 0}, "page"),
    ({"tenant_id": 1}, "tenant_id"),
    ({"user_id": 1}, "user_id"),
])
def test_tampered_filters_are_refused(world: World, session: Session, filters: dict,
                                      field: str) -> None:
    with pytest.raises(ValidationFailed) as error:
        invocations.list_page(session, actor=world.maple.actor("admin"), filters=filters)
    assert error.value.field == field
