"""Opt-in diagnostics for the benchmarks: the event loop's lag, measured inside the app.

With ``AI_PLANNER_LOOP_LAG_LOG=/some/file`` set, the lifespan task ``loop_lag_forever``
sleeps 50 ms again and again and appends how late each wake-up came, one line
``<time.monotonic()> <lag in ms>``, to that file (written in batches, off the loop). A
late wake-up is time the loop spent on something else: a blocking call in a handler, a
big state serialization. Unset (the default, and always in production), it does nothing.
"""

from __future__ import annotations

import asyncio
import os
import time
from pathlib import Path

LOOP_LAG_VARIABLE = "AI_PLANNER_LOOP_LAG_LOG"
INTERVAL = 0.05  # seconds between samples
FLUSH_EVERY = 20  # samples per append (about once a second)


def _append(path: Path, lines: list[str]) -> None:
    with path.open("a") as out:
        out.write("".join(lines))


async def loop_lag_forever() -> None:
    """The lifespan task: sample the loop's lag while the app runs (if asked to)."""
    target = os.environ.get(LOOP_LAG_VARIABLE)
    if not target:
        return
    path = Path(target)
    pending: list[str] = []
    try:
        while True:
            before = time.monotonic()
            await asyncio.sleep(INTERVAL)
            now = time.monotonic()
            pending.append(f"{now:.4f} {(now - before - INTERVAL) * 1000:.2f}\n")
            if len(pending) >= FLUSH_EVERY:
                lines, pending = pending, []
                await asyncio.to_thread(_append, path, lines)
    finally:
        if pending:
            _append(path, pending)
