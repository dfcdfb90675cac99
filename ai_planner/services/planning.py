"""Planner use cases: what the units list, the unit planner and the lesson editor do.

Each function takes the database session and the acting user, turns raw form input (strings
from the browser, or anything a crafted websocket message carries) into clean values, calls
``repositories.planning`` and returns *views*: plain dicts of strings, safe to put in a
client-visible state var. Errors are the typed ones of ``ai_planner.errors``; a route param
that is not an id behaves like a missing record (``NotFound``).

The caller owns the transaction (``db.session_scope()``): nothing here commits, and a
``ValidationFailed`` is raised before any row changes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session

from ai_planner.actor import Actor
from ai_planner.errors import NotFound, ValidationFailed
from ai_planner.models import Course, Lesson, Unit
from ai_planner.models.planning import MAX_LESSON_MINUTES
from ai_planner.repositories import planning as repo

View = dict[str, str]

STATUS_LABELS: dict[str, str] = {"draft": "Draft", "published": "Published"}
UNIT_FORM_FIELDS: tuple[str, ...] = (
    "title",
    "course_id",
    "summary",
    "essential_questions",
    "status",
)
LESSON_FORM_FIELDS: tuple[str, ...] = (
    "title",
    "objectives",
    "activities",
    "materials",
    "assessment",
    "duration_minutes",
)
DURATION_MESSAGE = (
    f"Duration must be a whole number of minutes from 1 to {MAX_LESSON_MINUTES} (or left empty)."
)


# --- input parsing -------------------------------------------------------------------------


def parse_id(raw: object, what: str = "record") -> int:
    """A positive integer id from a route param or event argument; anything else is missing."""
    if isinstance(raw, bool):
        raise NotFound(what)
    if isinstance(raw, int):
        value = raw
    elif isinstance(raw, str) and raw.strip().isdigit() and raw.strip().isascii():
        value = int(raw.strip())
    else:
        raise NotFound(what)
    if not 0 < value < 2**63:
        raise NotFound(what)
    return value


def clean_text(raw: object, field: str) -> str:
    """Form text, trimmed. Only strings (or nothing) are accepted as text."""
    if raw is None:
        return ""
    if not isinstance(raw, str):
        raise ValidationFailed(field, "Please enter plain text.")
    return raw.strip()


def parse_course_id(raw: object) -> int | None:
    """The course dropdown's value; blank or junk means "no course chosen"."""
    try:
        return parse_id(raw, "course")
    except NotFound:
        return None


def parse_duration(raw: object) -> int | None:
    """Minutes as typed: blank is "not set"; otherwise a whole number from 1 to 600."""
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise ValidationFailed("duration_minutes", DURATION_MESSAGE)
    if isinstance(raw, int):
        value = raw
    elif isinstance(raw, str):
        text = raw.strip()
        if not text:
            return None
        if not (text.isdigit() and text.isascii()):
            raise ValidationFailed("duration_minutes", DURATION_MESSAGE)
        value = int(text)
    else:
        raise ValidationFailed("duration_minutes", DURATION_MESSAGE)
    if not 1 <= value <= MAX_LESSON_MINUTES:
        raise ValidationFailed("duration_minutes", DURATION_MESSAGE)
    return value


def parse_direction(raw: object) -> repo.Direction:
    if raw == "up":
        return "up"
    if raw == "down":
        return "down"
    raise ValidationFailed("direction", "A lesson can only move up or down.")


# --- views (plain strings only: they go to the browser) -------------------------------------


def date_label(moment: datetime) -> str:
    return f"{moment.day} {moment:%b %Y}"


def grade_label(grade_level: str) -> str:
    """ "5" reads as "Grade 5"; anything already worded ("Grade 5", "K-2") stays as it is."""
    return f"Grade {grade_level}" if grade_level.isdigit() else grade_level


def course_view(course: Course) -> View:
    parts = (course.subject, grade_label(course.grade_level))
    return {
        "id": str(course.id),
        "name": course.name,
        "details": " · ".join(part for part in parts if part),
    }


def unit_view(unit: Unit, course_name: str = "") -> View:
    return {
        "id": str(unit.id),
        "title": unit.title,
        "course_id": str(unit.course_id),
        "course_name": course_name,
        "summary": unit.summary,
        "essential_questions": unit.essential_questions,
        "status": unit.status,
        "status_label": STATUS_LABELS.get(unit.status, unit.status.title()),
        "updated": date_label(unit.updated_at),
    }


def lesson_count_label(count: int) -> str:
    return "No lessons yet" if count == 0 else f"{count} lesson" + ("" if count == 1 else "s")


def duration_label(minutes: int | None) -> str:
    return "" if minutes is None else f"{minutes} min"


def lesson_row_view(lesson: Lesson) -> View:
    return {
        "id": str(lesson.id),
        "unit_id": str(lesson.unit_id),
        "title": lesson.title,
        "position": str(lesson.position),
        "duration": duration_label(lesson.duration_minutes),
        "objectives": lesson.objectives,
    }


def lesson_view(lesson: Lesson) -> View:
    return {
        "id": str(lesson.id),
        "unit_id": str(lesson.unit_id),
        "title": lesson.title,
        "objectives": lesson.objectives,
        "activities": lesson.activities,
        "materials": lesson.materials,
        "assessment": lesson.assessment,
        "duration_minutes": "" if lesson.duration_minutes is None else str(lesson.duration_minutes),
        "position": str(lesson.position),
        "updated": date_label(lesson.updated_at),
    }


@dataclass
class CourseGroup:
    course_id: str
    course_name: str
    units: list[View] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {"course_id": self.course_id, "course_name": self.course_name, "units": self.units}


@dataclass(frozen=True)
class UnitPage:
    unit: View
    lessons: list[View]
    courses: list[View]


@dataclass(frozen=True)
class LessonPage:
    unit: View
    lesson: View
    lessons: list[View]  # siblings, for "lesson 2 of 5" and navigation


# --- courses -------------------------------------------------------------------------------


def course_options(session: Session, *, actor: Actor) -> list[View]:
    return [course_view(course) for course in repo.list_courses(session, actor=actor)]


def create_course(
    session: Session, *, actor: Actor, name: object, subject: object = "", grade_level: object = ""
) -> View:
    course = repo.create_course(
        session,
        actor=actor,
        name=clean_text(name, "name"),
        subject=clean_text(subject, "subject"),
        grade_level=clean_text(grade_level, "grade_level"),
    )
    return course_view(course)


# --- units list ----------------------------------------------------------------------------


def units_by_course(session: Session, *, actor: Actor, search: object = "") -> list[CourseGroup]:
    """The units the actor may see, grouped by course (courses by name, units by title)."""
    term = search if isinstance(search, str) else ""
    groups: dict[int, CourseGroup] = {}
    for listing in repo.list_units(session, actor=actor, search=term):
        unit = listing.unit
        group = groups.setdefault(
            unit.course_id, CourseGroup(str(unit.course_id), listing.course_name)
        )
        view = unit_view(unit, listing.course_name)
        view["lesson_count"] = lesson_count_label(listing.lesson_count)
        view["updated"] = date_label(listing.last_updated)
        view["owner_name"] = listing.owner_name
        group.units.append(view)
    return list(groups.values())


def create_unit(session: Session, *, actor: Actor, title: object, course_id: object) -> View:
    unit = repo.create_unit(
        session,
        actor=actor,
        title=clean_text(title, "title"),
        course_id=parse_course_id(course_id),
    )
    return unit_view(unit)


# --- unit planner --------------------------------------------------------------------------


def _lesson_rows(session: Session, actor: Actor, unit_id: int) -> list[View]:
    return [lesson_row_view(x) for x in repo.list_lessons(session, actor=actor, unit_id=unit_id)]


def _unit_with_course(session: Session, actor: Actor, unit: Unit) -> View:
    course = repo.get_course(session, actor=actor, course_id=unit.course_id)
    return unit_view(unit, course.name)


def unit_page(session: Session, *, actor: Actor, unit_id: object) -> UnitPage:
    uid = parse_id(unit_id, "unit")
    unit = repo.get_unit(session, actor=actor, unit_id=uid)
    return UnitPage(
        unit=_unit_with_course(session, actor, unit),
        lessons=_lesson_rows(session, actor, uid),
        courses=course_options(session, actor=actor),
    )


def save_unit(
    session: Session, *, actor: Actor, unit_id: object, form: Mapping[str, object]
) -> View:
    """Update the unit from the form. A field missing from ``form`` keeps its saved value."""
    uid = parse_id(unit_id, "unit")
    unit = repo.get_unit(session, actor=actor, unit_id=uid)
    current: dict[str, object] = {
        "title": unit.title,
        "course_id": unit.course_id,
        "summary": unit.summary,
        "essential_questions": unit.essential_questions,
        "status": unit.status,
    }
    values = {name: form.get(name, current[name]) for name in UNIT_FORM_FIELDS}
    status = clean_text(values["status"], "status").lower()
    unit = repo.update_unit(
        session,
        actor=actor,
        unit_id=uid,
        title=clean_text(values["title"], "title"),
        course_id=parse_course_id(values["course_id"]),
        summary=clean_text(values["summary"], "summary"),
        essential_questions=clean_text(values["essential_questions"], "essential_questions"),
        status=status,
    )
    return _unit_with_course(session, actor, unit)


def delete_unit(session: Session, *, actor: Actor, unit_id: object) -> None:
    repo.delete_unit(session, actor=actor, unit_id=parse_id(unit_id, "unit"))


def add_lesson(session: Session, *, actor: Actor, unit_id: object, title: object) -> list[View]:
    """Append a lesson with just a title; returns the unit's lessons in order."""
    uid = parse_id(unit_id, "unit")
    repo.create_lesson(session, actor=actor, unit_id=uid, title=clean_text(title, "title"))
    return _lesson_rows(session, actor, uid)


def move_lesson(
    session: Session, *, actor: Actor, unit_id: object, lesson_id: object, direction: object
) -> list[View]:
    lessons = repo.move_lesson(
        session,
        actor=actor,
        unit_id=parse_id(unit_id, "unit"),
        lesson_id=parse_id(lesson_id, "lesson"),
        direction=parse_direction(direction),
    )
    return [lesson_row_view(lesson) for lesson in lessons]


def reorder_lessons(
    session: Session, *, actor: Actor, unit_id: object, lesson_ids: Sequence[object]
) -> list[View]:
    """Put the lessons in the given full order (ids as strings or ints)."""
    uid = parse_id(unit_id, "unit")
    if isinstance(lesson_ids, str | bytes) or not isinstance(lesson_ids, Sequence):
        raise ValidationFailed("order", "The new order must be a list of lessons.")
    try:
        ids = [parse_id(raw, "lesson") for raw in lesson_ids]
    except NotFound:
        raise ValidationFailed(
            "order", "The new order must list every lesson of this unit exactly once."
        ) from None
    lessons = repo.reorder_lessons(session, actor=actor, unit_id=uid, lesson_ids=ids)
    return [lesson_row_view(lesson) for lesson in lessons]


def delete_lesson(
    session: Session, *, actor: Actor, unit_id: object, lesson_id: object
) -> list[View]:
    uid = parse_id(unit_id, "unit")
    repo.delete_lesson(session, actor=actor, unit_id=uid, lesson_id=parse_id(lesson_id, "lesson"))
    return _lesson_rows(session, actor, uid)


# --- lesson editor -------------------------------------------------------------------------


def lesson_page(
    session: Session, *, actor: Actor, unit_id: object, lesson_id: object
) -> LessonPage:
    uid = parse_id(unit_id, "unit")
    lid = parse_id(lesson_id, "lesson")
    unit = repo.get_unit(session, actor=actor, unit_id=uid)
    lesson = repo.get_lesson(session, actor=actor, lesson_id=lid, unit_id=uid)
    return LessonPage(
        unit=_unit_with_course(session, actor, unit),
        lesson=lesson_view(lesson),
        lessons=_lesson_rows(session, actor, uid),
    )


def save_lesson(
    session: Session,
    *,
    actor: Actor,
    unit_id: object,
    lesson_id: object,
    form: Mapping[str, object],
) -> View:
    """Update the lesson from the form. A field missing from ``form`` keeps its saved value."""
    uid = parse_id(unit_id, "unit")
    lid = parse_id(lesson_id, "lesson")
    lesson = repo.get_lesson(session, actor=actor, lesson_id=lid, unit_id=uid)
    current = lesson_view(lesson)
    values = {name: form.get(name, current[name]) for name in LESSON_FORM_FIELDS}
    saved = repo.update_lesson(
        session,
        actor=actor,
        unit_id=uid,
        lesson_id=lid,
        title=clean_text(values["title"], "title"),
        objectives=clean_text(values["objectives"], "objectives"),
        activities=clean_text(values["activities"], "activities"),
        materials=clean_text(values["materials"], "materials"),
        assessment=clean_text(values["assessment"], "assessment"),
        duration_minutes=parse_duration(values["duration_minutes"]),
    )
    return lesson_view(saved)
