"""The units list: one page of units in the actor's scope, searched and filtered on the
server, grouped by course, with keyset ("after this row") paging.

Why keyset paging: an offset makes the database walk every skipped row (slow deep in a
20,000-unit district) and shifts when units are added meanwhile (a card seen twice or
never). A cursor names the last row shown, so the next page starts right after it.

Order: course name, course id (the groups), then the chosen sort inside each course (last
updated first, or title), then the unit id, which makes every key unique.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col, select

from ai_planner.actor import Actor
from ai_planner.models import Course, Lesson, Unit, User
from ai_planner.policies import unit as policy
from ai_planner.repositories._common import contains_pattern
from ai_planner.schemas.keyset import encode_cursor
from ai_planner.schemas.planning import CourseGroup, UnitListItem
from ai_planner.schemas.unit_list import PAGE_SIZE, UnitListPage, UnitListQuery, decode_cursor

EXCERPT_CHARS = 240  # of the summary, on a card (the card shows two lines)


def _conditions(actor: Actor, query: UnitListQuery) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if query.q:
        pattern = contains_pattern(query.q)
        conditions.append(sa.or_(col(Unit.title).ilike(pattern, escape="\\"),
                                 col(Unit.summary).ilike(pattern, escape="\\")))
    if query.course:
        conditions.append(col(Unit.course_id) == query.course)
    if query.status:
        conditions.append(col(Unit.status) == query.status)
    if query.author == "mine" or not actor.sees_whole_tenant:
        conditions.append(col(Unit.created_by_id) == actor.id)
    return conditions


def _key_columns(query: UnitListQuery) -> list[tuple[Any, bool]]:
    """(column, ascending) in list order."""
    if query.sort == "title":
        return [(Course.name, True), (Course.id, True), (Unit.title, True), (Unit.id, True)]
    return [(Course.name, True), (Course.id, True), (Unit.updated_at, False), (Unit.id, False)]


def _key_values(query: UnitListQuery, raw: list[Any]) -> list[Any]:
    values = list(raw)
    if query.sort == "updated":
        values[2] = datetime.fromisoformat(values[2])
    return values


def _beyond(keys: list[tuple[Any, bool]], values: list[Any], *, forward: bool
            ) -> ColumnElement[bool]:
    """Rows strictly after (``forward``) or before the row with key ``values``."""
    alternatives = []
    for i, (column, ascending) in enumerate(keys):
        equal = [col(keys[j][0]) == values[j] for j in range(i)]
        later = ascending == forward
        step = col(column) > values[i] if later else col(column) < values[i]
        alternatives.append(sa.and_(*equal, step))
    return sa.or_(*alternatives)


def _cursor(query: UnitListQuery, unit: Unit, course_name: str) -> str:
    sort_value = unit.updated_at.isoformat() if query.sort == "updated" else unit.title
    return encode_cursor([course_name, unit.course_id, sort_value, unit.id])


def _scoped(actor: Actor, statement: Any, query: UnitListQuery) -> Any:
    statement = statement.join(
        Course, sa.and_(col(Course.id) == col(Unit.course_id),
                        col(Course.tenant_id) == col(Unit.tenant_id)))
    return policy.scope(actor, statement).where(*_conditions(actor, query))


def list_page(session: Session, *, actor: Actor, query: UnitListQuery,
              page_size: int = PAGE_SIZE) -> UnitListPage:
    if not policy.can_list(actor):
        return UnitListPage()
    keys = _key_columns(query)
    total = int(session.exec(_scoped(actor, select(sa.func.count(col(Unit.id))), query)).one())
    rows_query = _scoped(actor, select(Unit, Course.name, User.name), query).outerjoin(
        User, sa.and_(col(User.id) == col(Unit.created_by_id),
                      col(User.tenant_id) == col(Unit.tenant_id)))
    backwards = bool(query.before)
    cursor = decode_cursor(query.before or query.after)
    if cursor is not None:
        rows_query = rows_query.where(
            _beyond(keys, _key_values(query, cursor), forward=not backwards))
    order = [
        (col(column).asc() if ascending != backwards else col(column).desc())
        for column, ascending in keys
    ]
    rows = list(session.exec(rows_query.order_by(*order).limit(page_size + 1)).all())
    more = len(rows) > page_size
    rows = rows[:page_size]
    if backwards:
        rows.reverse()
    if not rows:
        return UnitListPage(total=total)

    first_unit, first_course = rows[0][0], rows[0][1]
    first_key = _key_values(query, decode_cursor(_cursor(query, first_unit, first_course)) or [])
    before_first = _scoped(actor, select(sa.func.count(col(Unit.id))), query).where(
        _beyond(keys, first_key, forward=False))
    first_number = int(session.exec(before_first).one()) + 1
    has_previous = first_number > 1
    has_next = more if not backwards else True
    last_unit, last_course = rows[-1][0], rows[-1][1]
    return UnitListPage(
        groups=_groups(session, actor, query, rows),
        total=total,
        first_number=first_number,
        shown=len(rows),
        next_cursor=_cursor(query, last_unit, last_course)
        if has_next and first_number + len(rows) - 1 < total else "",
        previous_cursor=_cursor(query, first_unit, first_course) if has_previous else "",
    )


def _groups(session: Session, actor: Actor, query: UnitListQuery, rows: list[Any]
            ) -> list[CourseGroup]:
    """The page's units under their courses, with each course's total under the question
    and each unit's lesson count (two grouped counts over this page's ids only)."""
    unit_ids = [unit.id for unit, _, _ in rows]
    course_ids = list(dict.fromkeys(unit.course_id for unit, _, _ in rows))
    lesson_counts = dict(session.exec(
        select(Lesson.unit_id, sa.func.count(col(Lesson.id)))
        .where(col(Lesson.unit_id).in_(unit_ids), col(Lesson.tenant_id) == actor.tenant_id)
        .group_by(col(Lesson.unit_id))
    ).all())
    course_totals = dict(session.exec(
        _scoped(actor, select(Unit.course_id, sa.func.count(col(Unit.id))), query)
        .where(col(Unit.course_id).in_(course_ids))
        .group_by(col(Unit.course_id))
    ).all())
    groups: dict[int, CourseGroup] = {}
    for unit, course_name, owner_name in rows:
        group = groups.get(unit.course_id)
        if group is None:
            group = groups[unit.course_id] = CourseGroup(
                course_id=unit.course_id, course_name=course_name,
                total=int(course_totals.get(unit.course_id, 0)), units=[])
        group.units.append(UnitListItem(
            id=unit.id, course_id=unit.course_id, course_name=course_name, title=unit.title,
            summary_excerpt=_excerpt(unit.summary), status=unit.status,
            owner_name=owner_name or "", lesson_count=int(lesson_counts.get(unit.id, 0)),
            updated_at=unit.updated_at))
    return list(groups.values())


def _excerpt(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= EXCERPT_CHARS else text[: EXCERPT_CHARS - 1].rstrip() + "…"
