"""Template schemas."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field, field_validator

from ai_planner.schemas.base import InputSchema, PublicSchema, split_list, split_list_or_none


class TemplateCreate(InputSchema):
    name: str
    task_type: str
    status: str = "draft"
    system_prompt: str
    user_prompt_template: str
    # Empty: taken from the {placeholders} of the user prompt template.
    variables: list[str] = Field(default_factory=list)

    _split_variables = field_validator("variables", mode="before")(split_list)


class TemplateUpdate(InputSchema):
    """``None`` leaves a field unchanged."""

    name: str | None = None
    task_type: str | None = None
    status: str | None = None
    system_prompt: str | None = None
    user_prompt_template: str | None = None
    variables: list[str] | None = None

    _split_variables = field_validator("variables", mode="before")(split_list_or_none)


class TemplatePublic(PublicSchema):
    id: int
    name: str
    task_type: str
    status: str | None
    system_prompt: str
    user_prompt_template: str
    variables: list[str]
    created_at: datetime
    updated_at: datetime
