"""Users of a tenant: admins list, show and manage them; everyone may see themselves."""

from __future__ import annotations

from typing import Any

from ai_planner.actor import Actor
from ai_planner.models import User
from ai_planner.policies.base import SelectT, admin_of_tenant, is_admin, same_tenant, tenant_scope


def _is_self(actor: Actor | None, obj: Any) -> bool:
    return same_tenant(actor, obj) and getattr(obj, "id", None) == actor.id  # type: ignore[union-attr]


def can_list(actor: Actor | None) -> bool:
    return is_admin(actor)


def can_show(actor: Actor | None, obj: Any) -> bool:
    return admin_of_tenant(actor, obj) or _is_self(actor, obj)


def can_create(actor: Actor | None) -> bool:
    return is_admin(actor)


def can_update(actor: Actor | None, obj: Any) -> bool:
    return admin_of_tenant(actor, obj)


def can_delete(actor: Actor | None, obj: Any) -> bool:
    """Admins remove others, never themselves (a tenant must keep its admin)."""
    return admin_of_tenant(actor, obj) and not _is_self(actor, obj)


def scope(actor: Actor | None, query: SelectT) -> SelectT:
    query = tenant_scope(actor, query, User)
    if is_admin(actor) or actor is None:
        return query
    return query.where(User.id == actor.id)
