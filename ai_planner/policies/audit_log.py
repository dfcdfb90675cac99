"""The change log of the AI set-up: admins read their tenant's; nobody edits it. Rows are
written by the repositories of the resources they describe, never through a request."""

from __future__ import annotations

from ai_planner.actor import Actor
from ai_planner.models import AuditLog
from ai_planner.policies.base import SelectT, admin_of_tenant, admin_scope, is_admin

can_list = is_admin
can_show = admin_of_tenant


def scope(actor: Actor | None, query: SelectT) -> SelectT:
    """Admins: every change of their tenant. Everyone else: nothing."""
    return admin_scope(actor, query, AuditLog)
