"""The words of a generation (``AiInvocationText``): read through the invocation policy, so
a text is visible exactly when its invocation is; written only by the generation flow."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, col, select

from ai_planner.actor import Actor
from ai_planner.models import AiInvocation
from ai_planner.models.ai_texts import MAX_ANSWER_CHARS, AiInvocationText
from ai_planner.policies import ai_invocation as policy
from ai_planner.repositories._common import add, flush


def create(session: Session, *, invocation: AiInvocation, prompt: str,
           request_messages: list[dict[str, Any]] | None = None) -> AiInvocationText:
    """The text row of a new invocation (the caller created the invocation for its actor)."""
    return add(session, AiInvocationText(invocation_id=invocation.id,
                                         tenant_id=invocation.tenant_id, prompt=prompt,
                                         request_messages=request_messages))


def of(session: Session, invocation_id: int) -> AiInvocationText | None:
    """System read for the generation flow (which already holds the invocation)."""
    return session.get(AiInvocationText, invocation_id)


def save_answer(session: Session, *, invocation_id: int, answer: str,
                keep_request: bool = False) -> None:
    """The answer so far (or final); the approval request's messages are dropped unless
    ``keep_request``."""
    text = of(session, invocation_id)
    if text is None:
        return
    text.answer = answer[:MAX_ANSWER_CHARS]
    if not keep_request:
        text.request_messages = None
    add(session, text)


def forget_request(session: Session, *, invocation_id: int) -> None:
    text = of(session, invocation_id)
    if text is not None and text.request_messages is not None:
        text.request_messages = None
        add(session, text)
        flush(session)


def visible(session: Session, *, actor: Actor, invocation_id: int) -> AiInvocationText | None:
    """The text of an invocation the actor may see (own, or the tenant's for an admin)."""
    query = policy.scope(actor, select(AiInvocationText).join(
        AiInvocation, col(AiInvocation.id) == col(AiInvocationText.invocation_id))).where(
        col(AiInvocationText.invocation_id) == invocation_id)
    return session.exec(query).first()
