"""Real units and lessons of the actor's tenant to preview a template with: a bounded search
for the pickers, and the course, unit and lesson whose fields fill the placeholders. Every
query goes through the planner's scopes (leads and admins see the tenant's units)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from ai_planner.actor import Actor
from ai_planner.errors import NotFound
from ai_planner.models import Course, Lesson, Unit
from ai_planner.policies import course as course_policy
from ai_planner.policies import lesson as lesson_policy
from ai_planner.policies import unit as unit_policy
from ai_planner.repositories._common import valid_id

UNIT_CHOICES = 10  # units offered per search
LESSON_CHOICES = 100  # lessons offered for one unit (titles only)
SEARCH_MAX = 200


@dataclass(frozen=True)
class Choice:
    id: int
    label: str


@dataclass(frozen=True)
class Sample:
    course: Course
    unit: Unit
    lesson: Lesson | None


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def unit_choices(session: Session, *, actor: Actor, search: str = "") -> list[Choice]:
    """At most ``UNIT_CHOICES`` units whose title matches ``search``, by title."""
    query = (
        unit_policy.scope(actor, select(Unit.id, Unit.title, Course.name))
        .join(Course, (Course.id == Unit.course_id) & (Course.tenant_id == Unit.tenant_id))
    )
    term = search.strip()[:SEARCH_MAX]
    if term:
        query = query.where(col(Unit.title).ilike(f"%{_escape_like(term)}%", escape="\\"))
    query = query.order_by(col(Unit.title), col(Unit.id)).limit(UNIT_CHOICES)
    return [Choice(unit_id, f"{title} ({course})")
            for unit_id, title, course in session.exec(query).all()]


def lesson_choices(session: Session, *, actor: Actor, unit_id: int) -> list[Choice]:
    """The first ``LESSON_CHOICES`` lessons of a unit the actor may see, in order."""
    unit = _unit(session, actor, unit_id)
    query = (
        lesson_policy.scope(actor, select(Lesson.id, Lesson.title))
        .where(Lesson.unit_id == unit.id)
        .order_by(col(Lesson.position), col(Lesson.id))
        .limit(LESSON_CHOICES)
    )
    return [Choice(lesson_id, title) for lesson_id, title in session.exec(query).all()]


def _unit(session: Session, actor: Actor, unit_id: object) -> Unit:
    if not valid_id(unit_id):
        raise NotFound("unit")
    unit = session.exec(unit_policy.scope(actor, select(Unit).where(Unit.id == unit_id))).first()
    if unit is None or not unit_policy.can_show(actor, unit):
        raise NotFound("unit")
    return unit


def sample(session: Session, *, actor: Actor, unit_id: object, lesson_id: object | None
           ) -> Sample:
    """The unit (and, when given, its lesson) with its course; NotFound for anything outside
    the actor's scope, or a lesson of another unit."""
    unit = _unit(session, actor, unit_id)
    course = session.exec(
        course_policy.scope(actor, select(Course).where(Course.id == unit.course_id))
    ).first()
    if course is None:
        raise NotFound("course")
    lesson = None
    if lesson_id is not None:
        if not valid_id(lesson_id):
            raise NotFound("lesson")
        lesson = session.exec(
            lesson_policy.scope(actor, select(Lesson))
            .where(Lesson.id == lesson_id, Lesson.unit_id == unit.id)
        ).first()
        if lesson is None or not lesson_policy.can_show(actor, lesson, unit=unit):
            raise NotFound("lesson")
    return Sample(course=course, unit=unit, lesson=lesson)
