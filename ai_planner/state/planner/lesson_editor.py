"""/plan/units/[unit_id]/lessons/[lesson_id]: the lesson editor.

Explicit Save with a "Saved" confirmation. What the teacher typed stays in ``form`` until it
is saved or discarded: a validation error points at the field and keeps the text. While
there are unsaved changes (``dirty``) the page asks before leaving, both for in-app links
(``request_leave`` opens a confirmation) and for reload/close (the page mounts a
``beforeunload`` listener only while dirty).
"""

from __future__ import annotations

import reflex as rx
from reflex.event import EventSpec

from ai_planner.db import session_scope
from ai_planner.errors import AppError, NotFound
from ai_planner.services import planning
from ai_planner.state.base import SessionState, login_url, safe_next_path
from ai_planner.state.planner.common import (
    LOADING,
    NOT_FOUND,
    READY,
    capped,
    lesson_href,
    route_ids,
    unit_href,
)
from ai_planner.state.planner.editing import PlanFormMixin

EDITABLE_FIELDS = planning.LESSON_FORM_FIELDS


class LessonEditorState(SessionState, PlanFormMixin):
    unit: dict[str, str] = {}
    lesson: dict[str, str] = {}  # as saved; ``form`` holds it as being edited
    lessons: list[dict[str, str]] = []  # the unit's lessons, for "Lesson 2 of 5" and links
    unit_href: str = "/plan"
    previous_href: str = ""  # the lesson before this one in the unit, if any
    next_href: str = ""
    leave_target: str = ""  # where the teacher wants to go while there are unsaved changes

    _unit_id: str = ""
    _lesson_id: str = ""

    @rx.var
    def position_label(self) -> str:
        if not self.lesson:
            return ""
        return f"Lesson {self.lesson.get('position', '')} of {len(self.lessons)}"

    @rx.var
    def leave_open(self) -> bool:
        return self.leave_target != ""

    def _neighbour_href(self, step: int) -> str:
        ids = [row["id"] for row in self.lessons]
        current = self.lesson.get("id", "")
        if current not in ids:
            return ""
        index = ids.index(current) + step
        if 0 <= index < len(ids):
            return lesson_href(self.unit.get("id", ""), ids[index])
        return ""

    def _form_fields(self) -> tuple[str, ...]:
        return EDITABLE_FIELDS

    def _saved_record(self) -> dict[str, str]:
        return self.lesson

    def _fail(self, exc: AppError) -> None:
        if isinstance(exc, NotFound):
            self.page_status = NOT_FOUND
            self.unit, self.lesson, self.form, self.lessons = {}, {}, {}, []
            self.dirty = False
        else:
            self.message = exc.message

    # --- events ------------------------------------------------------------------------

    @rx.event
    def load(self) -> EventSpec | None:
        """on_load: read both ids from the URL; the lesson must belong to that unit."""
        self.page_status = LOADING
        self.message = self.saved_message = self.leave_target = ""
        self.errors, self.dirty = {}, False
        self._unit_id, self._lesson_id = route_ids(self.router.url.path)
        actor = self._current_actor()
        if actor is None:
            return rx.redirect(login_url(self.router.url.path))
        try:
            with session_scope() as db:
                page = planning.lesson_page(
                    db, actor=actor, unit_id=self._unit_id, lesson_id=self._lesson_id
                )
        except AppError as exc:
            self._fail(exc)
            return None
        self.unit, self.lesson, self.lessons = page.unit, page.lesson, page.lessons
        self.form = self._editable(page.lesson)
        self.unit_href = unit_href(page.unit["id"])
        self.previous_href = self._neighbour_href(-1)
        self.next_href = self._neighbour_href(1)
        self.page_status = READY
        return None

    @rx.event
    def save(self) -> None:
        lesson = self._save_form(
            lambda db, actor: planning.save_lesson(
                db, actor=actor, unit_id=self._unit_id, lesson_id=self._lesson_id, form=self.form
            )
        )
        if lesson is None:
            return
        self.lesson = lesson
        self.lessons = [
            {**row, "title": lesson["title"]} if row["id"] == lesson["id"] else row
            for row in self.lessons
        ]
        self._mark_saved()

    @rx.event
    def request_leave(self, href: str) -> EventSpec | None:
        """Follow an in-app link, but ask first while there are unsaved changes."""
        target = safe_next_path(capped(href, 500), default="/plan")
        if self.dirty:
            self.leave_target = target
            return None
        return rx.redirect(target)

    @rx.event
    def stay(self) -> None:
        self.leave_target = ""

    @rx.event
    def leave_without_saving(self) -> EventSpec | None:
        target, self.leave_target = self.leave_target, ""
        if not target:
            return None
        self._reset_form()
        return rx.redirect(target)
