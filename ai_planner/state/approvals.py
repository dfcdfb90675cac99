"""/ai/approvals: requests waiting for an admin's or curriculum lead's approval, oldest
first (at most ``QUEUE_PAGE`` at a time). Approving starts the run on the server, not in
this browser; rejecting needs a reason, which the teacher sees."""

from __future__ import annotations

from typing import TypedDict

import reflex as rx
from reflex.event import EventSpec

from ai_planner import routes
from ai_planner.repositories import approvals as approvals_repo
from ai_planner.services import approvals
from ai_planner.state.base import FeedbackMixin, SessionState, page_state
from ai_planner.state.planner.common import capped
from ai_planner.state.words import when_label


class Message(TypedDict):
    role: str
    content: str


class Request(TypedDict):
    id: str
    requester: str
    task: str
    when: str
    prompt: str
    plan_href: str
    messages: list[Message]


def request_view(item: approvals.QueueItem) -> Request:
    if item.lesson_id and item.unit_id:
        href = routes.lesson_href(item.unit_id, item.lesson_id)
    else:
        href = routes.unit_href(item.unit_id) if item.unit_id else ""
    return Request(id=str(item.invocation_id), requester=item.requester_name,
                   task=item.task_label,
                   when=when_label(item.created_at),
                   prompt=item.prompt, plan_href=href,
                   messages=[Message(role=m["role"].capitalize(), content=m["content"][:4000])
                             for m in item.messages])


@page_state(routes.AI_APPROVALS)
class ApprovalsState(SessionState, FeedbackMixin):
    requests: list[Request] = []
    loaded: bool = False
    rejecting_id: str = ""
    reason: str = ""
    reject_errors: dict[str, str] = {}

    @rx.var
    def rejecting(self) -> bool:
        return self.rejecting_id != ""

    def _reload(self) -> None:
        found = self._act(lambda db, actor: (approvals.queue(db, actor=actor),
                                             approvals_repo.count_waiting(db, actor=actor)))
        if found is not None:
            items, waiting = found
            self.requests = [request_view(item) for item in items]
            self.approvals_waiting = waiting
            self.loaded = True

    @rx.event
    def load(self) -> EventSpec | None:
        self.rejecting_id, self.reason, self.reject_errors = "", "", {}
        self._reload()
        return None if self.loaded else self._to_login_if_signed_out()

    @rx.event
    async def approve(self, invocation_id: str) -> EventSpec | None:
        prepared = self._act(lambda db, actor: approvals.approve(
            db, actor=actor, invocation_id=capped(invocation_id, 24)))
        if prepared is None:
            self._reload()
            return None
        approvals.run_in_background(prepared)
        self._reload()
        return rx.toast.success("Approved: the answer is being generated for the teacher.")

    @rx.event
    def open_reject(self, invocation_id: str) -> None:
        if any(r["id"] == invocation_id for r in self.requests):
            self.rejecting_id, self.reason, self.reject_errors = invocation_id, "", {}

    @rx.event
    def set_reject_open(self, is_open: bool) -> None:
        if not is_open:
            self.rejecting_id, self.reject_errors = "", {}

    @rx.event
    def set_reason(self, value: str) -> None:
        self.reason = capped(value, approvals.REASON_MAX)
        self.reject_errors = {}

    @rx.event
    def confirm_reject(self) -> EventSpec | None:
        invocation_id, reason = self.rejecting_id, self.reason
        done = self._act(lambda db, actor: approvals.reject(
            db, actor=actor, invocation_id=invocation_id, reason=reason) or True,
            errors="reject_errors", in_dialog=True)
        if done is None:
            return None
        self.rejecting_id, self.reason = "", ""
        self._reload()
        return rx.toast.success("Rejected: the teacher sees your reason.")

