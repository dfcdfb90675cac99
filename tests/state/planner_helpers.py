"""Helpers of the planner state tests: a signed-in tab, a fresh read of a row, a page opened
the way the browser opens it."""

from __future__ import annotations

from sqlmodel import Session

from ai_planner.db import get_engine, session_scope
from ai_planner.services import auth
from ai_planner.state.planner import LessonEditorState, UnitPlannerState
from tests.factories import PASSWORD
from tests.state.conftest import StateTree


def signed_in_tree(email: str) -> StateTree:
    tree = StateTree()
    with session_scope() as db:
        tree.set_cookie(auth.sign_in(db, email=email, password=PASSWORD).token)
    return tree


def fresh(model: type, row_id: int):  # type: ignore[no-untyped-def]
    with Session(get_engine()) as db:
        return db.get(model, row_id)


def open_unit(tree: StateTree, unit_id: object) -> UnitPlannerState:
    tree.visit(f"/plan/units/{unit_id}/")
    state = tree.get(UnitPlannerState)
    UnitPlannerState.load.fn(state)
    return state


def open_lesson(tree: StateTree, unit_id: object, lesson_id: object) -> LessonEditorState:
    tree.visit(f"/plan/units/{unit_id}/lessons/{lesson_id}/")
    state = tree.get(LessonEditorState)
    LessonEditorState.load.fn(state)
    return state
