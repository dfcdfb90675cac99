"""Generation fixtures: maple's AI set up on an OpenAI-compatible server that is the fake
provider on loopback (the tenant's own base URL, as a self-hosted model server would be),
the gateway in this process with quick retries and a short read timeout."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from sqlmodel import Session

from ai_planner.db import session_scope
from ai_planner.models import AiProviderConfig, AiTaskPolicy
from ai_planner.services import auth
from ai_planner.settings import reset_settings_cache
from ai_planner.state.assist import AssistState
from tests.factories import PASSWORD, World, make_provider_config, make_task_policy
from tests.fakes.fixtures import (  # noqa: F401  (fixtures for this directory)
    fake_provider,
    fake_provider_session,
    gateway_on_fake,
)
from tests.fakes.provider_server import FakeProviderServer
from tests.state.conftest import StateTree


@dataclass
class Setup:
    fake: FakeProviderServer
    config: AiProviderConfig
    lesson_plan: AiTaskPolicy
    differentiation: AiTaskPolicy  # requires approval


@pytest.fixture
def ai(world: World, session: Session, gateway_on_fake: FakeProviderServer,  # noqa: F811
       monkeypatch: pytest.MonkeyPatch) -> Iterator[Setup]:
    monkeypatch.setenv("AI_PROVIDER_READ_TIMEOUT", "2")
    monkeypatch.setenv("AI_PROVIDER_MAX_RETRIES", "1")
    reset_settings_cache()
    m = world.maple
    config = make_provider_config(
        session, m.admin, "openai_compatible", default_model="local-model",
        settings={"base_url": gateway_on_fake.compatible_base_url})
    lesson_plan = m.policy  # the world's lesson_plan policy, moved onto this config
    lesson_plan.ai_provider_config_id = config.id  # type: ignore[assignment]
    lesson_plan.max_tokens_limit, lesson_plan.temperature_limit = 300, 0.4
    session.add(lesson_plan)
    session.commit()
    differentiation = make_task_policy(session, m.admin, config, "differentiation",
                                       requires_approval=True)
    yield Setup(gateway_on_fake, config, lesson_plan, differentiation)
    reset_settings_cache()


def lesson_panel(world: World, prompt: str = "Activities for this lesson") -> AssistState:
    """maple's teacher, signed in, on their lesson's editor, the assist panel open and a
    prompt typed (the handlers are then called as the browser's events would be)."""
    tree = StateTree()
    with session_scope() as db:
        tree.set_cookie(auth.sign_in(db, email="teacher@maple.test", password=PASSWORD).token)
    tree.visit(f"/plan/units/{world.maple.unit.id}/lessons/{world.maple.lesson.id}/")
    panel = tree.get(AssistState)
    AssistState.open_panel.fn(panel)
    AssistState.set_prompt.fn(panel, prompt)
    return panel
