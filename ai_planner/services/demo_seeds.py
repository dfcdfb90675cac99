"""The shapes of the demo data (``demo_content.py`` assembles it, ``demo_seed.py`` writes it):
plain frozen dataclasses, one per kind of row."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ai_planner.services.demo_activity import InvocationSeed


@dataclass(frozen=True)
class UserSeed:
    email: str
    name: str
    role: str


@dataclass(frozen=True)
class LessonSeed:
    title: str
    objectives: str
    activities: str
    materials: str
    assessment: str
    duration_minutes: int


@dataclass(frozen=True)
class UnitSeed:
    title: str
    owner_email: str
    status: str
    summary: str
    essential_questions: str
    lessons: tuple[LessonSeed, ...]


@dataclass(frozen=True)
class CourseSeed:
    name: str
    subject: str
    grade_level: str
    owner_email: str
    units: tuple[UnitSeed, ...]


@dataclass(frozen=True)
class TemplateSeed:
    name: str
    task_type: str
    status: str
    system_prompt: str
    user_prompt_template: str
    variables: tuple[str, ...]


@dataclass(frozen=True)
class PolicySeed:
    task_type: str
    max_tokens_limit: int
    temperature_limit: float
    allowed_roles: tuple[str, ...] = ()  # empty: every role may use the task type
    requires_approval: bool = False
    enabled: bool = True


@dataclass(frozen=True)
class ProviderSeed:
    provider_name: str
    display_name: str
    default_model: str
    available_models: tuple[str, ...]
    status: str = "active"
    settings: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class TenantSeed:
    slug: str
    name: str
    admin_email: str  # creates the tenant's AI configuration
    users: tuple[UserSeed, ...]
    courses: tuple[CourseSeed, ...]
    templates: tuple[TemplateSeed, ...]
    policies: tuple[PolicySeed, ...]  # one per task type
    invocations: tuple[InvocationSeed, ...]  # past AI activity (the audit log)
