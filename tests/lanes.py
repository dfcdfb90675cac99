"""Test lanes that cannot vanish, and the hypothesis profiles.

A lane is a group of tests that needs a service: PostgreSQL, Redis, chromium + playwright.
With ``CI=true`` a missing service fails the tests that need it; on a developer's machine
they are skipped, saying so (``-rs`` lists every skip at the end of the run).

Hypothesis: ``ci`` (the default) is derandomized and keeps no example database, so every run
tries the same examples and a landing never depends on luck; ``HYPOTHESIS_PROFILE=explore``
searches at random with many more examples (remembered in ``.hypothesis/``, git-ignored).
"""

from __future__ import annotations

import os
import re
import socket
from typing import Any, NoReturn

import pytest
from hypothesis import settings as hypothesis_settings

IN_CI = os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}
# A skip whose reason names one of these is a whole lane going missing.
_LANE_WORDS = re.compile(r"postgres|redis|chromium|playwright", re.IGNORECASE)

hypothesis_settings.register_profile(
    "ci", derandomize=True, database=None, deadline=None, print_blob=True
)
hypothesis_settings.register_profile("explore", max_examples=1000, deadline=None)
HYPOTHESIS_PROFILE = os.environ.get("HYPOTHESIS_PROFILE") or "ci"
hypothesis_settings.load_profile(HYPOTHESIS_PROFILE)


def lane_unavailable(reason: str) -> NoReturn:
    """A service a lane needs is missing: a failure under ``CI=true``, else a loud skip."""
    if IN_CI:
        pytest.fail(f"CI=true, and this lane may not be skipped in CI: {reason}", pytrace=False)
    pytest.skip(f"LANE SKIPPED: {reason}")


def port_open(host: str, port: int, timeout: float = 2.0) -> bool:
    """Whether something accepts TCP connections there."""
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def fail_lane_skip(report: Any) -> None:
    """Under ``CI=true``, a lane skipped anywhere (another file's fixture, a marker, a
    module-level skip) turns into a failure of that test or collector."""
    if not IN_CI or not report.skipped or hasattr(report, "wasxfail"):
        return
    longrepr = report.longrepr
    reason = str(longrepr[2]) if isinstance(longrepr, tuple) else str(longrepr)
    if _LANE_WORDS.search(reason):
        report.outcome = "failed"
        report.longrepr = f"CI=true, and this lane may not be skipped in CI: {reason}"
