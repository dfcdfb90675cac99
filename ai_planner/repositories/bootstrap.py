"""Operator-level queries for the ``ai-planner`` CLI (seed-demo, create-user, rotate-key).

OPERATOR ONLY. These functions are not tenant-scoped by an acting user: they look rows up by
natural keys (tenant slug, email) or across every tenant (key rotation). They exist for
commands run by whoever operates the server, and must never be called from a Reflex state,
a page or an API route: request handlers use the actor-scoped repositories instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from sqlalchemy import func
from sqlmodel import Session, SQLModel, col, select

from ai_planner.models import AiProviderConfig, Tenant, User

RowT = TypeVar("RowT", bound=SQLModel)


def tenant_by_slug(session: Session, slug: str) -> Tenant | None:
    return session.exec(select(Tenant).where(Tenant.slug == slug)).first()


def user_by_tenant_and_email(session: Session, *, tenant_id: int, email: str) -> User | None:
    email = email.strip().lower()
    return session.exec(
        select(User).where(User.tenant_id == tenant_id, User.email == email)
    ).first()


def provider_configs_with_secrets(session: Session) -> Sequence[AiProviderConfig]:
    """Every tenant's provider configs that hold an encrypted API key, locked for update
    (PostgreSQL) so a concurrent edit cannot interleave with a key rotation."""
    query = (
        select(AiProviderConfig)
        .where(col(AiProviderConfig.api_key).is_not(None), AiProviderConfig.api_key != "")
        .order_by(col(AiProviderConfig.id))
        .with_for_update()
    )
    return session.exec(query).all()


def tenant_row_count(session: Session, model: type[SQLModel], *, tenant_id: int) -> int:
    """How many rows of a tenant-owned table belong to the tenant (seed-demo's 'any yet?')."""
    tenant_column = model.__table__.c.tenant_id  # type: ignore[attr-defined]
    query = select(func.count()).select_from(model).where(tenant_column == tenant_id)
    return int(session.exec(query).one())


def tenant_row(session: Session, model: type[RowT], *, tenant_id: int, **equals: Any
               ) -> RowT | None:
    """The first (lowest id) row of a tenant-owned table whose columns equal ``equals``
    (seed-demo finding the unit or policy a demo row refers to, by its natural key)."""
    table = model.__table__  # type: ignore[attr-defined]
    query = select(model).where(table.c.tenant_id == tenant_id)
    for name, value in equals.items():
        query = query.where(table.c[name] == value)
    return session.exec(query.order_by(table.c.id)).first()
