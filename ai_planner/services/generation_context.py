"""What a generation is about, and the messages that ask for it.

The unit and lesson ids come from the page the teacher is on; each is checked against the
teacher's scope (the planner repositories raise NotFound otherwise) before anything of it is
read. Their fields fill the context variables of SPEC.md ("Templates and context
variables"); a template is rendered with them by ``services.templates``, and without one the
gateway's default system prompt for the task type applies and the user message is the
teacher's prompt followed by the context.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session

from ai_planner.actor import Actor
from ai_planner.errors import NotFound
from ai_planner.models import AiTemplate, Course, Lesson, Unit
from ai_planner.repositories import courses, lessons, units
from ai_planner.services import templates

# Each planner field is at most 20,000 characters; a request built from all of them must
# stay within the gateway's 100,000 per message, so each value is cut to this.
VALUE_MAX_CHARS = 12_000
_LABELS = (
    ("course_name", "Course"), ("subject", "Subject"), ("grade_level", "Grade level"),
    ("unit_title", "Unit"), ("unit_summary", "Unit summary"),
    ("essential_questions", "Essential questions"), ("lesson_title", "Lesson"),
    ("objectives", "Objectives"), ("activities", "Activities"), ("materials", "Materials"),
    ("assessment", "Assessment"),
)


@dataclass
class PlanContext:
    """The scoped rows a request is about (any of them may be absent)."""

    unit: Unit | None = None
    lesson: Lesson | None = None
    course: Course | None = None
    ids: dict[str, int] = field(default_factory=dict)  # for the audit row's context


def scoped_context(session: Session, *, actor: Actor, unit_id: int | None,
                   lesson_id: int | None) -> PlanContext:
    """The unit (and lesson, which must be in that unit) the actor may see, else NotFound."""
    if lesson_id is not None and unit_id is None:
        raise NotFound("lesson")
    if unit_id is None:
        return PlanContext()
    unit = units.get(session, actor=actor, unit_id=unit_id)
    lesson = (lessons.get(session, actor=actor, lesson_id=lesson_id, unit_id=unit_id)
              if lesson_id is not None else None)
    course = courses.get(session, actor=actor, course_id=unit.course_id)
    ids = {"unit_id": unit_id, **({"lesson_id": lesson_id} if lesson_id is not None else {})}
    return PlanContext(unit=unit, lesson=lesson, course=course, ids=ids)


def _cut(value: str) -> str:
    return value if len(value) <= VALUE_MAX_CHARS else value[: VALUE_MAX_CHARS - 1] + "…"


def context_values(prompt: str, context: PlanContext) -> dict[str, str]:
    values = templates.context_values(prompt=prompt, course=context.course, unit=context.unit,
                                      lesson=context.lesson)
    return {name: _cut(value) for name, value in values.items()}


def default_messages(prompt: str, values: dict[str, str]) -> list[dict[str, str]]:
    """No template: the teacher's prompt, then what the page is about (the gateway adds its
    default system prompt for the task type)."""
    lines = [f"- {label}: {values[name]}" for name, label in _LABELS if values.get(name)]
    content = prompt if not lines else prompt + "\n\nContext from the plan:\n" + "\n".join(lines)
    return [{"role": "user", "content": content}]


def build_messages(prompt: str, context: PlanContext, template: AiTemplate | None
                   ) -> list[dict[str, Any]]:
    values = context_values(prompt, context)
    if template is None:
        return default_messages(prompt, values)
    return templates.render_messages(template, values)
