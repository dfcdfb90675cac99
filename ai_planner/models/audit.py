"""The change log of the AI set-up: who created, changed, (de)activated or deleted a provider
config, task policy or template, and what changed.

``changes`` is ``{"label": <the resource's name then>, "fields": {field: {"old": x, "new": y}}}``
(``old`` is null on create, ``new`` on delete). A secret is never stored, nor its mask: its
entry reads ``{"note": "key changed"}``. Rows are written in the same transaction as the
change (``repositories/audit_logs.py``) and never updated.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal, get_args

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from ai_planner.models.base import (
    Validated,
    created_at_field,
    fk_field,
    id_field,
    json_field,
    require_choice,
)

AuditAction = Literal["create", "update", "delete", "activate", "deactivate"]
AuditResource = Literal["ai_provider_config", "ai_task_policy", "ai_template"]
AUDIT_ACTIONS: tuple[str, ...] = get_args(AuditAction)
AUDIT_RESOURCES: tuple[str, ...] = get_args(AuditResource)


class AuditLog(Validated, SQLModel, table=True):
    __tablename__ = "audit_logs"
    __table_args__ = (
        sa.Index("index_audit_logs_on_tenant_id_and_created_at", "tenant_id", "created_at"),
        sa.Index("index_audit_logs_on_actor_id", "actor_id"),
    )

    id: int | None = id_field()
    tenant_id: int = fk_field("tenants.id")
    actor_id: int = fk_field("users.id")
    action: str = Field(sa_column=sa.Column(sa.String, nullable=False))
    resource_type: str = Field(sa_column=sa.Column(sa.String, nullable=False))
    # No foreign key: the row outlives the resource it describes.
    resource_id: int = Field(sa_column=sa.Column(sa.BigInteger, nullable=False))
    changes: dict[str, Any] = json_field(dict, "{}")
    created_at: datetime = created_at_field()

    def validate(self) -> None:
        require_choice("action", self.action, AUDIT_ACTIONS, "Action")
        require_choice("resource_type", self.resource_type, AUDIT_RESOURCES, "Resource")
