"""Planner states driven the way a crafted websocket message could drive them: any handler,
any arguments, any URL. Every refusal is checked in the database, not only on the screen."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from ai_planner.db import session_scope
from ai_planner.models import Lesson, Unit
from ai_planner.services import auth
from ai_planner.state.planner import LessonEditorState, UnitPlannerState
from tests.factories import World, make_lesson
from tests.state.conftest import StateTree, redirect_target
from tests.state.planner_helpers import fresh, open_lesson, open_unit, signed_in_tree

# --- unit planner ----------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["cedar", "teacher2", "missing", "junk"])
def test_unit_planner_shows_not_found_the_same_way(world: World, who: str) -> None:
    m = world.maple
    email, unit_id = {
        "cedar": ("admin@cedar.test", m.unit.id),
        "teacher2": ("teacher2@maple.test", m.unit.id),
        "missing": ("teacher@maple.test", 987654),
        "junk": ("teacher@maple.test", "1%20OR%201=1"),
    }[who]
    state = open_unit(signed_in_tree(email), unit_id)
    assert state.page_status == "not_found"
    assert state.unit["id"] == "" and state.lessons == [] and state.form == {}


def test_unit_planner_loads_own_unit(world: World) -> None:
    m = world.maple
    state = open_unit(signed_in_tree("teacher@maple.test"), m.unit.id)
    assert state.page_status == "ready"
    assert state.unit["title"] == "Ecosystems"
    assert state.unit["course_name"] == "Grade 5 Science"
    assert [row["title"] for row in state.lessons] == ["Food webs"]
    # Only plain, safe fields go to the browser.
    assert set(state.unit) <= {"id", "title", "course_name", "status", "status_label",
                               "updated"}
    # The lesson rows are light: no lesson texts travel to the browser.
    assert set(state.lessons[0]) == {"id", "href", "title", "position", "duration"}


def test_unit_planner_without_session_redirects_and_shows_nothing(world: World) -> None:
    tree = StateTree()
    tree.visit(f"/plan/units/{world.maple.unit.id}/")
    state = tree.get(UnitPlannerState)
    result = UnitPlannerState.load.fn(state)
    assert redirect_target(result) == f"/login?next=/plan/units/{world.maple.unit.id}/"
    assert state.unit["id"] == ""


def test_save_unit_and_validation_keeps_typed_text(world: World) -> None:
    m = world.maple
    state = open_unit(signed_in_tree("teacher@maple.test"), m.unit.id)
    UnitPlannerState.edit.fn(state, "summary", "Energy flows")
    UnitPlannerState.edit.fn(state, "title", "")
    assert state.dirty
    UnitPlannerState.save.fn(state)
    assert state.errors == {"title": "Title can't be blank."}
    assert state.form["summary"] == "Energy flows"  # kept as typed
    assert fresh(Unit, m.unit.id).summary == ""  # nothing half-saved

    UnitPlannerState.edit.fn(state, "title", "Ecosystems and energy")
    UnitPlannerState.edit.fn(state, "status", "published")
    UnitPlannerState.save.fn(state)
    assert state.saved_message == "Saved" and not state.dirty
    stored = fresh(Unit, m.unit.id)
    assert (stored.title, stored.summary, stored.status) == (
        "Ecosystems and energy",
        "Energy flows",
        "published",
    )


def test_edit_ignores_fields_that_are_not_on_the_form(world: World) -> None:
    state = open_unit(signed_in_tree("teacher@maple.test"), world.maple.unit.id)
    before = dict(state.form)
    UnitPlannerState.edit.fn(state, "tenant_id", str(world.cedar.tenant.id))
    UnitPlannerState.edit.fn(state, "created_by_id", "1")
    assert state.form == before and not state.dirty


def test_save_with_a_swapped_unit_id_touches_nothing(world: World) -> None:
    """Even if the backend-only unit id were swapped for another tenant's, the repository
    refuses: the page turns into "not found" and the other unit is unchanged."""
    m, c = world.maple, world.cedar
    state = open_unit(signed_in_tree("admin@maple.test"), m.unit.id)
    UnitPlannerState.edit.fn(state, "title", "Taken over")
    state._unit_id = str(c.unit.id)
    UnitPlannerState.save.fn(state)
    assert state.page_status == "not_found"
    assert fresh(Unit, c.unit.id).title == "Ecosystems"
    assert fresh(Unit, m.unit.id).title == "Ecosystems"


def test_save_unit_into_another_tenants_course_is_refused(world: World) -> None:
    m, c = world.maple, world.cedar
    state = open_unit(signed_in_tree("teacher@maple.test"), m.unit.id)
    UnitPlannerState.edit.fn(state, "course_id", str(c.course.id))
    UnitPlannerState.save.fn(state)
    assert "course_id" in state.errors
    assert fresh(Unit, m.unit.id).course_id == m.course.id


def test_lesson_handlers_refuse_foreign_lesson_ids(world: World, session: Session) -> None:
    m, c = world.maple, world.cedar
    other = make_lesson(session, m.teacher2, m.other_unit, title="Clouds")
    state = open_unit(signed_in_tree("teacher@maple.test"), m.unit.id)
    for foreign in (str(c.lesson.id), str(other.id), "0", "x"):
        UnitPlannerState.move_lesson.fn(state, foreign, "up")
        UnitPlannerState.confirm_delete_lesson.fn(state, foreign)
    assert fresh(Lesson, c.lesson.id) is not None
    assert fresh(Lesson, other.id) is not None
    assert state.page_status == "ready"
    assert [row["title"] for row in state.lessons] == ["Food webs"]


def test_add_move_and_delete_lessons(world: World) -> None:
    m = world.maple
    state = open_unit(signed_in_tree("teacher@maple.test"), m.unit.id)
    UnitPlannerState.set_new_lesson_title.fn(state, "   ")
    UnitPlannerState.add_lesson.fn(state)
    assert state.lesson_error == "Title can't be blank."
    UnitPlannerState.set_new_lesson_title.fn(state, "Producers")
    UnitPlannerState.add_lesson.fn(state)
    assert [row["title"] for row in state.lessons] == ["Food webs", "Producers"]
    assert state.new_lesson_title == ""
    new_id = state.lessons[1]["id"]
    UnitPlannerState.move_lesson.fn(state, new_id, "up")
    assert [row["title"] for row in state.lessons] == ["Producers", "Food webs"]
    assert fresh(Lesson, int(new_id)).position == 1
    UnitPlannerState.move_lesson.fn(state, new_id, "sideways")
    assert state.lesson_error == "A lesson can only move up or down."

    UnitPlannerState.ask_delete_lesson.fn(state, str(m.lesson.id))
    assert state.pending_delete_title == "Food webs"
    UnitPlannerState.confirm_delete_lesson.fn(state, str(m.lesson.id))
    assert fresh(Lesson, m.lesson.id) is None
    assert [(row["title"], row["position"]) for row in state.lessons] == [("Producers", 1)]


def test_ask_delete_only_for_lessons_on_the_page(world: World) -> None:
    state = open_unit(signed_in_tree("teacher@maple.test"), world.maple.unit.id)
    UnitPlannerState.ask_delete_lesson.fn(state, str(world.cedar.lesson.id))
    assert state.pending_delete_id == ""


def test_delete_unit_as_other_teacher_is_refused(world: World) -> None:
    m = world.maple
    state = open_unit(signed_in_tree("teacher2@maple.test"), m.other_unit.id)
    state._unit_id = str(m.unit.id)  # crafted
    UnitPlannerState.delete_unit.fn(state)
    assert state.page_status == "not_found"
    assert fresh(Unit, m.unit.id) is not None


def test_delete_unit_by_lead(world: World) -> None:
    m = world.maple
    state = open_unit(signed_in_tree("lead@maple.test"), m.unit.id)
    result = UnitPlannerState.delete_unit.fn(state)
    assert redirect_target(result) == "/plan"
    assert fresh(Unit, m.unit.id) is None
    assert fresh(Lesson, m.lesson.id) is None


def test_handlers_after_sign_out_change_nothing(world: World) -> None:
    m = world.maple
    tree = signed_in_tree("teacher@maple.test")
    state = open_unit(tree, m.unit.id)
    with session_scope() as db:
        auth.sign_out(db, tree.session.session_token)
    UnitPlannerState.edit.fn(state, "title", "After sign-out")
    UnitPlannerState.save.fn(state)
    UnitPlannerState.confirm_delete_lesson.fn(state, str(m.lesson.id))
    assert "sign in" in state.message.lower()
    assert fresh(Unit, m.unit.id).title == "Ecosystems"
    assert fresh(Lesson, m.lesson.id) is not None


# --- lesson editor ---------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["cedar", "teacher2", "wrong_unit", "missing"])
def test_lesson_editor_not_found_the_same_way(world: World, who: str) -> None:
    m = world.maple
    email, unit_id, lesson_id = {
        "cedar": ("teacher@cedar.test", m.unit.id, m.lesson.id),
        "teacher2": ("teacher2@maple.test", m.unit.id, m.lesson.id),
        # The lead may see both units, but this lesson is not in the unit of the URL.
        "wrong_unit": ("lead@maple.test", m.other_unit.id, m.lesson.id),
        "missing": ("teacher@maple.test", m.unit.id, 424242),
    }[who]
    state = open_lesson(signed_in_tree(email), unit_id, lesson_id)
    assert state.page_status == "not_found"
    assert state.lesson["id"] == "" and state.form == {}


def test_lesson_editor_save_validation_and_persistence(world: World) -> None:
    m = world.maple
    state = open_lesson(signed_in_tree("teacher@maple.test"), m.unit.id, m.lesson.id)
    assert state.page_status == "ready"
    assert state.position_label == "Lesson 1 of 1"
    LessonEditorState.edit.fn(state, "objectives", "Trace energy through a food web")
    LessonEditorState.edit.fn(state, "duration_minutes", "ninety")
    assert state.dirty
    LessonEditorState.save.fn(state)
    assert state.errors == {
        "duration_minutes": "Duration must be a whole number of minutes from 1 to 600 "
        "(or left empty)."
    }
    assert state.form["duration_minutes"] == "ninety"
    assert state.form["objectives"] == "Trace energy through a food web"
    assert state.dirty and state.saved_message == ""
    stored = fresh(Lesson, m.lesson.id)
    assert (stored.objectives, stored.duration_minutes) == ("", None)

    LessonEditorState.edit.fn(state, "duration_minutes", "50")
    assert "duration_minutes" not in state.errors
    LessonEditorState.save.fn(state)
    assert state.saved_message == "Saved" and not state.dirty
    stored = fresh(Lesson, m.lesson.id)
    assert (stored.objectives, stored.duration_minutes) == ("Trace energy through a food web", 50)


def test_lesson_editor_swapped_ids_touch_nothing(world: World) -> None:
    m, c = world.maple, world.cedar
    state = open_lesson(signed_in_tree("admin@maple.test"), m.unit.id, m.lesson.id)
    LessonEditorState.edit.fn(state, "title", "Overwritten")
    state._unit_id, state._lesson_id = str(c.unit.id), str(c.lesson.id)
    LessonEditorState.save.fn(state)
    assert state.page_status == "not_found"
    assert fresh(Lesson, c.lesson.id).title == "Food webs"


def test_leaving_with_unsaved_changes_asks_first(world: World) -> None:
    m = world.maple
    state = open_lesson(signed_in_tree("teacher@maple.test"), m.unit.id, m.lesson.id)
    assert redirect_target(LessonEditorState.request_leave.fn(state, "/plan")) == "/plan"

    LessonEditorState.edit.fn(state, "title", "Food chains")
    assert LessonEditorState.request_leave.fn(state, f"/plan/units/{m.unit.id}") is None
    assert state.leave_open and state.leave_target == f"/plan/units/{m.unit.id}"
    LessonEditorState.stay.fn(state)
    assert not state.leave_open and state.form["title"] == "Food chains"

    # An off-site target is never followed.
    LessonEditorState.request_leave.fn(state, "https://evil.example/")
    assert state.leave_target == "/plan"
    result = LessonEditorState.leave_without_saving.fn(state)
    assert redirect_target(result) == "/plan"
    assert fresh(Lesson, m.lesson.id).title == "Food webs"


def test_apply_text_fills_the_form_but_saves_nothing(world: World) -> None:
    m = world.maple
    state = open_lesson(signed_in_tree("teacher@maple.test"), m.unit.id, m.lesson.id)
    LessonEditorState.apply_text.fn(state, "activities", "  Think-pair-share (10 min)  ")
    LessonEditorState.apply_text.fn(state, "activities", "Exit ticket")
    assert state.form["activities"] == "Think-pair-share (10 min)\n\nExit ticket"
    LessonEditorState.apply_text.fn(state, "activities", "Only this", "replace")
    assert state.form["activities"] == "Only this" and state.dirty
    for field in ("duration_minutes", "tenant_id", "unit_id"):
        LessonEditorState.apply_text.fn(state, field, "1")
    assert "tenant_id" not in state.form and state.form["duration_minutes"] == ""
    assert fresh(Lesson, m.lesson.id).activities == ""

    unit_state = open_unit(signed_in_tree("admin@cedar.test"), m.unit.id)
    UnitPlannerState.apply_text.fn(unit_state, "summary", "Injected")
    assert unit_state.page_status == "not_found" and unit_state.form == {}


def test_error_summary_names_what_to_fix(world: World) -> None:
    m = world.maple
    state = open_lesson(signed_in_tree("teacher@maple.test"), m.unit.id, m.lesson.id)
    assert state.error_summary == ""
    LessonEditorState.edit.fn(state, "title", "")
    LessonEditorState.save.fn(state)
    assert state.error_summary == "Not saved: Title can't be blank."
    LessonEditorState.edit.fn(state, "title", "Food webs again")
    assert state.error_summary == ""
