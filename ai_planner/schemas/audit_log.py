"""What the change log shows: who did what to which resource, when (never a secret)."""

from __future__ import annotations

from datetime import datetime

from ai_planner.schemas.base import PublicSchema


class AuditLogPublic(PublicSchema):
    id: int
    action: str
    resource_type: str
    resource_id: int
    label: str  # the resource's name at the time
    fields: list[str]  # the fields that changed
    actor_name: str
    created_at: datetime
