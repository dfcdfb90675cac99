"""Courses, units and lessons: what teachers plan."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from ai_planner.errors import ValidationFailed
from ai_planner.models.base import (
    Validated,
    created_at_field,
    fk_field,
    id_field,
    require_choice,
    require_text,
    updated_at_field,
)

UNIT_STATUSES: tuple[str, ...] = ("draft", "published")
MAX_LESSON_MINUTES = 600


class Course(Validated, SQLModel, table=True):
    __tablename__ = "courses"

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
        require_text("name", self.name, "Course name")


class Unit(Validated, SQLModel, table=True):
    __tablename__ = "units"

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
        require_text("title", self.title, "Title")
        if len(self.title) > 200:
            raise ValidationFailed("title", "Title must be 200 characters or fewer.")
        require_choice("status", self.status, UNIT_STATUSES, "Status")


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
        require_text("title", self.title, "Title")
        if len(self.title) > 200:
            raise ValidationFailed("title", "Title must be 200 characters or fewer.")
        if self.duration_minutes is not None and not (
            0 < self.duration_minutes <= MAX_LESSON_MINUTES
        ):
            raise ValidationFailed(
                "duration_minutes",
                f"Duration must be between 1 and {MAX_LESSON_MINUTES} minutes.",
            )
