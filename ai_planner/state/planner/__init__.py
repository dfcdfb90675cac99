"""States of the planner pages: units list, unit planner, lesson editor."""

from ai_planner.state.planner.lesson_editor import LessonEditorState
from ai_planner.state.planner.unit_planner import UnitPlannerState
from ai_planner.state.planner.units_list import UnitsListState

__all__ = ["LessonEditorState", "UnitPlannerState", "UnitsListState"]
