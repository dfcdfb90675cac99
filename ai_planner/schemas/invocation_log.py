"""The audit log's question (filters and page, from the URL) and its answers: one page of
invocation rows, one invocation's detail, and the users an admin may filter by.

The question lives in the URL (``/ai/invocations?task=rewrite&status=failed&after=...``),
so a reload or a shared link shows the same list. A link is typed or pasted by people: a
value that makes no sense is dropped (the default applies), never an error.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, Field

from ai_planner.models import INVOCATION_STATUSES, TASK_TYPES
from ai_planner.models.ai import InvocationStatus, TaskType
from ai_planner.schemas.base import PublicSchema
from ai_planner.schemas.keyset import CURSOR_MAX, cursor_values, is_int_id

PAGE_SIZE = 50
USER_CHOICES = 8  # matches offered for one search of the user filter
SAFETY_NOTES_MAX = 50
# Query names in the URL, in the order links are written, and the field each one fills.
URL_NAMES: dict[str, str] = {
    "task": "task",
    "status": "status",
    "user": "user",
    "from": "date_from",
    "to": "date_to",
    "after": "after",
    "before": "before",
}
# Dates a person could mean; also keeps ``date_to + 1 day`` inside ``datetime``'s range.
_FIRST_YEAR, _LAST_YEAR = 1970, 9998


def _date(text: str) -> date | None:
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return None
    return day if _FIRST_YEAR <= day.year <= _LAST_YEAR and len(text) == 10 else None


class InvocationLogQuery(BaseModel):
    task: TaskType | None = None
    status: InvocationStatus | None = None
    user: int | None = None  # admins only; ignored for everyone else
    date_from: date | None = None  # inclusive, whole days (UTC)
    date_to: date | None = None  # inclusive
    after: str = ""  # cursor: the page after this row
    before: str = ""  # cursor: the page before this row

    @classmethod
    def from_url(cls, params: Mapping[str, Any]) -> InvocationLogQuery:
        """What a URL's query asks for; junk values fall back to the defaults."""

        def text(name: str, limit: int = 20) -> str:
            value = params.get(name)
            return value.strip()[:limit] if isinstance(value, str) else ""

        task, status, user = text("task"), text("status"), text("user")
        after, before = text("after", CURSOR_MAX), text("before", CURSOR_MAX)
        user_id = int(user) if user.isascii() and user.isdigit() else None
        return cls(
            task=task if task in TASK_TYPES else None,  # type: ignore[arg-type]
            status=status if status in INVOCATION_STATUSES else None,  # type: ignore[arg-type]
            user=user_id if is_int_id(user_id) else None,
            date_from=_date(text("from")),
            date_to=_date(text("to")),
            after=after if decode_cursor(after) else "",
            before="" if after else (before if decode_cursor(before) else ""),
        )

    def url_params(self, **changes: Any) -> dict[str, str]:
        """This question as URL query values (empty ones left out), with ``changes``."""
        data = {**self.model_dump(), **changes}
        params: dict[str, str] = {}
        for name, field in URL_NAMES.items():
            value = data[field]
            if value not in (None, ""):
                params[name] = value.isoformat() if isinstance(value, date) else str(value)
        return params

    @property
    def filtered(self) -> bool:
        """Whether anything narrows the list (the page cursor does not)."""
        return any((self.task, self.status, self.user, self.date_from, self.date_to))


def decode_cursor(cursor: str) -> tuple[datetime, int] | None:
    """(created_at, id) of the row a cursor names, or None when it is not one of ours."""
    values = cursor_values(cursor)
    if values is None or len(values) != 2 or not isinstance(values[0], str):
        return None
    try:
        created_at = datetime.fromisoformat(values[0])
    except ValueError:
        return None
    if created_at.tzinfo is not None or not is_int_id(values[1]):
        return None
    return created_at, values[1]


class InvocationLogRow(PublicSchema):
    id: int
    user_id: int
    user_name: str = ""
    task_type: str
    provider_name: str
    model: str
    status: str
    awaiting_approval: bool = False  # pending, and the request waits for an approver
    total_tokens: int | None = None
    duration_ms: int | None = None
    created_at: datetime


class InvocationLogPage(PublicSchema):
    rows: list[InvocationLogRow] = Field(default_factory=list)
    total: int = 0  # invocations matching the question, on every page
    first_number: int = 0  # the 1-based number of the page's first row (0: empty page)
    next_cursor: str = ""
    previous_cursor: str = ""


class PlanLink(PublicSchema):
    """The unit or lesson an invocation was for. ``title`` is "" when the viewer may not
    open it (or it is gone): then there is no link either."""

    id: int
    unit_id: int
    title: str = ""


class SafetyNote(PublicSchema):
    """One thing the gateway's safety filters did (``context["safety"]``)."""

    stage: str
    action: str
    category: str
    count: int = 1


class InvocationDetail(InvocationLogRow):
    user_email: str = ""
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    error_message: str | None = None
    template_name: str = ""  # "" without a template, or one the viewer may not see
    has_template: bool = False
    started_at: datetime | None = None
    completed_at: datetime | None = None
    updated_at: datetime
    safety: list[SafetyNote] = Field(default_factory=list)
    unit: PlanLink | None = None
    lesson: PlanLink | None = None
    approval_state: str = ""  # waiting, approved, rejected, withdrawn ("" without approval)
    approval_by: str = ""  # the name of who decided


class UserChoice(PublicSchema):
    id: int
    name: str
    email: str


def safety_notes(context: Mapping[str, Any]) -> list[SafetyNote]:
    """The well-formed entries of ``context["safety"]`` (the column is free-form JSON)."""
    raw = context.get("safety")
    notes: list[SafetyNote] = []
    for item in raw if isinstance(raw, list) else []:
        if not isinstance(item, dict):
            continue
        words = [item.get(name) for name in ("stage", "action", "category")]
        count = item.get("count", 1)
        if all(isinstance(word, str) and word for word in words) and is_int_id(count):
            stage, action, category = (str(word)[:80] for word in words)
            notes.append(SafetyNote(stage=stage, action=action, category=category, count=count))
        if len(notes) == SAFETY_NOTES_MAX:
            break
    return notes


def context_id(context: Mapping[str, Any], name: str) -> int | None:
    """An id kept in ``context`` (unit_id, lesson_id), or None when absent or not an id."""
    value = context.get(name)
    return value if is_int_id(value) else None


def awaiting_approval(status: str, context: Mapping[str, Any]) -> bool:
    approval = context.get("approval")
    return status == "pending" and isinstance(approval, dict) and approval.get(
        "state") == "waiting"
