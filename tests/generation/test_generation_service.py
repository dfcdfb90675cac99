"""services.generation: every refusal, the scope of context ids, clamping, templates, and
every way a stream can end, with the invocation rows asserted (never left pending/running)."""

from __future__ import annotations

import asyncio
import hashlib
import json
from typing import Any

import pytest
from sqlmodel import Session, select

from ai_planner.db import session_scope
from ai_planner.errors import AppError, NotAllowed, NotFound, ValidationFailed
from ai_planner.models import AiInvocation
from ai_planner.models.ai_texts import AiInvocationText
from ai_planner.services import generation
from tests.factories import World, make_lesson, make_template
from tests.fakes.provider_server import Behaviour
from tests.generation.conftest import Setup


def _request(world: World, **changes: Any) -> dict[str, Any]:
    m = world.maple
    return {"task_type": "lesson_plan", "prompt": "A hands-on lesson on food chains",
            "unit_id": m.unit.id, "lesson_id": m.lesson.id, **changes}


def _prepare(world: World, who: str = "teacher", **changes: Any
             ) -> generation.Prepared | generation.Waiting:
    with session_scope() as db:
        return generation.prepare(db, actor=world.maple.actor(who), data=_request(world,
                                                                                 **changes))


async def _collect(prepared: generation.Prepared) -> str:
    return "".join([text async for text in generation.run(prepared)])


def _row(invocation_id: int) -> tuple[AiInvocation, AiInvocationText]:
    with session_scope() as db:
        row = db.get(AiInvocation, invocation_id)
        text = db.get(AiInvocationText, invocation_id)
        assert row is not None and text is not None
        return row, text


def _rows(session: Session) -> list[AiInvocation]:
    session.expire_all()
    return list(session.exec(select(AiInvocation)).all())


# --- refusals before anything is recorded ---------------------------------------------------


@pytest.mark.parametrize(("change", "message"), [
    ({"enabled": False}, "disabled by your administrator"),
    ({"allowed_roles": ["admin", "curriculum_lead"]}, "not available for your role"),
])
def test_a_policy_that_refuses_records_nothing(ai: Setup, world: World, session: Session,
                                               change: dict[str, Any], message: str) -> None:
    before = len(_rows(session))
    for name, value in change.items():
        setattr(ai.lesson_plan, name, value)
    session.add(ai.lesson_plan)
    session.commit()
    with pytest.raises(NotAllowed, match=message):
        _prepare(world)
    assert len(_rows(session)) == before


def test_no_policy_and_inactive_provider_are_refused(ai: Setup, world: World,
                                                     session: Session) -> None:
    with pytest.raises(NotAllowed, match="not set up for your school"):
        _prepare(world, task_type="rewrite")
    ai.config.status = "inactive"
    session.add(ai.config)
    session.commit()
    with pytest.raises(NotAllowed, match="switched off"):
        _prepare(world)
    with pytest.raises(ValidationFailed):
        _prepare(world, task_type="essay_mill")


def test_context_ids_are_checked_against_the_scope_first(ai: Setup, world: World,
                                                         session: Session) -> None:
    m, c = world.maple, world.cedar
    other_lesson = make_lesson(session, m.teacher2, m.other_unit, title="Clouds")
    before = len(_rows(session))
    for unit_id, lesson_id in ((c.unit.id, c.lesson.id), (m.other_unit.id, other_lesson.id),
                               (m.unit.id, other_lesson.id), (c.unit.id, None),
                               (None, m.lesson.id), (999_999, None)):
        with pytest.raises(NotFound):
            _prepare(world, unit_id=unit_id, lesson_id=lesson_id)
    assert len(_rows(session)) == before
    # The lead may use any unit of the school; cedar's stays out of reach.
    assert isinstance(_prepare(world, "lead", unit_id=m.other_unit.id, lesson_id=None),
                      generation.Prepared)


def test_templates_must_be_the_tenants_active_and_of_the_task(ai: Setup, world: World,
                                                              session: Session) -> None:
    m, c = world.maple, world.cedar
    draft = make_template(session, m.admin, status="draft")
    rewrite = make_template(session, m.admin, task_type="rewrite")
    for template_id in (c.template.id, draft.id, 999_999):
        with pytest.raises(NotFound):
            _prepare(world, template_id=template_id)
    with pytest.raises(ValidationFailed, match="Rewrite"):
        _prepare(world, template_id=rewrite.id)
    needs = make_template(session, m.admin, user_prompt_template="Plan {lesson_title}: {prompt}",
                          variables=[], name="needs a lesson")
    with pytest.raises(AppError, match="lesson_title"):
        _prepare(world, template_id=needs.id, lesson_id=None)


# --- a run, end to end ----------------------------------------------------------------------


async def test_a_run_streams_and_completes_its_row(ai: Setup, world: World) -> None:
    ai.fake.script(Behaviour.ok("## Food chains\nProducers, consumers, decomposers."))
    prepared = _prepare(world, max_tokens=5000, temperature=1.5)
    assert isinstance(prepared, generation.Prepared)
    row, _ = _row(prepared.invocation_id)
    assert row.status == "pending" and row.started_at is None
    answer = await _collect(prepared)
    assert answer == "## Food chains\nProducers, consumers, decomposers."
    row, text = _row(prepared.invocation_id)
    assert row.status == "completed" and row.started_at and row.completed_at
    assert row.total_tokens and row.prompt_tokens is not None and row.duration_ms is not None
    assert (row.model, row.provider_name) == ("local-model", "openai_compatible")
    assert text.answer == answer and text.prompt == "A hands-on lesson on food chains"
    sent = ai.fake.requests[-1].body
    # Clamped to the policy: 300 tokens, temperature 0.4.
    assert (sent["max_tokens"], sent["temperature"]) == (300, 0.4)
    messages = [{"role": "user", "content": sent["messages"][-1]["content"]}]
    assert "Context from the plan" in messages[0]["content"]
    assert "Food webs" in messages[0]["content"]  # the lesson's title
    assert row.input_hash == hashlib.sha256(
        json.dumps(prepared.request.to_json()["messages"], sort_keys=True).encode()).hexdigest()
    assert row.context["unit_id"] == world.maple.unit.id
    stored = json.dumps(row.context)
    assert "A hands-on lesson" not in stored and "api_key" not in stored  # ids, not texts


async def test_a_template_renders_into_the_messages(ai: Setup, world: World,
                                                   session: Session) -> None:
    template = make_template(
        session, world.maple.admin, name="Exit tickets",
        system_prompt="You write exit tickets.", variables=[],
        user_prompt_template="For {unit_title} / {lesson_title} ({{literal}}): {prompt}")
    prepared = _prepare(world, template_id=template.id)
    await _collect(prepared)  # type: ignore[arg-type]
    sent = ai.fake.requests[-1].body["messages"]
    assert sent[0] == {"role": "system", "content": "You write exit tickets."}
    assert sent[1]["content"] == (
        "For Ecosystems / Food webs ({literal}): A hands-on lesson on food chains")
    row, _ = _row(prepared.invocation_id)  # type: ignore[union-attr]
    assert row.ai_template_id == template.id and row.status == "completed"


@pytest.mark.parametrize(("behaviours", "status", "fragment"), [
    ([Behaviour.error(429, retry_after=0), Behaviour.ok("Fine now.")], "completed", ""),
    ([Behaviour.error(500), Behaviour.error(500)], "failed", "internal error"),
    ([Behaviour.cut(after=2)], "failed", "ended the stream before it was complete"),
    ([Behaviour.malformed()], "failed", "could not read"),
    ([Behaviour.stall(after=1)], "failed", "did not go on in time"),
    ([Behaviour.stall(after=0)], "failed", "did not answer in time"),
])
async def test_every_ending_settles_the_row(ai: Setup, world: World, behaviours: list[Any],
                                           status: str, fragment: str) -> None:
    ai.fake.script(*behaviours)
    prepared = _prepare(world)
    assert isinstance(prepared, generation.Prepared)
    if status == "completed":
        assert await _collect(prepared) == "Fine now."
    else:
        with pytest.raises(generation.GenerationFailed):
            await _collect(prepared)
    row, _ = _row(prepared.invocation_id)
    assert row.status == status and row.completed_at is not None
    if fragment:
        assert fragment in (row.error_message or "")
    ai.fake.release()


async def test_stop_cancels_the_provider_call_and_fails_the_row(ai: Setup, world: World) -> None:
    ai.fake.script(Behaviour.stall(after=2))
    prepared = _prepare(world)
    assert isinstance(prepared, generation.Prepared)
    seen: list[str] = []

    async def consume() -> None:
        async for text in generation.run(prepared):
            seen.append(text)

    task = asyncio.get_running_loop().create_task(consume())
    generation.track(prepared.invocation_id, task)
    # The provider sent its first words and stalls (the gateway may still hold some back
    # for its redaction look-ahead).
    for _ in range(500):
        if ai.fake.requests and ai.fake.requests[-1].text_chunks_sent >= 2:
            break
        await asyncio.sleep(0.01)
    assert not task.done()
    with session_scope() as db:
        assert generation.stop(db, actor=world.maple.actor("teacher"),
                               invocation_id=prepared.invocation_id)
        with pytest.raises(NotFound):  # someone else's run is not theirs to stop
            generation.stop(db, actor=world.maple.actor("teacher2"),
                            invocation_id=prepared.invocation_id)
    with pytest.raises(asyncio.CancelledError):
        await task
    row, text = _row(prepared.invocation_id)
    assert (row.status, row.error_message) == ("failed", generation.CANCELLED)
    assert text.answer == "".join(seen)  # what arrived is kept
    recorded = ai.fake.requests[-1]
    assert await asyncio.to_thread(ai.fake.wait_until_ended, recorded, 5)
    assert recorded.disconnected.is_set()


async def test_an_error_in_the_consumer_still_settles(ai: Setup, world: World) -> None:
    prepared = _prepare(world)
    assert isinstance(prepared, generation.Prepared)
    stream = generation.run(prepared)
    await stream.__anext__()
    await stream.aclose()  # the caller went away mid-answer (an exception in the handler)
    row, _ = _row(prepared.invocation_id)
    assert (row.status, row.error_message) == ("failed", generation.CANCELLED)
