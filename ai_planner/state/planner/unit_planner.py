"""/plan/units/[unit_id]: edit a unit; add, reorder and delete its lessons.

The unit id is read from the URL on load and kept in a backend-only var (``_unit_id``), so
the browser cannot swap it between events; every handler still goes through the service,
whose repository checks tenant and scope again. Missing, other-tenant and out-of-scope ids
all end in the same "not found" view. The lessons are light rows (title, duration,
position): their texts stay on the server until a lesson is opened.
"""

from __future__ import annotations

from typing import TypedDict

import reflex as rx
from reflex.event import EventSpec

from ai_planner import routes
from ai_planner.errors import NotFound
from ai_planner.schemas.planning import UNIT_FORM_FIELDS, CoursePublic, LessonRow, UnitPublic
from ai_planner.services import planning
from ai_planner.state.base import SessionState, page_state
from ai_planner.state.planner.common import (
    LOADING,
    NOT_FOUND,
    READY,
    capped,
    date_label,
    duration_label,
    lesson_count_label,
    status_label,
)
from ai_planner.state.planner.editing import PlanFormMixin


class UnitView(TypedDict):
    id: str
    title: str
    course_name: str
    status: str
    status_label: str
    updated: str


class LessonRowView(TypedDict):
    id: str
    href: str
    title: str
    position: int
    duration: str


class CourseOption(TypedDict):
    id: str
    name: str


def unit_view(unit: UnitPublic) -> UnitView:
    return UnitView(id=str(unit.id), title=unit.title, course_name=unit.course_name,
                    status=unit.status, status_label=status_label(unit.status),
                    updated=date_label(unit.updated_at))


def lesson_row_view(row: LessonRow) -> LessonRowView:
    return LessonRowView(id=str(row.id), href=routes.lesson_href(row.unit_id, row.id),
                         title=row.title, position=row.position,
                         duration=duration_label(row.duration_minutes))


def course_option(course: CoursePublic) -> CourseOption:
    return CourseOption(id=str(course.id), name=course.name)


EMPTY_UNIT = UnitView(id="", title="", course_name="", status="", status_label="", updated="")


@page_state(routes.UNIT)
class UnitPlannerState(SessionState, PlanFormMixin):
    unit: UnitView = EMPTY_UNIT  # as saved; ``form`` holds it as being edited
    lessons: list[LessonRowView] = []
    courses: list[CourseOption] = []
    new_lesson_errors: dict[str, str] = {}
    new_lesson_title: str = ""

    pending_delete_id: str = ""
    pending_delete_title: str = ""
    delete_unit_open: bool = False

    _unit_id: str = ""

    @rx.var
    def lesson_count_label(self) -> str:
        return lesson_count_label(len(self.lessons))

    @rx.var
    def lesson_error(self) -> str:
        return next(iter(self.new_lesson_errors.values()), "")

    # --- helpers (underscore: not callable from the browser) --------------------------

    def _form_fields(self) -> tuple[str, ...]:
        return UNIT_FORM_FIELDS

    def _on_not_found(self, exc: NotFound) -> None:
        if exc.what == "lesson":
            # A lesson id that is not in this unit (or gone): show the unit as it now is.
            self._show_lessons(self._act(lambda db, actor: planning.unit_page(
                db, actor=actor, unit_id=self._unit_id).lessons))
            return
        self.page_status = NOT_FOUND
        self.unit, self.lessons, self.courses = EMPTY_UNIT, [], []
        self._clear_page()

    def _show_unit(self, unit: UnitPublic) -> None:
        self.unit = unit_view(unit)
        self._keep_saved(unit)

    def _show_lessons(self, rows: list[LessonRow] | None) -> None:
        if rows is not None:
            self.lessons = [lesson_row_view(row) for row in rows]

    # --- events ------------------------------------------------------------------------

    @rx.event
    def load(self) -> EventSpec | None:
        """on_load: read the unit id from the URL and show the unit (or "not found")."""
        self.page_status = LOADING
        self.saved_message = self.new_lesson_title = ""
        self.new_lesson_errors = {}
        self.pending_delete_id = self.pending_delete_title = ""
        self.delete_unit_open = False
        self._unit_id, _ = routes.planner_ids(self.router.url.path)
        page = self._act(lambda db, actor: planning.unit_page(db, actor=actor,
                                                              unit_id=self._unit_id))
        if page is None:
            return self._to_login_if_signed_out()
        self._show_unit(page.unit)
        self._show_lessons(page.lessons)
        self.courses = [course_option(course) for course in page.courses]
        self.page_status = READY
        return None

    @rx.event
    def save(self) -> None:
        unit = self._save_form(lambda db, actor: planning.save_unit(
            db, actor=actor, unit_id=self._unit_id, form=self.form))
        if unit is not None:
            self.unit = unit_view(unit)

    # --- lessons -----------------------------------------------------------------------

    @rx.event
    def set_new_lesson_title(self, value: str) -> None:
        self.new_lesson_title = capped(value, 500)
        self.new_lesson_errors = {}

    @rx.event
    def add_lesson(self) -> None:
        rows = self._act(lambda db, actor: planning.add_lesson(
            db, actor=actor, unit_id=self._unit_id, title=self.new_lesson_title),
            errors="new_lesson_errors")
        if rows is not None:
            self._show_lessons(rows)
            self.new_lesson_title = ""
            self.new_lesson_errors = {}

    @rx.event
    def move_lesson(self, lesson_id: str, direction: str) -> None:
        self._show_lessons(self._act(lambda db, actor: planning.move_lesson(
            db, actor=actor, unit_id=self._unit_id, lesson_id=capped(lesson_id, 32),
            direction=capped(direction, 8)), errors="new_lesson_errors"))

    @rx.event
    def ask_delete_lesson(self, lesson_id: str) -> None:
        """Open the confirmation for one of the lessons shown on the page."""
        match = next((row for row in self.lessons if row["id"] == lesson_id), None)
        if match is None:
            return
        self.pending_delete_id = match["id"]
        self.pending_delete_title = match["title"]

    @rx.event
    def set_delete_lesson_open(self, is_open: bool) -> None:
        """The dialog closed itself (Escape, Cancel): forget which lesson it was about."""
        if not is_open:
            self.pending_delete_id = self.pending_delete_title = ""

    @rx.event
    def confirm_delete_lesson(self, lesson_id: str) -> EventSpec | None:
        """Delete the lesson the confirmation was opened for (its id travels with the click,
        so closing the dialog cannot race the delete)."""
        title = next((row["title"] for row in self.lessons if row["id"] == lesson_id), "")
        self.pending_delete_id = self.pending_delete_title = ""
        rows = self._act(lambda db, actor: planning.delete_lesson(
            db, actor=actor, unit_id=self._unit_id, lesson_id=capped(lesson_id, 32)))
        if rows is None:
            return None
        self._show_lessons(rows)
        return rx.toast.success(f"Deleted “{title}”." if title else "Lesson deleted.")

    # --- the unit itself -----------------------------------------------------------------

    @rx.event
    def set_delete_unit_open(self, is_open: bool) -> None:
        self.delete_unit_open = bool(is_open)

    @rx.event
    def delete_unit(self) -> list[EventSpec] | None:
        self.delete_unit_open = False
        done = self._act(lambda db, actor: planning.delete_unit(
            db, actor=actor, unit_id=self._unit_id) or True)
        if done is None:
            return None
        title = self.unit["title"]
        self.page_status = LOADING
        self.unit, self.lessons = EMPTY_UNIT, []
        self._clear_page()
        return [rx.redirect(routes.PLAN),
                rx.toast.success(f"Deleted “{title}” and its lessons.")]
