"""Invocations (the audit log): any signed-in user lists their own, admins see the tenant's.

Nobody creates, edits or deletes an invocation by hand: rows are written only by the
generation flow, which asks ``can_create(actor, task_policy)`` first.
"""

from __future__ import annotations

from typing import Any

from ai_planner.actor import Actor
from ai_planner.models import AiInvocation
from ai_planner.policies.base import (
    SelectT,
    admin_of_tenant,
    is_admin,
    owns,
    same_tenant,
    signed_in,
    tenant_scope,
)


def can_list(actor: Actor | None) -> bool:
    return signed_in(actor)


def sees_everyones(actor: Actor | None) -> bool:
    """Admins read the tenant's whole log (and may narrow it to one user); others their own."""
    return is_admin(actor)


def can_show(actor: Actor | None, obj: Any) -> bool:
    return admin_of_tenant(actor, obj) or owns(actor, obj, "user_id")


def can_create(actor: Actor | None, task_policy: Any) -> bool:
    """The generation flow may record a run: the tenant's policy is enabled and allows the role."""
    if actor is None or task_policy is None or not same_tenant(actor, task_policy):
        return False
    return bool(task_policy.enabled) and task_policy.allowed_for_role(actor.role)


def can_update(actor: Actor | None, obj: Any) -> bool:
    """Audit rows are never edited from outside; the generation flow settles its own run."""
    return False


def can_delete(actor: Actor | None, obj: Any) -> bool:
    return False


def can_settle(actor: Actor | None, obj: Any) -> bool:
    """The generation flow moves its own run to running/completed/failed."""
    return owns(actor, obj, "user_id")


def scope(actor: Actor | None, query: SelectT) -> SelectT:
    query = tenant_scope(actor, query, AiInvocation)
    if is_admin(actor) or actor is None:
        return query
    return query.where(AiInvocation.user_id == actor.id)
