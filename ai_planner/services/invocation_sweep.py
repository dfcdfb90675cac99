"""No invocation stays ``pending`` or ``running`` forever.

``run`` settles its row whatever happens to the stream; what it cannot survive is the
process dying mid-stream (a deploy, a crash, a killed container). So at start-up and every
few minutes each backend process fails every row that has been ``running`` for longer than
a provider call can take (the gateway's read timeout with its retries, plus a margin), and
every ``pending`` row that is not waiting for approval and never started. Idempotent: with
several processes, the first to see a row settles it.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session, col

from ai_planner.db import session_scope
from ai_planner.models import AiInvocation, utcnow
from ai_planner.settings import get_settings

log = logging.getLogger(__name__)

INTERRUPTED = ("Interrupted: the server stopped before this generation finished. "
               "Nothing was lost in your plan; generate again.")
SWEEP_EVERY_SECONDS = 300.0
MARGIN = timedelta(minutes=2)


def longest_call() -> timedelta:
    """How long a streamed call can legitimately run: every retry's read timeout and wait."""
    settings = get_settings()
    seconds = (settings.provider_read_timeout * (settings.provider_max_retries + 1)
               + settings.provider_retry_after_cap * settings.provider_max_retries)
    return timedelta(seconds=seconds) + MARGIN


def sweep(session: Session, *, now: datetime | None = None) -> int:
    """Fail the rows a dead process left unsettled; how many it failed. A maintenance job
    over every tenant (no acting user): it only ever ends rows, with the same message."""
    now = now or utcnow()
    cutoff = now - longest_call()
    not_waiting = sa.or_(
        AiInvocation.context[("approval", "state")].as_string().is_(None),
        AiInvocation.context[("approval", "state")].as_string() != "waiting",
    )
    stale = sa.or_(
        sa.and_(col(AiInvocation.status) == "running", col(AiInvocation.started_at) < cutoff),
        sa.and_(col(AiInvocation.status) == "pending", col(AiInvocation.created_at) < cutoff,
                not_waiting),
    )
    result = session.execute(
        sa.update(AiInvocation).where(stale).values(
            status="failed", error_message=INTERRUPTED, completed_at=now, updated_at=now)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


async def sweep_forever(every: float = SWEEP_EVERY_SECONDS) -> None:
    """The lifespan task: sweep now, then every ``every`` seconds until the app stops."""
    while True:
        try:
            with session_scope() as db:
                failed = sweep(db)
            if failed:
                log.warning("marked %d interrupted generation(s) as failed", failed)
        except Exception:  # a database hiccup: try again next round
            log.exception("the sweep of interrupted generations failed")
        await asyncio.sleep(every)
