"""/plan: one page of the units the user may see, grouped by course; search, filters, sort
and paging on the server; "New unit" and "New course".

The question (search, filters, sort, page cursor) lives in the URL: each control sends the
browser to ``/plan?...`` (replacing the history entry while typing), and ``load`` reads the
URL. So a reload or a shared link shows the same list, and the state only ever holds one
page (at most ``PAGE_SIZE`` cards, each without the unit's texts).
"""

from __future__ import annotations

import dataclasses
from typing import Any, TypedDict

import reflex as rx
from reflex.event import EventSpec

from ai_planner import routes
from ai_planner.schemas.planning import UNIT_STATUSES, CourseGroup, UnitListItem
from ai_planner.schemas.unit_list import UnitListPage, UnitListQuery
from ai_planner.services import planning
from ai_planner.state.base import FeedbackMixin, SessionState, page_state
from ai_planner.state.paging import changed_question_href, page_links, showing
from ai_planner.state.planner.common import (
    capped,
    date_label,
    lesson_count_label,
    status_label,
    unit_count_label,
)
from ai_planner.state.planner.unit_planner import CourseOption, course_option


class UnitCard(TypedDict):
    id: str
    href: str
    title: str
    summary: str
    status: str
    status_label: str
    lesson_count: str
    owner_name: str
    updated: str


@dataclasses.dataclass
class UnitGroupView:
    """One course and its units on this page (plain values: sent to the browser)."""

    course_id: str = ""
    course_name: str = ""
    count_label: str = ""  # how many units the course has under the current filters
    units: list[UnitCard] = dataclasses.field(default_factory=list)


def unit_card(item: UnitListItem) -> UnitCard:
    return UnitCard(id=str(item.id), href=routes.unit_href(item.id), title=item.title,
                    summary=item.summary_excerpt, status=item.status,
                    status_label=status_label(item.status),
                    lesson_count=lesson_count_label(item.lesson_count),
                    owner_name=item.owner_name, updated=date_label(item.updated_at))


def group_view(group: CourseGroup) -> UnitGroupView:
    return UnitGroupView(str(group.course_id), group.course_name, unit_count_label(group.total),
                         [unit_card(item) for item in group.units])


@page_state(routes.PLAN)
class UnitsListState(SessionState, FeedbackMixin):
    groups: list[UnitGroupView] = []
    total: int = 0
    range_label: str = ""  # "Showing 51 to 100 of 22,004 units"
    next_href: str = ""
    previous_href: str = ""
    loaded: bool = False

    # The question, as read from the URL (the controls show it).
    search: str = ""
    course_filter: str = ""
    status_filter: str = ""
    author: str = "mine"
    sort: str = "updated"
    filtered: bool = False

    courses: list[CourseOption] = []  # for the course filter and the "New unit" dialog

    create_open: bool = False
    create_errors: dict[str, str] = {}
    course_open: bool = False
    course_errors: dict[str, str] = {}
    # The course the "New unit" dialog preselects (the one just created, or the first).
    preferred_course_id: str = ""

    @rx.var
    def has_courses(self) -> bool:
        return len(self.courses) > 0

    # --- the question in the URL ------------------------------------------------------

    def _query(self) -> UnitListQuery:
        return UnitListQuery.from_url(self.router.url.query_parameters)

    def _go(self, **changes: Any) -> EventSpec:
        """To the list with the current question changed (a new question starts at page 1)."""
        return rx.redirect(changed_question_href(routes.PLAN, self._query(), changes),
                           replace=True)

    def _show(self, query: UnitListQuery, page: UnitListPage) -> None:
        self.groups = [group_view(group) for group in page.groups]
        self.total = page.total
        self.range_label = showing(page.first_number, page.shown,
                                   unit_count_label(page.total))
        self.next_href, self.previous_href = page_links(
            routes.PLAN, query, next_cursor=page.next_cursor,
            previous_cursor=page.previous_cursor)
        self.search, self.sort, self.author = query.q, query.sort, query.author
        self.course_filter = str(query.course or "")
        self.status_filter = query.status or ""
        self.filtered = query.filtered

    # --- events ------------------------------------------------------------------------

    @rx.event
    def load(self) -> EventSpec | None:
        """on_load of /plan: the page the URL asks for."""
        self.create_open = self.course_open = False
        self.create_errors, self.course_errors = {}, {}
        query = self._query()
        found = self._act(lambda db, actor: (
            planning.units_page(db, actor=actor, query=query),
            planning.course_options(db, actor=actor)))
        if found is None:
            self.loaded = False
            return self._to_login_if_signed_out()
        page, courses = found
        self._show(query, page)
        self.courses = [course_option(course) for course in courses]
        if not self.preferred_course_id and self.courses:
            self.preferred_course_id = self.courses[0]["id"]
        self.loaded = True
        return None

    @rx.event
    def search_units(self, value: str) -> EventSpec:
        self.search = capped(value, 200)
        return self._go(q=self.search.strip())

    @rx.event
    def clear_search(self) -> EventSpec:
        return self._go(q="", course=None, status=None)

    @rx.event
    def filter_course(self, value: str) -> EventSpec:
        course = capped(value, 20)
        return self._go(course=int(course) if course.isascii() and course.isdigit() else None)

    @rx.event
    def filter_status(self, value: str) -> EventSpec:
        return self._go(status=value if value in UNIT_STATUSES else None)

    @rx.event
    def show_author(self, value: str) -> EventSpec:
        return self._go(author=capped(value, 20))

    @rx.event
    def sort_by(self, value: str) -> EventSpec:
        return self._go(sort=capped(value, 20))

    # --- new unit ----------------------------------------------------------------------

    @rx.event
    def set_create_open(self, is_open: bool) -> None:
        self.create_open = bool(is_open)
        self.create_errors = {}

    @rx.event
    def create_unit(self, form_data: dict[str, Any]) -> EventSpec | None:
        """Create a unit from "title" and "course_id", then open it in the unit planner."""
        form = {"title": capped(form_data.get("title")),
                "course_id": capped(form_data.get("course_id"), 32)}
        unit = self._act(lambda db, actor: planning.create_unit(db, actor=actor, form=form),
                         errors="create_errors", in_dialog=True)
        if unit is None:
            return None
        self.create_open = False
        return rx.redirect(routes.unit_href(unit.id))

    # --- new course --------------------------------------------------------------------

    @rx.event
    def set_course_open(self, is_open: bool) -> None:
        self.course_open = bool(is_open)
        self.course_errors = {}

    @rx.event
    def create_course(self, form_data: dict[str, Any]) -> EventSpec | None:
        form = {name: capped(form_data.get(name), 500)
                for name in ("name", "subject", "grade_level")}
        found = self._act(lambda db, actor: (
            planning.create_course(db, actor=actor, form=form),
            planning.course_options(db, actor=actor)), errors="course_errors", in_dialog=True)
        if found is None:
            return None
        course, courses = found
        self.course_open = False
        self.courses = [course_option(option) for option in courses]
        self.preferred_course_id = str(course.id)
        # Straight on to what the teacher came for: a unit in that course.
        self.create_open = True
        return rx.toast.success(f"Course “{course.name}” created.")
