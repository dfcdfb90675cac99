"""The audit log ("AI activity") use cases: a page of invocations, one invocation, and the
user filter's search (admins).

Raw input (a URL's id, a search box's text) is cleaned here; scope and tenant are applied
by the repositories, so nothing the browser sends can widen what the actor sees. The caller
owns the transaction.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from ai_planner.actor import Actor
from ai_planner.errors import NotFound
from ai_planner.policies import ai_invocation as invocation_policy
from ai_planner.repositories import invocation_log, users
from ai_planner.schemas.invocation_log import (
    USER_CHOICES,
    InvocationDetail,
    InvocationLogPage,
    InvocationLogQuery,
)
from ai_planner.schemas.user import UserPublic
from ai_planner.services.planning import parse_id

SEARCH_MAX = 100


@dataclass(frozen=True)
class ActivityPage:
    query: InvocationLogQuery  # as applied: the user filter is an admin's, dropped for others
    page: InvocationLogPage
    user: UserPublic | None  # the filter's user, when it names one of the tenant's


def activity_page(session: Session, *, actor: Actor, query: InvocationLogQuery
                  ) -> ActivityPage:
    if not invocation_policy.sees_everyones(actor):
        query = query.model_copy(update={"user": None})
    return ActivityPage(
        query=query,
        page=invocation_log.list_page(session, actor=actor, query=query),
        user=_chosen_user(session, actor, query.user),
    )


def activity_detail(session: Session, *, actor: Actor, invocation_id: object
                    ) -> InvocationDetail:
    return invocation_log.detail(session, actor=actor,
                                 invocation_id=parse_id(invocation_id, "generation"))


def user_choices(session: Session, *, actor: Actor, text: object) -> list[UserPublic]:
    """Users whose name or email contains ``text``, for an admin's user filter (nobody else
    filters by user: an empty list)."""
    if not invocation_policy.sees_everyones(actor) or not isinstance(text, str):
        return []
    return users.search_public(session, actor=actor, text=text[:SEARCH_MAX],
                               limit=USER_CHOICES)


def _chosen_user(session: Session, actor: Actor, user_id: int | None) -> UserPublic | None:
    if user_id is None:
        return None
    try:
        return users.get_public(session, actor=actor, user_id=user_id)
    except NotFound:
        return None
