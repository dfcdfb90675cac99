"""Task policy schemas (admin-facing, full detail): every input rule of a policy, once."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import Field, field_validator

from ai_planner.actor import Role
from ai_planner.models.ai import (
    MAX_TOKENS_CEILING,
    MAX_TOKENS_FLOOR,
    MAX_TOKENS_MESSAGE,
    TEMPERATURE_MESSAGE,
    TEMPERATURE_RANGE,
    TaskType,
)
from ai_planner.schemas.base import (
    InputSchema,
    PublicSchema,
    blank_to_none,
    split_list,
    split_list_or_none,
)

MODEL_NAME_MAX = 200


def _config_id(**default: Any) -> Any:
    return Field(title="Provider", **default)


def _task_type(**default: Any) -> Any:
    return Field(title="Task type", **default)


def _roles(**default: Any) -> Any:
    return Field(title="Allowed roles", **default)


def _max_tokens(**default: Any) -> Any:
    return Field(
        title="Max tokens",
        gt=MAX_TOKENS_FLOOR,
        le=MAX_TOKENS_CEILING,
        json_schema_extra={"message": MAX_TOKENS_MESSAGE},
        **default,
    )


def _temperature(**default: Any) -> Any:
    low, high = TEMPERATURE_RANGE
    return Field(
        title="Temperature limit",
        ge=low,
        le=high,
        allow_inf_nan=False,
        json_schema_extra={"message": TEMPERATURE_MESSAGE},
        **default,
    )


def _model_override(**default: Any) -> Any:
    return Field(title="Model override", max_length=MODEL_NAME_MAX, **default)


def _unique(roles: Any) -> Any:
    return list(dict.fromkeys(roles)) if isinstance(roles, list) else roles


class TaskPolicyCreate(InputSchema):
    ai_provider_config_id: int = _config_id()
    task_type: TaskType = _task_type()
    enabled: bool = True
    requires_approval: bool = False
    allowed_roles: list[Role] = _roles(default_factory=list)  # empty: every role
    max_tokens_limit: int | None = _max_tokens(default=4096)
    temperature_limit: float | None = _temperature(default=1.0)
    model_override: str | None = _model_override(default=None)
    settings: dict[str, Any] = Field(default_factory=dict, title="Settings")

    _split_roles = field_validator("allowed_roles", mode="before")(split_list)
    _unique_roles = field_validator("allowed_roles")(_unique)
    # An empty Max tokens / Temperature limit field is an error ("must be a whole number"),
    # not a silent "no limit"; the API may send null for no limit.
    _blank_model = field_validator("model_override", mode="before")(blank_to_none)


class TaskPolicyUpdate(InputSchema):
    """``None`` leaves a field unchanged; ``model_override=""`` clears the override."""

    ai_provider_config_id: int | None = _config_id(default=None)
    task_type: TaskType | None = _task_type(default=None)
    enabled: bool | None = None
    requires_approval: bool | None = None
    allowed_roles: list[Role] | None = _roles(default=None)
    max_tokens_limit: int | None = _max_tokens(default=None)
    temperature_limit: float | None = _temperature(default=None)
    model_override: str | None = _model_override(default=None)
    settings: dict[str, Any] | None = Field(default=None, title="Settings")

    _split_roles = field_validator("allowed_roles", mode="before")(split_list_or_none)
    _unique_roles = field_validator("allowed_roles")(_unique)


class TaskPolicyPublic(PublicSchema):
    id: int
    task_type: str
    task_label: str
    ai_provider_config_id: int
    provider_display_name: str
    provider_name: str
    provider_active: bool = True
    enabled: bool
    requires_approval: bool
    allowed_roles: list[str]
    max_tokens_limit: int | None
    temperature_limit: float | None
    model_override: str | None
    settings: dict[str, Any]
    created_at: datetime
    updated_at: datetime
