"""Prompt templates of the actor's tenant: leads and admins browse, admins write,
the generation flow picks an active one (any role)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from sqlmodel import Session, select

from ai_planner.actor import Actor
from ai_planner.errors import NotFound, ValidationFailed
from ai_planner.models import TEMPLATE_STATUSES, AiInvocation, AiTemplate
from ai_planner.policies import ai_template as policy
from ai_planner.policies.base import authorize
from ai_planner.repositories._ai_rules import check_task_type
from ai_planner.repositories._common import (
    add,
    apply_changes,
    delete_keeping_audit,
    get_visible,
    task_label,
    validated,
)
from ai_planner.schemas.ai_template import TemplateCreate, TemplatePublic, TemplateUpdate
from ai_planner.schemas.base import parse

VARIABLE_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
PLACEHOLDER_RE = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


def placeholders(user_prompt_template: str) -> list[str]:
    """The ``{name}`` variables a user prompt template uses, in order of appearance."""
    return list(dict.fromkeys(PLACEHOLDER_RE.findall(user_prompt_template or "")))


def _check_status(status: str | None) -> None:
    if status is not None and status not in TEMPLATE_STATUSES:
        raise ValidationFailed("status", f"Status must be one of: {', '.join(TEMPLATE_STATUSES)}.")


def _check_variables(variables: list[str]) -> list[str]:
    for name in variables:
        if not VARIABLE_RE.match(name):
            raise ValidationFailed(
                "variables",
                f"Variable {name!r} must be letters, digits and underscores (e.g. grade_level).",
            )
    return list(dict.fromkeys(variables))


def to_public(template: AiTemplate) -> TemplatePublic:
    return TemplatePublic.model_validate(template)


def list_public(
    session: Session,
    *,
    actor: Actor,
    task_type: str | None = None,
    status: str | None = None,
) -> list[TemplatePublic]:
    """Templates in the actor's scope (admins and leads), optionally filtered."""
    authorize(policy.can_list(actor))
    query = policy.scope(actor, select(AiTemplate))
    if task_type:
        query = query.where(AiTemplate.task_type == check_task_type(task_type))
    if status:
        _check_status(status)
        query = query.where(AiTemplate.status == status)
    query = query.order_by(AiTemplate.name, AiTemplate.id)
    return [to_public(row) for row in session.exec(query).all()]


def get(session: Session, *, actor: Actor, template_id: int) -> AiTemplate:
    return get_visible(
        session, actor=actor, policy=policy, model=AiTemplate, row_id=template_id,
        what="template",
    )


def choices_for_task(
    session: Session, *, actor: Actor, task_type: str
) -> list[TemplatePublic]:
    """Active templates for ``task_type`` the actor may pick in the assist panel (any role)."""
    check_task_type(task_type)
    query = (
        policy.scope(actor, select(AiTemplate))
        .where(AiTemplate.task_type == task_type, AiTemplate.status == "active")
        .order_by(AiTemplate.name, AiTemplate.id)
    )
    return [to_public(row) for row in session.exec(query).all()]


def active_for_task(
    session: Session, *, actor: Actor, task_type: str, template_id: int
) -> AiTemplate:
    """The generation flow's template: the tenant's, active, and for this task type."""
    check_task_type(task_type)
    query = policy.scope(actor, select(AiTemplate)).where(
        AiTemplate.id == template_id, AiTemplate.status == "active"
    )
    template = session.exec(query).first()
    if template is None:
        raise NotFound("template")
    if template.task_type != task_type:
        raise ValidationFailed(
            "ai_template_id",
            f"That template is for {task_label(template.task_type)}, "
            f"not {task_label(task_type)}.",
        )
    return template


def create(
    session: Session, *, actor: Actor, data: TemplateCreate | Mapping[str, Any]
) -> AiTemplate:
    authorize(policy.can_create(actor))
    values = parse(TemplateCreate, data)
    check_task_type(values.task_type)
    _check_status(values.status)
    variables = _check_variables(values.variables or placeholders(values.user_prompt_template))
    template = validated(
        AiTemplate(
            tenant_id=actor.tenant_id,
            created_by_id=actor.id,
            name=values.name,
            task_type=values.task_type,
            status=values.status,
            system_prompt=values.system_prompt,
            user_prompt_template=values.user_prompt_template,
            variables=variables,
        )
    )
    return add(session, template)


def update(
    session: Session,
    *,
    actor: Actor,
    template_id: int,
    data: TemplateUpdate | Mapping[str, Any],
) -> AiTemplate:
    template = get(session, actor=actor, template_id=template_id)
    authorize(policy.can_update(actor, template))
    values = parse(TemplateUpdate, data)
    changes: dict[str, Any] = values.model_dump(exclude_none=True)
    if "task_type" in changes:
        check_task_type(changes["task_type"])
    _check_status(values.status)
    if "variables" in changes:
        changes["variables"] = _check_variables(changes["variables"])
    apply_changes(template, changes)
    return add(session, template)


def delete(session: Session, *, actor: Actor, template_id: int) -> None:
    """Delete the template; audit-log rows keep their history with the template link cleared."""
    template = get(session, actor=actor, template_id=template_id)
    authorize(policy.can_delete(actor, template))
    delete_keeping_audit(session, actor=actor, row=template, link=AiInvocation.ai_template_id)
