"""Schema parsing: form strings become typed values, bad input becomes a readable error."""

from __future__ import annotations

import pytest

from ai_planner.errors import ValidationFailed
from ai_planner.schemas.ai_provider_config import ProviderConfigCreate, ProviderConfigUpdate
from ai_planner.schemas.ai_task_policy import TaskPolicyCreate
from ai_planner.schemas.base import parse


def test_form_strings_are_coerced() -> None:
    config = parse(ProviderConfigCreate, {"provider_name": " openai ", "display_name": "OpenAI",
                                          "default_model": "gpt-4o", "api_key": "",
                                          "available_models": "gpt-4o, , gpt-4o-mini"})
    assert (config.provider_name, config.api_key, config.available_models) == (
        "openai", None, ["gpt-4o", "gpt-4o-mini"])
    assert parse(ProviderConfigUpdate, {"api_key": "  "}).api_key is None
    assert parse(ProviderConfigUpdate, {}).available_models is None


def test_api_key_is_not_in_the_repr() -> None:
    config = parse(ProviderConfigCreate, {"provider_name": "openai", "display_name": "OpenAI",
                                          "default_model": "gpt-4o", "api_key": "sk-secret-1"})
    assert "sk-secret-1" not in repr(config)


@pytest.mark.parametrize("schema,data,field,message", [
    (TaskPolicyCreate, {"task_type": "rewrite"}, "ai_provider_config_id",
     "Provider is required."),
    (TaskPolicyCreate, {"ai_provider_config_id": "x", "task_type": "rewrite"},
     "ai_provider_config_id", "Provider must be a whole number."),
    (TaskPolicyCreate, {"ai_provider_config_id": 1, "task_type": "rewrite",
                        "temperature_limit": "hot"}, "temperature_limit",
     "Temperature limit must be a number from 0 to 2."),
])
def test_readable_errors(schema: type, data: dict, field: str, message: str) -> None:
    with pytest.raises(ValidationFailed) as error:
        parse(schema, data)
    assert (error.value.field, error.value.message) == (field, message)
