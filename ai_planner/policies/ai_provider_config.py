"""Provider configs: admins only, for every action, within their tenant.

The generation flow (any role) reaches a config through ``generation_scope``: it needs the
tenant's row to call the gateway, but never lists or shows configs to non-admins.
"""

from __future__ import annotations

from ai_planner.actor import Actor
from ai_planner.models import AiProviderConfig
from ai_planner.policies.base import SelectT, admin_of_tenant, admin_scope, is_admin, tenant_scope

# An admin-only resource: the shared rules of ``policies/base.py`` under this module's names.
can_list = can_create = is_admin
can_show = can_update = can_delete = admin_of_tenant


def scope(actor: Actor | None, query: SelectT) -> SelectT:
    """Admins: every config of their tenant. Everyone else: nothing."""
    return admin_scope(actor, query, AiProviderConfig)


def generation_scope(actor: Actor | None, query: SelectT) -> SelectT:
    """The generation flow's lookup: the tenant's configs, for any signed-in role."""
    return tenant_scope(actor, query, AiProviderConfig)
