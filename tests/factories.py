"""Row factories and a two-tenant world for tests.

Factories write through the session directly (tests may; the app goes through repositories).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session

from ai_planner.actor import Actor
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
)
from ai_planner.services.passwords import hash_password

PASSWORD = "planner-demo"
_PASSWORD_HASH = hash_password(PASSWORD)


def _save(session: Session, obj: Any) -> Any:
    session.add(obj)
    session.commit()
    session.refresh(obj)
    return obj


def actor_of(user: User) -> Actor:
    assert user.id is not None
    return Actor(id=user.id, tenant_id=user.tenant_id, role=user.role, name=user.name,
                 email=user.email)


def make_tenant(session: Session, slug: str, name: str | None = None) -> Tenant:
    return _save(session, Tenant(slug=slug, name=name or slug.title()))


def make_user(session: Session, tenant: Tenant, email: str, role: str = "teacher",
              name: str | None = None, active: bool = True) -> User:
    return _save(session, User(tenant_id=tenant.id, email=email, role=role,
                               name=name or email.split("@")[0].title(),
                               password_hash=_PASSWORD_HASH, active=active))


def make_course(session: Session, owner: User, name: str = "Grade 5 Science") -> Course:
    return _save(session, Course(tenant_id=owner.tenant_id, name=name, subject="Science",
                                 grade_level="5", created_by_id=owner.id))


def make_unit(session: Session, owner: User, course: Course, title: str = "Ecosystems",
              **values: Any) -> Unit:
    return _save(session, Unit(tenant_id=owner.tenant_id, course_id=course.id, title=title,
                               created_by_id=owner.id, **values))


def make_lesson(session: Session, owner: User, unit: Unit, title: str = "Food webs",
                position: int = 1, **values: Any) -> Lesson:
    return _save(session, Lesson(tenant_id=owner.tenant_id, unit_id=unit.id, title=title,
                                 position=position, created_by_id=owner.id, **values))


def make_provider_config(session: Session, admin: User, provider_name: str = "demo",
                         status: str = "active", **values: Any) -> AiProviderConfig:
    values.setdefault("display_name", f"{provider_name.title()} provider")
    values.setdefault("default_model", "demo-planner-1" if provider_name == "demo" else "m-1")
    return _save(session, AiProviderConfig(tenant_id=admin.tenant_id, created_by_id=admin.id,
                                           provider_name=provider_name, status=status,
                                           **values))


def make_task_policy(session: Session, admin: User, config: AiProviderConfig,
                     task_type: str = "lesson_plan", **values: Any) -> AiTaskPolicy:
    return _save(session, AiTaskPolicy(tenant_id=admin.tenant_id, created_by_id=admin.id,
                                       ai_provider_config_id=config.id, task_type=task_type,
                                       **values))


def make_template(session: Session, admin: User, task_type: str = "lesson_plan",
                  status: str = "active", **values: Any) -> AiTemplate:
    values.setdefault("name", f"{task_type} template")
    values.setdefault("system_prompt", "You are a helpful curriculum designer.")
    values.setdefault("user_prompt_template", "Plan a lesson on {topic}.")
    values.setdefault("variables", ["topic"])
    return _save(session, AiTemplate(tenant_id=admin.tenant_id, created_by_id=admin.id,
                                     task_type=task_type, status=status, **values))


def make_invocation(session: Session, user: User, config: AiProviderConfig,
                    task_type: str = "lesson_plan", **values: Any) -> AiInvocation:
    values.setdefault("status", "completed")
    return _save(session, AiInvocation(tenant_id=user.tenant_id, user_id=user.id,
                                       ai_provider_config_id=config.id, task_type=task_type,
                                       provider_name=config.provider_name,
                                       model=config.default_model, **values))


@dataclass
class TenantWorld:
    tenant: Tenant
    admin: User
    lead: User
    teacher: User
    teacher2: User
    course: Course
    unit: Unit  # owned by teacher
    lesson: Lesson
    other_unit: Unit  # owned by teacher2
    config: AiProviderConfig
    policy: AiTaskPolicy
    template: AiTemplate
    invocation: AiInvocation  # by teacher
    extra: dict[str, Any] = field(default_factory=dict)

    def actor(self, role: str) -> Actor:
        return actor_of(getattr(self, role))


@dataclass
class World:
    maple: TenantWorld
    cedar: TenantWorld


def build_tenant(session: Session, slug: str) -> TenantWorld:
    tenant = make_tenant(session, slug)
    admin = make_user(session, tenant, f"admin@{slug}.test", "admin")
    lead = make_user(session, tenant, f"lead@{slug}.test", "curriculum_lead")
    teacher = make_user(session, tenant, f"teacher@{slug}.test", "teacher")
    teacher2 = make_user(session, tenant, f"teacher2@{slug}.test", "teacher")
    course = make_course(session, teacher)
    unit = make_unit(session, teacher, course)
    lesson = make_lesson(session, teacher, unit)
    other_unit = make_unit(session, teacher2, course, title="Weather and climate")
    config = make_provider_config(session, admin)
    policy = make_task_policy(session, admin, config)
    template = make_template(session, admin)
    invocation = make_invocation(session, teacher, config, ai_task_policy_id=policy.id)
    return TenantWorld(tenant, admin, lead, teacher, teacher2, course, unit, lesson,
                       other_unit, config, policy, template, invocation)


def build_world(session: Session) -> World:
    return World(maple=build_tenant(session, "maple"), cedar=build_tenant(session, "cedar"))
