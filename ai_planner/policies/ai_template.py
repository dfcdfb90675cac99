"""Templates: admins and curriculum leads list and show; only admins write.

Scope: admins and leads see every template of their tenant; others see only active ones
(what the generation flow may use).
"""

from __future__ import annotations

from typing import Any

from ai_planner.actor import Actor
from ai_planner.models import AiTemplate
from ai_planner.policies.base import (
    SelectT,
    admin_of_tenant,
    is_admin,
    is_admin_or_lead,
    same_tenant,
    tenant_scope,
)


def can_list(actor: Actor | None) -> bool:
    return is_admin_or_lead(actor)


def can_show(actor: Actor | None, obj: Any) -> bool:
    return is_admin_or_lead(actor) and same_tenant(actor, obj)


# Writing is admin-only, as for every AI set-up resource.
can_create = is_admin
can_update = can_delete = admin_of_tenant


def scope(actor: Actor | None, query: SelectT) -> SelectT:
    query = tenant_scope(actor, query, AiTemplate)
    if is_admin_or_lead(actor):
        return query
    return query.where(AiTemplate.status == "active")
