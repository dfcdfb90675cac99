"""/ai/invocations/[invocation_id]: one generation of the audit log.

The id is read from the URL on load and checked by the service: a missing id, another
tenant's, another user's (for anyone but an admin) and junk all end in the same "not
found" view. The list's question rides along in the URL query, so "Back to AI activity"
returns to the same page of the same list (re-read through the list's parser: only its
own parameters, never an arbitrary link).
"""

from __future__ import annotations

import reflex as rx
from reflex.event import EventSpec

from ai_planner import routes
from ai_planner.errors import NotFound
from ai_planner.schemas.invocation_log import InvocationLogQuery
from ai_planner.services import ai_activity
from ai_planner.state.ai_activity.words import (
    EMPTY_DETAIL,
    DetailView,
    detail_view,
    safety_label,
)
from ai_planner.state.base import FeedbackMixin, SessionState, page_state
from ai_planner.state.planner.common import LOADING, NOT_FOUND, READY


@page_state(routes.AI_INVOCATION)
class InvocationDetailState(SessionState, FeedbackMixin):
    page_status: str = LOADING
    detail: DetailView = EMPTY_DETAIL
    safety: list[str] = []  # what the safety filters did, in words (bounded by the schema)
    back_href: str = routes.AI_INVOCATIONS

    def _on_not_found(self, exc: NotFound) -> None:
        self.page_status = NOT_FOUND
        self.detail, self.safety = EMPTY_DETAIL, []

    @rx.event
    def load(self) -> EventSpec | None:
        self.page_status = LOADING
        self.detail, self.safety = EMPTY_DETAIL, []
        list_query = InvocationLogQuery.from_url(self.router.url.query_parameters)
        self.back_href = routes.with_query(routes.AI_INVOCATIONS, list_query.url_params())
        raw_id = routes.invocation_id_in(self.router.url.path)
        found = self._act(lambda db, actor: ai_activity.activity_detail(
            db, actor=actor, invocation_id=raw_id))
        if found is None:
            return self._to_login_if_signed_out()
        self.detail = detail_view(found)
        self.safety = [safety_label(note) for note in found.safety]
        self.page_status = READY
        return None
