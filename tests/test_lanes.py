"""The test lanes themselves: a missing service is a loud skip on a developer's machine and a
failure under CI=true; the schema comes from the migrations; hypothesis is deterministic.

The lane cases run a small pytest in a subprocess (with this suite's conftest as a plugin),
pointed at ports where nothing listens."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.config import Config
from alembic.script import ScriptDirectory
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from ai_planner.db import get_engine
from tests.lanes import HYPOTHESIS_PROFILE

REPO_ROOT = Path(__file__).resolve().parents[1]
NOTHING_LISTENS = "127.0.0.1:1"

INNER = """
import pytest

def test_needs_postgres(pg_admin_url):
    pass

def test_needs_redis(redis_url):
    pass

def test_skipped_for_redis_by_a_fixture_elsewhere():
    pytest.skip("Redis is not reachable on 127.0.0.1:1")

def test_an_ordinary_skip_stays_a_skip():
    pytest.skip("only on a full moon")
"""


def run_pytest(
    args: list[str], cwd: Path, *, ci: bool, plugins: Path | None = None, **env: str
) -> str:
    clean = {k: v for k, v in os.environ.items()
             if k not in ("CI", "AI_PLANNER_TEST_DB", "HYPOTHESIS_PROFILE")}
    path = [str(p) for p in (plugins, cwd, REPO_ROOT) if p is not None]
    clean.update(PYTHONPATH=os.pathsep.join(path), **env)
    if ci:
        clean["CI"] = "true"
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", "-rs", *args],
        cwd=cwd, env=clean, capture_output=True, text=True, timeout=300, check=False,
    )
    return f"exit {result.returncode}\n{result.stdout}{result.stderr}"


def run_inner(tmp_path: Path, *, ci: bool, pg_url: str) -> str:
    (tmp_path / "test_inner.py").write_text(INNER)
    return run_pytest(
        ["-p", "tests.conftest", "test_inner.py"], tmp_path, ci=ci,
        AI_PLANNER_TEST_PG_URL=pg_url,
        AI_PLANNER_TEST_REDIS_URL=f"redis://{NOTHING_LISTENS}/0",
    )


def test_missing_services_are_loud_skips_on_a_developer_machine(tmp_path: Path) -> None:
    out = run_inner(tmp_path, ci=False, pg_url=f"postgresql+psycopg://postgres@{NOTHING_LISTENS}/x")
    assert "4 skipped" in out and "failed" not in out, out
    assert f"LANE SKIPPED: no PostgreSQL server listens on {NOTHING_LISTENS}" in out
    assert f"LANE SKIPPED: no Redis server listens on {NOTHING_LISTENS}" in out


def test_missing_services_fail_under_ci(tmp_path: Path) -> None:
    out = run_inner(tmp_path, ci=True, pg_url=f"postgresql+psycopg://postgres@{NOTHING_LISTENS}/x")
    # The fixtures fail in setup (errors); the skip raised elsewhere turns into a failure.
    assert "1 failed, 1 skipped, 2 errors" in out, out
    assert out.count("CI=true, and this lane may not be skipped in CI") == 3
    assert "only on a full moon" in out  # an ordinary skip is left alone


def test_a_postgres_server_that_refuses_us_is_an_error_not_a_skip(
    tmp_path: Path, pg_admin_url: str
) -> None:
    missing_db = pg_admin_url.rsplit("/", 1)[0] + "/no_such_database_for_ai_planner"
    out = run_inner(tmp_path, ci=False, pg_url=missing_db)
    assert "test_needs_postgres" in out and "no_such_database_for_ai_planner" in out, out
    assert "1 error" in out, out


def test_a_missing_playwright_skips_the_browser_modules_instead_of_erroring(
    tmp_path: Path,
) -> None:
    (tmp_path / "block_playwright.py").write_text(textwrap.dedent("""
        import sys
        sys.modules["playwright"] = None
        sys.modules["playwright.sync_api"] = None
    """))
    args = ["-p", "block_playwright", "tests/browser"]
    local = run_pytest(args, REPO_ROOT, ci=False, plugins=tmp_path)
    assert "error" not in local.lower(), local
    assert "SKIPPED" in local and "needs the playwright Python package" in local, local
    in_ci = run_pytest(args, REPO_ROOT, ci=True, plugins=tmp_path)
    assert "error" in in_ci.lower() and "needs the playwright Python package" in in_ci, in_ci
    assert "CI=true" in in_ci


def test_a_missing_chromium_skips_locally_and_fails_under_ci() -> None:
    args = ["tests/browser/test_auth.py", "-k", "serves_the_mounted_gateway"]
    gone = {"AI_PLANNER_CHROMIUM": "/nonexistent/chromium"}
    local = run_pytest(args, REPO_ROOT, ci=False, **gone)
    assert "1 skipped" in local and "needs Debian chromium at /nonexistent" in local, local
    in_ci = run_pytest(args, REPO_ROOT, ci=True, **gone)
    assert in_ci.startswith("exit 1") and "1 error" in in_ci, in_ci
    assert "CI=true, and this lane may not be skipped in CI" in in_ci


def test_the_schema_was_built_by_the_migrations(session) -> None:  # type: ignore[no-untyped-def]
    head = ScriptDirectory.from_config(Config(str(REPO_ROOT / "alembic.ini"))).get_current_head()
    with get_engine().connect() as conn:
        versions = conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalars()
        assert list(versions) == [head]


@pytest.mark.skipif(HYPOTHESIS_PROFILE != "ci", reason="checks the default (ci) profile")
def test_the_ci_profile_tries_the_same_examples_every_run() -> None:
    assert hypothesis_settings.default.derandomize is True
    assert hypothesis_settings.default.database is None
    runs: list[list[str]] = []

    @hypothesis_settings(max_examples=25)
    @given(st.text())
    def probe(text: str) -> None:
        runs[-1].append(text)

    for _ in range(2):
        runs.append([])
        probe()
    assert len(runs[0]) > 1 and runs[0] == runs[1]


def test_the_example_database_is_git_ignored() -> None:
    ignored = (REPO_ROOT / ".gitignore").read_text().splitlines()
    assert ".hypothesis/" in ignored


def test_the_ci_entry_point_runs_the_ci_way() -> None:
    script = (REPO_ROOT / ".ci" / "run").read_text()
    assert "export CI=true" in script and "export HYPOTHESIS_PROFILE=ci" in script
    assert "bash scripts/test.sh" in script


@pytest.mark.parametrize("ci", [False, True])
def test_test_sh_says_which_lane_is_missing_and_fails_under_ci(tmp_path: Path, ci: bool) -> None:
    """scripts/test.sh with no PostgreSQL and no Redis answering (stubbed commands); pytest
    only collects one file, so this stays quick."""
    stubs = tmp_path / "bin"
    stubs.mkdir()
    for name in ("pg_isready", "pg_ctlcluster", "redis-cli"):
        (stubs / name).write_text("#!/bin/sh\nexit 1\n")
        (stubs / name).chmod(0o755)
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "AI_PLANNER_TEST_DB")}
    env["PATH"] = f"{stubs}{os.pathsep}{env['PATH']}"
    if ci:
        env["CI"] = "true"
    result = subprocess.run(
        ["bash", "scripts/test.sh", "--collect-only", "-q", "-p", "no:cacheprovider",
         "tests/test_lanes.py"],
        cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=600, check=False,
    )
    out = result.stdout + result.stderr
    word = "FAILED (CI=true, no lane may be skipped)" if ci else "SKIPPING"
    assert f"{word}: the PostgreSQL lane" in out, out
    assert f"{word}: the Redis tests" in out, out
    assert "==> pytest (SQLite lane" in out and "PostgreSQL lane: every test" not in out
    assert result.returncode == (1 if ci else 0), out
