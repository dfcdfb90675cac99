"""Prompt templates of the actor's tenant: leads and admins browse, admins write,
the generation flow picks an active one (any role).

The input rules live in ``schemas/ai_template.py`` and the placeholder rules in
``services/templates.py``; every write records its change in the change log.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, select

from ai_planner.actor import Actor
from ai_planner.errors import NotFound, ValidationFailed
from ai_planner.models import AiInvocation, AiTemplate
from ai_planner.policies import ai_template as policy
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
from ai_planner.repositories.ai_task_policies import checked_task_type
from ai_planner.schemas.ai_template import (
    TEMPLATES_PER_PAGE,
    TemplateCreate,
    TemplateFilters,
    TemplatePage,
    TemplatePublic,
    TemplateRow,
    TemplateUpdate,
)
from ai_planner.schemas.base import parse
from ai_planner.services.templates import check_placeholders, placeholders

RESOURCE = "ai_template"
AUDITED = ("name", "task_type", "status", "system_prompt", "user_prompt_template", "variables")
MAX_CHOICES = 50  # active templates offered for one task type in the assist panel


def to_public(template: AiTemplate) -> TemplatePublic:
    return TemplatePublic.model_validate(template)


def _checked_variables(user_prompt_template: str, declared: list[str]) -> list[str]:
    """The variables to store: every placeholder the template uses (known names need no
    declaring; other names must be declared, and a declared one must be used).
    ValidationFailed names each undeclared unknown placeholder and unused variable."""
    errors = check_placeholders(user_prompt_template, declared)
    if errors:
        raise ValidationFailed.of(errors)
    return placeholders(user_prompt_template)


def _record(session: Session, actor: Actor, action: str, template: AiTemplate,
            before: audit_logs.Snapshot, after: audit_logs.Snapshot) -> None:
    audit_logs.record(
        session, actor=actor, action=action, resource_type=RESOURCE,
        resource_id=template.id or 0, label=template.name, before=before, after=after,
    )


# --- reads ---------------------------------------------------------------------------------


def page(
    session: Session,
    *,
    actor: Actor,
    filters: TemplateFilters | Mapping[str, Any] | None = None,
    per_page: int = TEMPLATES_PER_PAGE,
) -> TemplatePage:
    """One page of the templates in the actor's scope (admins and leads), by name, filtered
    by task type and status. The page number is clamped to the last page."""
    authorize(policy.can_list(actor))
    wanted = parse(TemplateFilters, filters or {})
    conditions = []
    if wanted.task_type:
        conditions.append(AiTemplate.task_type == wanted.task_type)
    if wanted.status:
        conditions.append(AiTemplate.status == wanted.status)
    count_query = policy.scope(actor, select(func.count(AiTemplate.id))).where(*conditions)
    total = int(session.exec(count_query).one())
    last_page = max(1, -(-total // per_page))
    number = min(wanted.page, last_page)
    rows_query = (
        policy.scope(actor, select(AiTemplate))
        .where(*conditions)
        .order_by(AiTemplate.name, AiTemplate.id)
        .offset((number - 1) * per_page)
        .limit(per_page)
    )
    items = [TemplateRow.model_validate(row) for row in session.exec(rows_query).all()]
    return TemplatePage(items=items, total=total, page=number, per_page=per_page)


def get(session: Session, *, actor: Actor, template_id: int) -> AiTemplate:
    return get_visible(
        session, actor=actor, policy=policy, model=AiTemplate, row_id=template_id,
        what="template",
    )


def get_public(session: Session, *, actor: Actor, template_id: int) -> TemplatePublic:
    return to_public(get(session, actor=actor, template_id=template_id))


def choices_for_task(
    session: Session, *, actor: Actor, task_type: str
) -> list[TemplatePublic]:
    """Active templates for ``task_type`` the actor may pick in the assist panel (any role),
    by name, at most ``MAX_CHOICES``."""
    query = (
        policy.scope(actor, select(AiTemplate))
        .where(AiTemplate.task_type == checked_task_type(task_type),
               AiTemplate.status == "active")
        .order_by(AiTemplate.name, AiTemplate.id)
        .limit(MAX_CHOICES)
    )
    return [to_public(row) for row in session.exec(query).all()]


def active_for_task(
    session: Session, *, actor: Actor, task_type: str, template_id: int
) -> AiTemplate:
    """The generation flow's template: the tenant's, active, and for this task type."""
    task_type = checked_task_type(task_type)
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


# --- writes (admins) ------------------------------------------------------------------------


def create(
    session: Session, *, actor: Actor, data: TemplateCreate | Mapping[str, Any]
) -> AiTemplate:
    authorize(policy.can_create(actor))
    values = parse(TemplateCreate, data)
    template = validated(
        AiTemplate(
            tenant_id=actor.tenant_id,
            created_by_id=actor.id,
            name=values.name,
            task_type=values.task_type,
            status=values.status,
            system_prompt=values.system_prompt,
            user_prompt_template=values.user_prompt_template,
            variables=_checked_variables(values.user_prompt_template, list(values.variables)),
        )
    )
    add(session, template)
    _record(session, actor, "create", template, {}, audit_logs.snapshot(template, AUDITED))
    return template


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
    if "user_prompt_template" in changes or "variables" in changes:
        changes["variables"] = _checked_variables(
            changes.get("user_prompt_template", template.user_prompt_template),
            list(changes.get("variables", template.variables or [])),
        )
    before = audit_logs.snapshot(template, AUDITED)
    apply_changes(template, changes)
    add(session, template)
    _record(session, actor, "update", template, before, audit_logs.snapshot(template, AUDITED))
    return template


def archive(session: Session, *, actor: Actor, template_id: int) -> AiTemplate:
    """Retire a template (status "archived"): the assist panel no longer offers it."""
    return update(session, actor=actor, template_id=template_id, data={"status": "archived"})


def delete(session: Session, *, actor: Actor, template_id: int) -> None:
    """Delete the template; audit-log rows keep their history with the template link cleared."""
    template = get(session, actor=actor, template_id=template_id)
    authorize(policy.can_delete(actor, template))
    _record(session, actor, "delete", template, audit_logs.snapshot(template, AUDITED), {})
    delete_keeping_audit(session, actor=actor, row=template, link=AiInvocation.ai_template_id)
