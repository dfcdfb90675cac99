"""Tenant and owner isolation asserted by row ids, not by titles.

The two test tenants are built from the same factory defaults, so their units, lessons and
courses share titles: a title-set assertion would still pass with the other tenant's rows
leaking in. Here every list, for every role of both tenants, must return exactly the ids of
the actor's scope. Then same-tenant swaps: teacher2's ids sent to the teacher's ``save``
(and the other lesson handlers) are refused like missing ids and change nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlmodel import Session

from ai_planner.db import get_engine, session_scope
from ai_planner.errors import NotAllowed, NotFound
from ai_planner.models import Lesson, Unit
from ai_planner.repositories import (
    ai_provider_configs,
    ai_task_policies,
    ai_templates,
    courses,
    invocation_log,
    lessons,
    unit_list,
)
from ai_planner.schemas.invocation_log import InvocationLogQuery
from ai_planner.schemas.unit_list import UnitListQuery
from ai_planner.services import auth, planning
from ai_planner.state.planner import LessonEditorState, UnitPlannerState
from tests.factories import PASSWORD, TenantWorld, World, make_invocation, make_lesson
from tests.state.conftest import StateTree

ROLES = ("admin", "lead", "teacher", "teacher2")


def scope_ids(session: Session, t: TenantWorld, role: str) -> dict[str, set[int] | None]:
    """What ``role`` of tenant ``t`` lists, by ids (None: not allowed to list)."""
    actor = t.actor(role)

    def ids(read: Callable[[], Any]) -> set[int] | None:
        try:
            rows = read()
        except NotAllowed:
            return None
        return {row.id for row in rows}

    def units() -> list[Any]:
        page = unit_list.list_page(session, actor=actor, query=UnitListQuery(author="everyone"))
        return [unit for group in page.groups for unit in group.units]

    return {
        "units": ids(units),
        "courses": ids(lambda: courses.options(session, actor=actor)),
        "configs": ids(lambda: ai_provider_configs.list_public(session, actor=actor)),
        "policies": ids(lambda: ai_task_policies.list_public(session, actor=actor)),
        "templates": ids(lambda: ai_templates.page(session, actor=actor).items),
        "audit log": ids(lambda: invocation_log.list_page(
            session, actor=actor, query=InvocationLogQuery()).rows),
    }


def expected_ids(t: TenantWorld, role: str, extra_run: int) -> dict[str, set[int] | None]:
    everyone = role in ("admin", "lead")
    own_unit = {"teacher": t.unit.id, "teacher2": t.other_unit.id}
    runs = {"admin": {t.invocation.id, extra_run}, "lead": set(),
            "teacher": {t.invocation.id}, "teacher2": {extra_run}}[role]
    return {
        "units": {t.unit.id, t.other_unit.id} if everyone else {own_unit[role]},
        "courses": {t.course.id},
        "configs": {t.config.id} if role == "admin" else None,
        "policies": {t.policy.id} if role == "admin" else None,
        "templates": {t.template.id} if everyone else None,
        "audit log": runs,
    }


def test_every_list_returns_exactly_the_actors_ids(world: World, session: Session) -> None:
    runs = {name: make_invocation(session, t.teacher2, t.config).id
            for name, t in (("maple", world.maple), ("cedar", world.cedar))}
    seen: dict[str, set[int]] = {"maple": set(), "cedar": set()}
    for name, t in (("maple", world.maple), ("cedar", world.cedar)):
        for role in ROLES:
            got = scope_ids(session, t, role)
            assert got == expected_ids(t, role, runs[name]), (name, role)
            for what, found in got.items():
                seen[name] |= {hash((what, i)) for i in found or ()}
    assert seen["maple"] and seen["cedar"] and not seen["maple"] & seen["cedar"]


def test_lessons_list_by_id(world: World, session: Session) -> None:
    m, c = world.maple, world.cedar
    clouds = make_lesson(session, m.teacher2, m.other_unit, title="Food webs")  # same title
    assert {x.id for x in lessons.rows(session, actor=m.actor("teacher"),
                                       unit_id=m.unit.id)} == {m.lesson.id}
    assert {x.id for x in lessons.rows(session, actor=m.actor("lead"),
                                       unit_id=m.other_unit.id)} == {clouds.id}
    for actor, unit_id in ((m.actor("teacher"), m.other_unit.id),
                           (c.actor("admin"), m.unit.id)):
        with pytest.raises(NotFound):
            lessons.rows(session, actor=actor, unit_id=unit_id)


# --- same-tenant swaps -----------------------------------------------------------------------


def fresh(model: type, row_id: int) -> Any:
    with Session(get_engine()) as db:
        return db.get(model, row_id)


def signed_in(email: str) -> StateTree:
    tree = StateTree()
    with session_scope() as db:
        tree.set_cookie(auth.sign_in(db, email=email, password=PASSWORD,
                                     throttle=auth.LoginThrottle()).token)
    return tree


def test_teacher2s_unit_id_in_the_teachers_save_changes_nothing(world: World) -> None:
    m = world.maple
    tree = signed_in("teacher@maple.test")
    tree.visit(f"/plan/units/{m.unit.id}/")
    state = tree.get(UnitPlannerState)
    UnitPlannerState.load.fn(state)
    assert state.page_status == "ready"
    UnitPlannerState.edit.fn(state, "title", "Taken over")
    state._unit_id = str(m.other_unit.id)  # teacher2's unit, same tenant, same course
    UnitPlannerState.save.fn(state)
    assert state.page_status == "not_found"
    assert fresh(Unit, m.other_unit.id).title == "Weather and climate"
    assert fresh(Unit, m.unit.id).title == "Ecosystems"


def test_teacher2s_lesson_ids_in_the_teachers_lesson_save_change_nothing(
    world: World, session: Session
) -> None:
    m = world.maple
    theirs = make_lesson(session, m.teacher2, m.other_unit, title="Clouds")
    for unit_id in (m.other_unit.id, m.unit.id):  # their unit, or the teacher's own unit
        tree = signed_in("teacher@maple.test")
        tree.visit(f"/plan/units/{m.unit.id}/lessons/{m.lesson.id}/")
        state = tree.get(LessonEditorState)
        LessonEditorState.load.fn(state)
        assert state.page_status == "ready"
        LessonEditorState.edit.fn(state, "title", "Overwritten")
        state._unit_id, state._lesson_id = str(unit_id), str(theirs.id)
        LessonEditorState.save.fn(state)
        assert state.page_status == "not_found"
        assert fresh(Lesson, theirs.id).title == "Clouds"
    assert fresh(Lesson, m.lesson.id).title == "Food webs"


def test_the_services_refuse_teacher2s_ids_like_missing_ones(
    world: World, session: Session
) -> None:
    m = world.maple
    teacher = m.actor("teacher")
    theirs = make_lesson(session, m.teacher2, m.other_unit, title="Clouds")
    unit, lesson = m.other_unit.id, theirs.id
    unit_calls: list[Callable[[int], Any]] = [
        lambda u: planning.save_unit(session, actor=teacher, unit_id=u,
                                     form={"title": "Taken over"}),
        lambda u: planning.add_lesson(session, actor=teacher, unit_id=u, title="Sneaky"),
        lambda u: planning.delete_unit(session, actor=teacher, unit_id=u),
    ]
    lesson_calls: list[Callable[[int, int], Any]] = [
        lambda u, l_: planning.save_lesson(session, actor=teacher, unit_id=u, lesson_id=l_,
                                           form={"title": "Overwritten"}),
        lambda u, l_: planning.delete_lesson(session, actor=teacher, unit_id=u, lesson_id=l_),
        lambda u, l_: planning.move_lesson(session, actor=teacher, unit_id=u, lesson_id=l_,
                                           direction="up"),
    ]
    def refusal(call: Callable[..., Any], *ids: int) -> str:
        with pytest.raises(NotFound) as refused:
            call(*ids)
        session.rollback()
        return refused.value.message

    for unit_call in unit_calls:
        # teacher2's unit is refused exactly like a missing one
        assert refusal(unit_call, unit) == refusal(unit_call, 999_999)
    for lesson_call in lesson_calls:
        # teacher2's lesson, in their unit or under the teacher's own unit; a missing one
        missing = refusal(lesson_call, 999_999, 999_999)
        assert refusal(lesson_call, unit, lesson) == missing
        assert refusal(lesson_call, m.unit.id, lesson) in (missing, refusal(
            lesson_call, m.unit.id, 999_999))
    assert fresh(Unit, unit).title == "Weather and climate"
    assert fresh(Lesson, lesson).title == "Clouds"
    assert [x.id for x in lessons.rows(session, actor=m.actor("teacher2"), unit_id=unit)
            ] == [lesson]
