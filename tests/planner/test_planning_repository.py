"""The planner repositories (courses, units, lessons) from the attacker's side and the happy
path: rows are asserted."""

from __future__ import annotations

from typing import Any

import pytest
from sqlmodel import Session, select

from ai_planner.db import get_engine, session_scope
from ai_planner.errors import NotFound, ValidationFailed
from ai_planner.models import Course, Lesson, Unit
from ai_planner.repositories import courses, lessons, units
from tests.factories import World, make_lesson


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
        units.get(session, actor=admin, unit_id=c.unit.id)
    with pytest.raises(NotFound):
        courses.get(session, actor=admin, course_id=c.course.id)
    with pytest.raises(NotFound):
        lessons.get(session, actor=admin, lesson_id=c.lesson.id, unit_id=c.unit.id)
    with pytest.raises(NotFound):
        lessons.rows(session, actor=admin, unit_id=c.unit.id)
    with pytest.raises(NotFound):
        units.update(session, actor=admin, unit_id=c.unit.id,
                     data=_blank_unit("Mine now", m.course.id))
    with pytest.raises(NotFound):
        units.delete(session, actor=admin, unit_id=c.unit.id)
    with pytest.raises(NotFound):
        lessons.create(session, actor=admin, unit_id=c.unit.id, data={"title": "Injected"})
    with pytest.raises(NotFound):
        lessons.update(session, actor=admin, unit_id=c.unit.id, lesson_id=c.lesson.id,
                       data=_blank_lesson("x"))
    with pytest.raises(NotFound):
        lessons.delete(session, actor=admin, unit_id=c.unit.id, lesson_id=c.lesson.id)
    with pytest.raises(NotFound):
        lessons.move(
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
            units.get(session, actor=teacher, unit_id=unit_id)
        messages.add(err.value.message)
    assert messages == {"That unit was not found."}


def test_teacher2_cannot_touch_teachers_unit(session: Session, world: World) -> None:
    m = world.maple
    teacher2 = m.actor("teacher2")
    with pytest.raises(NotFound):
        units.get(session, actor=teacher2, unit_id=m.unit.id)
    with pytest.raises(NotFound):
        lessons.get(session, actor=teacher2, lesson_id=m.lesson.id, unit_id=m.unit.id)
    with pytest.raises(NotFound):
        lessons.create(session, actor=teacher2, unit_id=m.unit.id, data={"title": "Sneaky"})
    with pytest.raises(NotFound):
        units.delete(session, actor=teacher2, unit_id=m.unit.id)
    # A lesson id paired with a unit the attacker owns does not open it either.
    with pytest.raises(NotFound):
        lessons.get(session, actor=teacher2, lesson_id=m.lesson.id, unit_id=m.other_unit.id)
    with pytest.raises(NotFound):
        lessons.update(session, actor=teacher2, unit_id=m.other_unit.id, lesson_id=m.lesson.id,
                       data=_blank_lesson("Hijacked"))
    session.rollback()
    assert session.get(Lesson, m.lesson.id).title == "Food webs"  # type: ignore[union-attr]


def test_lesson_must_belong_to_the_unit_in_the_url(session: Session, world: World) -> None:
    m = world.maple
    lead = m.actor("lead")
    with pytest.raises(NotFound):
        lessons.get(session, actor=lead, lesson_id=m.lesson.id, unit_id=m.other_unit.id)
    assert lessons.get(session, actor=lead, lesson_id=m.lesson.id, unit_id=m.unit.id).id


def test_unit_course_must_be_of_the_same_tenant(session: Session, world: World) -> None:
    m, c = world.maple, world.cedar
    teacher = m.actor("teacher")
    with pytest.raises(ValidationFailed) as err:
        units.create(session, actor=teacher, data={"title": "Planets", "course_id": c.course.id})
    assert err.value.field == "course_id"
    with pytest.raises(ValidationFailed):
        units.update(session, actor=teacher, unit_id=m.unit.id,
                     data=_blank_unit("Ecosystems", c.course.id))
    session.rollback()
    assert session.exec(select(Unit).where(Unit.title == "Planets")).first() is None
    assert session.get(Unit, m.unit.id).course_id == m.course.id  # type: ignore[union-attr]


# --- units ----------------------------------------------------------------------------------


def test_create_update_and_delete_unit(session: Session, world: World) -> None:
    m = world.maple
    teacher = m.actor("teacher")
    unit = units.create(session, actor=teacher,
                        data={"title": "Plate tectonics", "course_id": m.course.id})
    session.commit()
    stored = _fresh_unit(unit.id)
    assert stored is not None
    assert (stored.tenant_id, stored.created_by_id, stored.status) == (
        m.tenant.id, m.teacher.id, "draft")
    units.update(session, actor=teacher, unit_id=unit.id, data={
        "title": "Plate tectonics 2", "course_id": m.course.id,
        "summary": "How continents move", "essential_questions": "Why do earthquakes happen?",
        "status": "published"})
    session.commit()
    stored = _fresh_unit(unit.id)
    assert stored is not None
    assert (stored.title, stored.summary, stored.status) == (
        "Plate tectonics 2",
        "How continents move",
        "published",
    )

    units.delete(session, actor=m.actor("lead"), unit_id=m.unit.id)
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
        units.update(tx, actor=m.actor("teacher"), unit_id=m.unit.id, data=values)
    assert err.value.field == field
    stored = _fresh_unit(m.unit.id)
    assert stored is not None
    assert (stored.title, stored.summary, stored.status) == ("Ecosystems", "", "draft")


def test_several_bad_fields_are_reported_together(world: World) -> None:
    m = world.maple
    with pytest.raises(ValidationFailed) as err, session_scope() as tx:
        units.update(tx, actor=m.actor("teacher"), unit_id=m.unit.id, data={
            "title": "", "course_id": m.course.id, "summary": "x" * 20_001,
            "essential_questions": "", "status": "gone"})
    assert err.value.errors == {
        "title": "Title can't be blank.",
        "summary": "Summary must be 20,000 characters or fewer.",
        "status": "Status must be Draft or Published.",
    }


def test_a_failure_half_way_leaves_nothing_of_the_first_half(world: World) -> None:
    """The transaction rule: the course is created, then the unit is refused; the caller's
    session_scope rolls both back."""
    m = world.maple
    teacher = m.actor("teacher")
    with pytest.raises(ValidationFailed), session_scope() as tx:
        course = courses.create(tx, actor=teacher, data={"name": "Half-made"})
        units.create(tx, actor=teacher, data={"title": "", "course_id": course.id})
    with session_scope() as fresh:
        assert fresh.exec(select(Course).where(Course.name == "Half-made")).first() is None


def test_create_course_any_signed_in_user_and_no_duplicates(session: Session, world: World) -> None:
    m = world.maple
    course = courses.create(session, actor=m.actor("teacher2"),
                            data={"name": "Art", "subject": "Art"})
    session.commit()
    stored = session.get(Course, course.id)
    assert stored is not None
    assert (stored.tenant_id, stored.created_by_id) == (m.tenant.id, m.teacher2.id)
    with pytest.raises(ValidationFailed) as err:
        courses.create(session, actor=m.actor("teacher"), data={"name": "grade 5 science"})
    assert err.value.field == "name"
    # The same name in another tenant is fine: tenants never see each other.
    courses.create(session, actor=world.cedar.actor("teacher"), data={"name": "Art"})
    session.commit()
    assert len(session.exec(select(Course).where(Course.name == "Art")).all()) == 2


# --- lessons --------------------------------------------------------------------------------


def _three_lessons(session: Session, world: World) -> list[int]:
    m = world.maple
    teacher = m.actor("teacher")
    second = lessons.create(session, actor=teacher, unit_id=m.unit.id,
                            data={"title": "Producers"})
    third = lessons.create(session, actor=teacher, unit_id=m.unit.id,
                           data={"title": "Decomposers", "duration_minutes": 45})
    session.commit()
    return [m.lesson.id, second.id, third.id]  # type: ignore[list-item]


def test_create_appends_and_list_is_ordered(session: Session, world: World) -> None:
    ids = _three_lessons(session, world)
    m = world.maple
    assert _positions(session, m.unit.id) == list(zip(ids, [1, 2, 3], strict=True))
    listed = lessons.rows(session, actor=m.actor("teacher"), unit_id=m.unit.id)
    assert [lesson.title for lesson in listed] == ["Food webs", "Producers", "Decomposers"]
    assert listed[2].duration_minutes == 45
    stored = session.get(Lesson, ids[1])
    assert stored is not None
    assert (stored.tenant_id, stored.created_by_id) == (m.tenant.id, m.teacher.id)


def test_a_lesson_change_touches_its_unit(session: Session, world: World) -> None:
    """The units list sorts by the unit's updated_at, so editing a lesson moves its unit up."""
    m = world.maple
    before = _fresh_unit(m.unit.id).updated_at  # type: ignore[union-attr]
    with session_scope() as tx:
        lessons.update(tx, actor=m.actor("teacher"), unit_id=m.unit.id, lesson_id=m.lesson.id,
                       data=_blank_lesson("Food chains"))
    assert _fresh_unit(m.unit.id).updated_at > before  # type: ignore[union-attr]


def test_move_up_and_down_keeps_positions_dense(session: Session, world: World) -> None:
    a, b, c = _three_lessons(session, world)
    m = world.maple
    teacher = m.actor("teacher")
    lessons.move(session, actor=teacher, unit_id=m.unit.id, lesson_id=c, direction="up")
    session.commit()
    assert _positions(session, m.unit.id) == [(a, 1), (c, 2), (b, 3)]
    lessons.move(session, actor=teacher, unit_id=m.unit.id, lesson_id=a, direction="up")
    lessons.move(session, actor=teacher, unit_id=m.unit.id, lesson_id=b, direction="down")
    session.commit()
    assert _positions(session, m.unit.id) == [(a, 1), (c, 2), (b, 3)]
    other = make_lesson(session, m.teacher2, m.other_unit, title="Clouds")
    with pytest.raises(NotFound):
        lessons.move(session, actor=teacher, unit_id=m.unit.id, lesson_id=other.id,
                     direction="up")


def test_reorder_full_order_and_tampered_lists(session: Session, world: World) -> None:
    a, b, c = _three_lessons(session, world)
    m = world.maple
    teacher = m.actor("teacher")
    lessons.reorder(session, actor=teacher, unit_id=m.unit.id, lesson_ids=[c, a, b])
    session.commit()
    assert _positions(session, m.unit.id) == [(c, 1), (a, 2), (b, 3)]

    foreign = world.cedar.lesson.id
    other = make_lesson(session, m.teacher2, m.other_unit, title="Clouds").id
    for tampered in ([c, a], [c, a, b, b], [c, a, foreign], [c, a, b, foreign], [c, a, other], []):
        with pytest.raises(ValidationFailed) as err, session_scope() as tx:
            lessons.reorder(tx, actor=teacher, unit_id=m.unit.id, lesson_ids=tampered)
        assert err.value.field == "order"
    session.expire_all()
    assert _positions(session, m.unit.id) == [(c, 1), (a, 2), (b, 3)]
    assert _positions(session, world.cedar.unit.id) == [(foreign, 1)]


def test_delete_lesson_renumbers(session: Session, world: World) -> None:
    a, b, c = _three_lessons(session, world)
    m = world.maple
    lessons.delete(session, actor=m.actor("admin"), unit_id=m.unit.id, lesson_id=b)
    session.commit()
    assert _positions(session, m.unit.id) == [(a, 1), (c, 2)]


def test_update_lesson_saves_every_field(session: Session, world: World) -> None:
    m = world.maple
    lessons.update(session, actor=m.actor("teacher"), unit_id=m.unit.id, lesson_id=m.lesson.id,
                   data={"title": "Food chains", "objectives": "Trace energy",
                         "activities": "Card sort", "materials": "Cards",
                         "assessment": "Exit ticket", "duration_minutes": 50})
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
        lessons.update(tx, actor=m.actor("teacher"), unit_id=m.unit.id, lesson_id=m.lesson.id,
                       data=values)
    assert err.value.field == field
    with session_scope() as fresh:
        stored = fresh.get(Lesson, m.lesson.id)
        assert stored is not None
        assert (stored.title, stored.objectives, stored.duration_minutes) == ("Food webs", "", None)
