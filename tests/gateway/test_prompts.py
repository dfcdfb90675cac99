"""The five default system prompts, and when the gateway uses them."""

from __future__ import annotations

import httpx
import pytest

from ai_planner.gateway.prompts import SYSTEM_PROMPTS, default_system_prompt
from ai_planner.models.ai import TASK_TYPES
from tests.gateway.conftest import body


def test_one_prompt_per_task_type() -> None:
    assert set(SYSTEM_PROMPTS) == set(TASK_TYPES)
    assert default_system_prompt(None) is None
    assert default_system_prompt("poem") is None


@pytest.mark.parametrize("task_type", TASK_TYPES)
def test_prompts_are_grade_aware_standards_aware_and_structured(task_type: str) -> None:
    prompt = SYSTEM_PROMPTS[task_type]
    assert "grade" in prompt.lower()
    assert "standard" in prompt.lower()
    # The sections it asks for (a rewrite returns the text itself, then "What changed").
    assert prompt.count("## ") >= (1 if task_type == "rewrite" else 3)
    assert "Markdown" in prompt
    assert "personal data" in prompt  # never about real students


async def test_caller_system_prompt_wins_over_the_default(client: httpx.AsyncClient, fake) -> None:
    template = {"role": "system", "content": "District template prompt."}
    user = {"role": "user", "content": "Fractions"}
    await client.post("/v1/generate", json=body("anthropic", messages=[template, user]))
    await client.post("/v1/generate", json=body("anthropic", messages=[user], task_type=None))
    with_template, without_task = fake.requests
    assert with_template.body["system"] == "District template prompt."
    assert "system" not in without_task.body
