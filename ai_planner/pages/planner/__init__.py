"""Planner pages: the units list, the unit planner and the lesson editor.

``register(app)`` adds the three routes (called by ``ai_planner.py``). Each is a protected
page (sign-in required; every role may plan) whose ``on_load`` reads the ids from the URL.
"""

from __future__ import annotations

import reflex as rx

from ai_planner.state.planner import LessonEditorState, UnitPlannerState, UnitsListState
from ai_planner.state.planner.common import LESSON_ROUTE, PLAN_ROUTE, UNIT_ROUTE


def register(app: rx.App) -> None:
    from ai_planner.pages import protected_page
    from ai_planner.pages.planner.lesson_editor import lesson_editor_page
    from ai_planner.pages.planner.unit_planner import unit_planner_page
    from ai_planner.pages.planner.units_list import units_list_page

    protected_page(PLAN_ROUTE, "Planner", on_load=UnitsListState.load)(units_list_page)
    protected_page(UNIT_ROUTE, "Unit planner", on_load=UnitPlannerState.load)(unit_planner_page)
    protected_page(LESSON_ROUTE, "Lesson editor", on_load=LessonEditorState.load)(
        lesson_editor_page
    )
