"""The units list state driven the way a crafted websocket message could drive them: any handler,
any arguments, any URL. Every refusal is checked in the database, not only on the screen."""

from __future__ import annotations

from sqlmodel import Session, select

from ai_planner.models import Unit
from ai_planner.state.planner import UnitsListState
from tests.factories import World
from tests.state.conftest import StateTree, redirect_target
from tests.state.planner_helpers import open_unit, signed_in_tree

# --- units list ------------------------------------------------------------------------------


def _titles(state: UnitsListState) -> set[str]:
    return {unit["title"] for group in state.groups for unit in group.units}


def test_units_list_shows_each_role_its_scope(world: World) -> None:
    m = world.maple
    teacher = signed_in_tree("teacher@maple.test").get(UnitsListState)
    UnitsListState.load.fn(teacher)
    assert _titles(teacher) == {"Ecosystems"}
    assert teacher.groups[0].course_name == "Grade 5 Science"
    assert teacher.groups[0].units[0]["lesson_count"] == "1 lesson"

    lead_tree = signed_in_tree("lead@maple.test")
    lead = lead_tree.get(UnitsListState)
    UnitsListState.load.fn(lead)
    assert _titles(lead) == set()  # "Planned by: me" first, and the lead planned none
    lead_tree.visit("/plan?author=everyone", {"author": "everyone"})
    UnitsListState.load.fn(lead)
    assert _titles(lead) == {"Ecosystems", "Weather and climate"}
    assert {c["id"] for c in lead.courses} == {str(m.course.id)}

    # A teacher asking for everyone's units still gets only their own.
    teacher_tree = signed_in_tree("teacher2@maple.test")
    teacher_tree.visit("/plan?author=everyone", {"author": "everyone"})
    teacher2 = teacher_tree.get(UnitsListState)
    UnitsListState.load.fn(teacher2)
    assert _titles(teacher2) == {"Weather and climate"}

    cedar_tree = signed_in_tree("admin@cedar.test")
    cedar_tree.visit("/plan?author=everyone", {"author": "everyone"})
    cedar = cedar_tree.get(UnitsListState)
    UnitsListState.load.fn(cedar)
    assert {c["id"] for c in cedar.courses} == {str(world.cedar.course.id)}
    assert all(u["id"] != str(m.unit.id) for g in cedar.groups for u in g.units)


def test_units_list_without_a_session_loads_nothing(world: World) -> None:
    tree = StateTree()
    state = tree.get(UnitsListState)
    result = UnitsListState.load.fn(state)
    assert redirect_target(result) == "/login?next=/plan"
    assert state.groups == [] and state.courses == []


def test_search_goes_into_the_url_and_narrows_the_list(world: World) -> None:
    tree = signed_in_tree("lead@maple.test")
    tree.visit("/plan?author=everyone", {"author": "everyone"})
    state = tree.get(UnitsListState)
    UnitsListState.load.fn(state)
    target = redirect_target(UnitsListState.search_units.fn(state, "weather"))
    assert target == "/plan?q=weather&author=everyone"
    tree.visit(target, {"q": "weather", "author": "everyone"})
    UnitsListState.load.fn(state)
    assert _titles(state) == {"Weather and climate"}
    assert state.search == "weather" and state.filtered
    # crafted: a non-text search is dropped
    assert redirect_target(UnitsListState.search_units.fn(state, {"not": "text"})) == (
        "/plan?author=everyone")


def test_create_unit_refuses_another_tenants_course(world: World, session: Session) -> None:
    state = signed_in_tree("teacher@maple.test").get(UnitsListState)
    result = UnitsListState.create_unit.fn(
        state, {"title": "Stolen shelf", "course_id": str(world.cedar.course.id)}
    )
    assert result is None
    assert state.create_errors == {"course_id": "Choose one of the courses in the list."}
    assert session.exec(select(Unit).where(Unit.title == "Stolen shelf")).first() is None


def test_create_unit_files_it_for_the_actor_and_opens_it(world: World, session: Session) -> None:
    m = world.maple
    state = signed_in_tree("teacher2@maple.test").get(UnitsListState)
    # A crafted form cannot choose the tenant or the owner.
    result = UnitsListState.create_unit.fn(
        state,
        {
            "title": "  Rocks  ",
            "course_id": str(m.course.id),
            "tenant_id": "2",
            "created_by_id": str(m.admin.id),
        },
    )
    unit = session.exec(select(Unit).where(Unit.title == "Rocks")).one()
    assert (unit.tenant_id, unit.created_by_id) == (m.tenant.id, m.teacher2.id)
    assert redirect_target(result) == f"/plan/units/{unit.id}"


def test_create_unit_blank_title_says_so(world: World) -> None:
    state = signed_in_tree("teacher@maple.test").get(UnitsListState)
    UnitsListState.create_unit.fn(state, {"title": "   ", "course_id": str(world.maple.course.id)})
    assert state.create_errors == {"title": "Title can't be blank."}


def test_create_course_then_new_unit_dialog_preselects_it(world: World) -> None:
    state = signed_in_tree("teacher2@maple.test").get(UnitsListState)
    UnitsListState.load.fn(state)
    UnitsListState.create_course.fn(state, {"name": "  ", "subject": "Art"})
    assert state.course_errors == {"name": "Course name can't be blank."}
    UnitsListState.create_course.fn(state, {"name": "Visual Arts", "grade_level": "6"})
    assert state.course_errors == {} and state.create_open
    created = next(c for c in state.courses if c["name"] == "Visual Arts")
    assert state.preferred_course_id == created["id"]
    # The course belongs to the actor's tenant: Cedar does not see it.
    cedar = signed_in_tree("admin@cedar.test").get(UnitsListState)
    UnitsListState.load.fn(cedar)
    assert all(c["name"] != "Visual Arts" for c in cedar.courses)


def test_create_course_without_a_session_creates_nothing(world: World, session: Session) -> None:
    from ai_planner.models import Course

    state = StateTree().get(UnitsListState)
    UnitsListState.create_course.fn(state, {"name": "Ghost course"})
    assert "sign in" in state.course_errors["form"].lower()
    assert session.exec(select(Course).where(Course.name == "Ghost course")).first() is None


async def test_leaving_a_page_drops_its_data(world: World) -> None:
    """The units list's page of cards is not carried into the unit planner's state (nor
    sent to the browser again on its reloads)."""
    from ai_planner import routes
    from ai_planner.state.base import SessionState

    tree = signed_in_tree("teacher@maple.test")
    units = tree.get(UnitsListState)
    UnitsListState.load.fn(units)
    assert units.groups and units.loaded
    tree.visit(f"/plan/units/{world.maple.unit.id}/")
    await SessionState.drop_other_pages.fn(tree.session, routes.UNIT)
    assert units.groups == [] and not units.loaded and units.courses == []
    planner = open_unit(tree, world.maple.unit.id)
    assert planner.page_status == "ready"
    await SessionState.drop_other_pages.fn(tree.session, routes.PLAN)
    assert planner.lessons == [] and planner.form == {} and planner.page_status == "loading"
