"""The assist panel shows the answer's first text as soon as it arrives; only later text is
batched (bench/concurrent_generations.py: the batch interval was most of the time to first
token our stack added)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from ai_planner.services import generation
from ai_planner.state import assist as assist_state
from ai_planner.state.assist import AssistState
from tests.factories import World
from tests.generation.conftest import Setup, lesson_panel
from tests.state.conftest import run


def test_the_first_text_is_shown_before_the_batch_interval(
        ai: Setup, world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(assist_state, "BATCH_SECONDS", 30.0)  # later text: batched, slowly
    panel = lesson_panel(world)

    async def scenario() -> str:
        release = asyncio.Event()

        async def answer(prepared: generation.Prepared) -> AsyncIterator[str]:
            yield "First words "
            await release.wait()
            yield "and the rest."

        monkeypatch.setattr(generation, "run", answer)
        job = asyncio.get_running_loop().create_task(AssistState.generate.fn(panel))
        for _ in range(500):  # up to 5 s; the old code showed nothing for BATCH_SECONDS
            if panel.answer:
                break
            await asyncio.sleep(0.01)
        shown = panel.answer
        release.set()
        await asyncio.wait_for(job, 10)
        return shown

    assert run(scenario()) == "First words "
    assert panel.answer == "First words and the rest."
    assert panel.phase == "done"
