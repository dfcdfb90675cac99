"""How the audit log's typed rows read on the page: the rows the states send to the browser
(display strings only) and the functions that word them. Module functions, not state
methods: a public method on a state would become an event handler the browser could call.
"""

from __future__ import annotations

from datetime import datetime
from typing import TypedDict

from ai_planner import routes
from ai_planner.schemas.invocation_log import (
    InvocationDetail,
    InvocationLogRow,
    PlanLink,
    SafetyNote,
)
from ai_planner.schemas.user import UserPublic
from ai_planner.state.words import PROVIDER_LABELS, task_label, when_label

NONE = "—"
STATUS_LABELS: dict[str, str] = {
    "pending": "Pending",
    "running": "Running",
    "completed": "Completed",
    "failed": "Failed",
}
_STAGES = {"input": "Request", "output": "Answer"}
_CATEGORIES = {"email": "email address", "phone": "phone number", "student_id": "student ID"}
_INJECTION = "prompt_injection:"


class ActivityRow(TypedDict):
    id: str
    href: str
    details_label: str  # the detail link's accessible name
    user: str
    task: str
    provider: str
    model: str
    status: str
    status_label: str
    tokens: str
    duration: str
    created: str


class UserOption(TypedDict):
    id: str
    name: str
    email: str


class DetailView(TypedDict):
    id: str
    user: str
    user_email: str
    task: str
    provider: str
    model: str
    status: str
    status_label: str
    prompt_tokens: str
    completion_tokens: str
    total_tokens: str
    duration: str
    created: str
    started: str
    completed: str
    updated: str
    error: str
    template: str
    approval: str
    # The unit and lesson it was for: a title and link when the viewer may open them, else
    # a note saying why not ("" everywhere when there was none).
    unit_title: str
    unit_href: str
    unit_note: str
    lesson_title: str
    lesson_href: str
    lesson_note: str


def _when(moment: datetime | None) -> str:
    return NONE if moment is None else when_label(moment)


def status_label(status: str, awaiting_approval: bool = False) -> str:
    if awaiting_approval:
        return "Waiting for approval"
    return STATUS_LABELS.get(status, status.title())


def approval_label(state: str, by: str) -> str:
    """ "Waiting", "Approved by Marcus Bell", "Rejected by Marcus Bell"."""
    words = state.replace("_", " ").capitalize()
    return f"{words} by {by}" if words and by and state != "waiting" else words


def tokens_label(count: int | None) -> str:
    return NONE if count is None else f"{count:,}"


def duration_label(ms: int | None) -> str:
    if ms is None:
        return NONE
    if ms < 1000:
        return f"{ms} ms"
    seconds = ms / 1000
    if seconds < 60:
        return f"{seconds:.1f} s"
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes} min" + (f" {rest} s" if rest else "")


def safety_label(note: SafetyNote) -> str:
    """ "Request: 2 email addresses redacted", "Request: possible prompt injection
    (instruction override) flagged"."""
    stage = _STAGES.get(note.stage, note.stage.title())
    if note.category.startswith(_INJECTION):
        kind = note.category.removeprefix(_INJECTION).replace("_", " ")
        what = f"possible prompt injection ({kind})"
        if note.count > 1:
            what += f", {note.count} times"
    else:
        noun = _CATEGORIES.get(note.category, note.category.replace("_", " "))
        what = f"{note.count} {noun}" + ("" if note.count == 1 else "es" if noun.endswith(
            "s") else "s")
    return f"{stage}: {what} {note.action}"


def activity_row(row: InvocationLogRow, list_params: dict[str, str]) -> ActivityRow:
    task, created = task_label(row.task_type), when_label(row.created_at, zone=False)
    return ActivityRow(
        id=str(row.id),
        href=routes.invocation_href(row.id, list_params),
        details_label=f"View the {task} generation of {created} UTC",
        user=row.user_name or NONE,
        task=task,
        provider=PROVIDER_LABELS.get(row.provider_name, row.provider_name),
        model=row.model,
        status=row.status,
        status_label=status_label(row.status, row.awaiting_approval),
        tokens=tokens_label(row.total_tokens),
        duration=duration_label(row.duration_ms),
        created=created,
    )


def user_option(user: UserPublic) -> UserOption:
    return UserOption(id=str(user.id), name=user.name, email=user.email)


def _plan_link(link: PlanLink | None, *, lesson: bool) -> tuple[str, str, str]:
    """(title, href, note) of the unit or lesson an invocation was for."""
    if link is None:
        return "", "", ""
    if not link.title:
        what = "lesson" if lesson else "unit"
        return "", "", (f"A {what} you can't open (it may have been deleted, or belong to "
                        "someone else).")
    href = routes.lesson_href(link.unit_id, link.id) if lesson else routes.unit_href(link.id)
    return link.title, href, ""


def _template_label(detail: InvocationDetail) -> str:
    if not detail.has_template:
        return "None (the default prompt for the task)"
    return detail.template_name or "A school template that is no longer available"


def detail_view(detail: InvocationDetail) -> DetailView:
    unit_title, unit_href, unit_note = _plan_link(detail.unit, lesson=False)
    lesson_title, lesson_href, lesson_note = _plan_link(detail.lesson, lesson=True)
    return DetailView(
        id=str(detail.id),
        user=detail.user_name or NONE,
        user_email=detail.user_email,
        task=task_label(detail.task_type),
        provider=PROVIDER_LABELS.get(detail.provider_name, detail.provider_name),
        model=detail.model,
        status=detail.status,
        status_label=status_label(detail.status, detail.awaiting_approval),
        prompt_tokens=tokens_label(detail.prompt_tokens),
        completion_tokens=tokens_label(detail.completion_tokens),
        total_tokens=tokens_label(detail.total_tokens),
        duration=duration_label(detail.duration_ms),
        created=_when(detail.created_at),
        started=_when(detail.started_at),
        completed=_when(detail.completed_at),
        updated=_when(detail.updated_at),
        error=detail.error_message or "",
        template=_template_label(detail),
        approval=approval_label(detail.approval_state, detail.approval_by),
        unit_title=unit_title, unit_href=unit_href, unit_note=unit_note,
        lesson_title=lesson_title, lesson_href=lesson_href, lesson_note=lesson_note,
    )


EMPTY_DETAIL = DetailView(**dict.fromkeys(DetailView.__annotations__, ""))  # type: ignore[typeddict-item]
