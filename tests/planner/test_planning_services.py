"""services.planning: parsing of raw form input, views, and use cases end to end."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from ai_planner.db import session_scope
from ai_planner.errors import NotFound, ValidationFailed
from ai_planner.models import Lesson, Unit
from ai_planner.schemas.base import parse
from ai_planner.schemas.planning import LessonFields
from ai_planner.services import planning
from tests.factories import World, make_lesson


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("45", 45),
        (" 45 ", 45),
        ("1", 1),
        ("600", 600),
        ("", None),
        ("   ", None),
        (None, None),
        (30, 30),
    ],
)
def test_duration_accepts_whole_minutes(raw: object, expected: int | None) -> None:
    values = parse(LessonFields, {"title": "Food webs", "duration_minutes": raw})
    assert values.duration_minutes == expected


@pytest.mark.parametrize(
    "raw",
    ["0", "601", "-5", "4.5", "ninety", "45 min", "\u0661\u0662", "1e2", True, 0, 3.0, ["45"]],
)
def test_duration_refuses_anything_else_with_a_clear_message(raw: object) -> None:
    with pytest.raises(ValidationFailed) as err:
        parse(LessonFields, {"title": "Food webs", "duration_minutes": raw})
    assert err.value.field == "duration_minutes"
    assert err.value.message == (
        "Duration must be a whole number of minutes from 1 to 600 (or left empty)."
    )


@pytest.mark.parametrize(
    "raw",
    ["", "abc", "-1", "0", "1.5", " ", "\u0661", True, None, 2**64, "99999999999999999999999", [1]],
)
def test_parse_id_turns_junk_into_not_found(raw: object) -> None:
    with pytest.raises(NotFound):
        planning.parse_id(raw, "unit")


def test_parse_id_and_text_fields() -> None:
    assert planning.parse_id(" 12 ") == 12
    assert planning.parse_id(7) == 7
    values = parse(LessonFields, {"title": "  Hello \n"})
    assert values.title == "Hello"
    with pytest.raises(ValidationFailed) as err:
        parse(LessonFields, {"title": {"$ne": ""}})
    assert err.value.errors == {"title": "Title must be text."}


def test_save_lesson_trims_and_keeps_fields_missing_from_the_form(world: World) -> None:
    m = world.maple
    with session_scope() as db:
        planning.save_lesson(
            db,
            actor=m.actor("teacher"),
            unit_id=str(m.unit.id),
            lesson_id=str(m.lesson.id),
            form={"title": "  Food chains ", "materials": "Cards", "duration_minutes": "40"},
        )
    with session_scope() as db:
        planning.save_lesson(
            db,
            actor=m.actor("teacher"),
            unit_id=m.unit.id,
            lesson_id=m.lesson.id,
            form={"assessment": "Exit ticket"},
        )
    with session_scope() as db:
        lesson = db.get(Lesson, m.lesson.id)
        assert lesson is not None
        assert (lesson.title, lesson.materials, lesson.assessment, lesson.duration_minutes) == (
            "Food chains",
            "Cards",
            "Exit ticket",
            40,
        )


def test_save_lesson_validation_error_saves_nothing(world: World) -> None:
    m = world.maple
    with pytest.raises(ValidationFailed), session_scope() as db:
        planning.save_lesson(
            db,
            actor=m.actor("teacher"),
            unit_id=m.unit.id,
            lesson_id=m.lesson.id,
            form={"title": "Changed", "duration_minutes": "0"},
        )
    with session_scope() as db:
        assert db.get(Lesson, m.lesson.id).title == "Food webs"  # type: ignore[union-attr]


def test_save_unit_status_is_checked_and_lowercased(world: World) -> None:
    m = world.maple
    with session_scope() as db:
        view = planning.save_unit(
            db, actor=m.actor("teacher"), unit_id=m.unit.id, form={"status": " Published "}
        )
    assert view.status == "published"
    with pytest.raises(ValidationFailed) as err, session_scope() as db:
        planning.save_unit(
            db,
            actor=m.actor("teacher"),
            unit_id=m.unit.id,
            form={"status": "archived", "title": "Other"},
        )
    assert err.value.field == "status"
    with session_scope() as db:
        unit = db.get(Unit, m.unit.id)
        assert unit is not None and (unit.title, unit.status) == ("Ecosystems", "published")


def test_reorder_with_junk_ids_is_refused_as_a_whole(session: Session, world: World) -> None:
    m = world.maple
    second = make_lesson(session, m.teacher, m.unit, title="Producers", position=2)
    for tampered in ([str(second.id), "abc"], "1,2", [str(second.id)], None):
        with pytest.raises(ValidationFailed), session_scope() as db:
            planning.reorder_lessons(
                db, actor=m.actor("teacher"), unit_id=m.unit.id, lesson_ids=tampered
            )  # type: ignore[arg-type]
    with session_scope() as db:
        rows = planning.reorder_lessons(
            db,
            actor=m.actor("teacher"),
            unit_id=m.unit.id,
            lesson_ids=[str(second.id), str(m.lesson.id)],
        )
    assert [(r.title, r.position) for r in rows] == [("Producers", 1), ("Food webs", 2)]


def test_lesson_page_and_unit_page_refuse_other_tenants(world: World) -> None:
    m, c = world.maple, world.cedar
    with session_scope() as db:
        with pytest.raises(NotFound):
            planning.unit_page(db, actor=c.actor("admin"), unit_id=m.unit.id)
        with pytest.raises(NotFound):
            planning.lesson_page(
                db, actor=c.actor("admin"), unit_id=m.unit.id, lesson_id=m.lesson.id
            )
        page = planning.lesson_page(
            db, actor=m.actor("teacher"), unit_id=m.unit.id, lesson_id=m.lesson.id
        )
    assert page.lesson.title == "Food webs" and page.unit.course_name == "Grade 5 Science"
    assert (page.place.count, page.place.previous_id, page.place.next_id) == (1, None, None)


def test_add_lesson_appends_and_create_course_trims(session: Session, world: World) -> None:
    m = world.maple
    with session_scope() as db:
        rows = planning.add_lesson(
            db, actor=m.actor("teacher"), unit_id=str(m.unit.id), title="  Producers "
        )
        course = planning.create_course(
            db, actor=m.actor("teacher"), form={"name": "  Art  ", "subject": " Art ",
                                                "grade_level": "5"}
        )
    assert [r.title for r in rows] == ["Food webs", "Producers"]
    assert (course.name, course.subject, course.grade_level) == ("Art", "Art", "5")
    assert session.exec(select(Lesson).where(Lesson.title == "Producers")).one().position == 2
