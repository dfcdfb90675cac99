"""/plan/units/[unit_id]/lessons/[lesson_id]: the lesson editor.

Explicit Save with a "Saved" confirmation. What the teacher typed stays in ``form`` until it
is saved or discarded: a validation error points at the field and keeps the text. While
there are unsaved changes (``dirty``) the page asks before leaving, both for in-app links
(``request_leave`` opens a confirmation) and for reload/close (the page mounts a
``beforeunload`` listener only while dirty).
"""

from __future__ import annotations

from typing import TypedDict

import reflex as rx
from reflex.event import EventSpec

from ai_planner import routes
from ai_planner.errors import NotFound
from ai_planner.schemas.planning import LESSON_FORM_FIELDS, LessonPublic
from ai_planner.services import planning
from ai_planner.state.base import SessionState, page_state
from ai_planner.state.planner.common import LOADING, NOT_FOUND, READY, capped, date_label
from ai_planner.state.planner.editing import PlanFormMixin
from ai_planner.state.planner.unit_planner import EMPTY_UNIT, UnitView, unit_view


class LessonView(TypedDict):
    id: str
    title: str
    updated: str


EMPTY_LESSON = LessonView(id="", title="", updated="")


def lesson_view(lesson: LessonPublic) -> LessonView:
    return LessonView(id=str(lesson.id), title=lesson.title,
                      updated=date_label(lesson.updated_at))


@page_state(routes.LESSON)
class LessonEditorState(SessionState, PlanFormMixin):
    unit: UnitView = EMPTY_UNIT
    lesson: LessonView = EMPTY_LESSON  # as saved; ``form`` holds it as being edited
    position_label: str = ""  # "Lesson 2 of 5"
    unit_href: str = routes.PLAN
    previous_href: str = ""  # the lesson before this one in the unit, if any
    next_href: str = ""
    leave_target: str = ""  # where the teacher wants to go while there are unsaved changes

    _unit_id: str = ""
    _lesson_id: str = ""

    @rx.var
    def leave_open(self) -> bool:
        return self.leave_target != ""

    def _form_fields(self) -> tuple[str, ...]:
        return LESSON_FORM_FIELDS

    def _on_not_found(self, exc: NotFound) -> None:
        self.page_status = NOT_FOUND
        self.unit, self.lesson, self.position_label = EMPTY_UNIT, EMPTY_LESSON, ""
        self.previous_href = self.next_href = ""
        self._clear_page()

    # --- events ------------------------------------------------------------------------

    @rx.event
    def load(self) -> EventSpec | None:
        """on_load: read both ids from the URL; the lesson must belong to that unit."""
        self.page_status = LOADING
        self.saved_message = self.leave_target = ""
        self._unit_id, self._lesson_id = routes.planner_ids(self.router.url.path)
        page = self._act(lambda db, actor: planning.lesson_page(
            db, actor=actor, unit_id=self._unit_id, lesson_id=self._lesson_id))
        if page is None:
            return self._to_login_if_signed_out()
        unit_id = page.unit.id
        self.unit = unit_view(page.unit)
        self.lesson = lesson_view(page.lesson)
        self._keep_saved(page.lesson)
        self.position_label = f"Lesson {page.lesson.position} of {page.place.count}"
        self.unit_href = routes.unit_href(unit_id)
        self.previous_href = (routes.lesson_href(unit_id, page.place.previous_id)
                              if page.place.previous_id else "")
        self.next_href = (routes.lesson_href(unit_id, page.place.next_id)
                          if page.place.next_id else "")
        self.page_status = READY
        return None

    @rx.event
    def save(self) -> None:
        lesson = self._save_form(lambda db, actor: planning.save_lesson(
            db, actor=actor, unit_id=self._unit_id, lesson_id=self._lesson_id, form=self.form))
        if lesson is not None:
            self.lesson = lesson_view(lesson)

    @rx.event
    def request_leave(self, href: str) -> EventSpec | None:
        """Follow an in-app link, but ask first while there are unsaved changes."""
        target = routes.safe_next_path(capped(href, 500), default=routes.PLAN)
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
