"""Units, scoped to the acting user: teachers their own, leads and admins the tenant's.

Reads go through the unit policy's ``scope``, so a missing id, another tenant's id and an
id outside the actor's scope all raise the same ``NotFound``. The units list (paged,
searched, filtered) lives in ``repositories/unit_list.py``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col

from ai_planner.actor import Actor
from ai_planner.models import Course, Lesson, Unit, utcnow
from ai_planner.policies import unit as policy
from ai_planner.policies.base import authorize
from ai_planner.repositories import courses
from ai_planner.repositories._common import add, flush, get_visible
from ai_planner.schemas.base import parse
from ai_planner.schemas.planning import UnitFields, UnitPublic


def to_public(unit: Unit, course: Course) -> UnitPublic:
    return UnitPublic.model_validate({**unit.model_dump(), "course_name": course.name})


def get(session: Session, *, actor: Actor, unit_id: object) -> Unit:
    return get_visible(session, actor=actor, policy=policy, model=Unit, row_id=unit_id,
                       what="unit")


def get_public(session: Session, *, actor: Actor, unit_id: object) -> UnitPublic:
    unit = get(session, actor=actor, unit_id=unit_id)
    return to_public(unit, courses.get(session, actor=actor, course_id=unit.course_id))


def editable(session: Session, *, actor: Actor, unit_id: object) -> Unit:
    """A unit the actor may change, claimed for this transaction.

    Its ``updated_at`` is written first: on PostgreSQL that locks the row until commit, and
    on SQLite it takes the database's write lock before anything is read, so two tabs
    reordering or adding lessons at once run one after the other, each seeing the other's
    result (positions stay contiguous). The touch is wanted anyway: a change to a lesson is
    a change to its unit, and the units list sorts by it.
    """
    unit = get(session, actor=actor, unit_id=unit_id)
    authorize(policy.can_update(actor, unit))
    now = utcnow()
    session.execute(
        sa.update(Unit).where(col(Unit.id) == unit.id).values(updated_at=now)
    )
    session.refresh(unit)
    return unit


def create(session: Session, *, actor: Actor, data: UnitFields | Mapping[str, Any]
           ) -> UnitPublic:
    authorize(policy.can_create(actor))
    values = parse(UnitFields, data)
    course = courses.for_unit(session, actor=actor, course_id=values.course_id)
    unit = add(session, Unit(tenant_id=actor.tenant_id, created_by_id=actor.id,
                             **values.model_dump()))
    return to_public(unit, course)


def update(session: Session, *, actor: Actor, unit_id: object,
           data: UnitFields | Mapping[str, Any]) -> UnitPublic:
    unit = get(session, actor=actor, unit_id=unit_id)
    authorize(policy.can_update(actor, unit))
    values = parse(UnitFields, data)
    course = courses.for_unit(session, actor=actor, course_id=values.course_id)
    for name, value in values.model_dump().items():
        setattr(unit, name, value)
    unit.updated_at = utcnow()
    add(session, unit)
    return to_public(unit, course)


def delete(session: Session, *, actor: Actor, unit_id: object) -> None:
    """Delete a unit together with its lessons."""
    unit = get(session, actor=actor, unit_id=unit_id)
    authorize(policy.can_delete(actor, unit))
    session.execute(
        sa.delete(Lesson).where(
            col(Lesson.unit_id) == unit.id, col(Lesson.tenant_id) == actor.tenant_id
        )
    )
    session.delete(unit)
    flush(session)
