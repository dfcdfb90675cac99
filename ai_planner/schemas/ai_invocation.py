"""Invocation schemas: the audit log's rows, filters and pages."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, Field, field_validator

from ai_planner.models.ai import InvocationStatus, TaskType
from ai_planner.schemas.base import InputSchema, NumberedPage, PublicSchema, blank_to_none

MAX_PER_PAGE = 100


class TokenUsage(BaseModel):
    """What the gateway reports for one generation."""

    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    total_tokens: int | None = None


class InvocationFilters(InputSchema):
    task_type: TaskType | None = Field(default=None, title="Task type")
    status: InvocationStatus | None = Field(default=None, title="Status")
    date_from: date | None = None
    date_to: date | None = None
    page: int = Field(default=1, ge=1)
    per_page: int = Field(default=25, ge=1, le=MAX_PER_PAGE)

    _blanks = field_validator("task_type", "status", "date_from", "date_to", mode="before")(
        blank_to_none
    )


class InvocationPublic(PublicSchema):
    id: int
    task_type: str
    status: str
    provider_name: str
    model: str
    user_id: int
    user_name: str = ""
    ai_task_policy_id: int | None
    ai_template_id: int | None
    context: dict[str, Any]
    prompt_tokens: int | None
    completion_tokens: int | None
    total_tokens: int | None
    duration_ms: int | None
    error_message: str | None
    started_at: datetime | None
    completed_at: datetime | None
    created_at: datetime


class InvocationPage(NumberedPage):
    items: list[InvocationPublic]
