"""Provider config schemas. ``ProviderConfigPublic`` never carries the key itself."""

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


class ProviderConfigCreate(InputSchema):
    provider_name: str
    display_name: str
    default_model: str
    api_key: str | None = Field(default=None, repr=False)
    available_models: list[str] = Field(default_factory=list)
    settings: dict[str, Any] = Field(default_factory=dict)
    status: str = "inactive"

    _split_models = field_validator("available_models", mode="before")(split_list)
    _blank_key = field_validator("api_key", mode="before")(blank_to_none)


class ProviderConfigUpdate(InputSchema):
    """``None`` leaves a field unchanged; ``api_key`` None or "" keeps the stored key."""

    provider_name: str | None = None
    display_name: str | None = None
    default_model: str | None = None
    api_key: str | None = Field(default=None, repr=False)
    available_models: list[str] | None = None
    settings: dict[str, Any] | None = None
    status: str | None = None

    _split_models = field_validator("available_models", mode="before")(split_list_or_none)
    _blank_key = field_validator("api_key", mode="before")(blank_to_none)


class ProviderConfigPublic(PublicSchema):
    id: int
    provider_name: str
    display_name: str
    default_model: str
    available_models: list[str]
    settings: dict[str, Any]
    status: str
    has_api_key: bool
    api_key_mask: str
    task_policy_count: int = 0
    created_at: datetime
    updated_at: datetime
