"""Task policy schemas (admin-facing, full detail)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import Field, field_validator

from ai_planner.schemas.base import (
    InputSchema,
    PublicSchema,
    blank_to_none,
    split_list,
    split_list_or_none,
)


class TaskPolicyCreate(InputSchema):
    ai_provider_config_id: int
    task_type: str
    enabled: bool = True
    requires_approval: bool = False
    allowed_roles: list[str] = Field(default_factory=list)
    max_tokens_limit: int | None = 4096
    temperature_limit: float | None = 1.0
    model_override: str | None = None
    settings: dict[str, Any] = Field(default_factory=dict)

    _split_roles = field_validator("allowed_roles", mode="before")(split_list)
    _blanks = field_validator(
        "model_override", "max_tokens_limit", "temperature_limit", mode="before"
    )(blank_to_none)


class TaskPolicyUpdate(InputSchema):
    """``None`` leaves a field unchanged; ``model_override=""`` clears the override."""

    ai_provider_config_id: int | None = None
    task_type: str | None = None
    enabled: bool | None = None
    requires_approval: bool | None = None
    allowed_roles: list[str] | None = None
    max_tokens_limit: int | None = None
    temperature_limit: float | None = None
    model_override: str | None = None
    settings: dict[str, Any] | None = None

    _split_roles = field_validator("allowed_roles", mode="before")(split_list_or_none)
    _blanks = field_validator("max_tokens_limit", "temperature_limit", mode="before")(
        blank_to_none
    )


class TaskPolicyPublic(PublicSchema):
    id: int
    task_type: str
    task_label: str
    ai_provider_config_id: int
    provider_display_name: str
    provider_name: str
    enabled: bool
    requires_approval: bool
    allowed_roles: list[str]
    max_tokens_limit: int | None
    temperature_limit: float | None
    model_override: str | None
    settings: dict[str, Any]
    created_at: datetime
    updated_at: datetime
