"""A shared classroom computer: after one user signs out (or another signs in over them),
nothing of theirs stays in the tab's state, so nothing of it is sent to the next page."""

from __future__ import annotations

import json

from ai_planner.state.auth import LoginState
from ai_planner.state.base import SessionState
from ai_planner.state.planner import LessonEditorState, UnitPlannerState, UnitsListState
from tests.factories import PASSWORD, World
from tests.state.conftest import StateTree, run


def _sign_in(tree: StateTree, email: str) -> None:
    tree.visit("/login")
    run(LoginState.sign_in.fn(tree.get(LoginState), {"email": email, "password": PASSWORD}))


def _work_as_maple_teacher(tree: StateTree, world: World) -> None:
    m = world.maple
    _sign_in(tree, "teacher@maple.test")
    tree.visit("/plan")
    UnitsListState.load.fn(tree.get(UnitsListState))
    tree.visit(f"/plan/units/{m.unit.id}/")
    planner = tree.get(UnitPlannerState)
    UnitPlannerState.load.fn(planner)
    UnitPlannerState.edit.fn(planner, "summary", "MAPLE-ONLY draft text")
    tree.visit(f"/plan/units/{m.unit.id}/lessons/{m.lesson.id}/")
    LessonEditorState.load.fn(tree.get(LessonEditorState))
    assert "Ecosystems" in _everything(tree)


def _everything(tree: StateTree) -> str:
    """Every var of every state in the tab: what the browser gets and what the server keeps
    (``__getstate__``, backend-only vars included)."""
    parts = []
    for state in (tree.session, tree.get(LoginState), tree.get(UnitsListState),
                  tree.get(UnitPlannerState), tree.get(LessonEditorState)):
        parts.append(json.dumps(state.dict(), default=str))
        parts.append(repr(state.__getstate__()))
    return "\n".join(parts)


def _maple_traces(world: World) -> list[str]:
    m = world.maple
    return ["Ecosystems", "Food webs", "MAPLE-ONLY", m.tenant.name, "teacher@maple.test",
            m.teacher.name, f"/plan/units/{m.unit.id}"]


def test_sign_out_forgets_everything_of_the_user(world: World) -> None:
    tree = StateTree()
    _work_as_maple_teacher(tree, world)
    run(SessionState.sign_out.fn(tree.session))
    left = _everything(tree)
    assert [trace for trace in _maple_traces(world) if trace in left] == []
    assert tree.get(UnitPlannerState)._unit_id == ""


def test_a_cedar_user_signing_in_over_a_maple_tab_sees_nothing_of_maple(world: World) -> None:
    tree = StateTree()
    _work_as_maple_teacher(tree, world)
    _sign_in(tree, "admin@cedar.test")  # no sign-out in between
    assert tree.session.tenant_name == world.cedar.tenant.name
    left = _everything(tree)
    assert [trace for trace in _maple_traces(world) if trace in left] == []
