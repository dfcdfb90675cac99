"""Fixtures of the service tests: a clock the throttle tests move by hand."""

from __future__ import annotations

import pytest

from ai_planner.services.signin_throttle import LoginThrottle


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def throttle(clock: FakeClock) -> LoginThrottle:
    """An in-memory throttle on ``clock``."""
    return LoginThrottle(clock=clock)
