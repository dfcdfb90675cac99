"""Approving, rejecting and withdrawing requests that wait for approval.

An approved request runs on the server, in the background of the backend process, not in
the approver's browser: the approver may close the tab at once. The teacher finds the
answer in the assist panel's history and in the audit log. A rejection or withdrawal ends
the row ``failed`` with the reason; the rendered messages kept for the approver go.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from ai_planner.actor import Actor
from ai_planner.db import session_scope
from ai_planner.errors import ValidationFailed
from ai_planner.models import AiInvocation, AiTaskPolicy
from ai_planner.repositories import ai_invocations, ai_provider_configs, approvals, invocation_texts
from ai_planner.repositories._common import task_label
from ai_planner.services import generation
from ai_planner.services.ids import parse_id

log = logging.getLogger(__name__)
REASON_MAX = 500

# Approved runs in flight: a reference keeps each task alive until it ends.
_background: set[asyncio.Task[None]] = set()


@dataclass(frozen=True)
class QueueItem:
    invocation_id: int
    requester_name: str
    task_label: str
    created_at: datetime
    prompt: str
    unit_id: int | None
    lesson_id: int | None
    messages: list[dict[str, str]]


def queue(session: Session, *, actor: Actor, after: tuple[datetime, int] | None = None
          ) -> list[QueueItem]:
    return [
        QueueItem(item.invocation.id or 0, item.requester_name,
                  task_label(item.invocation.task_type), item.invocation.created_at,
                  item.prompt, (item.invocation.context or {}).get("unit_id"),
                  (item.invocation.context or {}).get("lesson_id"),
                  [{"role": str(m.get("role", "")), "content": str(m.get("content", ""))}
                   for m in item.messages])
        for item in approvals.queue(session, actor=actor, after=after)
    ]


def approve(session: Session, *, actor: Actor, invocation_id: object) -> generation.Prepared:
    """Record the approval; the returned run is started with ``run_in_background`` once this
    transaction has committed."""
    invocation = approvals.get_waiting(session, actor=actor,
                                       invocation_id=parse_id(invocation_id, "request"))
    approvals.decide(session, actor=actor, invocation=invocation, state="approved")
    teacher = approvals.requester(session, invocation)
    config = ai_provider_configs.for_generation(
        session, actor=teacher, config_id=invocation.ai_provider_config_id)
    text = invocation_texts.of(session, invocation.id or 0)
    messages = list(text.request_messages or []) if text else []
    if not messages:
        raise ValidationFailed("request", "This request has nothing left to send; ask the "
                                          "teacher to generate it again.")
    task_policy = session.get(AiTaskPolicy, invocation.ai_task_policy_id)
    max_tokens = int((invocation.context or {}).get("max_tokens") or 1024)
    temperature = float((invocation.context or {}).get("temperature") or 0.7)
    if task_policy is not None and task_policy.max_tokens_limit:
        max_tokens = min(max_tokens, task_policy.max_tokens_limit)
    invocation_texts.forget_request(session, invocation_id=invocation.id or 0)
    request = generation.gateway_request(
        session, actor=teacher, invocation=invocation, config=config, messages=messages,
        max_tokens=max_tokens, temperature=temperature)
    return generation.Prepared(invocation.id or 0, request, teacher)


def reject(session: Session, *, actor: Actor, invocation_id: object, reason: object) -> None:
    why = reason.strip()[:REASON_MAX] if isinstance(reason, str) else ""
    if not why:
        raise ValidationFailed("reason", "Say why, so the teacher knows what to change.")
    invocation = approvals.get_waiting(session, actor=actor,
                                       invocation_id=parse_id(invocation_id, "request"))
    approvals.decide(session, actor=actor, invocation=invocation, state="rejected", reason=why)
    _end(session, invocation, f"Not approved by {actor.name}: {why}")


def withdraw(session: Session, *, actor: Actor, invocation_id: object) -> None:
    invocation = approvals.get_waiting(session, actor=actor,
                                       invocation_id=parse_id(invocation_id, "request"))
    approvals.decide(session, actor=actor, invocation=invocation, state="withdrawn")
    _end(session, invocation, "Withdrawn by the teacher.")


def _end(session: Session, invocation: AiInvocation, message: str) -> None:
    """Settle a request that will not run, on behalf of the teacher who asked (the row is
    theirs: ``mark_failed`` only settles one's own)."""
    owner = Actor(id=invocation.user_id, tenant_id=invocation.tenant_id, role="teacher")
    ai_invocations.mark_failed(session, actor=owner, invocation_id=invocation.id or 0,
                               message=message)
    invocation_texts.forget_request(session, invocation_id=invocation.id or 0)


def run_in_background(prepared: generation.Prepared) -> asyncio.Task[None]:
    """Run an approved request to its end on this process's event loop."""

    async def consume() -> None:
        try:
            async for _ in generation.run(prepared):
                pass
        except generation.GenerationFailed as exc:
            log.info("approved generation %s failed: %s", prepared.invocation_id, exc.code)

    task = asyncio.get_running_loop().create_task(consume())
    _background.add(task)
    task.add_done_callback(_background.discard)
    return task


async def approve_and_run(actor: Actor, invocation_id: object) -> asyncio.Task[None]:
    """Approve in one transaction, then start the run (for callers without their own)."""
    with session_scope() as db:
        prepared = approve(db, actor=actor, invocation_id=invocation_id)
    return run_in_background(prepared)
