"""Lessons belong to a unit, and access follows the unit: whoever may see or edit a unit may
see or edit its lessons (teachers: lessons of units they own; leads/admins: every lesson of
their tenant).

The rule needs the lesson's unit, so the predicates take it keyword-only (``unit=``) instead
of looking it up: policies never query. A ``unit`` that is not the lesson's own unit is
refused, so a caller cannot borrow access through a different unit.
"""

from __future__ import annotations

from sqlmodel import select

from ai_planner.actor import Actor
from ai_planner.models import Lesson, Unit
from ai_planner.policies import unit as unit_policy
from ai_planner.policies.base import SelectT, same_tenant, signed_in, tenant_scope


def _belongs(lesson: Lesson | None, unit: Unit | None) -> bool:
    return (
        lesson is not None
        and unit is not None
        and lesson.unit_id == unit.id
        and lesson.tenant_id == unit.tenant_id
    )


def can_list(actor: Actor | None, *, unit: Unit | None = None) -> bool:
    """Listing lessons in general needs a user; listing one unit's lessons needs that unit."""
    if unit is None:
        return signed_in(actor)
    return unit_policy.can_show(actor, unit)


def can_show(actor: Actor | None, obj: Lesson | None, *, unit: Unit | None) -> bool:
    return same_tenant(actor, obj) and _belongs(obj, unit) and unit_policy.can_show(actor, unit)


def can_create(actor: Actor | None, *, unit: Unit | None) -> bool:
    """Adding a lesson changes the unit, so it needs the right to update that unit."""
    return unit_policy.can_update(actor, unit)


def can_update(actor: Actor | None, obj: Lesson | None, *, unit: Unit | None) -> bool:
    return same_tenant(actor, obj) and _belongs(obj, unit) and unit_policy.can_update(actor, unit)


def can_delete(actor: Actor | None, obj: Lesson | None, *, unit: Unit | None) -> bool:
    return same_tenant(actor, obj) and _belongs(obj, unit) and unit_policy.can_delete(actor, unit)


def scope(actor: Actor | None, query: SelectT) -> SelectT:
    """Lessons of the actor's tenant whose unit is in the actor's unit scope."""
    query = tenant_scope(actor, query, Lesson)
    if actor is None:
        return query
    visible_units = unit_policy.scope(actor, select(Unit.id))
    return query.where(Lesson.unit_id.in_(visible_units))  # type: ignore[union-attr]
