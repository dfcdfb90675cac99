"""Courses, units and lessons: what teachers plan."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from ai_planner.models.base import (
    Validated,
    created_at_field,
    fk_field,
    id_field,
    updated_at_field,
)
from ai_planner.schemas.base import parse
from ai_planner.schemas.planning import UNIT_STATUSES, CourseCreate, LessonFields, UnitFields

__all__ = ["UNIT_STATUSES", "Course", "Lesson", "Unit"]


def _backstop(schema: type, row: SQLModel) -> None:
    """Validate a row about to be written against its form schema: the rules are written
    once, there, and hold for every writer."""
    parse(schema, {name: getattr(row, name) for name in schema.model_fields})  # type: ignore[attr-defined]


class Course(Validated, SQLModel, table=True):
    __tablename__ = "courses"
    __table_args__ = (sa.Index("ix_courses_tenant_id_name", "tenant_id", "name"),)

    id: int | None = id_field()
    tenant_id: int = fk_field("tenants.id", index=True)
    name: str = Field(sa_column=sa.Column(sa.String, nullable=False))
    subject: str = Field(default="", sa_column=sa.Column(sa.String, nullable=False, default=""))
    grade_level: str = Field(
        default="", sa_column=sa.Column(sa.String, nullable=False, default="")
    )
    created_by_id: int = fk_field("users.id", index=True)
    created_at: datetime = created_at_field()
    updated_at: datetime = updated_at_field()

    def validate(self) -> None:
        _backstop(CourseCreate, self)


class Unit(Validated, SQLModel, table=True):
    __tablename__ = "units"
    # The units list's keyset pages (repositories/unit_list.py): by course, then last updated
    # or title; "Mine" narrows by author. Searching title/summary uses trigram indexes on
    # PostgreSQL (DATABASE_ONLY_INDEXES) and a scan of the tenant's rows on SQLite.
    __table_args__ = (
        sa.Index("ix_units_tenant_id_course_id_updated_at", "tenant_id", "course_id",
                 "updated_at"),
        sa.Index("ix_units_tenant_id_course_id_title", "tenant_id", "course_id", "title"),
        sa.Index("ix_units_tenant_id_created_by_id_updated_at", "tenant_id", "created_by_id",
                 "updated_at"),
        sa.Index("ix_units_tenant_id_updated_at_id", "tenant_id", "updated_at", "id"),
    )

    id: int | None = id_field()
    tenant_id: int = fk_field("tenants.id", index=True)
    course_id: int = fk_field("courses.id", index=True)
    title: str = Field(sa_column=sa.Column(sa.String, nullable=False))
    summary: str = Field(default="", sa_column=sa.Column(sa.Text, nullable=False, default=""))
    essential_questions: str = Field(
        default="", sa_column=sa.Column(sa.Text, nullable=False, default="")
    )
    status: str = Field(
        default="draft",
        sa_column=sa.Column(sa.String, nullable=False, default="draft", server_default="draft"),
    )
    created_by_id: int = fk_field("users.id", index=True)
    created_at: datetime = created_at_field()
    updated_at: datetime = updated_at_field()

    def validate(self) -> None:
        _backstop(UnitFields, self)


class Lesson(Validated, SQLModel, table=True):
    __tablename__ = "lessons"
    __table_args__ = (sa.Index("index_lessons_on_unit_id_and_position", "unit_id", "position"),)

    id: int | None = id_field()
    tenant_id: int = fk_field("tenants.id", index=True)
    unit_id: int = fk_field("units.id", index=True)
    title: str = Field(sa_column=sa.Column(sa.String, nullable=False))
    objectives: str = Field(default="", sa_column=sa.Column(sa.Text, nullable=False, default=""))
    activities: str = Field(default="", sa_column=sa.Column(sa.Text, nullable=False, default=""))
    materials: str = Field(default="", sa_column=sa.Column(sa.Text, nullable=False, default=""))
    assessment: str = Field(default="", sa_column=sa.Column(sa.Text, nullable=False, default=""))
    duration_minutes: int | None = Field(default=None, sa_column=sa.Column(sa.Integer))
    position: int = Field(
        default=0, sa_column=sa.Column(sa.Integer, nullable=False, default=0, server_default="0")
    )
    created_by_id: int = fk_field("users.id", index=True)
    created_at: datetime = created_at_field()
    updated_at: datetime = updated_at_field()

    def validate(self) -> None:
        _backstop(LessonFields, self)
