"""/plan: the units the user may see, grouped by course; search; new unit; new course."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

import reflex as rx
from reflex.event import EventSpec
from sqlmodel import Session

from ai_planner.actor import Actor
from ai_planner.db import session_scope
from ai_planner.errors import AppError, ValidationFailed
from ai_planner.services import planning
from ai_planner.state.base import SessionState, login_url
from ai_planner.state.planner.common import PLAN_ROUTE, capped, unit_href


@dataclasses.dataclass
class UnitGroupView:
    """One course and the units filed under it (plain strings: sent to the browser)."""

    course_id: str = ""
    course_name: str = ""
    units: list[dict[str, str]] = dataclasses.field(default_factory=list)


class UnitsListState(SessionState):
    groups: list[UnitGroupView] = []
    courses: list[dict[str, str]] = []
    unit_count: int = 0
    search: str = ""
    loaded: bool = False
    message: str = ""  # a page-level problem in words a teacher understands

    create_open: bool = False
    create_errors: dict[str, str] = {}
    course_open: bool = False
    course_errors: dict[str, str] = {}
    # The course the "New unit" dialog preselects (the one just created, or the first).
    preferred_course_id: str = ""

    @rx.var
    def searching(self) -> bool:
        return self.search.strip() != ""

    @rx.var
    def has_courses(self) -> bool:
        return len(self.courses) > 0

    # --- loading -----------------------------------------------------------------------

    def _refresh(self) -> EventSpec | None:
        actor = self._current_actor()
        if actor is None:
            self.loaded = False
            return rx.redirect(login_url(PLAN_ROUTE))
        with session_scope() as db:
            groups = planning.units_by_course(db, actor=actor, search=self.search)
            courses = planning.course_options(db, actor=actor)
        self.groups = [UnitGroupView(g.course_id, g.course_name, g.units) for g in groups]
        self.unit_count = sum(len(g.units) for g in groups)
        self.courses = courses
        if not self.preferred_course_id and courses:
            self.preferred_course_id = courses[0]["id"]
        self.loaded = True
        return None

    @rx.event
    def load(self) -> EventSpec | None:
        """on_load of /plan."""
        self.message = ""
        self.create_open = self.course_open = False
        self.create_errors, self.course_errors = {}, {}
        return self._refresh()

    @rx.event
    def search_units(self, value: str) -> EventSpec | None:
        self.search = capped(value, 200)
        return self._refresh()

    @rx.event
    def clear_search(self) -> EventSpec | None:
        self.search = ""
        return self._refresh()

    def _create(
        self, persist: Callable[[Session, Actor], dict[str, str]]
    ) -> tuple[dict[str, str] | None, dict[str, str]]:
        """Run a "New ..." dialog's ``persist(db, actor)``: (the new record, no errors), or
        (None, the errors the dialog shows: by field, or "form" for the whole form)."""
        try:
            actor = self._require_actor()
            with session_scope() as db:
                return persist(db, actor), {}
        except ValidationFailed as exc:
            return None, {exc.field: exc.message}
        except AppError as exc:
            return None, {"form": exc.message}

    # --- new unit ----------------------------------------------------------------------

    @rx.event
    def set_create_open(self, is_open: bool) -> None:
        self.create_open = bool(is_open)
        self.create_errors = {}

    @rx.event
    def create_unit(self, form_data: dict[str, Any]) -> EventSpec | None:
        """Create a unit from "title" and "course_id", then open it in the unit planner."""
        unit, self.create_errors = self._create(
            lambda db, actor: planning.create_unit(
                db,
                actor=actor,
                title=capped(form_data.get("title")),
                course_id=capped(form_data.get("course_id"), 32),
            )
        )
        if unit is None:
            return None
        self.create_open = False
        return rx.redirect(unit_href(unit["id"]))

    # --- new course --------------------------------------------------------------------

    @rx.event
    def set_course_open(self, is_open: bool) -> None:
        self.course_open = bool(is_open)
        self.course_errors = {}

    @rx.event
    def create_course(self, form_data: dict[str, Any]) -> EventSpec | None:
        course, self.course_errors = self._create(
            lambda db, actor: planning.create_course(
                db,
                actor=actor,
                name=capped(form_data.get("name"), 500),
                subject=capped(form_data.get("subject"), 500),
                grade_level=capped(form_data.get("grade_level"), 500),
            )
        )
        if course is None:
            return None
        self.course_open = False
        self.preferred_course_id = course["id"]
        self._refresh()
        # Straight on to what the teacher came for: a unit in that course.
        self.create_open = True
        return rx.toast.success(f"Course “{course['name']}” created.")
