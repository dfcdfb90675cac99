"""What the assist panel shows besides a generation: which task types the user may use now
(and why not), the templates they may pick, their history for this unit or lesson, and the
failures worded as what happened and what to do."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

from ai_planner.actor import Actor
from ai_planner.errors import AppError
from ai_planner.repositories import ai_templates, assist_history
from ai_planner.schemas.ai_template import TemplatePublic
from ai_planner.schemas.generation import PastGeneration
from ai_planner.services import approvals, task_availability
from ai_planner.services.generation import GenerationFailed
from ai_planner.services.ids import parse_id

TEMPLATE_CHOICES = 50
# The task type a page suggests first.
DEFAULT_TASK = {"lesson": "lesson_plan", "unit": "unit_plan"}


@dataclass(frozen=True)
class PanelData:
    tasks: list[dict[str, Any]]
    task_type: str
    templates: list[TemplatePublic]
    history: list[PastGeneration]


def _task_note(available: Any) -> str:
    if not available.enabled:
        return "disabled by your admin"
    if not available.allowed_for_my_role:
        return "not for your role"
    return "needs approval" if available.requires_approval else ""


def panel(session: Session, *, actor: Actor, unit_id: int | None, lesson_id: int | None,
          task_type: str = "") -> PanelData:
    available = task_availability.available_task_types(session, actor=actor)
    tasks = [{"task_type": a.task_type, "label": a.label, "usable": a.usable,
              "note": _task_note(a)} for a in available]
    usable = [t["task_type"] for t in tasks if t["usable"]]
    preferred = DEFAULT_TASK["lesson" if lesson_id else "unit"]
    if task_type not in {t["task_type"] for t in tasks}:
        task_type = preferred if preferred in usable else (usable[0] if usable else preferred)
    choices = ai_templates.choices_for_task(session, actor=actor, task_type=task_type)
    history = [] if unit_id is None else assist_history.latest(
        session, actor=actor, unit_id=unit_id, lesson_id=lesson_id)
    return PanelData(tasks=tasks, task_type=task_type,
                     templates=list(choices)[:TEMPLATE_CHOICES], history=history)


def past(session: Session, *, actor: Actor, invocation_id: object) -> tuple[int, str]:
    """(id, answer) of one of the actor's own generations."""
    found, answer = assist_history.answer(session, actor=actor,
                                          invocation_id=parse_id(invocation_id, "generation"))
    if found.awaiting_approval:
        return found.id, "_Waiting for approval: an admin or curriculum lead will look at it._"
    if found.status == "failed" and not answer:
        return found.id, f"_This generation failed: {found.error_message}_"
    return found.id, answer


def withdraw(session: Session, *, actor: Actor, invocation_id: object) -> bool:
    approvals.withdraw(session, actor=actor, invocation_id=parse_id(invocation_id, "request"))
    return True


# gateway code -> (title, what to do); the gateway's own message follows it.
_EXPLAINED = {
    "provider_auth_failed": ("The provider refused the API key",
                             "Ask your administrator to check the key in AI Settings."),
    "missing_api_key": ("No API key for this provider",
                        "Ask your administrator to add one in AI Settings."),
    "provider_rate_limited": ("Limit reached", "The provider is busy. Try again in a minute."),
    "provider_quota_exceeded": ("Limit reached",
                                "Your school's provider account is out of credit. Tell your "
                                "administrator."),
    "provider_timeout": ("The provider took too long", "Try again, or ask for less at once."),
    "gateway_timeout": ("The AI service took too long", "Try again in a moment."),
    "stream_interrupted": ("The answer was cut off",
                           "What arrived is shown. Generate again for a complete answer."),
    "provider_unreachable": ("The provider can't be reached",
                             "It may be down. Try again later or tell your administrator."),
    "provider_overloaded": ("The provider is overloaded", "Try again in a moment."),
    "provider_error": ("The provider had a problem", "Try again in a moment."),
    "base_url_refused": ("The provider address is refused",
                         "Ask your administrator to check the base URL in AI Settings."),
}


def explain(error: BaseException) -> tuple[str, str]:
    """(title, message) for a failed generation, in words a teacher can act on."""
    if isinstance(error, GenerationFailed):
        title, todo = _EXPLAINED.get(error.code, ("The generation failed", "Try again."))
        return title, f"{todo} ({error.message})"
    if isinstance(error, AppError):
        return "Not generated", error.message
    return "Something went wrong on our side", "Try again in a moment."
