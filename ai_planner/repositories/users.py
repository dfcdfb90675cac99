"""Users of the actor's tenant, for admins (and each user's own record)."""

from __future__ import annotations

from sqlalchemy import or_
from sqlmodel import Session, col, select

from ai_planner.actor import Actor
from ai_planner.errors import NotFound
from ai_planner.models import User
from ai_planner.policies import user as policy
from ai_planner.policies.base import authorize
from ai_planner.repositories._common import contains_pattern
from ai_planner.schemas.user import UserPublic


def list_public(
    session: Session, *, actor: Actor, include_inactive: bool = True
) -> list[UserPublic]:
    authorize(policy.can_list(actor))
    query = policy.scope(actor, select(User))
    if not include_inactive:
        query = query.where(User.active.is_(True))  # type: ignore[attr-defined]
    query = query.order_by(User.name, User.id)
    return [UserPublic.model_validate(row) for row in session.exec(query).all()]


def get_public(session: Session, *, actor: Actor, user_id: int) -> UserPublic:
    """A user of the tenant (admins), or oneself (anyone)."""
    query = policy.scope(actor, select(User)).where(User.id == user_id)
    user = session.exec(query).first()
    if user is None or not policy.can_show(actor, user):
        raise NotFound("user")
    return UserPublic.model_validate(user)


def search_public(session: Session, *, actor: Actor, text: str, limit: int) -> list[UserPublic]:
    """Admins: at most ``limit`` users of the tenant whose name or email contains ``text``
    (a search box, so a tenant of thousands is never listed whole)."""
    authorize(policy.can_list(actor))
    words = text.strip()
    if not words:
        return []
    pattern = contains_pattern(words)
    query = (
        policy.scope(actor, select(User))
        .where(or_(col(User.name).ilike(pattern, escape="\\"),
                   col(User.email).ilike(pattern, escape="\\")))
        .order_by(col(User.name), col(User.id))
        .limit(limit)
    )
    return [UserPublic.model_validate(row) for row in session.exec(query).all()]
