"""Lessons: access follows their unit (``policies/lesson.py``).

Lists are light: the unit planner gets ``LessonRow``s (title, duration, position), never
every lesson's texts. Positions are dense (1, 2, 3… in teaching order); every write that
changes them first claims the unit (``units.editable``), so concurrent writers from two
tabs run one after the other and the order stays whole.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import sqlalchemy as sa
from sqlmodel import Session, col, select

from ai_planner.actor import Actor
from ai_planner.errors import NotAllowed, NotFound, ValidationFailed
from ai_planner.models import Lesson, Unit
from ai_planner.policies import lesson as policy
from ai_planner.policies import unit as unit_policy
from ai_planner.repositories import units
from ai_planner.repositories._common import add, flush, valid_id
from ai_planner.schemas.base import parse
from ai_planner.schemas.planning import (
    MAX_LESSONS_PER_UNIT,
    LessonFields,
    LessonPublic,
    LessonRow,
)

Direction = Literal["up", "down"]
ORDER_MESSAGE = "The new order must list every lesson of this unit exactly once."


@dataclass(frozen=True)
class Neighbours:
    """Where a lesson sits in its unit: for "Lesson 2 of 5" and previous/next links."""

    count: int
    previous_id: int | None
    next_id: int | None


def _ordered(unit_id: int) -> Any:
    return (
        select(Lesson)
        .where(col(Lesson.unit_id) == unit_id)
        .order_by(col(Lesson.position), col(Lesson.id))
    )


def _all_of(session: Session, unit: Unit) -> list[Lesson]:
    return list(session.exec(_ordered(unit.id).where(  # type: ignore[arg-type]
        col(Lesson.tenant_id) == unit.tenant_id)).all())


def rows(session: Session, *, actor: Actor, unit_id: object) -> list[LessonRow]:
    """The unit's lessons in teaching order, light (bounded by MAX_LESSONS_PER_UNIT)."""
    unit = units.get(session, actor=actor, unit_id=unit_id)
    if not policy.can_list(actor, unit=unit):
        raise NotFound("unit")
    query = (
        select(Lesson.id, Lesson.unit_id, Lesson.title, Lesson.position,
               Lesson.duration_minutes)
        .where(col(Lesson.unit_id) == unit.id, col(Lesson.tenant_id) == actor.tenant_id)
        .order_by(col(Lesson.position), col(Lesson.id))
    )
    return [LessonRow.model_validate(row._asdict()) for row in session.exec(query).all()]


def get(session: Session, *, actor: Actor, lesson_id: object, unit_id: object) -> Lesson:
    """A lesson the actor may see, in that unit."""
    if not valid_id(lesson_id) or not valid_id(unit_id):
        raise NotFound("lesson")
    query = policy.scope(actor, select(Lesson).where(
        col(Lesson.id) == lesson_id, col(Lesson.unit_id) == unit_id))
    lesson = session.exec(query).first()
    if lesson is None:
        raise NotFound("lesson")
    unit = session.exec(
        unit_policy.scope(actor, select(Unit).where(col(Unit.id) == lesson.unit_id))
    ).first()
    if not policy.can_show(actor, lesson, unit=unit):
        raise NotFound("lesson")
    return lesson


def neighbours(session: Session, *, lesson: Lesson) -> Neighbours:
    """The lesson's unit count and the ids of the lessons before and after it (call with a
    lesson ``get`` returned: its unit is already checked)."""
    in_unit = (col(Lesson.unit_id) == lesson.unit_id, col(Lesson.tenant_id) == lesson.tenant_id)
    count = int(session.exec(select(sa.func.count(col(Lesson.id))).where(*in_unit)).one())
    key = (col(Lesson.position), col(Lesson.id))
    before = session.exec(
        select(Lesson.id).where(*in_unit, sa.tuple_(*key) < (lesson.position, lesson.id))
        .order_by(col(Lesson.position).desc(), col(Lesson.id).desc()).limit(1)).first()
    after = session.exec(
        select(Lesson.id).where(*in_unit, sa.tuple_(*key) > (lesson.position, lesson.id))
        .order_by(col(Lesson.position), col(Lesson.id)).limit(1)).first()
    return Neighbours(count=count, previous_id=before, next_id=after)


def _renumber(session: Session, lessons: Sequence[Lesson]) -> None:
    """Positions stay dense: 1, 2, 3… in the given order."""
    for position, lesson in enumerate(lessons, start=1):
        if lesson.position != position:
            lesson.position = position
            session.add(lesson)


def create(session: Session, *, actor: Actor, unit_id: object,
           data: LessonFields | Mapping[str, Any]) -> LessonPublic:
    """Append a lesson at the end of the unit."""
    values = parse(LessonFields, data)
    unit = units.editable(session, actor=actor, unit_id=unit_id)
    if not policy.can_create(actor, unit=unit):
        raise NotAllowed()
    lessons = _all_of(session, unit)
    if len(lessons) >= MAX_LESSONS_PER_UNIT:
        raise ValidationFailed(
            "title", f"A unit can have at most {MAX_LESSONS_PER_UNIT} lessons. Split it into "
            "two units to add more.")
    _renumber(session, lessons)
    lesson = add(session, Lesson(tenant_id=actor.tenant_id, unit_id=unit.id,
                                 created_by_id=actor.id, position=len(lessons) + 1,
                                 **values.model_dump()))
    return LessonPublic.model_validate(lesson)


def update(session: Session, *, actor: Actor, unit_id: object, lesson_id: object,
           data: LessonFields | Mapping[str, Any]) -> LessonPublic:
    lesson = get(session, actor=actor, lesson_id=lesson_id, unit_id=unit_id)
    values = parse(LessonFields, data)
    unit = units.editable(session, actor=actor, unit_id=unit_id)
    if not policy.can_update(actor, lesson, unit=unit):
        raise NotAllowed()
    for name, value in values.model_dump().items():
        setattr(lesson, name, value)
    add(session, lesson)
    return LessonPublic.model_validate(lesson)


def delete(session: Session, *, actor: Actor, unit_id: object, lesson_id: object) -> None:
    lesson = get(session, actor=actor, lesson_id=lesson_id, unit_id=unit_id)
    unit = units.editable(session, actor=actor, unit_id=unit_id)
    if not policy.can_delete(actor, lesson, unit=unit):
        raise NotAllowed()
    session.delete(lesson)
    flush(session)
    _renumber(session, _all_of(session, unit))
    flush(session)


def move(session: Session, *, actor: Actor, unit_id: object, lesson_id: object,
         direction: Direction) -> None:
    """Swap a lesson with its neighbour; at either end it stays put."""
    unit = units.editable(session, actor=actor, unit_id=unit_id)
    lessons = _all_of(session, unit)
    index = next((i for i, lesson in enumerate(lessons) if lesson.id == lesson_id), None)
    if index is None:
        raise NotFound("lesson")
    target = index - 1 if direction == "up" else index + 1
    if 0 <= target < len(lessons):
        lessons[index], lessons[target] = lessons[target], lessons[index]
    _renumber(session, lessons)
    flush(session)


def reorder(session: Session, *, actor: Actor, unit_id: object,
            lesson_ids: Sequence[int]) -> None:
    """Put the unit's lessons in the given order. The list must name every lesson of the
    unit exactly once; anything else (a foreign id, a gap, a duplicate) is refused whole."""
    unit = units.editable(session, actor=actor, unit_id=unit_id)
    lessons = _all_of(session, unit)
    by_id = {lesson.id: lesson for lesson in lessons}
    ids = list(lesson_ids)
    if len(ids) != len(by_id) or set(ids) != set(by_id):
        raise ValidationFailed("order", ORDER_MESSAGE)
    _renumber(session, [by_id[lesson_id] for lesson_id in ids])
    flush(session)
