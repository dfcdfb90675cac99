"""Approvals (approve, reject, withdraw, who may decide) and the sweep of rows a dead process
left running."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from sqlmodel import Session

from ai_planner.db import session_scope
from ai_planner.errors import NotAllowed, NotFound, ValidationFailed
from ai_planner.models import AiInvocation, utcnow
from ai_planner.models.ai_texts import AiInvocationText
from ai_planner.repositories import approvals as approvals_repo
from ai_planner.services import approvals, generation, invocation_sweep
from tests.factories import World, make_invocation
from tests.fakes.provider_server import Behaviour
from tests.generation.conftest import Setup


def _ask(world: World, who: str = "teacher") -> int:
    m = world.maple
    with session_scope() as db:
        waiting = generation.prepare(db, actor=m.actor(who), data={
            "task_type": "differentiation", "prompt": "Three levels for this lesson",
            "unit_id": m.unit.id, "lesson_id": m.lesson.id})
    assert isinstance(waiting, generation.Waiting)
    return waiting.invocation_id


def _state(invocation_id: int) -> tuple[str, dict, AiInvocationText | None, str | None]:
    with session_scope() as db:
        row = db.get(AiInvocation, invocation_id)
        assert row is not None
        return row.status, dict(row.context), db.get(AiInvocationText, invocation_id), \
            row.error_message


async def test_a_waiting_request_runs_once_approved_in_the_background(ai: Setup,
                                                                      world: World) -> None:
    invocation_id = _ask(world)
    status, context, text, _ = _state(invocation_id)
    assert status == "pending" and context["approval"] == {"state": "waiting"}
    assert text is not None and text.request_messages  # kept for the approver
    assert ai.fake.requests == []  # nothing sent before approval
    with session_scope() as db:
        assert approvals_repo.count_waiting(db, actor=world.maple.actor("lead")) == 1
        queue = approvals.queue(db, actor=world.maple.actor("lead"))
    assert [item.invocation_id for item in queue] == [invocation_id]
    assert queue[0].prompt == "Three levels for this lesson"

    ai.fake.script(Behaviour.ok("Level 1, level 2, level 3."))
    task = await approvals.approve_and_run(world.maple.actor("lead"), invocation_id)
    await asyncio.wait_for(task, 10)
    status, context, text, _ = _state(invocation_id)
    assert status == "completed"
    assert context["approval"]["state"] == "approved"
    assert context["approval"]["by"] == world.maple.lead.id
    assert text is not None and text.answer == "Level 1, level 2, level 3."
    assert text.request_messages is None


@pytest.mark.parametrize("who", ["teacher", "teacher2"])
def test_teachers_cannot_approve(ai: Setup, world: World, who: str) -> None:
    invocation_id = _ask(world)
    with pytest.raises(NotAllowed), session_scope() as db:
        approvals.approve(db, actor=world.maple.actor(who), invocation_id=invocation_id)
    with pytest.raises(NotAllowed), session_scope() as db:
        approvals.reject(db, actor=world.maple.actor(who), invocation_id=invocation_id,
                         reason="no")
    assert _state(invocation_id)[0] == "pending"


def test_nobody_approves_their_own_request_or_another_schools(ai: Setup, world: World) -> None:
    invocation_id = _ask(world, "lead")
    with pytest.raises(NotAllowed, match="your own request"), session_scope() as db:
        approvals.approve(db, actor=world.maple.actor("lead"), invocation_id=invocation_id)
    for cedar in ("admin", "lead"):
        with pytest.raises(NotFound), session_scope() as db:
            approvals.approve(db, actor=world.cedar.actor(cedar), invocation_id=invocation_id)
    with session_scope() as db:
        assert approvals.queue(db, actor=world.cedar.actor("admin")) == []
    assert _state(invocation_id)[0] == "pending"


def test_reject_needs_a_reason_and_fails_the_row_with_it(ai: Setup, world: World) -> None:
    invocation_id = _ask(world)
    with pytest.raises(ValidationFailed), session_scope() as db:
        approvals.reject(db, actor=world.maple.actor("admin"), invocation_id=invocation_id,
                         reason="  ")
    with session_scope() as db:
        approvals.reject(db, actor=world.maple.actor("admin"), invocation_id=invocation_id,
                         reason="Name the standard first.")
    status, context, text, error = _state(invocation_id)
    assert status == "failed" and "Name the standard first." in (error or "")
    assert context["approval"]["state"] == "rejected" and text.request_messages is None  # type: ignore[union-attr]
    with pytest.raises(NotFound), session_scope() as db:  # decided: out of the queue
        approvals.approve(db, actor=world.maple.actor("admin"), invocation_id=invocation_id)


def test_the_teacher_may_withdraw_only_their_own(ai: Setup, world: World) -> None:
    invocation_id = _ask(world)
    with pytest.raises(NotAllowed), session_scope() as db:
        approvals.withdraw(db, actor=world.maple.actor("admin"), invocation_id=invocation_id)
    with session_scope() as db:
        approvals.withdraw(db, actor=world.maple.actor("teacher"), invocation_id=invocation_id)
    status, context, _, error = _state(invocation_id)
    assert (status, context["approval"]["state"]) == ("failed", "withdrawn")
    assert error == "Withdrawn by the teacher."


def test_the_sweep_fails_what_a_dead_process_left_running(world: World, session: Session
                                                          ) -> None:
    m = world.maple
    long_ago = utcnow() - invocation_sweep.longest_call() - timedelta(minutes=1)
    stuck = make_invocation(session, m.teacher, m.config, status="running", started_at=long_ago)
    orphan = make_invocation(session, m.teacher, m.config, status="pending",
                             created_at=long_ago)
    waiting = make_invocation(session, m.teacher, m.config, status="pending",
                              created_at=long_ago, context={"approval": {"state": "waiting"}})
    fresh = make_invocation(session, m.teacher, m.config, status="running",
                            started_at=utcnow())
    with session_scope() as db:
        assert invocation_sweep.sweep(db) == 2
    session.expire_all()
    for row in (stuck, orphan):
        stored = session.get(AiInvocation, row.id)
        assert stored is not None and stored.status == "failed"
        assert stored.error_message == invocation_sweep.INTERRUPTED
    assert session.get(AiInvocation, waiting.id).status == "pending"  # type: ignore[union-attr]
    assert session.get(AiInvocation, fresh.id).status == "running"  # type: ignore[union-attr]
    with session_scope() as db:
        assert invocation_sweep.sweep(db) == 0
