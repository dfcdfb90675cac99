"""Helpers every policy module shares, so the rules read the same everywhere.

A policy module (``policies/<resource>.py``) defines ``can_list``, ``can_show``, ``can_create``,
``can_update``, ``can_delete`` and ``scope``; build them from these helpers:

- ``signed_in(actor)``: the actor is not anonymous;
- ``has_role(actor, *roles)``: signed in with one of ``roles``;
- ``same_tenant(actor, obj)``: ``obj.tenant_id`` is the actor's tenant (False for None);
- ``tenant_scope(actor, query, model)``: ``query`` limited to the actor's tenant, or to
  nothing for an anonymous actor. Every ``scope`` starts from it, then narrows by role;
- ``admin_of_tenant(actor, obj)`` and ``admin_scope(actor, query, model)``: the rules of an
  admin-only resource (provider configs, task policies), which a module binds to its own
  ``can_*``/``scope`` names.

NotFound or NotAllowed? One rule, applied by the repositories (``get_visible``) and by
``authorize``:
- a kind of resource the actor may not use at all (a teacher and the provider configs) is
  ``NotAllowed``: saying so leaks nothing;
- a row outside the actor's scope (another tenant's, another teacher's unit) is
  ``NotFound``, exactly like a missing id: its existence is not revealed;
- a row the actor may see but not change (a lead and a template) is ``NotAllowed``.
"""

from __future__ import annotations

from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy import Select

from ai_planner.actor import Actor
from ai_planner.errors import NotAllowed

ADMIN = "admin"
CURRICULUM_LEAD = "curriculum_lead"
TEACHER = "teacher"

SelectT = TypeVar("SelectT", bound=Select[Any])


def signed_in(actor: Actor | None) -> bool:
    return actor is not None


def has_role(actor: Actor | None, *roles: str) -> bool:
    return actor is not None and actor.role in roles


def is_admin(actor: Actor | None) -> bool:
    return has_role(actor, ADMIN)


def is_admin_or_lead(actor: Actor | None) -> bool:
    return has_role(actor, ADMIN, CURRICULUM_LEAD)


def same_tenant(actor: Actor | None, obj: Any) -> bool:
    """True only for a signed-in actor and a row of the actor's own tenant."""
    if actor is None or obj is None:
        return False
    tenant_id = getattr(obj, "tenant_id", None)
    return tenant_id is not None and tenant_id == actor.tenant_id


def owns(actor: Actor | None, obj: Any, attribute: str = "created_by_id") -> bool:
    """The actor created (or, for invocations, ran) ``obj`` — in the actor's own tenant."""
    return same_tenant(actor, obj) and getattr(obj, attribute, None) == actor.id  # type: ignore[union-attr]


def nothing(query: SelectT) -> SelectT:
    """A query that returns no rows (the anonymous scope)."""
    return query.where(sa.false())


def tenant_scope(actor: Actor | None, query: SelectT, model: Any) -> SelectT:
    """``query`` restricted to ``model`` rows of the actor's tenant; nothing when anonymous."""
    if actor is None:
        return nothing(query)
    return query.where(model.tenant_id == actor.tenant_id)


def admin_of_tenant(actor: Actor | None, obj: Any) -> bool:
    """An admin acting on a row of their own tenant."""
    return is_admin(actor) and same_tenant(actor, obj)


def admin_scope(actor: Actor | None, query: SelectT, model: Any) -> SelectT:
    """Admins: every ``model`` row of their tenant. Everyone else: nothing."""
    if not is_admin(actor):
        return nothing(query)
    return tenant_scope(actor, query, model)


def authorize(allowed: bool, message: str = "You are not allowed to do that.") -> None:
    """Raise ``NotAllowed(message)`` unless ``allowed`` (a policy predicate's answer)."""
    if not allowed:
        raise NotAllowed(message)
