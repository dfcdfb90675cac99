"""The generation flow (SPEC.md "The generation flow"): one code path for the assist panel,
approved requests and, later, the JSON API.

``prepare`` checks everything in the caller's transaction and records the invocation
(``pending``): the task policy exists, is on and allows the role; its provider config is
active; the unit and lesson are in the user's scope; the template (optional) is the
tenant's, active and of the task type, and renders; the limits are clamped. A policy that
requires approval stops there (``Waiting``). Otherwise ``run`` streams the answer through
the gateway client and settles the row: ``running`` -> ``completed`` or ``failed``.

The one exception to "one transaction per user action": the status writes of ``run`` each
get their own short session (``_write``; the hot ones in a worker thread), because they
must outlive whatever happens to the caller — a provider error, a timeout, a cut stream,
Stop, an exception in the handler, a closed tab. ``run`` settles its row in every case; a
process that dies mid-stream leaves a ``running`` row that the sweep
(``services/invocation_sweep.py``) fails as interrupted.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import time
from collections.abc import AsyncIterator, Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlmodel import Session

from ai_planner.actor import Actor
from ai_planner.db import session_scope
from ai_planner.errors import AppError, NotAllowed
from ai_planner.models import AiInvocation, AiProviderConfig, AiTaskPolicy, AiTemplate
from ai_planner.repositories import (
    ai_invocations,
    ai_provider_configs,
    ai_task_policies,
    ai_templates,
    invocation_texts,
)
from ai_planner.repositories._common import task_label
from ai_planner.schemas.ai_invocation import TokenUsage
from ai_planner.schemas.base import parse
from ai_planner.schemas.generation import (
    DEFAULT_MAX_TOKENS,
    DEFAULT_TEMPERATURE,
    GenerationRequest,
)
from ai_planner.services.gateway_client import (
    GatewayCallError,
    GatewayClient,
    GatewayRequest,
    get_gateway_client,
)
from ai_planner.services.generation_context import build_messages, scoped_context

log = logging.getLogger(__name__)
T = TypeVar("T")

CANCELLED = "Cancelled by the user."
UNEXPECTED = "The generation stopped because of an error on our side. Try again."


class GenerationFailed(AppError):
    """The gateway or provider failed; ``code`` is the gateway's, ``message`` for people."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Waiting:
    """Recorded, and waiting for an admin or curriculum lead to approve it."""

    invocation_id: int


@dataclass(frozen=True)
class Prepared:
    """Ready to run. ``request`` carries the decrypted key: it lives only in memory, for the
    duration of the call, and is never stored or shown."""

    invocation_id: int
    request: GatewayRequest
    actor: Actor


# --- checks ---------------------------------------------------------------------------------


def usable_task_policy(session: Session, *, actor: Actor, task_type: str
                       ) -> tuple[AiTaskPolicy, AiProviderConfig]:
    """The tenant's policy for ``task_type`` and its config, if the actor may use them now."""
    label = task_label(task_type)
    task_policy = ai_task_policies.for_task_type(session, actor=actor, task_type=task_type)
    if task_policy is None:
        raise NotAllowed(f"{label} is not set up for your school yet. Ask your administrator.")
    if not task_policy.enabled:
        raise NotAllowed(f"{label} is disabled by your administrator.")
    if not task_policy.allowed_for_role(actor.role):
        raise NotAllowed(f"{label} is not available for your role.")
    config = ai_provider_configs.for_generation(
        session, actor=actor, config_id=task_policy.ai_provider_config_id)
    if not config.is_active:
        raise NotAllowed(f"The AI provider behind {label} is switched off. Ask your "
                         "administrator to turn it on in AI Settings.")
    return task_policy, config


def _limits(task_policy: AiTaskPolicy, config: AiProviderConfig, request: GenerationRequest
            ) -> tuple[str, int, float]:
    """(model, max_tokens, temperature) within the policy's limits."""
    max_tokens = request.max_tokens or DEFAULT_MAX_TOKENS
    if task_policy.max_tokens_limit:
        max_tokens = min(max_tokens, task_policy.max_tokens_limit)
    temperature = DEFAULT_TEMPERATURE if request.temperature is None else request.temperature
    if task_policy.temperature_limit is not None:
        temperature = min(temperature, task_policy.temperature_limit)
    return task_policy.model_override or config.default_model, max_tokens, temperature


def input_hash(messages: list[dict[str, Any]]) -> str:
    return hashlib.sha256(json.dumps(messages, sort_keys=True).encode()).hexdigest()


def gateway_request(session: Session, *, actor: Actor, invocation: AiInvocation,
                    config: AiProviderConfig, messages: list[dict[str, Any]],
                    max_tokens: int, temperature: float) -> GatewayRequest:
    """The call, with the tenant's key decrypted at the last moment."""
    return GatewayRequest(
        provider=config.provider_name, model=invocation.model, messages=messages,
        task_type=invocation.task_type, max_tokens=max_tokens, temperature=temperature,
        api_key=ai_provider_configs.decrypted_api_key(session, actor=actor, config=config),
        base_url=(config.settings or {}).get("base_url") or None)


# --- prepare --------------------------------------------------------------------------------


def prepare(session: Session, *, actor: Actor, data: GenerationRequest | Mapping[str, Any]
            ) -> Prepared | Waiting:
    """Check the request and record its invocation (``pending``), in the caller's
    transaction; raises NotAllowed / NotFound / ValidationFailed / AppError with a message
    that says what to do."""
    request = parse(GenerationRequest, data)
    task_policy, config = usable_task_policy(session, actor=actor, task_type=request.task_type)
    context = scoped_context(session, actor=actor, unit_id=request.unit_id,
                             lesson_id=request.lesson_id)
    template: AiTemplate | None = None
    if request.template_id is not None:
        template = ai_templates.active_for_task(session, actor=actor,
                                                task_type=request.task_type,
                                                template_id=request.template_id)
    messages = build_messages(request.prompt, context, template)
    model, max_tokens, temperature = _limits(task_policy, config, request)
    waiting = bool(task_policy.requires_approval)
    audit_context: dict[str, Any] = {**context.ids, "max_tokens": max_tokens,
                                     "temperature": temperature}
    if waiting:
        audit_context["approval"] = {"state": "waiting"}
    invocation = ai_invocations.create_pending(
        session, actor=actor, task_policy=task_policy, config=config, model=model,
        input_hash=input_hash(messages), context=audit_context, template=template)
    invocation_texts.create(session, invocation=invocation, prompt=request.prompt,
                            request_messages=messages if waiting else None)
    assert invocation.id is not None
    if waiting:
        return Waiting(invocation.id)
    return Prepared(invocation.id, gateway_request(
        session, actor=actor, invocation=invocation, config=config, messages=messages,
        max_tokens=max_tokens, temperature=temperature), actor)


# --- run ------------------------------------------------------------------------------------


def _write(change: Callable[[Session], T]) -> T:
    """A status write in a short transaction of its own (see the module docstring)."""
    with session_scope() as db:
        return change(db)


async def _write_in_thread(change: Callable[[Session], T]) -> T:
    """``_write`` in a worker thread (the hot path: every run's ``running`` and ``completed``
    writes), so commits do not stall the event loop. A cancel (Stop) that arrives meanwhile
    is re-raised only once the write has finished, so no later write can overtake it."""
    writing = asyncio.ensure_future(asyncio.to_thread(_write, change))
    try:
        return await asyncio.shield(writing)
    except asyncio.CancelledError:
        await writing
        raise


def _fail(prepared: Prepared, message: str, started: float | None, partial: str = "") -> None:
    def change(db: Session) -> None:
        duration = int((time.monotonic() - started) * 1000) if started is not None else None
        ai_invocations.mark_failed(db, actor=prepared.actor, invocation_id=prepared.invocation_id,
                                   message=message, duration_ms=duration)
        invocation_texts.save_answer(db, invocation_id=prepared.invocation_id, answer=partial)

    try:
        _write(change)
    except Exception:  # the row is then left for the sweep; never hide the original error
        log.exception("could not record the failure of generation %s", prepared.invocation_id)


def _completion(prepared: Prepared, answer: str, usage: Any, safety: list[dict[str, Any]],
                started: float) -> Callable[[Session], None]:
    duration_ms = int((time.monotonic() - started) * 1000)

    def change(db: Session) -> None:
        ai_invocations.mark_completed(
            db, actor=prepared.actor, invocation_id=prepared.invocation_id,
            tokens=TokenUsage(prompt_tokens=usage.prompt_tokens,
                              completion_tokens=usage.completion_tokens,
                              total_tokens=usage.total_tokens),
            duration_ms=duration_ms, safety=safety)
        invocation_texts.save_answer(db, invocation_id=prepared.invocation_id, answer=answer)

    return change


async def run(prepared: Prepared, *, client: GatewayClient | None = None
              ) -> AsyncIterator[str]:
    """The answer's text as it arrives; the row ends ``completed``, or ``failed`` with the
    reason whatever stops the stream (GenerationFailed is raised for gateway failures)."""
    started = time.monotonic()
    parts: list[str] = []
    settled = completing = False
    try:
        await _write_in_thread(lambda db: ai_invocations.mark_running(
            db, actor=prepared.actor, invocation_id=prepared.invocation_id))
        client = client or get_gateway_client()
        result = None
        async for event in client.stream(prepared.request):
            if event.type == "delta":
                parts.append(event.text)
                yield event.text
            else:
                result = event.result
        assert result is not None  # the client raises on a stream without its end
        completing = True
        await _write_in_thread(_completion(prepared, "".join(parts), result.usage,
                                           result.safety, started))
        settled = True
    except GatewayCallError as exc:
        _fail(prepared, exc.message, started, "".join(parts))
        settled = True
        raise GenerationFailed(exc.code, exc.message) from exc
    except (GeneratorExit, asyncio.CancelledError):
        # Stop while the completion was being written: it was written (a failed write
        # raises its own error instead), so the row is completed and stays so.
        if not completing:
            _fail(prepared, CANCELLED, started, "".join(parts))
        settled = True
        raise
    finally:
        if not settled:
            log.exception("generation %s failed unexpectedly", prepared.invocation_id)
            _fail(prepared, UNEXPECTED, started, "".join(parts))


# --- Stop -----------------------------------------------------------------------------------

# The runs of this process by invocation id, so Stop can cancel the provider call (the
# websocket that started a run is served by this same process).
_runs: dict[int, asyncio.Task[Any]] = {}


def track(invocation_id: int, task: asyncio.Task[Any]) -> None:
    _runs[invocation_id] = task
    task.add_done_callback(lambda _: _runs.pop(invocation_id, None))


def stop(session: Session, *, actor: Actor, invocation_id: int) -> bool:
    """Cancel one's own running generation (its row then ends "Cancelled by the user.")."""
    from ai_planner.repositories import assist_history

    assist_history.answer(session, actor=actor, invocation_id=invocation_id)  # own, or NotFound
    task = _runs.get(invocation_id)
    if task is None or task.done():
        return False
    task.cancel()
    return True
