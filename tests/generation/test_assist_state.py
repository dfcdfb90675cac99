"""The assist panel's and the approval queue's handlers, called as a crafted websocket
message would: other tenants' ids in the URL, disabled task types and foreign templates sent
directly, a lead reading someone else's answer, a teacher approving."""

from __future__ import annotations

import asyncio

from sqlmodel import Session, select

from ai_planner.db import session_scope
from ai_planner.models import AiInvocation
from ai_planner.services import auth
from ai_planner.state.approvals import ApprovalsState
from ai_planner.state.assist import AssistState
from ai_planner.state.planner import LessonEditorState
from tests.factories import PASSWORD, World, make_template
from tests.fakes.provider_server import Behaviour
from tests.generation.conftest import Setup
from tests.state.conftest import StateTree, run


def _tree(email: str, path: str) -> StateTree:
    tree = StateTree()
    with session_scope() as db:
        tree.set_cookie(auth.sign_in(db, email=email, password=PASSWORD).token)
    tree.visit(path)
    return tree


def _lesson_path(world: World, tenant: str = "maple") -> str:
    t = getattr(world, tenant)
    return f"/plan/units/{t.unit.id}/lessons/{t.lesson.id}/"


def _panel(tree: StateTree) -> AssistState:
    panel = tree.get(AssistState)
    AssistState.open_panel.fn(panel)
    return panel


def _generate(panel: AssistState) -> None:
    run(AssistState.generate.fn(panel))


def _count(session: Session) -> int:
    session.expire_all()
    return len(session.exec(select(AiInvocation)).all())


def test_the_panel_shows_what_the_user_may_use_and_why_not(ai: Setup, world: World,
                                                           session: Session) -> None:
    ai.differentiation.allowed_roles = ["admin"]
    session.add(ai.differentiation)
    session.commit()
    panel = _panel(_tree("teacher@maple.test", _lesson_path(world)))
    notes = {t["task_type"]: (t["usable"], t["note"]) for t in panel.tasks}
    assert notes["lesson_plan"] == (True, "")
    assert notes["differentiation"] == (False, "not for your role")
    assert notes["rewrite"][0] is False
    assert panel.task_type == "lesson_plan"  # the lesson editor's default
    assert [f["value"] for f in panel.fields] == ["objectives", "activities", "materials",
                                                  "assessment"]


def test_generate_streams_into_the_panel_and_apply_fills_the_form(ai: Setup,
                                                                  world: World) -> None:
    ai.fake.script(Behaviour.ok("Think-pair-share, then a food-web card sort."))
    tree = _tree("teacher@maple.test", _lesson_path(world))
    editor = tree.get(LessonEditorState)
    LessonEditorState.load.fn(editor)
    panel = _panel(tree)
    AssistState.set_prompt.fn(panel, "Activities for this lesson")
    _generate(panel)
    assert panel.phase == "done"
    assert panel.answer == "Think-pair-share, then a food-web card sort."
    assert panel.history and panel.history[0]["status"] == "completed"
    AssistState.choose_apply_field.fn(panel, "activities")
    run(AssistState.apply_to_plan.fn(panel))
    assert editor.form["activities"].endswith("Think-pair-share, then a food-web card sort.")
    assert editor.dirty and panel.can_undo
    run(AssistState.undo_apply.fn(panel))
    assert editor.form["activities"] == "" and not editor.dirty


def test_another_tenants_unit_in_the_url_generates_nothing(ai: Setup, world: World,
                                                          session: Session) -> None:
    before = _count(session)
    panel = _panel(_tree("teacher@maple.test", _lesson_path(world, "cedar")))
    AssistState.set_prompt.fn(panel, "Steal the cedar lesson")
    _generate(panel)
    assert panel.phase == "failed" and "not found" in panel.message.lower()
    assert _count(session) == before
    assert ai.fake.requests == []


def test_a_disabled_task_type_sent_directly_is_refused(ai: Setup, world: World,
                                                       session: Session) -> None:
    ai.lesson_plan.enabled = False
    session.add(ai.lesson_plan)
    session.commit()
    before = _count(session)
    panel = _panel(_tree("teacher@maple.test", _lesson_path(world)))
    panel.task_type = "lesson_plan"  # as a crafted message could set it
    AssistState.set_prompt.fn(panel, "Anything")
    _generate(panel)
    assert panel.phase == "failed" and "disabled" in panel.message
    assert _count(session) == before


def test_a_foreign_template_id_is_not_found(ai: Setup, world: World, session: Session) -> None:
    before = _count(session)
    panel = _panel(_tree("teacher@maple.test", _lesson_path(world)))
    AssistState.set_prompt.fn(panel, "Anything")
    panel.template_id = str(world.cedar.template.id)  # bypassing choose_template
    _generate(panel)
    assert panel.phase == "failed" and "not found" in panel.message.lower()
    assert _count(session) == before
    # choose_template itself only takes the templates it listed.
    AssistState.choose_template.fn(panel, str(world.cedar.template.id))
    assert panel.template_id == ""
    mine = make_template(session, world.maple.admin, name="Mine")
    AssistState.choose_task.fn(panel, "lesson_plan")
    AssistState.choose_template.fn(panel, str(mine.id))
    assert panel.template_id == str(mine.id)


def test_a_lead_cannot_read_another_users_answer_through_the_panel(ai: Setup,
                                                                   world: World) -> None:
    teacher = _panel(_tree("teacher@maple.test", _lesson_path(world)))
    AssistState.set_prompt.fn(teacher, "A private plan")
    _generate(teacher)
    invocation_id = teacher.history[0]["id"]
    for who in ("lead@maple.test", "admin@maple.test", "admin@cedar.test"):
        snoop = _panel(_tree(who, _lesson_path(world)))
        AssistState.show_past.fn(snoop, invocation_id)
        assert snoop.answer == "" and "not found" in snoop.message.lower()


def test_a_teacher_calling_approve_changes_nothing(ai: Setup, world: World) -> None:
    panel = _panel(_tree("teacher@maple.test", _lesson_path(world)))
    AssistState.choose_task.fn(panel, "differentiation")
    AssistState.set_prompt.fn(panel, "Three levels")
    _generate(panel)
    assert panel.phase == "waiting"
    invocation_id = panel.history[0]["id"]
    attacker = _tree("teacher2@maple.test", "/ai/approvals").get(ApprovalsState)
    run(ApprovalsState.approve.fn(attacker, invocation_id))
    with session_scope() as db:
        assert db.get(AiInvocation, int(invocation_id)).status == "pending"  # type: ignore[union-attr]
    assert ai.fake.requests == []
    # The lead approves: the run happens on the server, and the teacher's panel shows it.
    lead = _tree("lead@maple.test", "/ai/approvals").get(ApprovalsState)
    ApprovalsState.load.fn(lead)
    assert [r["id"] for r in lead.requests] == [invocation_id]
    ai.fake.script(Behaviour.ok("Level one; level two; level three."))

    async def approve_and_wait() -> None:
        await ApprovalsState.approve.fn(lead, invocation_id)
        for _ in range(200):
            with session_scope() as db:
                if db.get(AiInvocation, int(invocation_id)).status == "completed":  # type: ignore[union-attr]
                    return
            await asyncio.sleep(0.02)

    run(approve_and_wait())
    with session_scope() as db:
        row = db.get(AiInvocation, int(invocation_id))
        assert row is not None and row.status == "completed", (row.status, row.error_message)
    AssistState.show_past.fn(panel, invocation_id)
    assert panel.message == ""
    assert panel.answer == "Level one; level two; level three."
