"""All tables. Import from here so every table is registered on ``SQLModel.metadata`` once."""

from __future__ import annotations

from sqlalchemy import event
from sqlalchemy.orm import Session as OrmSession

from ai_planner.models.ai import (
    INVOCATION_STATUSES,
    PROVIDER_NAMES,
    PROVIDER_STATUSES,
    TASK_TYPE_LABELS,
    TASK_TYPES,
    TEMPLATE_STATUSES,
    AiInvocation,
    AiProviderConfig,
    AiTaskPolicy,
    AiTemplate,
)
from ai_planner.models.ai_texts import AiInvocationText
from ai_planner.models.audit import AUDIT_ACTIONS, AUDIT_RESOURCES, AuditLog
from ai_planner.models.base import Validated, utcnow
from ai_planner.models.planning import UNIT_STATUSES, Course, Lesson, Unit
from ai_planner.models.tenancy import Tenant, User, UserSession

__all__ = [
    "AUDIT_ACTIONS",
    "AUDIT_RESOURCES",
    "INVOCATION_STATUSES",
    "PROVIDER_NAMES",
    "PROVIDER_STATUSES",
    "TASK_TYPES",
    "TASK_TYPE_LABELS",
    "TEMPLATE_STATUSES",
    "UNIT_STATUSES",
    "AiInvocation",
    "AiInvocationText",
    "AiProviderConfig",
    "AiTaskPolicy",
    "AiTemplate",
    "AuditLog",
    "Course",
    "Lesson",
    "Tenant",
    "Unit",
    "User",
    "UserSession",
    "utcnow",
]


@event.listens_for(OrmSession, "before_flush")
def _validate_before_flush(session: OrmSession, _context: object, _instances: object) -> None:
    """Model-level validation runs for every insert and update, whoever writes."""
    for obj in list(session.new) + list(session.dirty):
        if isinstance(obj, Validated):
            obj.validate()
