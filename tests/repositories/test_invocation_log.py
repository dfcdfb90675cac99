"""The audit log's reads: keyset pages without duplicates or gaps (even while generations are
added), each filter, the inclusive date range, and the scope per role asserted by ids: a
teacher or lead only ever gets their own rows, whatever the filter or cursor says; an admin
the tenant's; nobody another tenant's."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest
from sqlmodel import Session

from ai_planner.actor import Actor
from ai_planner.models import TASK_TYPES, AiInvocation, User
from ai_planner.repositories import invocation_log
from ai_planner.schemas.invocation_log import InvocationLogPage, InvocationLogQuery
from ai_planner.schemas.keyset import encode_cursor
from tests.factories import TenantWorld, World, make_invocation

BASE = datetime(2026, 3, 10, 9, 0, 0)


def _add(session: Session, tw: TenantWorld, user: User, count: int, *, start: datetime = BASE,
         step: timedelta = timedelta(minutes=7), **values: Any) -> list[int]:
    """``count`` invocations by ``user``, task types and statuses in turn, many sharing a
    creation time (ties are where keyset paging goes wrong)."""
    rows = []
    for i in range(count):
        fields: dict[str, Any] = {
            "task_type": TASK_TYPES[i % len(TASK_TYPES)],
            "status": ("completed", "failed", "pending", "running")[i % 4],
            "created_at": start + step * (i // 3),
        }
        fields.update(values)
        rows.append(AiInvocation(tenant_id=tw.tenant.id, user_id=user.id,
                                 ai_provider_config_id=tw.config.id,
                                 provider_name="demo", model="demo-planner", **fields))
    session.add_all(rows)
    session.commit()
    return [row.id for row in rows]  # type: ignore[misc]


def _ids(page: InvocationLogPage) -> list[int]:
    return [row.id for row in page.rows]


def _walk(session: Session, actor: Actor, query: InvocationLogQuery, size: int) -> list[int]:
    seen: list[int] = []
    while True:
        page = invocation_log.list_page(session, actor=actor, query=query, page_size=size)
        seen += _ids(page)
        if not page.next_cursor:
            return seen
        query = query.model_copy(update={"after": page.next_cursor, "before": ""})


def _newest_first(session: Session, ids: set[int]) -> list[int]:
    rows = [session.get(AiInvocation, i) for i in ids]
    rows.sort(key=lambda r: (r.created_at, r.id), reverse=True)  # type: ignore[union-attr]
    return [r.id for r in rows]  # type: ignore[union-attr,misc]


# --- paging ---------------------------------------------------------------------------------


@pytest.mark.parametrize("task", [None, "rewrite"])
def test_pages_cover_every_row_once_newest_first(session: Session, world: World,
                                                 task: str | None) -> None:
    m = world.maple
    mine = set(_add(session, m, m.teacher, 61)) | {m.invocation.id}
    if task:
        mine = {i for i in mine if session.get(AiInvocation, i).task_type == task}  # type: ignore[union-attr]
    teacher = m.actor("teacher")
    query = InvocationLogQuery(task=task)
    first = invocation_log.list_page(session, actor=teacher, query=query, page_size=10)
    assert first.total == len(mine) and first.first_number == 1
    seen = _walk(session, teacher, query, 10)
    assert seen == _newest_first(session, mine)  # every row once, in order


def test_no_duplicates_or_gaps_while_rows_are_added(session: Session, world: World) -> None:
    m = world.maple
    before = set(_add(session, m, m.teacher, 40))
    admin = m.actor("admin")
    query = InvocationLogQuery()
    page = invocation_log.list_page(session, actor=admin, query=query, page_size=9)
    seen = _ids(page)
    # Teachers keep generating meanwhile (newest first: an offset would shift every page).
    _add(session, m, m.teacher2, 6, start=BASE + timedelta(days=30))
    while page.next_cursor:
        query = query.model_copy(update={"after": page.next_cursor})
        page = invocation_log.list_page(session, actor=admin, query=query, page_size=9)
        seen += _ids(page)
    assert len(seen) == len(set(seen))
    assert before | {m.invocation.id} == set(seen)


def test_previous_is_the_page_before_with_its_numbers(session: Session, world: World) -> None:
    m = world.maple
    _add(session, m, m.teacher, 30)
    teacher = m.actor("teacher")
    first = invocation_log.list_page(session, actor=teacher, query=InvocationLogQuery(),
                                     page_size=12)
    second = invocation_log.list_page(session, actor=teacher, page_size=12,
                                      query=InvocationLogQuery(after=first.next_cursor))
    assert (second.first_number, second.total) == (13, 31) and second.previous_cursor
    back = invocation_log.list_page(session, actor=teacher, page_size=12,
                                    query=InvocationLogQuery(before=second.previous_cursor))
    assert _ids(back) == _ids(first) and back.first_number == 1
    assert back.previous_cursor == "" and back.next_cursor
    third = invocation_log.list_page(session, actor=teacher, page_size=12,
                                     query=InvocationLogQuery(after=second.next_cursor))
    assert (third.first_number, len(third.rows), third.next_cursor) == (25, 7, "")


# --- filters ---------------------------------------------------------------------------------


def _all(session: Session, actor: Actor, **question: Any) -> set[int]:
    return set(_walk(session, actor, InvocationLogQuery(**question), 50))


def test_each_filter_narrows_on_the_server(session: Session, world: World) -> None:
    m = world.maple
    ids = _add(session, m, m.teacher, 20) + _add(session, m, m.teacher2, 10)
    rows = {i: session.get(AiInvocation, i) for i in [*ids, m.invocation.id]}
    admin = m.actor("admin")

    def expected(test: Any) -> set[int]:
        return {i for i, row in rows.items() if test(row)}

    assert _all(session, admin, task="assessment") == expected(
        lambda r: r.task_type == "assessment")
    assert _all(session, admin, status="failed") == expected(lambda r: r.status == "failed")
    assert _all(session, admin, user=m.teacher2.id) == expected(
        lambda r: r.user_id == m.teacher2.id)
    assert _all(session, admin, task="lesson_plan", status="completed",
                user=m.teacher.id) == expected(
        lambda r: (r.task_type, r.status, r.user_id) == ("lesson_plan", "completed",
                                                          m.teacher.id))
    page = invocation_log.list_page(session, actor=admin,
                                    query=InvocationLogQuery(status="failed"))
    assert page.total == len(expected(lambda r: r.status == "failed"))


def test_the_date_range_is_inclusive_whole_days(session: Session, world: World) -> None:
    m = world.maple
    edges = {
        "day before, last second": datetime(2026, 4, 4, 23, 59, 59, 999999),
        "first day, midnight": datetime(2026, 4, 5, 0, 0, 0),
        "last day, last second": datetime(2026, 4, 7, 23, 59, 59, 999999),
        "day after, midnight": datetime(2026, 4, 8, 0, 0, 0),
    }
    made = {name: make_invocation(session, m.teacher, m.config, created_at=at).id
            for name, at in edges.items()}
    teacher = m.actor("teacher")
    inside = _all(session, teacher, date_from=date(2026, 4, 5), date_to=date(2026, 4, 7))
    assert inside == {made["first day, midnight"], made["last day, last second"]}
    one_day = _all(session, teacher, date_from=date(2026, 4, 8), date_to=date(2026, 4, 8))
    assert one_day == {made["day after, midnight"]}
    since = _all(session, teacher, date_from=date(2026, 4, 8))
    assert made["day after, midnight"] in since and made["last day, last second"] not in since
    until = _all(session, teacher, date_to=date(2026, 4, 4))
    assert until == {made["day before, last second"]}
    assert _all(session, teacher, date_from=date(2026, 4, 7), date_to=date(2026, 4, 5)) == set()


def test_only_known_task_types_are_listed_and_counted(session: Session, world: World) -> None:
    """The generation flow writes only the five task types; a row written some other way
    with another is left out of both the rows and the total (the page and the count
    agree)."""
    m = world.maple
    make_invocation(session, m.teacher, m.config, task_type="legacy_chat")
    page = invocation_log.list_page(session, actor=m.actor("teacher"), query=InvocationLogQuery())
    assert _ids(page) == [m.invocation.id] and page.total == 1


# --- scope, from the attacker's side ---------------------------------------------------------


@pytest.fixture
def crowded(session: Session, world: World) -> dict[str, set[int]]:
    m, c = world.maple, world.cedar
    return {
        "teacher": set(_add(session, m, m.teacher, 14)) | {m.invocation.id},
        "teacher2": set(_add(session, m, m.teacher2, 9)),
        "lead": set(_add(session, m, m.lead, 5)),
        "admin": set(_add(session, m, m.admin, 3)),
        "cedar": set(_add(session, c, c.teacher, 11)) | {c.invocation.id},
    }


@pytest.mark.parametrize("role", ["teacher", "teacher2", "lead"])
def test_teachers_and_leads_see_only_their_own_through_any_filter(
        session: Session, world: World, crowded: dict[str, set[int]], role: str) -> None:
    m = world.maple
    actor = m.actor(role)
    own = crowded[role]
    assert _all(session, actor) == own
    # Asking for someone else's rows by user id: the filter is an admin's; own rows only.
    for other in (m.teacher, m.teacher2, m.lead, m.admin, world.cedar.teacher):
        assert _all(session, actor, user=other.id) == own
    for task in TASK_TYPES:
        assert _all(session, actor, task=task) <= own
    for status in ("pending", "running", "completed", "failed"):
        assert _all(session, actor, status=status) <= own


def test_a_crafted_cursor_is_only_a_position(session: Session, world: World,
                                             crowded: dict[str, set[int]]) -> None:
    m = world.maple
    teacher = m.actor("teacher")
    for victim in (*crowded["teacher2"], *crowded["cedar"]):
        row = session.get(AiInvocation, victim)
        assert row is not None
        cursor = encode_cursor([row.created_at.isoformat(), row.id])
        for question in ({"after": cursor}, {"before": cursor}):
            page = invocation_log.list_page(session, actor=teacher,
                                            query=InvocationLogQuery(**question))
            assert set(_ids(page)) <= crowded["teacher"]
    far_future = encode_cursor(["2999-01-01T00:00:00", 2**62])
    assert _all(session, teacher, after=far_future) == crowded["teacher"]


def test_admins_see_their_tenant_and_never_another(session: Session, world: World,
                                                   crowded: dict[str, set[int]]) -> None:
    maple_rows = set().union(*(crowded[k] for k in ("teacher", "teacher2", "lead", "admin")))
    assert _all(session, world.maple.actor("admin")) == maple_rows
    assert _all(session, world.cedar.actor("admin")) == crowded["cedar"]
    # A maple user's id in cedar's filter finds nothing of maple.
    assert _all(session, world.cedar.actor("admin"), user=world.maple.teacher.id) == set()


def test_a_page_is_read_through_the_seeds_index(session: Session, world: World) -> None:
    """The page query scans [tenant_id, task_type, created_at] from the cursor, one task type
    at a time, instead of sorting the tenant's whole log (EXPLAIN of the real statement)."""
    import sqlalchemy as sa

    m = world.maple
    _add(session, m, m.teacher, 30)
    engine = session.get_bind()
    statements: list[tuple[str, Any]] = []

    def capture(conn, cursor, statement, params, context, executemany):  # type: ignore[no-untyped-def]
        statements.append((statement, params))

    admin = m.actor("admin")
    first = invocation_log.list_page(session, actor=admin, query=InvocationLogQuery(),
                                     page_size=10)
    sa.event.listen(engine, "before_cursor_execute", capture)
    try:
        invocation_log.list_page(session, actor=admin, page_size=10,
                                 query=InvocationLogQuery(after=first.next_cursor))
    finally:
        sa.event.remove(engine, "before_cursor_execute", capture)
    statement, params = next((s, p) for s, p in statements if "UNION ALL" in s)
    connection = session.connection()
    index = "index_ai_invocations_on_tenant_id_and_task_type_and_created_at"
    if connection.dialect.name == "sqlite":
        plan = " ".join(str(row[3]) for row in connection.exec_driver_sql(
            "EXPLAIN QUERY PLAN " + statement, params))
        assert plan.count(f"INDEX {index} (tenant_id=? AND task_type=? AND created_at<?)") == 5
    else:
        connection.exec_driver_sql("SET LOCAL enable_seqscan = off")
        plan = " ".join(str(row[0]) for row in connection.exec_driver_sql(
            "EXPLAIN " + statement, params))
        assert plan.count(index) == 5 and "created_at <=" in plan
