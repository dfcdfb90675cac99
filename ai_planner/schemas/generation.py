"""A generation request (the assist panel's form, later the JSON API's body) and what the
panel shows of past generations."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import Field, field_validator

from ai_planner.models.ai import TaskType
from ai_planner.schemas.base import InputSchema, PublicSchema, blank_to_none

PROMPT_MAX = 8_000
DEFAULT_MAX_TOKENS = 2_048
DEFAULT_TEMPERATURE = 0.7


class GenerationRequest(InputSchema):
    task_type: TaskType = Field(title="Task type")
    prompt: str = Field(min_length=1, max_length=PROMPT_MAX, title="Prompt", json_schema_extra={
        "message": "Describe what you'd like the AI to help with (up to 8,000 characters)."})
    unit_id: int | None = Field(default=None, gt=0)
    lesson_id: int | None = Field(default=None, gt=0)
    template_id: int | None = Field(default=None, gt=0, title="Template")
    max_tokens: int | None = Field(default=None, gt=0, title="Max tokens")
    temperature: float | None = Field(default=None, ge=0, le=2, title="Temperature")

    _blanks = field_validator("unit_id", "lesson_id", "template_id", "max_tokens", "temperature",
                              mode="before")(blank_to_none)


class PastGeneration(PublicSchema):
    """One of the user's earlier generations for this unit or lesson (the panel's history)."""

    id: int
    task_type: str
    status: str
    created_at: datetime
    prompt: str
    error_message: str | None
    awaiting_approval: bool
    context: dict[str, Any] = Field(default_factory=dict)
