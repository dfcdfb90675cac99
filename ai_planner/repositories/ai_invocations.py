"""The audit log of generations.

Rows are written only by the generation flow: ``create_pending`` then ``mark_running`` and
``mark_completed`` or ``mark_failed``, each by the user who asked. Everyone lists their own
runs; admins list the tenant's.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlmodel import Session, select

from ai_planner.actor import Actor
from ai_planner.errors import NotAllowed, NotFound, ValidationFailed
from ai_planner.models import (
    AiInvocation,
    AiProviderConfig,
    AiTaskPolicy,
    AiTemplate,
    utcnow,
)
from ai_planner.policies import ai_invocation as policy
from ai_planner.policies.base import same_tenant
from ai_planner.repositories._common import (
    add,
    apply_changes,
    flush,
    get_visible,
    task_label,
    validated,
)
from ai_planner.schemas.ai_invocation import (
    TokenUsage,
)

MAX_ERROR_CHARS = 2000
SETTLED = ("completed", "failed")


# --- reads ----------------------------------------------------------------------------------


def get(session: Session, *, actor: Actor, invocation_id: int) -> AiInvocation:
    """One run: the actor's own, or any of the tenant's for an admin."""
    return get_visible(
        session, actor=actor, policy=policy, model=AiInvocation, row_id=invocation_id,
        what="generation",
    )


# --- writes: the generation flow only -------------------------------------------------------


def create_pending(
    session: Session,
    *,
    actor: Actor,
    task_policy: AiTaskPolicy,
    config: AiProviderConfig,
    model: str,
    input_hash: str | None = None,
    context: Mapping[str, Any] | None = None,
    template: AiTemplate | None = None,
) -> AiInvocation:
    """Record a run about to start (status ``pending``) for the acting user."""
    if not same_tenant(actor, task_policy):
        raise NotFound("task policy")
    if not policy.can_create(actor, task_policy):
        label = task_label(task_policy.task_type)
        if not task_policy.enabled:
            raise NotAllowed(f"{label} is turned off for your school.")
        raise NotAllowed(f"Your role can't use {label}.")
    if not same_tenant(actor, config) or config.id != task_policy.ai_provider_config_id:
        raise NotFound("provider config")
    if template is not None and (
        not same_tenant(actor, template) or template.task_type != task_policy.task_type
    ):
        raise NotFound("template")
    invocation = validated(
        AiInvocation(
            tenant_id=actor.tenant_id,
            user_id=actor.id,
            ai_provider_config_id=config.id,
            ai_task_policy_id=task_policy.id,
            ai_template_id=template.id if template is not None else None,
            task_type=task_policy.task_type,
            provider_name=config.provider_name,
            model=model,
            status="pending",
            input_hash=input_hash,
            context=dict(context or {}),
        )
    )
    return add(session, invocation)


def _own_unsettled(session: Session, actor: Actor, invocation_id: int, to: str
                   ) -> AiInvocation:
    query = policy.scope(actor, select(AiInvocation)).where(AiInvocation.id == invocation_id)
    invocation = session.exec(query).first()
    if invocation is None or not policy.can_settle(actor, invocation):
        raise NotFound("generation")
    if invocation.status in SETTLED or (to == "running" and invocation.status != "pending"):
        raise ValidationFailed(
            "status", f"A {invocation.status} generation can't be marked {to}."
        )
    return invocation


def mark_running(session: Session, *, actor: Actor, invocation_id: int) -> AiInvocation:
    invocation = _own_unsettled(session, actor, invocation_id, "running")
    apply_changes(invocation, {"status": "running", "started_at": utcnow()})
    flush(session)
    return invocation


def mark_completed(
    session: Session,
    *,
    actor: Actor,
    invocation_id: int,
    tokens: TokenUsage | Mapping[str, int | None],
    duration_ms: int,
    safety: list[dict[str, Any]] | None = None,
) -> AiInvocation:
    """``safety``: what the gateway's filters did, kept in the row's context for the audit."""
    invocation = _own_unsettled(session, actor, invocation_id, "completed")
    usage = tokens if isinstance(tokens, TokenUsage) else TokenUsage.model_validate(dict(tokens))
    total = usage.total_tokens
    if total is None and usage.prompt_tokens is not None and usage.completion_tokens is not None:
        total = usage.prompt_tokens + usage.completion_tokens
    apply_changes(invocation,
        {
            "status": "completed",
            "completed_at": utcnow(),
            "prompt_tokens": usage.prompt_tokens,
            "completion_tokens": usage.completion_tokens,
            "total_tokens": total,
            "duration_ms": max(0, int(duration_ms)),
            **({"context": {**(invocation.context or {}), "safety": list(safety)}}
               if safety else {}),
        },
    )
    flush(session)
    return invocation


def mark_failed(
    session: Session,
    *,
    actor: Actor,
    invocation_id: int,
    message: str,
    duration_ms: int | None = None,
) -> AiInvocation:
    invocation = _own_unsettled(session, actor, invocation_id, "failed")
    text = (message or "The generation failed.").strip()[:MAX_ERROR_CHARS]
    changes: dict[str, Any] = {"status": "failed", "error_message": text,
                               "completed_at": utcnow()}
    if duration_ms is not None:
        changes["duration_ms"] = max(0, int(duration_ms))
    apply_changes(invocation, changes)
    flush(session)
    return invocation
