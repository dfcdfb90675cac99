"""Planner use cases: what the units list, the unit planner and the lesson editor do.

Each function takes the database session and the acting user, turns raw input (strings
from the browser, or anything a crafted websocket message carries) into clean values, calls
the repositories and returns typed rows (``schemas/planning.py``); the states format them.
A route param that is not an id behaves like a missing record (``NotFound``); bad input is
``ValidationFailed`` with every field's message, raised before any row changes. The caller
owns the transaction (``db.session_scope()``): nothing here commits.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

from ai_planner.actor import Actor
from ai_planner.errors import NotFound, ValidationFailed
from ai_planner.repositories import courses, lessons, unit_list, units
from ai_planner.repositories.lessons import ORDER_MESSAGE, Direction, Neighbours
from ai_planner.schemas.planning import (
    LESSON_FORM_FIELDS,
    UNIT_FORM_FIELDS,
    CoursePublic,
    LessonPublic,
    LessonRow,
    UnitPublic,
)
from ai_planner.schemas.unit_list import UnitListPage, UnitListQuery
from ai_planner.services.ids import parse_id


def _direction(raw: object) -> Direction:
    if raw in ("up", "down"):
        return raw  # type: ignore[return-value]
    raise ValidationFailed("direction", "A lesson can only move up or down.")


def _merged(saved: Mapping[str, Any], form: Mapping[str, object], fields: Sequence[str]
            ) -> dict[str, object]:
    """The form's fields over the saved values: a field missing from the form keeps its
    saved value."""
    return {name: form.get(name, saved[name]) for name in fields}


@dataclass(frozen=True)
class UnitPage:
    unit: UnitPublic
    lessons: list[LessonRow]
    courses: list[CoursePublic]


@dataclass(frozen=True)
class LessonPage:
    unit: UnitPublic
    lesson: LessonPublic
    place: Neighbours  # "Lesson 2 of 5", previous and next


# --- courses and the units list ------------------------------------------------------------


def course_options(session: Session, *, actor: Actor) -> list[CoursePublic]:
    return courses.options(session, actor=actor)


def create_course(session: Session, *, actor: Actor, form: Mapping[str, object]
                  ) -> CoursePublic:
    return courses.create(session, actor=actor, data=form)


def units_page(session: Session, *, actor: Actor, query: UnitListQuery) -> UnitListPage:
    return unit_list.list_page(session, actor=actor, query=query)


def create_unit(session: Session, *, actor: Actor, form: Mapping[str, object]) -> UnitPublic:
    return units.create(session, actor=actor, data=form)


# --- unit planner --------------------------------------------------------------------------


def unit_page(session: Session, *, actor: Actor, unit_id: object) -> UnitPage:
    uid = parse_id(unit_id, "unit")
    return UnitPage(
        unit=units.get_public(session, actor=actor, unit_id=uid),
        lessons=lessons.rows(session, actor=actor, unit_id=uid),
        courses=courses.options(session, actor=actor),
    )


def save_unit(session: Session, *, actor: Actor, unit_id: object,
              form: Mapping[str, object]) -> UnitPublic:
    """Update the unit from the form. A field missing from ``form`` keeps its saved value."""
    uid = parse_id(unit_id, "unit")
    saved = units.get(session, actor=actor, unit_id=uid)
    data = _merged(saved.model_dump(), form, UNIT_FORM_FIELDS)
    return units.update(session, actor=actor, unit_id=uid, data=data)


def delete_unit(session: Session, *, actor: Actor, unit_id: object) -> None:
    units.delete(session, actor=actor, unit_id=parse_id(unit_id, "unit"))


def add_lesson(session: Session, *, actor: Actor, unit_id: object, title: object
               ) -> list[LessonRow]:
    """Append a lesson with just a title; returns the unit's lessons in order."""
    uid = parse_id(unit_id, "unit")
    lessons.create(session, actor=actor, unit_id=uid, data={"title": title})
    return lessons.rows(session, actor=actor, unit_id=uid)


def move_lesson(session: Session, *, actor: Actor, unit_id: object, lesson_id: object,
                direction: object) -> list[LessonRow]:
    uid = parse_id(unit_id, "unit")
    lessons.move(session, actor=actor, unit_id=uid, lesson_id=parse_id(lesson_id, "lesson"),
                 direction=_direction(direction))
    return lessons.rows(session, actor=actor, unit_id=uid)


def reorder_lessons(session: Session, *, actor: Actor, unit_id: object,
                    lesson_ids: Sequence[object]) -> list[LessonRow]:
    """Put the lessons in the given full order (ids as strings or ints)."""
    uid = parse_id(unit_id, "unit")
    if isinstance(lesson_ids, str | bytes) or not isinstance(lesson_ids, Sequence):
        raise ValidationFailed("order", "The new order must be a list of lessons.")
    try:
        ids = [parse_id(raw, "lesson") for raw in lesson_ids]
    except NotFound:
        raise ValidationFailed("order", ORDER_MESSAGE) from None
    lessons.reorder(session, actor=actor, unit_id=uid, lesson_ids=ids)
    return lessons.rows(session, actor=actor, unit_id=uid)


def delete_lesson(session: Session, *, actor: Actor, unit_id: object, lesson_id: object
                  ) -> list[LessonRow]:
    uid = parse_id(unit_id, "unit")
    lessons.delete(session, actor=actor, unit_id=uid, lesson_id=parse_id(lesson_id, "lesson"))
    return lessons.rows(session, actor=actor, unit_id=uid)


# --- lesson editor -------------------------------------------------------------------------


def lesson_page(session: Session, *, actor: Actor, unit_id: object, lesson_id: object
                ) -> LessonPage:
    uid = parse_id(unit_id, "unit")
    lid = parse_id(lesson_id, "lesson")
    unit = units.get_public(session, actor=actor, unit_id=uid)
    lesson = lessons.get(session, actor=actor, lesson_id=lid, unit_id=uid)
    return LessonPage(unit=unit, lesson=LessonPublic.model_validate(lesson),
                      place=lessons.neighbours(session, lesson=lesson))


def save_lesson(session: Session, *, actor: Actor, unit_id: object, lesson_id: object,
                form: Mapping[str, object]) -> LessonPublic:
    """Update the lesson from the form. A field missing from ``form`` keeps its saved value."""
    uid = parse_id(unit_id, "unit")
    lid = parse_id(lesson_id, "lesson")
    saved = lessons.get(session, actor=actor, lesson_id=lid, unit_id=uid)
    data = _merged(saved.model_dump(), form, LESSON_FORM_FIELDS)
    return lessons.update(session, actor=actor, unit_id=uid, lesson_id=lid, data=data)
