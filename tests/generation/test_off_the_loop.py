"""A generation's database work runs in worker threads, not on the event loop that serves
every tab (bench/concurrent_generations.py: 200 teachers pressing Generate at once queued
behind each other's commits), and a Stop that lands during one of those writes still
leaves the row final and right."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from typing import Any

import pytest

from ai_planner.db import session_scope
from ai_planner.models import AiInvocation
from ai_planner.repositories import ai_invocations
from ai_planner.services import generation
from ai_planner.state.assist import AssistState
from tests.factories import World
from tests.fakes.provider_server import Behaviour
from tests.generation.conftest import Setup, lesson_panel
from tests.state.conftest import run


def _on_the_loop() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


def _status(invocation_id: int) -> tuple[str, str | None]:
    with session_scope() as db:
        row = db.get(AiInvocation, invocation_id)
        assert row is not None
        return row.status, row.error_message


def _prepared(world: World) -> generation.Prepared:
    data = {"task_type": "lesson_plan", "prompt": "A hands-on lesson on food chains",
            "unit_id": world.maple.unit.id, "lesson_id": world.maple.lesson.id}
    with session_scope() as db:
        prepared = generation.prepare(db, actor=world.maple.actor("teacher"), data=data)
    assert isinstance(prepared, generation.Prepared)
    return prepared


def test_generate_prepares_and_records_off_the_event_loop(
        ai: Setup, world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    ai.fake.script(Behaviour.ok("Think-pair-share."))
    where: dict[str, bool] = {}

    def spy(name: str, real: Callable[..., Any]) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            where[name] = _on_the_loop()
            return real(*args, **kwargs)
        return call

    monkeypatch.setattr(generation, "prepare", spy("prepare", generation.prepare))
    for name in ("mark_running", "mark_completed"):
        monkeypatch.setattr(ai_invocations, name, spy(name, getattr(ai_invocations, name)))
    panel = lesson_panel(world)
    run(AssistState.generate.fn(panel))
    assert panel.phase == "done" and panel.answer == "Think-pair-share."
    assert where == {"prepare": False, "mark_running": False, "mark_completed": False}


@pytest.mark.parametrize("write", ["mark_running", "mark_completed"])
async def test_stop_during_a_status_write_leaves_the_row_final(
        ai: Setup, world: World, monkeypatch: pytest.MonkeyPatch, write: str,
        caplog: pytest.LogCaptureFixture) -> None:
    """Stop (a cancel) arrives while the worker thread is writing: the write finishes first,
    then the run ends - failed "cancelled" if the answer had not been completed yet,
    completed (not overwritten) if it had."""
    ai.fake.script(Behaviour.ok("Think-pair-share."))
    prepared = _prepared(world)
    in_write, let_go = threading.Event(), threading.Event()
    real = getattr(ai_invocations, write)

    def slow_write(*args: Any, **kwargs: Any) -> Any:
        in_write.set()
        let_go.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(ai_invocations, write, slow_write)

    async def consume() -> None:
        async for _ in generation.run(prepared):
            pass

    task = asyncio.get_running_loop().create_task(consume())
    assert await asyncio.to_thread(in_write.wait, 10)
    task.cancel()
    await asyncio.sleep(0.05)
    assert not task.done()  # the cancel waits for the write in progress
    let_go.set()
    with pytest.raises(asyncio.CancelledError):
        await task
    status, error = _status(prepared.invocation_id)
    if write == "mark_running":
        assert status == "failed" and "cancel" in (error or "").lower()
    else:
        assert (status, error) == ("completed", None)
        assert "could not record" not in caplog.text  # no attempt to fail a completed row
