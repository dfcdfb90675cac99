"""Task policies of the actor's tenant (admins), and the generation flow's lookups (any role).

The input rules live in ``schemas/ai_task_policy.py``; here: the tenant's own provider
config, one policy per task type, and the change log row of every write.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import TypeAdapter
from sqlmodel import Session, select

from ai_planner.actor import Actor
from ai_planner.errors import ValidationFailed
from ai_planner.models import AiInvocation, AiProviderConfig, AiTaskPolicy
from ai_planner.models.ai import TaskType
from ai_planner.policies import ai_provider_config as config_policy
from ai_planner.policies import ai_task_policy as policy
from ai_planner.policies.base import authorize
from ai_planner.repositories import audit_logs
from ai_planner.repositories._common import (
    add,
    apply_changes,
    delete_keeping_audit,
    get_visible,
    task_label,
    validated,
)
from ai_planner.schemas.ai_task_policy import TaskPolicyCreate, TaskPolicyPublic, TaskPolicyUpdate
from ai_planner.schemas.base import parse, parse_value

RESOURCE = "ai_task_policy"
AUDITED = ("ai_provider_config_id", "task_type", "enabled", "requires_approval",
           "allowed_roles", "max_tokens_limit", "temperature_limit", "model_override",
           "settings")
_TASK_TYPE = TypeAdapter(TaskType)


def checked_task_type(value: object, field: str = "task_type") -> str:
    """A task type arriving outside a form body (a lookup, a filter), by the schemas' rule."""
    return parse_value(_TASK_TYPE, value, field=field, label="Task type")


def _duplicate(task_type: str) -> ValidationFailed:
    return ValidationFailed(
        "task_type",
        f"This school already has a task policy for {task_label(task_type)}: edit that one "
        "instead.",
    )


def _tenant_config(session: Session, actor: Actor, config_id: int) -> AiProviderConfig:
    """A config of the actor's tenant; another tenant's id reads exactly like a missing one."""
    query = config_policy.scope(actor, select(AiProviderConfig)).where(
        AiProviderConfig.id == config_id
    )
    config = session.exec(query).first()
    if config is None:
        raise ValidationFailed(
            "ai_provider_config_id", "Choose one of this school's providers."
        )
    return config


def _task_type_taken(session: Session, actor: Actor, task_type: str, except_id: int | None
                     ) -> bool:
    query = policy.scope(actor, select(AiTaskPolicy.id)).where(AiTaskPolicy.task_type == task_type)
    if except_id is not None:
        query = query.where(AiTaskPolicy.id != except_id)
    return session.exec(query).first() is not None


def to_public(task_policy: AiTaskPolicy, config: AiProviderConfig) -> TaskPolicyPublic:
    return TaskPolicyPublic(
        id=task_policy.id or 0,
        task_type=task_policy.task_type,
        task_label=task_label(task_policy.task_type),
        ai_provider_config_id=task_policy.ai_provider_config_id,
        provider_display_name=config.display_name,
        provider_name=config.provider_name,
        provider_active=config.is_active,
        enabled=bool(task_policy.enabled),
        requires_approval=bool(task_policy.requires_approval),
        allowed_roles=list(task_policy.allowed_roles or []),
        max_tokens_limit=task_policy.max_tokens_limit,
        temperature_limit=task_policy.temperature_limit,
        model_override=task_policy.model_override,
        settings=dict(task_policy.settings or {}),
        created_at=task_policy.created_at,
        updated_at=task_policy.updated_at,
    )


def _record(session: Session, actor: Actor, action: str, task_policy: AiTaskPolicy,
            before: audit_logs.Snapshot, after: audit_logs.Snapshot) -> None:
    audit_logs.record(
        session, actor=actor, action=action, resource_type=RESOURCE,
        resource_id=task_policy.id or 0, label=task_label(task_policy.task_type),
        before=before, after=after,
    )


# --- admin reads ----------------------------------------------------------------------------


def list_public(session: Session, *, actor: Actor) -> list[TaskPolicyPublic]:
    """Every policy of the tenant (admins): at most one per task type (unique index)."""
    authorize(policy.can_list(actor))
    query = (
        policy.scope(actor, select(AiTaskPolicy, AiProviderConfig))
        .join(AiProviderConfig, AiProviderConfig.id == AiTaskPolicy.ai_provider_config_id)
        .order_by(AiTaskPolicy.task_type, AiTaskPolicy.id)
    )
    return [to_public(row, config) for row, config in session.exec(query).all()]


def get(session: Session, *, actor: Actor, policy_id: int) -> AiTaskPolicy:
    return get_visible(
        session, actor=actor, policy=policy, model=AiTaskPolicy, row_id=policy_id,
        what="task policy",
    )


def get_public(session: Session, *, actor: Actor, policy_id: int) -> TaskPolicyPublic:
    task_policy = get(session, actor=actor, policy_id=policy_id)
    config = session.get(AiProviderConfig, task_policy.ai_provider_config_id)
    assert config is not None
    return to_public(task_policy, config)


# --- the generation flow's lookups (any signed-in role, never shown as they are) -----------


def for_task_type(session: Session, *, actor: Actor, task_type: str) -> AiTaskPolicy | None:
    """The tenant's policy for ``task_type``, or None when the school has not set one up."""
    query = policy.generation_scope(actor, select(AiTaskPolicy)).where(
        AiTaskPolicy.task_type == checked_task_type(task_type)
    )
    return session.exec(query).first()


def all_for_generation(
    session: Session, *, actor: Actor
) -> list[tuple[AiTaskPolicy, AiProviderConfig]]:
    """Every policy of the tenant with its provider config (for task availability)."""
    query = (
        policy.generation_scope(actor, select(AiTaskPolicy, AiProviderConfig))
        .join(AiProviderConfig, AiProviderConfig.id == AiTaskPolicy.ai_provider_config_id)
        .where(AiProviderConfig.tenant_id == AiTaskPolicy.tenant_id)
    )
    return [(row, config) for row, config in session.exec(query).all()]


# --- admin writes ---------------------------------------------------------------------------


def create(
    session: Session, *, actor: Actor, data: TaskPolicyCreate | Mapping[str, Any]
) -> AiTaskPolicy:
    authorize(policy.can_create(actor))
    values = parse(TaskPolicyCreate, data)
    config = _tenant_config(session, actor, values.ai_provider_config_id)
    if _task_type_taken(session, actor, values.task_type, None):
        raise _duplicate(values.task_type)
    task_policy = validated(
        AiTaskPolicy(
            tenant_id=actor.tenant_id,
            created_by_id=actor.id,
            ai_provider_config_id=config.id,
            task_type=values.task_type,
            enabled=values.enabled,
            requires_approval=values.requires_approval,
            allowed_roles=list(values.allowed_roles),
            max_tokens_limit=values.max_tokens_limit,
            temperature_limit=values.temperature_limit,
            model_override=values.model_override,
            settings=values.settings,
        )
    )
    add(session, task_policy, lambda: _duplicate(values.task_type))
    _record(session, actor, "create", task_policy, {},
            audit_logs.snapshot(task_policy, AUDITED))
    return task_policy


def update(
    session: Session,
    *,
    actor: Actor,
    policy_id: int,
    data: TaskPolicyUpdate | Mapping[str, Any],
) -> AiTaskPolicy:
    """Change the given fields (None leaves one as it is; ``model_override=""`` clears it)."""
    task_policy = get(session, actor=actor, policy_id=policy_id)
    authorize(policy.can_update(actor, task_policy))
    values = parse(TaskPolicyUpdate, data)
    changes: dict[str, Any] = values.model_dump(exclude_none=True)
    if "task_type" in changes and _task_type_taken(
        session, actor, changes["task_type"], task_policy.id
    ):
        raise _duplicate(changes["task_type"])
    if "ai_provider_config_id" in changes:
        _tenant_config(session, actor, changes["ai_provider_config_id"])
    if values.model_override is not None and not values.model_override:
        changes["model_override"] = None
    task_type = changes.get("task_type", task_policy.task_type)
    before = audit_logs.snapshot(task_policy, AUDITED)
    apply_changes(task_policy, changes)
    add(session, task_policy, lambda: _duplicate(task_type))
    _record(session, actor, "update", task_policy, before,
            audit_logs.snapshot(task_policy, AUDITED))
    return task_policy


def delete(session: Session, *, actor: Actor, policy_id: int) -> None:
    """Delete the policy; audit-log rows keep their history with the policy link cleared."""
    task_policy = get(session, actor=actor, policy_id=policy_id)
    authorize(policy.can_delete(actor, task_policy))
    _record(session, actor, "delete", task_policy, audit_logs.snapshot(task_policy, AUDITED), {})
    delete_keeping_audit(session, actor=actor, row=task_policy, link=AiInvocation.ai_task_policy_id)
