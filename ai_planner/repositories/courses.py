"""Courses of the actor's tenant (every role files units under them)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from ai_planner.actor import Actor
from ai_planner.errors import NotFound, ValidationFailed
from ai_planner.models import Course
from ai_planner.policies import course as policy
from ai_planner.policies.base import authorize
from ai_planner.repositories._common import add, get_visible
from ai_planner.schemas.base import parse
from ai_planner.schemas.planning import COURSE_MESSAGE, CourseCreate, CoursePublic

# Dropdowns (new unit, filter by course) list at most this many courses, by name.
COURSE_OPTIONS_MAX = 300


def options(session: Session, *, actor: Actor, limit: int = COURSE_OPTIONS_MAX
            ) -> list[CoursePublic]:
    """The tenant's courses by name, for choosing one (at most ``limit``)."""
    if not policy.can_list(actor):
        return []
    query = (
        policy.scope(actor, select(Course))
        .order_by(col(Course.name), col(Course.id))
        .limit(limit)
    )
    return [CoursePublic.model_validate(course) for course in session.exec(query).all()]


def get(session: Session, *, actor: Actor, course_id: object) -> Course:
    return get_visible(
        session, actor=actor, policy=policy, model=Course, row_id=course_id, what="course"
    )


def for_unit(session: Session, *, actor: Actor, course_id: int) -> Course:
    """The course a unit is filed under: it must be a course of the actor's tenant."""
    try:
        return get(session, actor=actor, course_id=course_id)
    except NotFound:
        raise ValidationFailed("course_id", COURSE_MESSAGE) from None


def create(
    session: Session, *, actor: Actor, data: CourseCreate | Mapping[str, Any]
) -> CoursePublic:
    authorize(policy.can_create(actor))
    values = parse(CourseCreate, data)
    duplicate = policy.scope(
        actor, select(Course.id).where(sa.func.lower(Course.name) == values.name.lower())
    )
    if session.exec(duplicate).first() is not None:
        raise ValidationFailed("name", "A course with that name already exists.")
    course = add(session, Course(tenant_id=actor.tenant_id, created_by_id=actor.id,
                                 **values.model_dump()))
    return CoursePublic.model_validate(course)
