"""The acting user's own tenant: the only tenant anyone can reach."""

from __future__ import annotations

from sqlmodel import Session, select

from ai_planner.actor import Actor
from ai_planner.errors import NotFound
from ai_planner.models import Tenant


def current_tenant(session: Session, *, actor: Actor) -> Tenant:
    tenant = session.exec(select(Tenant).where(Tenant.id == actor.tenant_id)).first()
    if tenant is None:
        raise NotFound("school")
    return tenant
