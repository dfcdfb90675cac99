"""Load the demo data of SPEC.md (``ai-planner seed-demo``).

Idempotent, and it never overwrites or re-adds what people changed:
- tenants (by slug) and users (by tenant and email) are created when missing; an existing
  user keeps their name, role and password;
- a tenant's planning content (courses, units, lessons), its AI set-up (the demo provider
  config and the five task policies) and its templates are each seeded as a block, only when
  the tenant has none of that kind yet. After that they belong to the tenant's users: a
  renamed unit, a deleted lesson or a re-pointed policy stays as the users left it.
Everything is written in one transaction: a failure leaves the database as it was.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlmodel import Session, SQLModel

from ai_planner.models import (
    AiProviderConfig,
    AiTaskPolicy,
    AiTemplate,
    Course,
    Lesson,
    Tenant,
    Unit,
    User,
)
from ai_planner.repositories import bootstrap
from ai_planner.services.demo_content import (
    DEMO_PASSWORD,
    DEMO_POLICIES,
    DEMO_PROVIDER,
    DEMO_TENANTS,
    CourseSeed,
    TemplateSeed,
    TenantSeed,
    UnitSeed,
)
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
            self.ai_configuration(tenant.id, admin)
        if not self._tenant_has(AiTemplate, tenant, "AI templates"):
            self.templates(tenant.id, seed.templates, admin)

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

    def ai_configuration(self, tenant_id: int, admin: User) -> None:
        config = self._add(
            _row(AiProviderConfig, DEMO_PROVIDER, tenant_id=tenant_id, created_by_id=admin.id,
                 api_key=None)  # the demo provider needs no key
        )
        for policy in DEMO_POLICIES:
            self._add(
                _row(AiTaskPolicy, policy, tenant_id=tenant_id, created_by_id=admin.id,
                     ai_provider_config_id=config.id, settings={})
            )

    def templates(self, tenant_id: int, templates: tuple[TemplateSeed, ...], admin: User) -> None:
        for template in templates:
            self._add(_row(AiTemplate, template, tenant_id=tenant_id, created_by_id=admin.id))


def seed_demo(session: Session) -> SeedReport:
    """Create whatever demo data is missing (flushed; the caller's transaction commits it
    all or nothing)."""
    seeder = _Seeder(session)
    for tenant_seed in DEMO_TENANTS:
        seeder.tenant(tenant_seed)
    return seeder.report
