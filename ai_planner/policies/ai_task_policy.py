"""Task policies: admins only (full detail), within their tenant.

Everyone else learns only what ``services/task_availability.py`` tells them; the generation
flow reads a policy through ``generation_scope``.
"""

from __future__ import annotations

from typing import Any

from ai_planner.actor import Actor
from ai_planner.models import AiTaskPolicy
from ai_planner.policies.base import SelectT, is_admin, nothing, same_tenant, tenant_scope


def can_list(actor: Actor | None) -> bool:
    return is_admin(actor)


def can_show(actor: Actor | None, obj: Any) -> bool:
    return is_admin(actor) and same_tenant(actor, obj)


def can_create(actor: Actor | None) -> bool:
    return is_admin(actor)


def can_update(actor: Actor | None, obj: Any) -> bool:
    return is_admin(actor) and same_tenant(actor, obj)


def can_delete(actor: Actor | None, obj: Any) -> bool:
    return is_admin(actor) and same_tenant(actor, obj)


def scope(actor: Actor | None, query: SelectT) -> SelectT:
    """Admins: every policy of their tenant. Everyone else: nothing."""
    if not is_admin(actor):
        return nothing(query)
    return tenant_scope(actor, query, AiTaskPolicy)


def generation_scope(actor: Actor | None, query: SelectT) -> SelectT:
    """The generation flow's lookup: the tenant's policies, for any signed-in role."""
    return tenant_scope(actor, query, AiTaskPolicy)
