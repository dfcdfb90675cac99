"""Load the demo data of SPEC.md (``ai-planner seed-demo``).

Idempotent, and it never overwrites or re-adds what people changed:
- tenants (by slug) and users (by tenant and email) are created when missing; an existing
  user keeps their name, role and password;
- a tenant's planning content (courses, units, lessons), its AI set-up (the demo provider
  config and the five task policies), its templates and its past AI activity (invocations
  for the audit log) are each seeded as a block, only when the tenant has none of that kind
  yet. After that they belong to the tenant's users: a renamed unit, a deleted lesson or a
  re-pointed policy stays as the users left it.
Everything is written in one transaction: a failure leaves the database as it was.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, TypeVar

from sqlmodel import Session, SQLModel

from ai_planner.models import (
    AiInvocation,
    AiProviderConfig,
    AiTaskPolicy,
    AiTemplate,
    Course,
    Lesson,
    Tenant,
    Unit,
    User,
    utcnow,
)
from ai_planner.models.ai_texts import AiInvocationText
from ai_planner.repositories import bootstrap
from ai_planner.schemas.generation import DEFAULT_MAX_TOKENS, DEFAULT_TEMPERATURE
from ai_planner.services.demo_activity import InvocationSeed
from ai_planner.services.demo_content import DEMO_PASSWORD, DEMO_PROVIDER, DEMO_TENANTS
from ai_planner.services.demo_seeds import (
    CourseSeed,
    PolicySeed,
    TemplateSeed,
    TenantSeed,
    UnitSeed,
)
from ai_planner.services.generation import input_hash
from ai_planner.services.generation_context import PlanContext, build_messages
from ai_planner.services.passwords import hash_password

RowT = TypeVar("RowT", bound=SQLModel)

TABLE_ORDER = (
    "tenants",
    "users",
    "courses",
    "units",
    "lessons",
    "ai_provider_configs",
    "ai_task_policies",
    "ai_templates",
    "ai_invocations",
    "ai_invocation_texts",
)


@dataclass
class SeedReport:
    """Rows created per table, and the blocks left alone because they already existed."""

    created: Counter[str] = field(default_factory=Counter)
    kept: list[str] = field(default_factory=list)

    @property
    def total_created(self) -> int:
        return sum(self.created.values())

    def lines(self) -> list[str]:
        counts = ", ".join(f"{table} {self.created[table]}" for table in TABLE_ORDER)
        lines = [f"Created: {counts}."]
        lines += [f"Left as is: {what}." for what in self.kept]
        return lines


def _row(model: type[RowT], seed: Any, **values: Any) -> RowT:
    """``model(**values)`` with every field of ``seed`` too (tuples as lists, dicts copied).

    The lesson, provider, policy and template seeds mirror their tables' columns. SQLModel
    would silently drop a keyword that is not a column, so such a field fails loudly here.
    """
    columns = model.__table__.columns  # type: ignore[attr-defined]
    from_seed: dict[str, Any] = {}
    for item in dataclasses.fields(seed):
        if item.name not in columns:
            raise TypeError(f"{type(seed).__name__}.{item.name} is not a {model.__name__} column")
        value = getattr(seed, item.name)
        if isinstance(value, tuple):
            value = list(value)
        elif isinstance(value, dict):
            value = dict(value)
        from_seed[item.name] = value
    return model(**from_seed, **values)  # a name in both is a TypeError, not an override


class _Seeder:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.report = SeedReport()
        self._password_hash: str | None = None

    def _password(self) -> str:
        # One argon2 hash per run, and only when a user is actually created.
        if self._password_hash is None:
            self._password_hash = hash_password(DEMO_PASSWORD)
        return self._password_hash

    def _add(self, row: Any) -> Any:
        self.session.add(row)
        self.session.flush()  # assigns the id the next rows refer to
        self.report.created[row.__tablename__] += 1
        return row

    def _tenant_has(self, model: type[SQLModel], tenant: Tenant, label: str) -> bool:
        assert tenant.id is not None
        if bootstrap.tenant_row_count(self.session, model, tenant_id=tenant.id):
            self.report.kept.append(f"{tenant.slug} {label}")
            return True
        return False

    def tenant(self, seed: TenantSeed) -> None:
        tenant = bootstrap.tenant_by_slug(self.session, seed.slug)
        if tenant is None:
            tenant = self._add(Tenant(slug=seed.slug, name=seed.name))
        assert tenant.id is not None
        users: dict[str, User] = {}
        for user_seed in seed.users:
            user = bootstrap.user_by_tenant_and_email(
                self.session, tenant_id=tenant.id, email=user_seed.email
            )
            if user is None:
                user = self._add(
                    User(
                        tenant_id=tenant.id,
                        email=user_seed.email,
                        name=user_seed.name,
                        role=user_seed.role,
                        password_hash=self._password(),
                        active=True,
                    )
                )
            users[user_seed.email] = user
        if not self._tenant_has(Course, tenant, "courses, units and lessons"):
            for course_seed in seed.courses:
                self.course(tenant.id, course_seed, users)
        admin = users[seed.admin_email]
        if not self._tenant_has(AiProviderConfig, tenant, "AI provider configs and policies"):
            self.ai_configuration(tenant.id, admin, seed.policies)
        if not self._tenant_has(AiTemplate, tenant, "AI templates"):
            self.templates(tenant.id, seed.templates, admin)
        if not self._tenant_has(AiInvocation, tenant, "AI activity"):
            self.activity(tenant.id, seed.invocations, users)

    def course(self, tenant_id: int, seed: CourseSeed, users: dict[str, User]) -> None:
        course = self._add(
            Course(
                tenant_id=tenant_id,
                name=seed.name,
                subject=seed.subject,
                grade_level=seed.grade_level,
                created_by_id=users[seed.owner_email].id,
            )
        )
        for unit_seed in seed.units:
            self.unit(tenant_id, course.id, unit_seed, users)

    def unit(self, tenant_id: int, course_id: int, seed: UnitSeed, users: dict[str, User]) -> None:
        owner_id = users[seed.owner_email].id
        unit = self._add(
            Unit(
                tenant_id=tenant_id,
                course_id=course_id,
                title=seed.title,
                summary=seed.summary,
                essential_questions=seed.essential_questions,
                status=seed.status,
                created_by_id=owner_id,
            )
        )
        for position, lesson in enumerate(seed.lessons, start=1):
            self._add(
                _row(Lesson, lesson, tenant_id=tenant_id, unit_id=unit.id, position=position,
                     created_by_id=owner_id)
            )

    def ai_configuration(self, tenant_id: int, admin: User,
                         policies: tuple[PolicySeed, ...]) -> None:
        config = self._add(
            _row(AiProviderConfig, DEMO_PROVIDER, tenant_id=tenant_id, created_by_id=admin.id,
                 api_key=None)  # the demo provider needs no key
        )
        for policy in policies:
            self._add(
                _row(AiTaskPolicy, policy, tenant_id=tenant_id, created_by_id=admin.id,
                     ai_provider_config_id=config.id, settings={})
            )

    def templates(self, tenant_id: int, templates: tuple[TemplateSeed, ...], admin: User) -> None:
        for template in templates:
            self._add(_row(AiTemplate, template, tenant_id=tenant_id, created_by_id=admin.id))

    def activity(self, tenant_id: int, seeds: tuple[InvocationSeed, ...],
                 users: dict[str, User]) -> None:
        """Past generations on the tenant's demo provider (none when its admins replaced
        it: there is nothing honest to invent then)."""
        config = bootstrap.tenant_row(self.session, AiProviderConfig, tenant_id=tenant_id,
                                      provider_name=DEMO_PROVIDER.provider_name)
        if config is None:
            return
        now = utcnow()
        for seed in seeds:
            self._invocation(tenant_id, config, users[seed.user_email], seed, now)

    def _invocation(self, tenant_id: int, config: AiProviderConfig, user: User,
                    seed: InvocationSeed, now: datetime) -> None:
        """One past generation and its text, as the generation flow would have left them."""

        def find(model: type[RowT], **equals: Any) -> RowT | None:
            return bootstrap.tenant_row(self.session, model, tenant_id=tenant_id, **equals)

        policy = find(AiTaskPolicy, task_type=seed.task_type)
        template = find(AiTemplate, name=seed.template_name) if seed.template_name else None
        unit = find(Unit, title=seed.unit_title) if seed.unit_title else None
        lesson = (find(Lesson, unit_id=unit.id, title=seed.lesson_title)
                  if unit is not None and seed.lesson_title else None)
        course = self.session.get(Course, unit.course_id) if unit is not None else None
        plan = PlanContext(unit=unit, lesson=lesson, course=course, ids={
            name: row.id for name, row in (("unit_id", unit), ("lesson_id", lesson))
            if row is not None and row.id is not None})
        messages = build_messages(seed.prompt, plan, template)
        context: dict[str, Any] = {
            **plan.ids,
            "max_tokens": policy.max_tokens_limit if policy else DEFAULT_MAX_TOKENS,
            "temperature": policy.temperature_limit if policy else DEFAULT_TEMPERATURE,
        }
        if seed.safety:
            context["safety"] = [dict(action) for action in seed.safety]
        created = now - seed.age
        if seed.approval:
            context["approval"] = self._decision(tenant_id, seed, created)
        started = created + timedelta(milliseconds=200) if seed.duration_ms is not None else None
        settled = seed.status in ("completed", "failed")
        completed = (started or created) + timedelta(milliseconds=seed.duration_ms or 0)
        tokens = (seed.prompt_tokens or 0) + (seed.completion_tokens or 0)
        invocation = self._add(AiInvocation(
            tenant_id=tenant_id,
            user_id=user.id,
            ai_provider_config_id=config.id,
            ai_task_policy_id=policy.id if policy is not None else None,
            ai_template_id=template.id if template is not None else None,
            task_type=seed.task_type,
            provider_name=config.provider_name,
            model=config.default_model,
            status=seed.status,
            input_hash=input_hash(messages),
            context=context,
            prompt_tokens=seed.prompt_tokens,
            completion_tokens=seed.completion_tokens,
            total_tokens=tokens or None,
            duration_ms=seed.duration_ms,
            error_message=seed.error_message,
            created_at=created,
            started_at=started,
            completed_at=completed if settled else None,
            updated_at=completed if settled else created,
        ))
        waiting = seed.approval == "waiting"
        self._add(AiInvocationText(
            invocation_id=invocation.id, tenant_id=tenant_id, prompt=seed.prompt,
            answer=seed.answer, request_messages=messages if waiting else None,
            created_at=created, updated_at=invocation.updated_at))

    def _decision(self, tenant_id: int, seed: InvocationSeed, created: datetime
                  ) -> dict[str, Any]:
        """``context["approval"]`` as ``repositories.approvals.decide`` records it."""
        decision: dict[str, Any] = {"state": seed.approval}
        decider = (bootstrap.user_by_tenant_and_email(
            self.session, tenant_id=tenant_id, email=seed.decided_by_email)
            if seed.decided_by_email else None)
        if decider is not None:
            decision.update(by=decider.id, by_name=decider.name, at=(
                created + timedelta(hours=1)).isoformat(timespec="seconds"))
        if seed.reason:
            decision["reason"] = seed.reason
        return decision

def seed_demo(session: Session) -> SeedReport:
    """Create whatever demo data is missing (flushed; the caller's transaction commits it
    all or nothing)."""
    seeder = _Seeder(session)
    for tenant_seed in DEMO_TENANTS:
        seeder.tenant(tenant_seed)
    return seeder.report
