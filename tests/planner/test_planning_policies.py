"""Policies for courses, units and lessons, role by role (admin, lead, teacher, anonymous)."""

from __future__ import annotations

from sqlmodel import Session, select

from ai_planner.models import Course, Lesson, Unit
from ai_planner.policies import course as course_policy
from ai_planner.policies import lesson as lesson_policy
from ai_planner.policies import unit as unit_policy
from tests.factories import World, make_lesson


def _ids(session: Session, query) -> set[int]:  # type: ignore[no-untyped-def]
    return {row.id for row in session.exec(query).all()}


def test_anonymous_gets_nothing(session: Session, world: World) -> None:
    m = world.maple
    for policy, obj in ((course_policy, m.course), (unit_policy, m.unit)):
        assert not policy.can_list(None)
        assert not policy.can_show(None, obj)
        assert not policy.can_create(None)
        assert not policy.can_update(None, obj)
        assert not policy.can_delete(None, obj)
    assert not lesson_policy.can_list(None)
    assert not lesson_policy.can_show(None, m.lesson, unit=m.unit)
    assert not lesson_policy.can_create(None, unit=m.unit)
    assert not lesson_policy.can_update(None, m.lesson, unit=m.unit)
    assert not lesson_policy.can_delete(None, m.lesson, unit=m.unit)
    assert _ids(session, course_policy.scope(None, select(Course))) == set()
    assert _ids(session, unit_policy.scope(None, select(Unit))) == set()
    assert _ids(session, lesson_policy.scope(None, select(Lesson))) == set()


def test_teacher_sees_and_edits_only_own_units(session: Session, world: World) -> None:
    m = world.maple
    teacher = m.actor("teacher")
    assert unit_policy.can_list(teacher) and unit_policy.can_create(teacher)
    assert unit_policy.can_show(teacher, m.unit)
    assert unit_policy.can_update(teacher, m.unit)
    assert unit_policy.can_delete(teacher, m.unit)
    assert not unit_policy.can_show(teacher, m.other_unit)
    assert not unit_policy.can_update(teacher, m.other_unit)
    assert not unit_policy.can_delete(teacher, m.other_unit)
    assert _ids(session, unit_policy.scope(teacher, select(Unit))) == {m.unit.id}
    teacher2 = m.actor("teacher2")
    assert _ids(session, unit_policy.scope(teacher2, select(Unit))) == {m.other_unit.id}


def test_lead_and_admin_see_every_unit_of_their_tenant_only(session: Session, world: World) -> None:
    m, c = world.maple, world.cedar
    for role in ("lead", "admin"):
        actor = m.actor(role)
        assert unit_policy.can_update(actor, m.unit)
        assert unit_policy.can_delete(actor, m.other_unit)
        assert not unit_policy.can_show(actor, c.unit)
        assert not unit_policy.can_update(actor, c.unit)
        assert _ids(session, unit_policy.scope(actor, select(Unit))) == {m.unit.id, m.other_unit.id}
        assert lesson_policy.can_update(actor, m.lesson, unit=m.unit)
        assert not lesson_policy.can_show(actor, c.lesson, unit=c.unit)


def test_other_tenant_is_never_allowed(session: Session, world: World) -> None:
    m, c = world.maple, world.cedar
    cedar_admin = c.actor("admin")
    assert not course_policy.can_show(cedar_admin, m.course)
    assert not course_policy.can_update(cedar_admin, m.course)
    assert not unit_policy.can_show(cedar_admin, m.unit)
    assert not lesson_policy.can_show(cedar_admin, m.lesson, unit=m.unit)
    assert _ids(session, course_policy.scope(cedar_admin, select(Course))) == {c.course.id}
    assert _ids(session, lesson_policy.scope(cedar_admin, select(Lesson))) == {c.lesson.id}


def test_lesson_access_follows_its_unit(session: Session, world: World) -> None:
    m = world.maple
    other_lesson = make_lesson(session, m.teacher2, m.other_unit, title="Clouds")
    teacher = m.actor("teacher")
    assert lesson_policy.can_show(teacher, m.lesson, unit=m.unit)
    assert lesson_policy.can_create(teacher, unit=m.unit)
    assert not lesson_policy.can_create(teacher, unit=m.other_unit)
    assert not lesson_policy.can_show(teacher, other_lesson, unit=m.other_unit)
    assert not lesson_policy.can_update(teacher, other_lesson, unit=m.other_unit)
    # Borrowing access through a unit the lesson does not belong to is refused.
    assert not lesson_policy.can_update(teacher, other_lesson, unit=m.unit)
    assert not lesson_policy.can_show(teacher, m.lesson, unit=None)
    assert _ids(session, lesson_policy.scope(teacher, select(Lesson))) == {m.lesson.id}
    lead = m.actor("lead")
    assert _ids(session, lesson_policy.scope(lead, select(Lesson))) == {
        m.lesson.id,
        other_lesson.id,
    }


def test_courses_visible_to_everyone_in_tenant_editable_by_lead_admin_or_creator(
    world: World,
) -> None:
    m = world.maple
    # The world's course was created by the teacher.
    assert course_policy.can_show(m.actor("teacher2"), m.course)
    assert course_policy.can_create(m.actor("teacher2"))
    assert not course_policy.can_update(m.actor("teacher2"), m.course)
    assert course_policy.can_update(m.actor("teacher"), m.course)
    assert course_policy.can_update(m.actor("lead"), m.course)
    assert course_policy.can_delete(m.actor("admin"), m.course)


def test_unknown_role_sees_nothing(session: Session, world: World) -> None:
    from ai_planner.actor import Actor

    m = world.maple
    odd = Actor(id=m.teacher.id, tenant_id=m.tenant.id, role="guest")  # type: ignore[arg-type]
    assert not unit_policy.can_show(odd, m.unit)
    assert _ids(session, unit_policy.scope(odd, select(Unit))) == set()
