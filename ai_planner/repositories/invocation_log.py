"""The audit log's reads (``/ai/invocations``): one page of the invocations in the actor's
scope (admins: the tenant's; everyone else: their own), filtered on the server, newest
first, paged by keyset; and one invocation's detail.

Order: ``created_at`` then ``id``, both newest first; the id makes every key unique, so a
cursor (the last or first row shown) says exactly where the next page starts, and rows
added meanwhile neither repeat nor skip a row.

The index: of the seed's indexes only ``[tenant_id, task_type, created_at]`` returns a
tenant's invocations newest first without sorting them all, and only for one task type.
So a page is read as one short branch per task type (an index range scan from the cursor,
at most a page long), merged and cut to a page: the cost of a page does not grow with the
log. Only rows of the known task types are listed (and counted); the generation flow
writes no other. The counts ("Showing 51 to 100 of N") stay plain counts.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col, select

from ai_planner.actor import Actor
from ai_planner.models import TASK_TYPES, AiInvocation, AiTemplate, Lesson, Unit, User
from ai_planner.policies import ai_invocation as policy
from ai_planner.policies import ai_template as template_policy
from ai_planner.policies import lesson as lesson_policy
from ai_planner.policies import unit as unit_policy
from ai_planner.repositories._common import get_visible
from ai_planner.schemas.invocation_log import (
    PAGE_SIZE,
    InvocationDetail,
    InvocationLogPage,
    InvocationLogQuery,
    InvocationLogRow,
    PlanLink,
    awaiting_approval,
    context_id,
    decode_cursor,
    safety_notes,
)
from ai_planner.schemas.keyset import encode_cursor

created_col, id_col = col(AiInvocation.created_at), col(AiInvocation.id)


def _filters(actor: Actor, query: InvocationLogQuery) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if query.status:
        conditions.append(col(AiInvocation.status) == query.status)
    if query.user is not None and policy.sees_everyones(actor):
        conditions.append(col(AiInvocation.user_id) == query.user)
    if query.date_from:
        conditions.append(created_col >= datetime.combine(query.date_from, time()))
    if query.date_to:  # inclusive: everything before the next day starts
        conditions.append(created_col < datetime.combine(query.date_to + timedelta(days=1), time()))
    return conditions


def _task_types(query: InvocationLogQuery) -> tuple[str, ...]:
    return (query.task,) if query.task in TASK_TYPES else TASK_TYPES


def _scoped(actor: Actor, statement: Any, query: InvocationLogQuery) -> Any:
    return policy.scope(actor, statement).where(*_filters(actor, query))


def _beyond(key: tuple[datetime, int], *, newer: bool) -> ColumnElement[bool]:
    """Rows strictly newer (or older) than the row with ``key``. Written as a range on
    ``created_at`` plus the tie-break, so the index bounds the scan."""
    created_at, row_id = key
    if newer:
        return sa.and_(created_col >= created_at, sa.or_(created_col > created_at, id_col > row_id))
    return sa.and_(created_col <= created_at, sa.or_(created_col < created_at, id_col < row_id))


def _count(session: Session, actor: Actor, query: InvocationLogQuery,
           *extra: ColumnElement[bool]) -> int:
    statement = _scoped(actor, select(sa.func.count(id_col)), query).where(
        col(AiInvocation.task_type).in_(_task_types(query)), *extra)
    return int(session.exec(statement).one())


def _page_ids(session: Session, actor: Actor, query: InvocationLogQuery, limit: int,
              ) -> list[int]:
    """The ids of up to ``limit`` rows from the cursor on, in reading order (newest first
    going forward, oldest first going back): one index range scan per task type."""
    backwards = bool(query.before)
    cursor = decode_cursor(query.before or query.after)

    def order(column: Any) -> Any:
        return column.asc() if backwards else column.desc()

    branches = []
    for task_type in _task_types(query):
        branch = _scoped(actor, select(id_col, created_col), query).where(
            col(AiInvocation.task_type) == task_type)
        if cursor is not None:
            branch = branch.where(_beyond(cursor, newer=backwards))
        branches.append(branch.order_by(order(created_col), order(id_col)).limit(limit))
    if len(branches) == 1:
        return [row_id for row_id, _ in session.exec(branches[0]).all()]
    merged = sa.union_all(*(select(branch.subquery()) for branch in branches)).subquery()
    statement = (select(merged.c.id)
                 .order_by(order(merged.c.created_at), order(merged.c.id)).limit(limit))
    return list(session.exec(statement).all())


def _row(invocation: AiInvocation, user_name: str | None) -> InvocationLogRow:
    row = InvocationLogRow.model_validate(invocation)
    row.user_name = user_name or ""
    row.awaiting_approval = awaiting_approval(invocation.status, invocation.context or {})
    return row


def _cursor(row: InvocationLogRow) -> str:
    return encode_cursor([row.created_at.isoformat(), row.id])


def list_page(session: Session, *, actor: Actor, query: InvocationLogQuery,
              page_size: int = PAGE_SIZE) -> InvocationLogPage:
    if not policy.can_list(actor):
        return InvocationLogPage()
    total = _count(session, actor, query)
    ids = _page_ids(session, actor, query, page_size + 1)
    more = len(ids) > page_size
    ids = ids[:page_size]
    if not ids:
        return InvocationLogPage(total=total)
    found = session.exec(
        policy.scope(actor, select(AiInvocation, User.name))
        .outerjoin(User, sa.and_(col(User.id) == col(AiInvocation.user_id),
                                 col(User.tenant_id) == col(AiInvocation.tenant_id)))
        .where(id_col.in_(ids))
        .order_by(created_col.desc(), id_col.desc())
    ).all()
    rows = [_row(invocation, name) for invocation, name in found]
    first, last = rows[0], rows[-1]
    first_number = 1  # without a cursor the page starts at the newest row
    if query.after or query.before:
        first_number += _count(session, actor, query,
                               _beyond((first.created_at, first.id), newer=True))
    has_next = (more or bool(query.before)) and first_number + len(rows) - 1 < total
    return InvocationLogPage(
        rows=rows,
        total=total,
        first_number=first_number,
        next_cursor=_cursor(last) if has_next else "",
        previous_cursor=_cursor(first) if first_number > 1 else "",
    )


# --- one invocation -------------------------------------------------------------------------


def _unit_link(session: Session, actor: Actor, unit_id: int | None) -> PlanLink | None:
    if unit_id is None:
        return None
    title = session.exec(unit_policy.scope(actor, select(Unit.title)).where(
        col(Unit.id) == unit_id)).first()
    return PlanLink(id=unit_id, unit_id=unit_id, title=title or "")


def _lesson_link(session: Session, actor: Actor, lesson_id: int | None,
                 unit_id: int | None) -> PlanLink | None:
    if lesson_id is None:
        return None
    found = session.exec(lesson_policy.scope(actor, select(Lesson.unit_id, Lesson.title)).where(
        col(Lesson.id) == lesson_id)).first()
    if found is None:
        return PlanLink(id=lesson_id, unit_id=unit_id or 0)
    return PlanLink(id=lesson_id, unit_id=found[0], title=found[1])


def detail(session: Session, *, actor: Actor, invocation_id: object) -> InvocationDetail:
    """One invocation in the actor's scope (NotFound for anything else), with who ran it,
    the template's name and the unit/lesson it was for, titled only where the actor may
    open them."""
    invocation = get_visible(session, actor=actor, policy=policy, model=AiInvocation,
                             row_id=invocation_id, what="generation")
    user = session.exec(select(User.name, User.email).where(
        col(User.id) == invocation.user_id, col(User.tenant_id) == actor.tenant_id)).first()
    template_name = ""
    if invocation.ai_template_id is not None:
        template_name = session.exec(template_policy.scope(actor, select(AiTemplate.name)).where(
            col(AiTemplate.id) == invocation.ai_template_id)).first() or ""
    context = invocation.context if isinstance(invocation.context, dict) else {}
    unit_id, approval = context_id(context, "unit_id"), context.get("approval")
    result = InvocationDetail.model_validate(invocation)
    result.user_name, result.user_email = (user[0], user[1]) if user else ("", "")
    result.awaiting_approval = awaiting_approval(invocation.status, context)
    result.template_name = template_name
    result.has_template = invocation.ai_template_id is not None
    result.safety = safety_notes(context)
    result.unit = _unit_link(session, actor, unit_id)
    result.lesson = _lesson_link(session, actor, context_id(context, "lesson_id"), unit_id)
    if isinstance(approval, dict):
        state, by = approval.get("state"), approval.get("by_name")
        result.approval_state = state[:40] if isinstance(state, str) else ""
        result.approval_by = by[:200] if isinstance(by, str) else ""
    return result
