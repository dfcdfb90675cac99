"""Provider config schemas: every input rule of a config is declared here, once.

``ProviderConfigPublic`` never carries the key itself, only its mask. The key arrives as a
``SecretStr`` (hidden from ``repr`` and from validation errors) and is unwrapped only to be
encrypted (``repositories/ai_provider_configs.py``).
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from pydantic import ConfigDict, Field, SecretStr, field_validator, model_validator

from ai_planner.models.ai import ProviderName, ProviderStatus
from ai_planner.outbound import OutboundRefused, check_base_url
from ai_planner.schemas.base import (
    InputSchema,
    PublicSchema,
    blank_to_none,
    split_list,
    split_list_or_none,
)
from ai_planner.secret_values import secret_like_settings_keys

DISPLAY_NAME_MAX = 120
MODEL_NAME_MAX = 200
MAX_MODELS = 200
API_KEY_MAX = 500
BASE_URL_MAX = 500
# Printable ASCII without spaces: the key travels in an HTTP header.
_KEY_CHARACTERS = re.compile(r"[!-~]+")
KEY_MESSAGE = (
    "The API key can only contain letters, digits and symbols (no spaces), up to "
    f"{API_KEY_MAX} characters. Paste it again from your provider's dashboard."
)
MODELS_MESSAGE = (
    f"List at most {MAX_MODELS} model names, each up to {MODEL_NAME_MAX} characters, "
    "separated by commas."
)


def _provider(**default: Any) -> Any:
    return Field(title="Provider", **default)


def _display_name(**default: Any) -> Any:
    return Field(title="Display name", min_length=1, max_length=DISPLAY_NAME_MAX, **default)


def _default_model(**default: Any) -> Any:
    return Field(title="Default model", min_length=1, max_length=MODEL_NAME_MAX, **default)


def _api_key() -> Any:
    return Field(
        default=None, title="API key", repr=False, json_schema_extra={"message": KEY_MESSAGE}
    )


def _base_url(**default: Any) -> Any:
    return Field(title="Base URL", max_length=BASE_URL_MAX, **default)


def _available_models(**default: Any) -> Any:
    return Field(
        title="Available models",
        max_length=MAX_MODELS,
        json_schema_extra={"message": MODELS_MESSAGE},
        **default,
    )


def _status(**default: Any) -> Any:
    return Field(title="Status", **default)


def checked_key(value: Any) -> Any:
    """Blank means "no key given"; otherwise printable ASCII without spaces."""
    if isinstance(value, SecretStr):
        value = value.get_secret_value()
    value = blank_to_none(value)
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError("not text")  # never echo the value: it may be a key
    value = value.strip()
    if len(value) > API_KEY_MAX or not _KEY_CHARACTERS.fullmatch(value):
        raise ValueError("not a usable key")
    return SecretStr(value)


def checked_base_url(value: Any) -> Any:
    """The outbound rule (``ai_planner.outbound``): a refused URL says why, as the field's
    error. "" stays "" (an Update removing the base URL)."""
    if not isinstance(value, str) or value == "":
        return value
    try:
        return check_base_url(value)
    except OutboundRefused as refusal:
        raise ValueError(str(refusal)) from None


def checked_settings(value: Any) -> Any:
    """Settings are stored and shown in plaintext: nothing in them may look like a secret."""
    if isinstance(value, dict):
        found = secret_like_settings_keys(value)
        if found:
            raise ValueError(
                f"Don't put {', '.join(repr(k) for k in found)} in settings: they are stored "
                "unencrypted. Put the key in the API key field."
            )
    return value


def _lift_base_url(data: Any) -> Any:
    """A base URL sent inside ``settings`` (the API's shape) is checked like the field."""
    if isinstance(data, dict) and isinstance(data.get("settings"), dict):
        settings = dict(data["settings"])
        if "base_url" in settings and data.get("base_url") in (None, ""):
            return {**data, "base_url": settings.pop("base_url"), "settings": settings}
    return data


def _checked_models(value: Any) -> Any:
    names = split_list(value)
    if isinstance(names, list) and any(len(name) > MODEL_NAME_MAX for name in names):
        raise ValueError("a model name is too long")
    return list(dict.fromkeys(names)) if isinstance(names, list) else names


def models_with_default(models: list[str], default_model: str) -> list[str]:
    """Trimmed and de-duplicated (by ``split_list``), with the default model first if missing."""
    unique = list(dict.fromkeys(models))
    return unique if default_model in unique else [default_model, *unique]


class _ProviderConfigInput(InputSchema):
    # A key must never appear in an error's text (``str(ValidationError)`` shows inputs).
    model_config = ConfigDict(hide_input_in_errors=True)

    _settings_base_url = model_validator(mode="before")(_lift_base_url)


class ProviderConfigCreate(_ProviderConfigInput):
    provider_name: ProviderName = _provider()
    display_name: str = _display_name()
    default_model: str = _default_model()
    api_key: SecretStr | None = _api_key()
    # Stored as ``settings["base_url"]``; required for openai_compatible (the repository
    # checks it with the outbound URL rule).
    base_url: str | None = _base_url(default=None)
    available_models: list[str] = _available_models(default_factory=list)
    settings: dict[str, Any] = Field(default_factory=dict, title="Settings")
    status: ProviderStatus = _status(default="inactive")

    _key = field_validator("api_key", mode="before")(checked_key)
    _models = field_validator("available_models", mode="before")(_checked_models)
    _blank_url = field_validator("base_url", mode="before")(blank_to_none)
    _url = field_validator("base_url")(checked_base_url)
    _settings = field_validator("settings")(checked_settings)

    @model_validator(mode="after")
    def _default_model_is_available(self) -> ProviderConfigCreate:
        self.available_models = models_with_default(self.available_models, self.default_model)
        return self


class ProviderConfigUpdate(_ProviderConfigInput):
    """``None`` leaves a field unchanged. ``api_key`` None or "" keeps the stored key and
    ``remove_api_key`` removes it; ``base_url=""`` removes a base URL."""

    provider_name: ProviderName | None = _provider(default=None)
    display_name: str | None = _display_name(default=None)
    default_model: str | None = _default_model(default=None)
    api_key: SecretStr | None = _api_key()
    remove_api_key: bool = False
    base_url: str | None = _base_url(default=None)
    available_models: list[str] | None = _available_models(default=None)
    settings: dict[str, Any] | None = Field(default=None, title="Settings")
    status: ProviderStatus | None = _status(default=None)

    _key = field_validator("api_key", mode="before")(checked_key)
    _models = field_validator("available_models", mode="before")(
        lambda value: None if value is None else _checked_models(split_list_or_none(value))
    )
    _url = field_validator("base_url")(checked_base_url)
    _settings = field_validator("settings")(checked_settings)


class ProviderConfigPublic(PublicSchema):
    id: int
    provider_name: str
    display_name: str
    default_model: str
    available_models: list[str]
    base_url: str = ""
    settings: dict[str, Any]
    status: str
    has_api_key: bool
    api_key_mask: str
    task_policy_count: int = 0
    created_at: datetime
    updated_at: datetime
