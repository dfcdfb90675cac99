"""repositories.planning from the attacker's side and the happy path: rows are asserted."""

from __future__ import annotations

from typing import Any

import pytest
from sqlmodel import Session, select

from ai_planner.db import get_engine, session_scope
from ai_planner.errors import NotFound, ValidationFailed
from ai_planner.models import Course, Lesson, Unit
from ai_planner.repositories import planning as repo
from tests.factories import World, make_course, make_lesson, make_unit


def _positions(session: Session, unit_id: int) -> list[tuple[int, int]]:
    rows = session.exec(
        select(Lesson).where(Lesson.unit_id == unit_id).order_by(Lesson.position)
    ).all()
    return [(row.id, row.position) for row in rows]  # type: ignore[misc]


def _fresh_unit(unit_id: int) -> Unit | None:
    """Read the unit back through a new session: what was really committed."""
    with Session(get_engine()) as fresh:
        return fresh.get(Unit, unit_id)


def _blank_unit(title: str, course_id: int) -> dict[str, Any]:
    """Every field ``update_unit`` needs: blank, a draft, but for the title and course."""
    return {"title": title, "course_id": course_id, "summary": "", "essential_questions": "",
            "status": "draft"}


def _blank_lesson(title: str) -> dict[str, Any]:
    """Every field ``update_lesson`` needs, blank but for the title."""
    return {"title": title, "objectives": "", "activities": "", "materials": "",
            "assessment": "", "duration_minutes": None}


# --- tenant and scope isolation -------------------------------------------------------------


def test_cedar_ids_from_a_maple_actor_are_not_found(session: Session, world: World) -> None:
    m, c = world.maple, world.cedar
    admin = m.actor("admin")
    with pytest.raises(NotFound):
        repo.get_unit(session, actor=admin, unit_id=c.unit.id)
    with pytest.raises(NotFound):
        repo.get_course(session, actor=admin, course_id=c.course.id)
    with pytest.raises(NotFound):
        repo.get_lesson(session, actor=admin, lesson_id=c.lesson.id)
    with pytest.raises(NotFound):
        repo.list_lessons(session, actor=admin, unit_id=c.unit.id)
    with pytest.raises(NotFound):
        repo.update_unit(
            session, actor=admin, unit_id=c.unit.id, **_blank_unit("Mine now", m.course.id)
        )
    with pytest.raises(NotFound):
        repo.delete_unit(session, actor=admin, unit_id=c.unit.id)
    with pytest.raises(NotFound):
        repo.create_lesson(session, actor=admin, unit_id=c.unit.id, title="Injected")
    with pytest.raises(NotFound):
        repo.update_lesson(
            session, actor=admin, unit_id=c.unit.id, lesson_id=c.lesson.id, **_blank_lesson("x")
        )
    with pytest.raises(NotFound):
        repo.delete_lesson(session, actor=admin, unit_id=c.unit.id, lesson_id=c.lesson.id)
    with pytest.raises(NotFound):
        repo.move_lesson(
            session, actor=admin, unit_id=c.unit.id, lesson_id=c.lesson.id, direction="up"
        )
    session.rollback()
    assert session.get(Unit, c.unit.id).title == "Ecosystems"  # type: ignore[union-attr]
    assert session.get(Lesson, c.lesson.id) is not None


def test_missing_other_tenant_and_out_of_scope_look_the_same(
    session: Session, world: World
) -> None:
    m, c = world.maple, world.cedar
    teacher = m.actor("teacher")
    messages = set()
    for unit_id in (999_999, c.unit.id, m.other_unit.id, 0, -1, 2**70):
        with pytest.raises(NotFound) as err:
            repo.get_unit(session, actor=teacher, unit_id=unit_id)
        messages.add(err.value.message)
    assert messages == {"That unit was not found."}


def test_teacher2_cannot_touch_teachers_unit(session: Session, world: World) -> None:
    m = world.maple
    teacher2 = m.actor("teacher2")
    with pytest.raises(NotFound):
        repo.get_unit(session, actor=teacher2, unit_id=m.unit.id)
    with pytest.raises(NotFound):
        repo.get_lesson(session, actor=teacher2, lesson_id=m.lesson.id, unit_id=m.unit.id)
    with pytest.raises(NotFound):
        repo.create_lesson(session, actor=teacher2, unit_id=m.unit.id, title="Sneaky")
    with pytest.raises(NotFound):
        repo.delete_unit(session, actor=teacher2, unit_id=m.unit.id)
    # A lesson id paired with a unit the attacker owns does not open it either.
    with pytest.raises(NotFound):
        repo.get_lesson(session, actor=teacher2, lesson_id=m.lesson.id, unit_id=m.other_unit.id)
    with pytest.raises(NotFound):
        repo.update_lesson(
            session,
            actor=teacher2,
            unit_id=m.other_unit.id,
            lesson_id=m.lesson.id,
            **_blank_lesson("Hijacked"),
        )
    session.rollback()
    assert session.get(Lesson, m.lesson.id).title == "Food webs"  # type: ignore[union-attr]


def test_lesson_must_belong_to_the_unit_in_the_url(session: Session, world: World) -> None:
    m = world.maple
    lead = m.actor("lead")
    with pytest.raises(NotFound):
        repo.get_lesson(session, actor=lead, lesson_id=m.lesson.id, unit_id=m.other_unit.id)
    assert repo.get_lesson(session, actor=lead, lesson_id=m.lesson.id, unit_id=m.unit.id).id


def test_unit_course_must_be_of_the_same_tenant(session: Session, world: World) -> None:
    m, c = world.maple, world.cedar
    teacher = m.actor("teacher")
    with pytest.raises(ValidationFailed) as err:
        repo.create_unit(session, actor=teacher, title="Planets", course_id=c.course.id)
    assert err.value.field == "course_id"
    with pytest.raises(ValidationFailed):
        repo.update_unit(
            session, actor=teacher, unit_id=m.unit.id, **_blank_unit("Ecosystems", c.course.id)
        )
    session.rollback()
    assert session.exec(select(Unit).where(Unit.title == "Planets")).first() is None
    assert session.get(Unit, m.unit.id).course_id == m.course.id  # type: ignore[union-attr]


# --- units ----------------------------------------------------------------------------------


def test_list_units_scope_grouping_counts_and_search(session: Session, world: World) -> None:
    m = world.maple
    math = make_course(session, m.lead, name="Algebra I")
    fractions = make_unit(session, m.teacher, math, title="Fractions_50%")
    make_lesson(session, m.teacher, fractions, title="Halves", position=1)
    make_lesson(session, m.teacher, fractions, title="Quarters", position=2)

    teacher_rows = repo.list_units(session, actor=m.actor("teacher"))
    assert [(r.course_name, r.unit.title, r.lesson_count) for r in teacher_rows] == [
        ("Algebra I", "Fractions_50%", 2),
        ("Grade 5 Science", "Ecosystems", 1),
    ]
    assert {r.owner_name for r in teacher_rows} == {m.teacher.name}
    lead_titles = {r.unit.title for r in repo.list_units(session, actor=m.actor("lead"))}
    assert lead_titles == {"Fractions_50%", "Ecosystems", "Weather and climate"}
    cedar_titles = {
        r.unit.title for r in repo.list_units(session, actor=world.cedar.actor("admin"))
    }
    assert cedar_titles == {"Ecosystems", "Weather and climate"}

    found = repo.list_units(session, actor=m.actor("lead"), search="  eco ")
    assert [r.unit.title for r in found] == ["Ecosystems"]
    # LIKE wildcards typed by a user are literal characters.
    assert [
        r.unit.title for r in repo.list_units(session, actor=m.actor("lead"), search="_50%")
    ] == ["Fractions_50%"]
    assert [r.unit.title for r in repo.list_units(session, actor=m.actor("lead"), search="%")] == [
        "Fractions_50%"
    ]
    assert repo.list_units(session, actor=m.actor("lead"), search="e_o") == []
    assert repo.list_units(session, actor=m.actor("teacher"), search="weather") == []


def test_create_update_and_delete_unit(session: Session, world: World) -> None:
    m = world.maple
    teacher = m.actor("teacher")
    unit = repo.create_unit(session, actor=teacher, title="Plate tectonics", course_id=m.course.id)
    session.commit()
    assert (unit.tenant_id, unit.created_by_id, unit.status) == (m.tenant.id, m.teacher.id, "draft")
    repo.update_unit(
        session,
        actor=teacher,
        unit_id=unit.id,
        title="Plate tectonics 2",
        course_id=m.course.id,
        summary="How continents move",
        essential_questions="Why do earthquakes happen?",
        status="published",
    )
    session.commit()
    stored = _fresh_unit(unit.id)
    assert stored is not None
    assert (stored.title, stored.summary, stored.status) == (
        "Plate tectonics 2",
        "How continents move",
        "published",
    )

    repo.delete_unit(session, actor=m.actor("lead"), unit_id=m.unit.id)
    session.commit()
    assert _fresh_unit(m.unit.id) is None
    assert session.exec(select(Lesson).where(Lesson.unit_id == m.unit.id)).all() == []


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": "   "}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"status": "archived"}, "status"),
        ({"summary": "x" * 20_001}, "summary"),
        ({"course_id": None}, "course_id"),
    ],
)
def test_invalid_unit_update_changes_nothing(
    session: Session, world: World, changes: dict[str, object], field: str
) -> None:
    m = world.maple
    values: dict[str, object] = {
        "title": "New title",
        "course_id": m.course.id,
        "summary": "New summary",
        "essential_questions": "",
        "status": "published",
    }
    values.update(changes)
    with pytest.raises(ValidationFailed) as err, session_scope() as tx:
        repo.update_unit(tx, actor=m.actor("teacher"), unit_id=m.unit.id, **values)  # type: ignore[arg-type]
    assert err.value.field == field
    stored = _fresh_unit(m.unit.id)
    assert stored is not None
    assert (stored.title, stored.summary, stored.status) == ("Ecosystems", "", "draft")


def test_create_course_any_signed_in_user_and_no_duplicates(session: Session, world: World) -> None:
    m = world.maple
    course = repo.create_course(session, actor=m.actor("teacher2"), name="Art", subject="Art")
    session.commit()
    assert (course.tenant_id, course.created_by_id) == (m.tenant.id, m.teacher2.id)
    with pytest.raises(ValidationFailed) as err:
        repo.create_course(session, actor=m.actor("teacher"), name="grade 5 science")
    assert err.value.field == "name"
    # The same name in another tenant is fine: tenants never see each other.
    repo.create_course(session, actor=world.cedar.actor("teacher"), name="Art")
    session.commit()
    assert len(session.exec(select(Course).where(Course.name == "Art")).all()) == 2


# --- lessons --------------------------------------------------------------------------------


def _three_lessons(session: Session, world: World) -> list[int]:
    m = world.maple
    teacher = m.actor("teacher")
    second = repo.create_lesson(session, actor=teacher, unit_id=m.unit.id, title="Producers")
    third = repo.create_lesson(
        session, actor=teacher, unit_id=m.unit.id, title="Decomposers", duration_minutes=45
    )
    session.commit()
    return [m.lesson.id, second.id, third.id]  # type: ignore[list-item]


def test_create_appends_and_list_is_ordered(session: Session, world: World) -> None:
    ids = _three_lessons(session, world)
    m = world.maple
    assert _positions(session, m.unit.id) == list(zip(ids, [1, 2, 3], strict=True))
    listed = repo.list_lessons(session, actor=m.actor("teacher"), unit_id=m.unit.id)
    assert [lesson.title for lesson in listed] == ["Food webs", "Producers", "Decomposers"]
    assert listed[2].duration_minutes == 45
    assert listed[1].tenant_id == m.tenant.id and listed[1].created_by_id == m.teacher.id


def test_move_up_and_down_keeps_positions_dense(session: Session, world: World) -> None:
    a, b, c = _three_lessons(session, world)
    m = world.maple
    teacher = m.actor("teacher")
    repo.move_lesson(session, actor=teacher, unit_id=m.unit.id, lesson_id=c, direction="up")
    session.commit()
    assert _positions(session, m.unit.id) == [(a, 1), (c, 2), (b, 3)]
    repo.move_lesson(session, actor=teacher, unit_id=m.unit.id, lesson_id=a, direction="up")
    repo.move_lesson(session, actor=teacher, unit_id=m.unit.id, lesson_id=b, direction="down")
    session.commit()
    assert _positions(session, m.unit.id) == [(a, 1), (c, 2), (b, 3)]
    with pytest.raises(ValidationFailed):
        repo.move_lesson(
            session, actor=teacher, unit_id=m.unit.id, lesson_id=a, direction="sideways"
        )  # type: ignore[arg-type]
    other = make_lesson(session, m.teacher2, m.other_unit, title="Clouds")
    with pytest.raises(NotFound):
        repo.move_lesson(
            session, actor=teacher, unit_id=m.unit.id, lesson_id=other.id, direction="up"
        )


def test_reorder_full_order_and_tampered_lists(session: Session, world: World) -> None:
    a, b, c = _three_lessons(session, world)
    m = world.maple
    teacher = m.actor("teacher")
    repo.reorder_lessons(session, actor=teacher, unit_id=m.unit.id, lesson_ids=[c, a, b])
    session.commit()
    assert _positions(session, m.unit.id) == [(c, 1), (a, 2), (b, 3)]

    foreign = world.cedar.lesson.id
    other = make_lesson(session, m.teacher2, m.other_unit, title="Clouds").id
    for tampered in ([c, a], [c, a, b, b], [c, a, foreign], [c, a, b, foreign], [c, a, other], []):
        with pytest.raises(ValidationFailed) as err, session_scope() as tx:
            repo.reorder_lessons(tx, actor=teacher, unit_id=m.unit.id, lesson_ids=tampered)
        assert err.value.field == "order"
    session.expire_all()
    assert _positions(session, m.unit.id) == [(c, 1), (a, 2), (b, 3)]
    assert _positions(session, world.cedar.unit.id) == [(foreign, 1)]


def test_delete_lesson_renumbers(session: Session, world: World) -> None:
    a, b, c = _three_lessons(session, world)
    m = world.maple
    repo.delete_lesson(session, actor=m.actor("admin"), unit_id=m.unit.id, lesson_id=b)
    session.commit()
    assert _positions(session, m.unit.id) == [(a, 1), (c, 2)]


def test_update_lesson_saves_every_field(session: Session, world: World) -> None:
    m = world.maple
    repo.update_lesson(
        session,
        actor=m.actor("teacher"),
        unit_id=m.unit.id,
        lesson_id=m.lesson.id,
        title="Food chains",
        objectives="Trace energy",
        activities="Card sort",
        materials="Cards",
        assessment="Exit ticket",
        duration_minutes=50,
    )
    session.commit()
    session.expire_all()
    stored = session.get(Lesson, m.lesson.id)
    assert stored is not None
    assert (
        stored.title,
        stored.objectives,
        stored.activities,
        stored.materials,
        stored.assessment,
        stored.duration_minutes,
    ) == ("Food chains", "Trace energy", "Card sort", "Cards", "Exit ticket", 50)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"duration_minutes": 0}, "duration_minutes"),
        ({"duration_minutes": 601}, "duration_minutes"),
        ({"duration_minutes": True}, "duration_minutes"),
        ({"title": ""}, "title"),
        ({"materials": "m" * 20_001}, "materials"),
    ],
)
def test_invalid_lesson_update_changes_nothing(
    world: World, changes: dict[str, object], field: str
) -> None:
    m = world.maple
    values: dict[str, object] = {
        "title": "Changed",
        "objectives": "Changed",
        "activities": "",
        "materials": "",
        "assessment": "",
        "duration_minutes": 30,
    }
    values.update(changes)
    with pytest.raises(ValidationFailed) as err, session_scope() as tx:
        repo.update_lesson(
            tx, actor=m.actor("teacher"), unit_id=m.unit.id, lesson_id=m.lesson.id, **values
        )  # type: ignore[arg-type]
    assert err.value.field == field
    with session_scope() as fresh:
        stored = fresh.get(Lesson, m.lesson.id)
        assert stored is not None
        assert (stored.title, stored.objectives, stored.duration_minutes) == ("Food webs", "", None)
