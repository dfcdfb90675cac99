"""The opt-in loop-lag log of the benchmarks: silent by default, one line per sample when
asked, and a blocked loop shows up as lag."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest

from ai_planner import diagnostics


async def test_without_the_variable_it_does_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(diagnostics.LOOP_LAG_VARIABLE, raising=False)
    await asyncio.wait_for(diagnostics.loop_lag_forever(), 1)  # returns at once


async def test_it_logs_the_lag_of_a_blocked_loop(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    log = tmp_path / "lag.log"
    monkeypatch.setenv(diagnostics.LOOP_LAG_VARIABLE, str(log))
    task = asyncio.get_running_loop().create_task(diagnostics.loop_lag_forever())
    await asyncio.sleep(0.12)
    time.sleep(0.3)  # a handler blocking the loop
    await asyncio.sleep(0.12)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    lags = [float(line.split()[1]) for line in log.read_text().splitlines()]
    assert len(lags) >= 3
    assert max(lags) >= 200  # the 0.3 s block, seen as a late wake-up
