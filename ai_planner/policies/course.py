"""Courses: the shelves units are filed under.

Everyone signed in may list and see the courses of their own tenant (a teacher files a unit
under one, so they must be able to pick it). Any signed-in user may create a course: a new
teacher should not have to wait for an admin before planning. Changing or deleting a course
touches every unit filed under it, so only admins and curriculum leads may, or the person
who created it.
"""

from __future__ import annotations

from ai_planner.actor import Actor
from ai_planner.models import Course
from ai_planner.policies.base import (
    SelectT,
    is_admin_or_lead,
    owns,
    same_tenant,
    signed_in,
    tenant_scope,
)


def can_list(actor: Actor | None) -> bool:
    return signed_in(actor)


def can_show(actor: Actor | None, obj: Course | None) -> bool:
    return same_tenant(actor, obj)


def can_create(actor: Actor | None) -> bool:
    return signed_in(actor)


def can_update(actor: Actor | None, obj: Course | None) -> bool:
    return same_tenant(actor, obj) and (is_admin_or_lead(actor) or owns(actor, obj))


def can_delete(actor: Actor | None, obj: Course | None) -> bool:
    return can_update(actor, obj)


def scope(actor: Actor | None, query: SelectT) -> SelectT:
    """Every course of the actor's tenant; nothing for an anonymous actor."""
    return tenant_scope(actor, query, Course)
