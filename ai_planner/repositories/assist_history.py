"""The assist panel's history: the acting user's own latest generations for one unit or
lesson, with what they asked and (when chosen) the answer. Only one's own, whatever the
role: an admin reads others' runs in the audit log, not through a teacher's panel."""

from __future__ import annotations

from sqlmodel import Session, col, select

from ai_planner.actor import Actor
from ai_planner.errors import NotFound
from ai_planner.models import AiInvocation
from ai_planner.models.ai_texts import AiInvocationText
from ai_planner.repositories._common import valid_id
from ai_planner.schemas.generation import PastGeneration

HISTORY_SIZE = 5


def _own(actor: Actor) -> tuple:
    return (col(AiInvocation.tenant_id) == actor.tenant_id,
            col(AiInvocation.user_id) == actor.id)


def latest(session: Session, *, actor: Actor, unit_id: int, lesson_id: int | None,
           limit: int = HISTORY_SIZE) -> list[PastGeneration]:
    query = (
        select(AiInvocation, AiInvocationText.prompt)
        .outerjoin(AiInvocationText, col(AiInvocationText.invocation_id) == col(AiInvocation.id))
        .where(*_own(actor), AiInvocation.context["unit_id"].as_integer() == unit_id)
    )
    if lesson_id is not None:
        query = query.where(AiInvocation.context["lesson_id"].as_integer() == lesson_id)
    else:  # the unit's own requests, not its lessons'
        query = query.where(AiInvocation.context["lesson_id"].as_integer().is_(None))
    query = query.order_by(col(AiInvocation.created_at).desc(),
                           col(AiInvocation.id).desc()).limit(limit)
    return [_public(row, prompt or "") for row, prompt in session.exec(query).all()]


def answer(session: Session, *, actor: Actor, invocation_id: object
           ) -> tuple[PastGeneration, str]:
    """One of the actor's own generations and its answer (NotFound for anyone else's)."""
    if not valid_id(invocation_id):
        raise NotFound("generation")
    row = session.exec(
        select(AiInvocation, AiInvocationText)
        .outerjoin(AiInvocationText, col(AiInvocationText.invocation_id) == col(AiInvocation.id))
        .where(*_own(actor), col(AiInvocation.id) == invocation_id)
    ).first()
    if row is None:
        raise NotFound("generation")
    invocation, text = row
    return _public(invocation, text.prompt if text else ""), (text.answer if text else "")


def _public(invocation: AiInvocation, prompt: str) -> PastGeneration:
    context = dict(invocation.context or {})
    waiting = (invocation.status == "pending"
               and (context.get("approval") or {}).get("state") == "waiting")
    return PastGeneration(id=invocation.id or 0, task_type=invocation.task_type,
                          status=invocation.status, created_at=invocation.created_at,
                          prompt=prompt, error_message=invocation.error_message,
                          awaiting_approval=waiting, context=context)
