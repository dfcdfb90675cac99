"""/plan/units/[unit_id]: edit a unit; add, reorder and delete its lessons.

The unit id is read from the URL on load and kept in a backend-only var (``_unit_id``), so
the browser cannot swap it between events; every handler still goes through the service,
whose repository checks tenant and scope again. Missing, other-tenant and out-of-scope ids
all end in the same "not found" view.
"""

from __future__ import annotations

import reflex as rx
from reflex.event import EventSpec

from ai_planner.db import session_scope
from ai_planner.errors import AppError, NotFound, ValidationFailed
from ai_planner.services import planning
from ai_planner.state.base import SessionState, login_url
from ai_planner.state.planner.common import LOADING, NOT_FOUND, PLAN_ROUTE, READY, capped, route_ids
from ai_planner.state.planner.editing import PlanFormMixin

EDITABLE_FIELDS = ("title", "course_id", "summary", "essential_questions", "status")


class UnitPlannerState(SessionState, PlanFormMixin):
    unit: dict[str, str] = {}  # as saved; ``form`` holds it as being edited

    lessons: list[dict[str, str]] = []
    courses: list[dict[str, str]] = []
    new_lesson_title: str = ""
    lesson_error: str = ""

    pending_delete_id: str = ""
    pending_delete_title: str = ""
    delete_unit_open: bool = False

    _unit_id: str = ""

    @rx.var
    def lesson_count_label(self) -> str:
        return planning.lesson_count_label(len(self.lessons))

    # --- helpers (underscore: not callable from the browser) --------------------------

    def _fail(self, exc: AppError) -> None:
        """Turn a typed error into what the page shows."""
        if isinstance(exc, NotFound):
            self.page_status = NOT_FOUND
            self.unit, self.form, self.lessons = {}, {}, []
            self.dirty = False
        else:
            self.message = exc.message

    def _form_fields(self) -> tuple[str, ...]:
        return EDITABLE_FIELDS

    def _saved_record(self) -> dict[str, str]:
        return self.unit

    def _show(self, page: planning.UnitPage) -> None:
        self.unit = page.unit
        self.lessons = page.lessons
        self.courses = page.courses
        self._reset_form()
        self.page_status = READY

    # --- events ------------------------------------------------------------------------

    @rx.event
    def load(self) -> EventSpec | None:
        """on_load: read the unit id from the URL and show the unit (or "not found")."""
        self.page_status = LOADING
        self.message = self.saved_message = self.lesson_error = self.new_lesson_title = ""
        self.pending_delete_id = self.pending_delete_title = ""
        self.delete_unit_open = False
        self._unit_id, _ = route_ids(self.router.url.path)
        actor = self._current_actor()
        if actor is None:
            return rx.redirect(login_url(self.router.url.path))
        try:
            with session_scope() as db:
                page = planning.unit_page(db, actor=actor, unit_id=self._unit_id)
        except AppError as exc:
            self._fail(exc)
            return None
        self._show(page)
        return None

    @rx.event
    def save(self) -> None:
        unit = self._save_form(
            lambda db, actor: planning.save_unit(
                db, actor=actor, unit_id=self._unit_id, form=self.form
            )
        )
        if unit is None:
            return
        self.unit = unit
        self._mark_saved()

    # --- lessons -----------------------------------------------------------------------

    @rx.event
    def set_new_lesson_title(self, value: str) -> None:
        self.new_lesson_title = capped(value, 500)
        self.lesson_error = ""

    @rx.event
    def add_lesson(self) -> None:
        try:
            actor = self._require_actor()
            with session_scope() as db:
                lessons = planning.add_lesson(
                    db, actor=actor, unit_id=self._unit_id, title=self.new_lesson_title
                )
        except ValidationFailed as exc:
            self.lesson_error = exc.message
            return
        except AppError as exc:
            self._fail(exc)
            return
        self.lessons = lessons
        self.new_lesson_title = ""
        self.lesson_error = ""

    @rx.event
    def move_lesson(self, lesson_id: str, direction: str) -> None:
        try:
            actor = self._require_actor()
            with session_scope() as db:
                self.lessons = planning.move_lesson(
                    db,
                    actor=actor,
                    unit_id=self._unit_id,
                    lesson_id=capped(lesson_id, 32),
                    direction=capped(direction, 8),
                )
        except ValidationFailed as exc:
            self.lesson_error = exc.message
        except NotFound:
            # A lesson id that is not in this unit (or gone): show the unit as it now is.
            self._reload_lessons()
        except AppError as exc:
            self._fail(exc)

    def _reload_lessons(self) -> None:
        try:
            actor = self._require_actor()
            with session_scope() as db:
                self.lessons = planning.unit_page(db, actor=actor, unit_id=self._unit_id).lessons
        except AppError as exc:
            self._fail(exc)

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
        try:
            actor = self._require_actor()
            with session_scope() as db:
                self.lessons = planning.delete_lesson(
                    db, actor=actor, unit_id=self._unit_id, lesson_id=capped(lesson_id, 32)
                )
        except NotFound:
            self._reload_lessons()
            return None
        except AppError as exc:
            self._fail(exc)
            return None
        return rx.toast.success(f"Deleted “{title}”." if title else "Lesson deleted.")

    # --- the unit itself -----------------------------------------------------------------

    @rx.event
    def set_delete_unit_open(self, is_open: bool) -> None:
        self.delete_unit_open = bool(is_open)

    @rx.event
    def delete_unit(self) -> list[EventSpec] | None:
        self.delete_unit_open = False
        try:
            actor = self._require_actor()
            with session_scope() as db:
                planning.delete_unit(db, actor=actor, unit_id=self._unit_id)
        except AppError as exc:
            self._fail(exc)
            return None
        title = self.unit.get("title", "")
        self.page_status = LOADING
        self.unit, self.form, self.lessons, self.dirty = {}, {}, [], False
        return [rx.redirect(PLAN_ROUTE), rx.toast.success(f"Deleted “{title}” and its lessons.")]
