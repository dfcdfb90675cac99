"""Task policies: admins only (full detail), within their tenant.

Everyone else learns only what ``services/task_availability.py`` tells them; the generation
flow reads a policy through ``generation_scope``.
"""

from __future__ import annotations

from ai_planner.actor import Actor
from ai_planner.models import AiTaskPolicy
from ai_planner.policies.base import SelectT, admin_of_tenant, admin_scope, is_admin, tenant_scope

# An admin-only resource: the shared rules of ``policies/base.py`` under this module's names.
can_list = can_create = is_admin
can_show = can_update = can_delete = admin_of_tenant


def scope(actor: Actor | None, query: SelectT) -> SelectT:
    """Admins: every policy of their tenant. Everyone else: nothing."""
    return admin_scope(actor, query, AiTaskPolicy)


def generation_scope(actor: Actor | None, query: SelectT) -> SelectT:
    """The generation flow's lookup: the tenant's policies, for any signed-in role."""
    return tenant_scope(actor, query, AiTaskPolicy)
