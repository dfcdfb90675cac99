"""Courses, units and lessons: the limits of what may be typed (written once, here), the
bodies of the planner forms, and the typed rows the planner services return.

The table models validate a row against these same schemas before every write (their
backstop), so a limit changed here changes everywhere: forms, API, database writes.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal, get_args

from pydantic import Field, field_validator

from ai_planner.schemas.base import InputSchema, PublicSchema

TITLE_MAX = 200
NAME_MAX = 120
SHORT_TEXT_MAX = 80  # course subject and grade level
LONG_TEXT_MAX = 20_000  # summaries, questions, lesson sections
SEARCH_MAX = 200
MAX_LESSON_MINUTES = 600
MAX_LESSONS_PER_UNIT = 300  # keeps the unit planner's list bounded

UnitStatus = Literal["draft", "published"]
UNIT_STATUSES: tuple[str, ...] = get_args(UnitStatus)

DURATION_MESSAGE = (
    f"Duration must be a whole number of minutes from 1 to {MAX_LESSON_MINUTES} "
    "(or left empty)."
)
COURSE_MESSAGE = "Choose one of the courses in the list."
STATUS_MESSAGE = "Status must be Draft or Published."


def _message(text: str) -> dict[str, Any]:
    """The one message a field shows for any problem with it."""
    return {"message": text}


def whole_minutes(value: Any) -> int | None:
    """Minutes as typed: blank is "not set"; otherwise ASCII digits (or an int), no bools,
    no fractions, no other numerals."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValueError(DURATION_MESSAGE)
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        return int(value.strip())
    raise ValueError(DURATION_MESSAGE)


def chosen_id(value: Any) -> Any:
    """A dropdown's value: blank means "nothing chosen"."""
    if value is None or (isinstance(value, str) and not value.strip()) or isinstance(value, bool):
        return None
    return value


# --- input --------------------------------------------------------------------------------

def _title(**default: Any) -> Any:
    return Field(**default, min_length=1, max_length=TITLE_MAX, title="Title")


def _long_text(default: str | None = "", title: str | None = None) -> Any:
    return Field(default=default, max_length=LONG_TEXT_MAX, title=title)


def _duration() -> Any:
    return Field(default=None, ge=1, le=MAX_LESSON_MINUTES,
                 json_schema_extra=_message(DURATION_MESSAGE))


class CourseCreate(InputSchema):
    name: str = Field(min_length=1, max_length=NAME_MAX, title="Course name")
    subject: str = Field(default="", max_length=SHORT_TEXT_MAX)
    grade_level: str = Field(default="", max_length=SHORT_TEXT_MAX)


class UnitFields(InputSchema):
    """A unit as a form or API body gives it (create, and save: the form merged onto the
    saved unit, so one schema checks both)."""

    title: str = _title()
    course_id: int = Field(gt=0, json_schema_extra=_message(COURSE_MESSAGE))
    summary: str = _long_text()
    essential_questions: str = _long_text(title="Essential questions")
    status: UnitStatus = Field(default="draft", json_schema_extra=_message(STATUS_MESSAGE))

    _chosen = field_validator("course_id", mode="before")(chosen_id)

    @field_validator("status", mode="before")
    @classmethod
    def _status(cls, value: Any) -> Any:
        return value.strip().lower() if isinstance(value, str) else value


class LessonFields(InputSchema):
    """A lesson as a form or API body gives it (create, and save as for units)."""

    title: str = _title()
    objectives: str = _long_text()
    activities: str = _long_text()
    materials: str = _long_text()
    assessment: str = _long_text()
    duration_minutes: int | None = _duration()

    _minutes = field_validator("duration_minutes", mode="before")(whole_minutes)


LESSON_TEXT_FIELDS: tuple[str, ...] = ("objectives", "activities", "materials", "assessment")
UNIT_FORM_FIELDS: tuple[str, ...] = tuple(UnitFields.model_fields)
LESSON_FORM_FIELDS: tuple[str, ...] = tuple(LessonFields.model_fields)


# --- output -------------------------------------------------------------------------------


class CoursePublic(PublicSchema):
    id: int
    name: str
    subject: str
    grade_level: str


class UnitPublic(PublicSchema):
    id: int
    course_id: int
    course_name: str = ""
    title: str
    summary: str
    essential_questions: str
    status: str
    created_by_id: int
    updated_at: datetime


class UnitListItem(PublicSchema):
    """One card of the units list: no full texts, a summary excerpt only."""

    id: int
    course_id: int
    course_name: str
    title: str
    summary_excerpt: str
    status: str
    owner_name: str
    lesson_count: int
    updated_at: datetime


class CourseGroup(PublicSchema):
    """The units of one course on the current page, and how many the course has in all
    (under the same filters)."""

    course_id: int
    course_name: str
    total: int
    units: list[UnitListItem]


class LessonRow(PublicSchema):
    """A lesson in the unit planner's list: what the row shows, not the lesson's texts."""

    id: int
    unit_id: int
    title: str
    position: int
    duration_minutes: int | None


class LessonPublic(PublicSchema):
    id: int
    unit_id: int
    title: str
    objectives: str
    activities: str
    materials: str
    assessment: str
    duration_minutes: int | None
    position: int
    updated_at: datetime
