"""Courses, units and lessons, scoped to the acting user.

Reads go through the policies' ``scope`` (tenant filter plus role), so a missing id, another
tenant's id and an id outside the actor's scope all raise the same ``NotFound``. Writes check
the policy predicate (``NotAllowed``) and validate every value *before* touching a row
(``ValidationFailed``), so a refused write leaves nothing half-changed in the session.

Writes ``flush`` but never commit: the caller owns the transaction (``db.session_scope()``
commits on success and rolls back on any error).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from types import ModuleType
from typing import Literal, TypeVar

import sqlalchemy as sa
from sqlmodel import Session, col, select

from ai_planner.actor import Actor
from ai_planner.errors import NotAllowed, NotFound, ValidationFailed
from ai_planner.models import UNIT_STATUSES, Course, Lesson, Unit, User
from ai_planner.models.planning import MAX_LESSON_MINUTES
from ai_planner.policies import course as course_policy
from ai_planner.policies import lesson as lesson_policy
from ai_planner.policies import unit as unit_policy

TITLE_MAX = 200
NAME_MAX = 120
SHORT_TEXT_MAX = 80  # course subject and grade level
LONG_TEXT_MAX = 20_000  # summaries, questions, lesson sections
SEARCH_MAX = 200

LESSON_TEXT_FIELDS: tuple[tuple[str, str], ...] = (
    ("objectives", "Objectives"),
    ("activities", "Activities"),
    ("materials", "Materials"),
    ("assessment", "Assessment"),
)

Direction = Literal["up", "down"]
RowT = TypeVar("RowT", Course, Unit)


@dataclass(frozen=True)
class UnitListing:
    """One row of the units list: the unit, its course's name and its lessons at a glance."""

    unit: Unit
    course_name: str
    lesson_count: int
    last_updated: datetime
    owner_name: str = ""  # who planned it (leads and admins see everyone's units)


# --- validation helpers (shared by create and update) ------------------------------------


def _check_required(field: str, value: str, label: str, max_len: int) -> None:
    if not value or not value.strip():
        raise ValidationFailed(field, f"{label} can't be blank.")
    _check_length(field, value, label, max_len)


def _check_length(field: str, value: str, label: str, max_len: int) -> None:
    if len(value) > max_len:
        raise ValidationFailed(field, f"{label} must be {max_len:,} characters or fewer.")


def _check_status(status: str) -> None:
    if status not in UNIT_STATUSES:
        raise ValidationFailed("status", "Status must be Draft or Published.")


def _check_duration(duration_minutes: int | None) -> None:
    if duration_minutes is None:
        return
    if (
        isinstance(duration_minutes, bool)
        or not isinstance(duration_minutes, int)
        or not 1 <= duration_minutes <= MAX_LESSON_MINUTES
    ):
        raise ValidationFailed(
            "duration_minutes",
            f"Duration must be a whole number of minutes from 1 to {MAX_LESSON_MINUTES}.",
        )


def _valid_id(value: object) -> bool:
    """Ids arrive from URLs and websocket events: anything but a positive bigint is "missing"
    (and must never reach the database, where PostgreSQL would reject it loudly)."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value < 2**63


def _get_shown(
    session: Session, actor: Actor, policy: ModuleType, model: type[RowT], row_id: int, what: str
) -> RowT:
    """The row with ``row_id`` in ``policy``'s scope for the actor, else ``NotFound(what)``."""
    if not _valid_id(row_id):
        raise NotFound(what)
    query = policy.scope(actor, select(model).where(model.id == row_id))  # type: ignore[attr-defined]
    row = session.exec(query).first()
    if row is None or not policy.can_show(actor, row):
        raise NotFound(what)
    return row


# --- courses -------------------------------------------------------------------------------


def list_courses(session: Session, *, actor: Actor) -> list[Course]:
    if not course_policy.can_list(actor):
        return []
    query = course_policy.scope(actor, select(Course)).order_by(col(Course.name), col(Course.id))
    return list(session.exec(query).all())


def get_course(session: Session, *, actor: Actor, course_id: int) -> Course:
    return _get_shown(session, actor, course_policy, Course, course_id, "course")


def create_course(
    session: Session, *, actor: Actor, name: str, subject: str = "", grade_level: str = ""
) -> Course:
    if not course_policy.can_create(actor):
        raise NotAllowed()
    _check_required("name", name, "Course name", NAME_MAX)
    _check_length("subject", subject, "Subject", SHORT_TEXT_MAX)
    _check_length("grade_level", grade_level, "Grade level", SHORT_TEXT_MAX)
    duplicate = course_policy.scope(
        actor, select(Course.id).where(sa.func.lower(Course.name) == name.strip().lower())
    )
    if session.exec(duplicate).first() is not None:
        raise ValidationFailed("name", "A course with that name already exists.")
    course = Course(
        tenant_id=actor.tenant_id,
        created_by_id=actor.id,
        name=name,
        subject=subject,
        grade_level=grade_level,
    )
    session.add(course)
    session.flush()
    return course


def _course_for_unit(session: Session, actor: Actor, course_id: int | None) -> Course:
    """The course a unit is filed under: it must be a course of the actor's tenant."""
    try:
        return get_course(session, actor=actor, course_id=course_id or 0)
    except NotFound:
        raise ValidationFailed("course_id", "Choose one of the courses in the list.") from None


# --- units ---------------------------------------------------------------------------------


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def list_units(session: Session, *, actor: Actor, search: str = "") -> list[UnitListing]:
    """Units the actor may see, by course name then title; ``search`` matches the title."""
    if not unit_policy.can_list(actor):
        return []
    lesson_stats = (
        lesson_policy.scope(
            actor,
            select(
                col(Lesson.unit_id).label("unit_id"),
                sa.func.count(col(Lesson.id)).label("lesson_count"),
                sa.func.max(col(Lesson.updated_at)).label("lesson_updated"),
            ),
        )
        .group_by(col(Lesson.unit_id))
        .subquery()
    )
    query = (
        select(
            Unit,
            Course.name,
            lesson_stats.c.lesson_count,
            lesson_stats.c.lesson_updated,
            User.name,
        )
        .join(Course, sa.and_(Course.id == Unit.course_id, Course.tenant_id == Unit.tenant_id))
        .outerjoin(User, sa.and_(User.id == Unit.created_by_id, User.tenant_id == Unit.tenant_id))
        .outerjoin(lesson_stats, lesson_stats.c.unit_id == Unit.id)
    )
    query = unit_policy.scope(actor, query)
    term = search.strip()[:SEARCH_MAX]
    if term:
        query = query.where(col(Unit.title).ilike(f"%{_escape_like(term)}%", escape="\\"))
    query = query.order_by(col(Course.name), col(Course.id), col(Unit.title), col(Unit.id))
    listings = []
    for unit, course_name, lesson_count, lesson_updated, owner in session.exec(query).all():
        last = max(unit.updated_at, lesson_updated) if lesson_updated else unit.updated_at
        listings.append(UnitListing(unit, course_name, int(lesson_count or 0), last, owner or ""))
    return listings


def get_unit(session: Session, *, actor: Actor, unit_id: int) -> Unit:
    return _get_shown(session, actor, unit_policy, Unit, unit_id, "unit")


def _checked_unit_fields(
    session: Session,
    actor: Actor,
    *,
    title: str,
    course_id: int | None,
    summary: str,
    essential_questions: str,
    status: str,
) -> Course:
    """Validate a unit's fields (create and update alike); returns the course to file it in."""
    _check_required("title", title, "Title", TITLE_MAX)
    course = _course_for_unit(session, actor, course_id)
    _check_length("summary", summary, "Summary", LONG_TEXT_MAX)
    _check_length("essential_questions", essential_questions, "Essential questions", LONG_TEXT_MAX)
    _check_status(status)
    return course


def create_unit(
    session: Session,
    *,
    actor: Actor,
    title: str,
    course_id: int | None,
    summary: str = "",
    essential_questions: str = "",
    status: str = "draft",
) -> Unit:
    if not unit_policy.can_create(actor):
        raise NotAllowed()
    course = _checked_unit_fields(
        session, actor, title=title, course_id=course_id, summary=summary,
        essential_questions=essential_questions, status=status,
    )
    unit = Unit(
        tenant_id=actor.tenant_id,
        created_by_id=actor.id,
        course_id=course.id,
        title=title,
        summary=summary,
        essential_questions=essential_questions,
        status=status,
    )
    session.add(unit)
    session.flush()
    return unit


def update_unit(
    session: Session,
    *,
    actor: Actor,
    unit_id: int,
    title: str,
    course_id: int | None,
    summary: str,
    essential_questions: str,
    status: str,
) -> Unit:
    unit = get_unit(session, actor=actor, unit_id=unit_id)
    if not unit_policy.can_update(actor, unit):
        raise NotAllowed()
    course = _checked_unit_fields(
        session, actor, title=title, course_id=course_id, summary=summary,
        essential_questions=essential_questions, status=status,
    )
    unit.title = title
    unit.course_id = course.id  # type: ignore[assignment]
    unit.summary = summary
    unit.essential_questions = essential_questions
    unit.status = status
    session.add(unit)
    session.flush()
    return unit


def delete_unit(session: Session, *, actor: Actor, unit_id: int) -> None:
    """Delete a unit together with its lessons."""
    unit = get_unit(session, actor=actor, unit_id=unit_id)
    if not unit_policy.can_delete(actor, unit):
        raise NotAllowed()
    session.execute(
        sa.delete(Lesson).where(
            col(Lesson.unit_id) == unit.id, col(Lesson.tenant_id) == actor.tenant_id
        )
    )
    session.delete(unit)
    session.flush()


# --- lessons -------------------------------------------------------------------------------


def _lessons_of(session: Session, actor: Actor, unit: Unit) -> list[Lesson]:
    query = lesson_policy.scope(actor, select(Lesson).where(Lesson.unit_id == unit.id))
    query = query.order_by(col(Lesson.position), col(Lesson.id))
    return list(session.exec(query).all())


def _renumber(session: Session, lessons: Sequence[Lesson]) -> None:
    """Positions stay dense: 1, 2, 3… in the given order."""
    for position, lesson in enumerate(lessons, start=1):
        if lesson.position != position:
            lesson.position = position
            session.add(lesson)


def _editable_unit(session: Session, actor: Actor, unit_id: int) -> Unit:
    unit = get_unit(session, actor=actor, unit_id=unit_id)
    if not unit_policy.can_update(actor, unit):
        raise NotAllowed()
    return unit


def list_lessons(session: Session, *, actor: Actor, unit_id: int) -> list[Lesson]:
    """The unit's lessons in teaching order."""
    unit = get_unit(session, actor=actor, unit_id=unit_id)
    if not lesson_policy.can_list(actor, unit=unit):
        raise NotFound("unit")
    return _lessons_of(session, actor, unit)


def get_lesson(
    session: Session, *, actor: Actor, lesson_id: int, unit_id: int | None = None
) -> Lesson:
    """A lesson the actor may see; with ``unit_id`` it must also belong to that unit."""
    if not _valid_id(lesson_id) or (unit_id is not None and not _valid_id(unit_id)):
        raise NotFound("lesson")
    query = select(Lesson).where(Lesson.id == lesson_id)
    if unit_id is not None:
        query = query.where(Lesson.unit_id == unit_id)
    lesson = session.exec(lesson_policy.scope(actor, query)).first()
    if lesson is None:
        raise NotFound("lesson")
    unit = session.exec(
        unit_policy.scope(actor, select(Unit).where(Unit.id == lesson.unit_id))
    ).first()
    if not lesson_policy.can_show(actor, lesson, unit=unit):
        raise NotFound("lesson")
    return lesson


def _checked_lesson_texts(
    title: str, duration_minutes: int | None, **texts: str
) -> dict[str, str]:
    """Validate a lesson's fields (create and update alike); returns its text sections."""
    _check_required("title", title, "Title", TITLE_MAX)
    for field, label in LESSON_TEXT_FIELDS:
        _check_length(field, texts.get(field, ""), label, LONG_TEXT_MAX)
    _check_duration(duration_minutes)
    return texts


def _lesson_and_unit(
    session: Session, actor: Actor, unit_id: int, lesson_id: int
) -> tuple[Lesson, Unit]:
    """A lesson the actor may see in the given unit, and that unit."""
    lesson = get_lesson(session, actor=actor, lesson_id=lesson_id, unit_id=unit_id)
    return lesson, get_unit(session, actor=actor, unit_id=unit_id)


def create_lesson(
    session: Session,
    *,
    actor: Actor,
    unit_id: int,
    title: str,
    objectives: str = "",
    activities: str = "",
    materials: str = "",
    assessment: str = "",
    duration_minutes: int | None = None,
) -> Lesson:
    """Append a lesson at the end of the unit."""
    unit = get_unit(session, actor=actor, unit_id=unit_id)
    if not lesson_policy.can_create(actor, unit=unit):
        raise NotAllowed()
    texts = _checked_lesson_texts(
        title, duration_minutes, objectives=objectives, activities=activities,
        materials=materials, assessment=assessment,
    )
    lessons = _lessons_of(session, actor, unit)
    _renumber(session, lessons)
    lesson = Lesson(
        tenant_id=actor.tenant_id,
        unit_id=unit.id,
        created_by_id=actor.id,
        title=title,
        duration_minutes=duration_minutes,
        position=len(lessons) + 1,
        **texts,
    )
    session.add(lesson)
    session.flush()
    return lesson


def update_lesson(
    session: Session,
    *,
    actor: Actor,
    unit_id: int,
    lesson_id: int,
    title: str,
    objectives: str,
    activities: str,
    materials: str,
    assessment: str,
    duration_minutes: int | None,
) -> Lesson:
    lesson, unit = _lesson_and_unit(session, actor, unit_id, lesson_id)
    if not lesson_policy.can_update(actor, lesson, unit=unit):
        raise NotAllowed()
    texts = _checked_lesson_texts(
        title, duration_minutes, objectives=objectives, activities=activities,
        materials=materials, assessment=assessment,
    )
    lesson.title = title
    for field, value in texts.items():
        setattr(lesson, field, value)
    lesson.duration_minutes = duration_minutes
    session.add(lesson)
    session.flush()
    return lesson


def delete_lesson(session: Session, *, actor: Actor, unit_id: int, lesson_id: int) -> None:
    lesson, unit = _lesson_and_unit(session, actor, unit_id, lesson_id)
    if not lesson_policy.can_delete(actor, lesson, unit=unit):
        raise NotAllowed()
    session.delete(lesson)
    session.flush()
    _renumber(session, _lessons_of(session, actor, unit))
    session.flush()


def move_lesson(
    session: Session, *, actor: Actor, unit_id: int, lesson_id: int, direction: Direction
) -> list[Lesson]:
    """Swap a lesson with its neighbour; at either end it stays put. Returns the new order."""
    if direction not in ("up", "down"):
        raise ValidationFailed("direction", "A lesson can only move up or down.")
    unit = _editable_unit(session, actor, unit_id)
    lessons = _lessons_of(session, actor, unit)
    index = next((i for i, lesson in enumerate(lessons) if lesson.id == lesson_id), None)
    if index is None:
        raise NotFound("lesson")
    target = index - 1 if direction == "up" else index + 1
    if 0 <= target < len(lessons):
        lessons[index], lessons[target] = lessons[target], lessons[index]
    _renumber(session, lessons)
    session.flush()
    return lessons


def reorder_lessons(
    session: Session, *, actor: Actor, unit_id: int, lesson_ids: Sequence[int]
) -> list[Lesson]:
    """Put the unit's lessons in the given order. The list must name every lesson of the
    unit exactly once; anything else (a foreign id, a gap, a duplicate) is refused whole."""
    unit = _editable_unit(session, actor, unit_id)
    lessons = _lessons_of(session, actor, unit)
    by_id = {lesson.id: lesson for lesson in lessons}
    ids = list(lesson_ids)
    if len(ids) != len(by_id) or set(ids) != set(by_id):
        raise ValidationFailed(
            "order", "The new order must list every lesson of this unit exactly once."
        )
    ordered = [by_id[lesson_id] for lesson_id in ids]
    _renumber(session, ordered)
    session.flush()
    return ordered
