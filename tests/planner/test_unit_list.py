"""The units list at district scale: keyset pages without duplicates or gaps (even while units
are added), search and filters per role, the URL round trip, and lesson order under
concurrent reorders."""

from __future__ import annotations

import contextlib
import threading
from datetime import timedelta

import pytest
from sqlmodel import Session, select

from ai_planner.db import session_scope
from ai_planner.models import Lesson, Unit, utcnow
from ai_planner.repositories import lessons, unit_list
from ai_planner.schemas.unit_list import UnitListPage, UnitListQuery, decode_cursor
from tests.factories import World, make_course, make_lesson, make_unit


def _ids(page: UnitListPage) -> list[int]:
    return [unit.id for group in page.groups for unit in group.units]


def _titles(page: UnitListPage) -> set[str]:
    return {unit.title for group in page.groups for unit in group.units}


def _many_units(session: Session, world: World, count: int) -> list[int]:
    m = world.maple
    second = make_course(session, m.teacher, name="Algebra I")
    start = utcnow() - timedelta(days=1)
    rows = [
        Unit(tenant_id=m.tenant.id, course_id=(second.id if i % 3 else m.course.id),
             title=f"Unit {i:03d}", created_by_id=m.teacher.id,
             updated_at=start + timedelta(minutes=i % 17))  # many equal sort keys
        for i in range(count)
    ]
    session.add_all(rows)
    session.commit()
    return [row.id for row in rows]  # type: ignore[misc]


def _walk(session: Session, actor, query: UnitListQuery, page_size: int) -> list[int]:  # type: ignore[no-untyped-def]
    seen: list[int] = []
    while True:
        page = unit_list.list_page(session, actor=actor, query=query, page_size=page_size)
        seen += _ids(page)
        if not page.next_cursor:
            return seen
        query = query.model_copy(update={"after": page.next_cursor, "before": ""})


@pytest.mark.parametrize("sort", ["updated", "title"])
def test_pages_cover_every_unit_once(session: Session, world: World, sort: str) -> None:
    created = _many_units(session, world, 123)
    teacher = world.maple.actor("teacher")
    query = UnitListQuery(sort=sort)  # type: ignore[arg-type]
    first = unit_list.list_page(session, actor=teacher, query=query, page_size=50)
    assert (first.total, first.first_number, first.shown) == (124, 1, 50)
    seen = _walk(session, teacher, query, page_size=50)
    assert len(seen) == len(set(seen)) == 124
    assert set(seen) == {*created, world.maple.unit.id}
    # Groups are contiguous: each course heading appears once per page, in name order.
    names = [group.course_name for group in first.groups]
    assert names == sorted(names) and len(names) == len(set(names))


def test_no_duplicates_or_gaps_while_units_are_added(session: Session, world: World) -> None:
    created = set(_many_units(session, world, 90))
    teacher = world.maple.actor("teacher")
    query = UnitListQuery()
    page = unit_list.list_page(session, actor=teacher, query=query, page_size=40)
    seen = _ids(page)
    # Another tab adds units (newest first would shift an offset by one each time).
    for i in range(5):
        make_unit(session, world.maple.teacher, world.maple.course, title=f"Added {i}")
    while page.next_cursor:
        query = query.model_copy(update={"after": page.next_cursor})
        page = unit_list.list_page(session, actor=teacher, query=query, page_size=40)
        seen += _ids(page)
    assert len(seen) == len(set(seen))
    assert created | {world.maple.unit.id} <= set(seen)


def test_previous_page_is_the_page_before(session: Session, world: World) -> None:
    _many_units(session, world, 75)
    teacher = world.maple.actor("teacher")
    first = unit_list.list_page(session, actor=teacher, query=UnitListQuery(), page_size=30)
    second = unit_list.list_page(session, actor=teacher, page_size=30,
                                 query=UnitListQuery(after=first.next_cursor))
    assert second.first_number == 31 and second.previous_cursor
    back = unit_list.list_page(session, actor=teacher, page_size=30,
                               query=UnitListQuery(before=second.previous_cursor))
    assert _ids(back) == _ids(first) and back.first_number == 1
    assert back.previous_cursor == "" and back.next_cursor


def test_search_matches_title_and_summary_literally(session: Session, world: World) -> None:
    m = world.maple
    fractions = make_unit(session, m.teacher, m.course, title="Fractions_50%")
    make_unit(session, m.teacher, m.course, title="Rivers", summary="Erosion and deposition")
    teacher = m.actor("teacher")

    def found(term: str) -> set[str]:
        page = unit_list.list_page(session, actor=teacher, query=UnitListQuery(q=term))
        return _titles(page)

    assert found("eco") == {"Ecosystems"}
    assert found("EROSION") == {"Rivers"}  # the summary, any case
    assert found("_50%") == {"Fractions_50%"}  # LIKE wildcards are literal characters
    assert found("%") == {"Fractions_50%"}
    assert found("e_o") == set()
    assert fractions.id in {u.id for u in unit_list.list_page(
        session, actor=teacher, query=UnitListQuery(q="fractions")).groups[0].units}


def test_filters_never_widen_a_scope(session: Session, world: World) -> None:
    m, c = world.maple, world.cedar
    make_unit(session, m.teacher, m.course, title="Published one", status="published")
    everyone = UnitListQuery(author="everyone")

    def titles(actor, **changes: object) -> set[str]:  # type: ignore[no-untyped-def]
        query = everyone.model_copy(update=changes)
        return _titles(unit_list.list_page(session, actor=actor, query=query))

    assert titles(m.actor("teacher2")) == {"Weather and climate"}
    assert titles(m.actor("teacher2"), q="eco") == set()
    assert titles(m.actor("teacher2"), course=m.course.id) == {"Weather and climate"}
    assert titles(m.actor("lead")) == {"Ecosystems", "Weather and climate", "Published one"}
    assert titles(m.actor("lead"), status="published") == {"Published one"}
    assert titles(m.actor("lead"), author="mine") == set()
    # Another tenant's course id, or its title, finds nothing of it.
    assert titles(m.actor("admin"), course=c.course.id) == set()
    assert all(unit_id not in {c.unit.id, c.other_unit.id} for unit_id in _ids(
        unit_list.list_page(session, actor=m.actor("admin"), query=everyone)))
    assert titles(c.actor("admin")) == {"Ecosystems", "Weather and climate"}
    cedar_ids = set(_ids(unit_list.list_page(session, actor=c.actor("admin"), query=everyone)))
    assert cedar_ids == {c.unit.id, c.other_unit.id}


def test_course_totals_and_lesson_counts(session: Session, world: World) -> None:
    m = world.maple
    make_lesson(session, m.teacher, m.unit, title="Decomposers", position=2)
    page = unit_list.list_page(session, actor=m.actor("lead"),
                               query=UnitListQuery(author="everyone"), page_size=1)
    assert page.groups[0].total == 2  # the course's units under the question, not the page's
    assert len(page.groups[0].units) == 1
    counts = {u.title: u.lesson_count for u in unit_list.list_page(
        session, actor=m.actor("lead"), query=UnitListQuery(author="everyone")).groups[0].units}
    assert counts == {"Ecosystems": 2, "Weather and climate": 0}


def test_url_round_trip_and_junk(world: World) -> None:
    query = UnitListQuery(q="food webs", course=12, status="draft", author="everyone",
                          sort="title")
    assert UnitListQuery.from_url(query.url_params()) == query
    assert query.url_params() == {"q": "food webs", "course": "12", "status": "draft",
                                  "author": "everyone", "sort": "title"}
    junk = UnitListQuery.from_url({"q": ["x"], "course": "1 OR 1=1", "status": "gone",
                                   "author": "root", "sort": "id; drop", "after": "!!"})
    assert junk == UnitListQuery()
    assert decode_cursor("bm90IGEgY3Vyc29y") is None


def test_concurrent_moves_keep_positions_whole(world: World, session: Session,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """Two tabs move neighbouring lessons at the same moment. Each read of the unit's lessons
    waits (briefly) for the other tab to have read too, so without the unit claim both would
    compute from the same old order and write a broken one (a repeated position)."""
    m = world.maple
    for i in range(2, 6):
        make_lesson(session, m.teacher, m.unit, title=f"Lesson {i}", position=i)
    ids = [row.id for row in session.exec(
        select(Lesson).where(Lesson.unit_id == m.unit.id).order_by(Lesson.position)).all()]
    teacher = m.actor("teacher")
    both_read = threading.Barrier(2)
    read_lessons = lessons._all_of

    def read_then_wait(db: Session, unit: Unit) -> list[Lesson]:
        found = read_lessons(db, unit)
        # Times out when the other tab is (rightly) blocked until this one commits.
        with contextlib.suppress(threading.BrokenBarrierError):
            both_read.wait(timeout=1.0)
        return found

    monkeypatch.setattr(lessons, "_all_of", read_then_wait)
    errors: list[BaseException] = []

    def move(lesson_id: int, direction: str) -> None:
        try:
            with session_scope() as tx:
                lessons.move(tx, actor=teacher, unit_id=m.unit.id, lesson_id=lesson_id,
                             direction=direction)  # type: ignore[arg-type]
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=move, args=(ids[1], "down")),
               threading.Thread(target=move, args=(ids[3], "up"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with session_scope() as fresh:
        rows = fresh.exec(select(Lesson).where(Lesson.unit_id == m.unit.id)).all()
        assert sorted(row.position for row in rows) == list(range(1, len(ids) + 1))
        order = [row.id for row in sorted(rows, key=lambda row: row.position)]
    # Both moves landed, one after the other: b down then d up gives a c d b; the other
    # way round a d b c.
    a, b, c, d = ids[:4]
    assert order[:4] in ([a, c, d, b], [a, d, b, c])
