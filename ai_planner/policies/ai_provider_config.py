"""Provider configs: admins only, for every action, within their tenant.

The generation flow (any role) reaches a config through ``generation_scope``: it needs the
tenant's row to call the gateway, but never lists or shows configs to non-admins.
"""

from __future__ import annotations

from typing import Any

from ai_planner.actor import Actor
from ai_planner.models import AiProviderConfig
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
    """Admins: every config of their tenant. Everyone else: nothing."""
    if not is_admin(actor):
        return nothing(query)
    return tenant_scope(actor, query, AiProviderConfig)


def generation_scope(actor: Actor | None, query: SelectT) -> SelectT:
    """The generation flow's lookup: the tenant's configs, for any signed-in role."""
    return tenant_scope(actor, query, AiProviderConfig)
