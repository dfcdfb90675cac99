"""/ai/invocations ("AI activity"): one page of the generations the user may see (their own;
admins the tenant's), filtered by task type, status, date range and (admins) user.

The question lives in the URL: each control sends the browser to ``/ai/invocations?...``
and ``load`` reads the URL, so a reload or a shared link shows the same list, and the state
holds one page (at most ``PAGE_SIZE`` rows) and at most ``USER_CHOICES`` user matches.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import reflex as rx
from reflex.event import EventSpec

from ai_planner import routes
from ai_planner.models import INVOCATION_STATUSES, TASK_TYPES
from ai_planner.schemas.invocation_log import InvocationLogPage, InvocationLogQuery
from ai_planner.services import ai_activity
from ai_planner.state.ai_activity.words import (
    ActivityRow,
    UserOption,
    activity_row,
    user_option,
)
from ai_planner.state.base import FeedbackMixin, SessionState, page_state
from ai_planner.state.paging import changed_question_href, page_links, showing
from ai_planner.state.planner.common import capped

DATES_BACKWARDS = "“To” must be the same day as “From” or later."
DATE_FORMAT = "Dates look like 2026-09-01."


def _typed_date(value: object) -> date | str | None:
    """A date input's value: the date, None when empty, or the problem in words."""
    text = capped(value, 20).strip()
    if not text:
        return None
    query = InvocationLogQuery.from_url({"from": text})
    return query.date_from if query.date_from else DATE_FORMAT


@page_state(routes.AI_INVOCATIONS)
class InvocationLogState(SessionState, FeedbackMixin):
    rows: list[ActivityRow] = []  # one page
    total: int = 0
    range_label: str = ""  # "Showing 51 to 100 of 1,234 generations"
    next_href: str = ""
    previous_href: str = ""
    loaded: bool = False

    # The question, as read from the URL (the controls show it).
    task_filter: str = ""
    status_filter: str = ""
    from_text: str = ""  # the date inputs, as typed until "Apply dates"
    to_text: str = ""
    filtered: bool = False
    user_filter_name: str = ""  # admins: the user the list is narrowed to

    # Admins' user filter: a search on the server, a few matches at a time.
    user_search: str = ""
    user_matches: list[UserOption] = []

    # --- the question in the URL ------------------------------------------------------

    def _query(self) -> InvocationLogQuery:
        return InvocationLogQuery.from_url(self.router.url.query_parameters)

    def _go(self, **changes: Any) -> EventSpec:
        """To the list with the current question changed (a new question starts at page 1)."""
        return rx.redirect(changed_question_href(routes.AI_INVOCATIONS, self._query(), changes),
                           replace=True)

    def _show(self, query: InvocationLogQuery, page: InvocationLogPage) -> None:
        list_params = query.url_params()
        self.rows = [activity_row(row, list_params) for row in page.rows]
        self.total = page.total
        noun = "generation" if page.total == 1 else "generations"
        self.range_label = showing(page.first_number, len(page.rows), f"{page.total:,} {noun}")
        self.next_href, self.previous_href = page_links(
            routes.AI_INVOCATIONS, query, next_cursor=page.next_cursor,
            previous_cursor=page.previous_cursor)
        self.task_filter, self.status_filter = query.task or "", query.status or ""
        self.from_text = query.date_from.isoformat() if query.date_from else ""
        self.to_text = query.date_to.isoformat() if query.date_to else ""
        self.filtered = query.filtered

    # --- events ------------------------------------------------------------------------

    @rx.event
    def load(self) -> EventSpec | None:
        """on_load of /ai/invocations: the page the URL asks for."""
        self.user_search, self.user_matches, self.errors = "", [], {}
        found = self._act(lambda db, actor: ai_activity.activity_page(
            db, actor=actor, query=self._query()))
        if found is None:
            self.loaded, self.rows = False, []
            return self._to_login_if_signed_out()
        self._show(found.query, found.page)
        self.user_filter_name = (found.user.name if found.user
                                 else "Unknown user" if found.query.user else "")
        self.loaded = True
        return None

    @rx.event
    def filter_task(self, value: str) -> EventSpec:
        return self._go(task=value if value in TASK_TYPES else None)

    @rx.event
    def filter_status(self, value: str) -> EventSpec:
        return self._go(status=value if value in INVOCATION_STATUSES else None)

    @rx.event
    def set_from_text(self, value: str) -> None:
        self.from_text = capped(value, 20)
        self.errors = {}

    @rx.event
    def set_to_text(self, value: str) -> None:
        self.to_text = capped(value, 20)
        self.errors = {}

    @rx.event
    def apply_dates(self, form_data: dict[str, Any]) -> EventSpec | None:
        """"Apply dates": both ends of the range (either may be empty), or say what to fix."""
        first, last = _typed_date(form_data.get("from")), _typed_date(form_data.get("to"))
        errors = {name: value for name, value in (("from", first), ("to", last))
                  if isinstance(value, str)}
        if not errors and isinstance(first, date) and isinstance(last, date) and first > last:
            errors["to"] = DATES_BACKWARDS
        self.errors = errors
        if errors:
            return None
        return self._go(date_from=first, date_to=last)

    @rx.event
    def clear_dates(self) -> EventSpec:
        self.errors = {}
        return self._go(date_from=None, date_to=None)

    @rx.event
    def search_users(self, value: str) -> None:
        """Admins: the users whose name or email contains what was typed (a few at most)."""
        self.user_search = capped(value, 100)
        text = self.user_search.strip()
        if not text:
            self.user_matches = []
            return
        found = self._act(lambda db, actor: ai_activity.user_choices(db, actor=actor,
                                                                     text=text))
        self.user_matches = [user_option(user) for user in found or []]

    @rx.event
    def choose_user(self, user_id: str) -> EventSpec | None:
        """Narrow the list to one of the users the search offered."""
        if not any(option["id"] == user_id for option in self.user_matches):
            return None
        self.user_search, self.user_matches = "", []
        return self._go(user=int(user_id))

    @rx.event
    def clear_user(self) -> EventSpec:
        return self._go(user=None)

    @rx.event
    def clear_filters(self) -> EventSpec:
        self.errors = {}
        return self._go(task=None, status=None, user=None, date_from=None, date_to=None)
