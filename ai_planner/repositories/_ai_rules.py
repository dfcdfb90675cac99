"""Checks the AI-table repositories share (private to this package)."""

from __future__ import annotations

from typing import Any

from ai_planner.errors import ValidationFailed
from ai_planner.models import TASK_TYPE_LABELS, TASK_TYPES


def check_task_type(task_type: Any, field: str = "task_type") -> str:
    if task_type not in TASK_TYPES:
        choices = ", ".join(TASK_TYPE_LABELS[t] for t in TASK_TYPES)
        raise ValidationFailed(field, f"Task type must be one of: {choices}.")
    return str(task_type)
