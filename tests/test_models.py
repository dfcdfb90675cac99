"""Model-level validation: readable messages, enforced on every flush."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from ai_planner.errors import ValidationFailed
from ai_planner.models import AiProviderConfig, AiTaskPolicy, AiTemplate, Unit
from tests.factories import World


def test_world_builds(world: World) -> None:
    assert world.maple.tenant.id != world.cedar.tenant.id
    assert world.maple.teacher.email == "teacher@maple.test"


@pytest.mark.parametrize(
    ("values", "field", "fragment"),
    [
        ({"provider_name": "gemini"}, "provider_name", "must be one of"),
        ({"display_name": "  "}, "display_name", "can't be blank"),
        ({"default_model": ""}, "default_model", "can't be blank"),
        ({"status": "paused"}, "status", "must be one of"),
    ],
)
def test_provider_config_validation(session: Session, world: World, values: dict,
                                     field: str, fragment: str) -> None:
    base = {"tenant_id": world.maple.tenant.id, "created_by_id": world.maple.admin.id,
            "provider_name": "openai", "display_name": "OpenAI", "default_model": "gpt-4o-mini",
            "status": "inactive"}
    session.add(AiProviderConfig(**{**base, **values}))
    with pytest.raises(ValidationFailed) as err:
        session.flush()
    assert err.value.field == field
    assert fragment in err.value.message


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"task_type": "essay"}, "task_type"),
        ({"max_tokens_limit": 0}, "max_tokens_limit"),
        ({"temperature_limit": 2.5}, "temperature_limit"),
        ({"temperature_limit": -0.1}, "temperature_limit"),
        ({"allowed_roles": ["student"]}, "allowed_roles"),
    ],
)
def test_task_policy_validation(session: Session, world: World, values: dict,
                                field: str) -> None:
    base = {"tenant_id": world.maple.tenant.id, "created_by_id": world.maple.admin.id,
            "ai_provider_config_id": world.maple.config.id, "task_type": "rewrite"}
    session.add(AiTaskPolicy(**{**base, **values}))
    with pytest.raises(ValidationFailed) as err:
        session.flush()
    assert err.value.field == field


def test_task_policy_boundaries_are_accepted(session: Session, world: World) -> None:
    policy = AiTaskPolicy(tenant_id=world.maple.tenant.id, created_by_id=world.maple.admin.id,
                          ai_provider_config_id=world.maple.config.id, task_type="rewrite",
                          max_tokens_limit=1, temperature_limit=2.0)
    session.add(policy)
    session.commit()
    assert policy.id is not None
    assert policy.enabled is True and policy.requires_approval is False
    assert policy.allowed_for_role("teacher")
    policy.allowed_roles = ["admin"]
    assert not policy.allowed_for_role("teacher")


def test_template_and_unit_validation(session: Session, world: World) -> None:
    session.add(AiTemplate(tenant_id=world.maple.tenant.id, created_by_id=world.maple.admin.id,
                           name="x", task_type="rewrite", system_prompt="s",
                           user_prompt_template="u", status="published"))
    with pytest.raises(ValidationFailed, match="Status must be one of"):
        session.flush()
    session.rollback()
    unit = session.get(Unit, world.maple.unit.id)
    assert unit is not None
    unit.title = ""
    with pytest.raises(ValidationFailed, match="Title can't be blank"):
        session.flush()


def test_defaults_match_the_seed(session: Session, world: World) -> None:
    config = AiProviderConfig(tenant_id=world.maple.tenant.id,
                              created_by_id=world.maple.admin.id, provider_name="openai",
                              display_name="OpenAI", default_model="gpt-4o-mini")
    session.add(config)
    session.commit()
    assert config.status == "inactive"
    assert config.available_models == [] and config.settings == {}
    assert world.maple.template.variables == ["topic"]
