"""Requests waiting for approval: an invocation still ``pending`` whose context says
``approval.state == "waiting"`` (the seed's table has no approval columns; the decision is
recorded in the row's context: who, when, and the reason of a rejection)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from ai_planner.actor import Actor
from ai_planner.errors import NotAllowed, NotFound
from ai_planner.models import AiInvocation, User, utcnow
from ai_planner.models.ai_texts import AiInvocationText
from ai_planner.policies import ai_approval as policy
from ai_planner.policies.base import authorize, tenant_scope
from ai_planner.repositories._common import add, valid_id

QUEUE_PAGE = 25


@dataclass(frozen=True)
class WaitingRequest:
    invocation: AiInvocation
    requester_name: str
    prompt: str
    messages: list[dict[str, Any]]


def _waiting() -> Any:
    return sa.and_(col(AiInvocation.status) == "pending",
                   AiInvocation.context[("approval", "state")].as_string() == "waiting")


def count_waiting(session: Session, *, actor: Actor) -> int:
    if not policy.can_list(actor):
        return 0
    query = tenant_scope(actor, select(sa.func.count(col(AiInvocation.id))), AiInvocation)
    return int(session.exec(query.where(_waiting())).one())


def queue(session: Session, *, actor: Actor, after: tuple[datetime, int] | None = None,
          limit: int = QUEUE_PAGE) -> list[WaitingRequest]:
    """Oldest first, at most ``limit``; ``after`` (created_at, id) pages on."""
    authorize(policy.can_list(actor), "Only admins and curriculum leads approve requests.")
    query = tenant_scope(actor, select(AiInvocation, User.name, AiInvocationText), AiInvocation)
    query = (query.join(User, col(User.id) == col(AiInvocation.user_id))
             .outerjoin(AiInvocationText,
                        col(AiInvocationText.invocation_id) == col(AiInvocation.id))
             .where(_waiting()))
    if after is not None:
        query = query.where(sa.tuple_(col(AiInvocation.created_at), col(AiInvocation.id))
                            > sa.tuple_(*after))
    query = query.order_by(col(AiInvocation.created_at), col(AiInvocation.id)).limit(limit)
    return [WaitingRequest(row, name, text.prompt if text else "",
                           list(text.request_messages or []) if text else [])
            for row, name, text in session.exec(query).all()]


def get_waiting(session: Session, *, actor: Actor, invocation_id: object) -> AiInvocation:
    """A waiting request of the actor's school (NotFound for anything else, another
    school's included)."""
    if not valid_id(invocation_id):
        raise NotFound("request")
    query = tenant_scope(actor, select(AiInvocation), AiInvocation).where(
        col(AiInvocation.id) == invocation_id, _waiting())
    invocation = session.exec(query).first()
    if invocation is None:
        raise NotFound("request")
    return invocation


def decide(session: Session, *, actor: Actor, invocation: AiInvocation, state: str,
           reason: str = "") -> AiInvocation:
    """Record the decision (``approved``, ``rejected`` or ``withdrawn``) in the context."""
    allowed = (policy.can_withdraw(actor, invocation) if state == "withdrawn"
               else policy.can_decide(actor, invocation))
    if not allowed:
        raise NotAllowed("You can't decide on your own request: another admin or curriculum "
                         "lead has to." if state != "withdrawn"
                         else "Only the person who asked can withdraw a request.")
    decision: dict[str, Any] = {"state": state, "by": actor.id, "by_name": actor.name,
                                "at": utcnow().isoformat(timespec="seconds")}
    if reason:
        decision["reason"] = reason
    invocation.context = {**(invocation.context or {}), "approval": decision}
    return add(session, invocation)


def requester(session: Session, invocation: AiInvocation) -> Actor:
    """The person who asked, as the actor the approved run works for (their key access,
    their scope); refused when they have left or been deactivated since."""
    user = session.get(User, invocation.user_id)
    if user is None or not user.active or user.tenant_id != invocation.tenant_id:
        raise NotAllowed("The teacher who asked no longer has an active account.")
    return Actor(id=user.id, tenant_id=user.tenant_id, role=user.role,  # type: ignore[arg-type]
                 name=user.name, email=user.email)
