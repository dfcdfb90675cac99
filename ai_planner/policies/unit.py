"""Units: a teacher sees and edits the units they created; curriculum leads and admins see
and edit every unit of their tenant (SPEC.md "Authorization"). Any signed-in user may create
a unit (it becomes theirs)."""

from __future__ import annotations

from ai_planner.actor import Actor
from ai_planner.models import Unit
from ai_planner.policies.base import (
    TEACHER,
    SelectT,
    has_role,
    is_admin_or_lead,
    nothing,
    owns,
    same_tenant,
    signed_in,
    tenant_scope,
)


def _may_access(actor: Actor | None, obj: Unit | None) -> bool:
    if not same_tenant(actor, obj):
        return False
    return is_admin_or_lead(actor) or (has_role(actor, TEACHER) and owns(actor, obj))


# Any signed-in user may list and create units (a new unit is theirs); the rest needs access.
can_list = can_create = signed_in
can_show = can_update = can_delete = _may_access


def scope(actor: Actor | None, query: SelectT) -> SelectT:
    """Units of the actor's tenant: all of them for leads/admins, own ones for teachers."""
    query = tenant_scope(actor, query, Unit)
    if actor is None:
        return query
    if is_admin_or_lead(actor):
        return query
    if has_role(actor, TEACHER):
        return query.where(Unit.created_by_id == actor.id)
    return nothing(query)  # an unknown role sees nothing
