"""Browser tests: the app built and served in production mode, driven by headless Chromium.

One app build per test session (``app_server``):
- its own SQLite database file (not the per-test database of tests/conftest.py, which is
  emptied after every test), migrated with ``alembic upgrade head`` and loaded with the demo
  data (``services.demo_seed.seed_demo``);
- its own Reflex web directory (``REFLEX_WEB_WORKDIR``) in a temporary folder, so a
  developer's ``.web`` or another test run is never disturbed;
- ``reflex run --env prod --single-port`` on a free port, no Redis (one backend process,
  in-memory state), stopped at the end of the session. Its log is kept in
  test-artifacts/browser-app.log.

Fixtures: ``app_server`` (base_url, database_url), ``browser``, ``page``, ``new_page``,
``signed_in_page(email)``, ``db_session`` (on the app's database) and ``screenshot(name)``
(PNG in test-artifacts/screenshots/, git-ignored). Every test here gets the ``browser``
marker. Without chromium (``AI_PLANNER_CHROMIUM``, default /usr/bin/chromium) or the
playwright package the browser lane is skipped, saying why (a test module that imports
playwright is skipped too, not a collection error); under ``CI=true`` it fails instead.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlmodel import Session

from tests.lanes import lane_unavailable

CHROMIUM = Path(os.environ.get("AI_PLANNER_CHROMIUM", "/usr/bin/chromium"))
REPO_ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO_ROOT / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
APP_LOG = ARTIFACTS / "browser-app.log"
START_TIMEOUT = float(os.environ.get("AI_PLANNER_BROWSER_START_TIMEOUT", "600"))
UI_TIMEOUT_MS = 20_000
DEMO_PASSWORD = "planner-demo"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

try:  # playwright is a dev dependency; without it the browser tests are skipped
    from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright

    expect.set_options(timeout=UI_TIMEOUT_MS)  # a shared 2-core machine can be slow
except ImportError:  # pragma: no cover
    sync_playwright = None  # type: ignore[assignment]


NO_PLAYWRIGHT = "the browser lane needs the playwright Python package (pip install -e '.[dev]')"


def _skip_reason() -> str | None:
    if not CHROMIUM.exists():
        return f"the browser lane needs Debian chromium at {CHROMIUM} (apt-get install chromium)"
    if sync_playwright is None:
        return NO_PLAYWRIGHT
    return None


class _NeedsPlaywright(pytest.Module):
    """A browser test module, not imported: it would import playwright, which is missing."""

    def collect(self) -> list[pytest.Item]:
        lane_unavailable(NO_PLAYWRIGHT)


def pytest_pycollect_makemodule(
    module_path: Path, parent: pytest.Collector
) -> pytest.Module | None:
    if sync_playwright is None and module_path.name.startswith("test_"):
        return _NeedsPlaywright.from_parent(parent, path=module_path)
    return None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    reason = _skip_reason()
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)
            if reason:  # under CI=true, tests/conftest.py turns this skip into a failure
                item.add_marker(pytest.mark.skip(reason=f"LANE SKIPPED: {reason}"))


# --- the app --------------------------------------------------------------------------------


@dataclass(frozen=True)
class AppServer:
    base_url: str
    database_url: str
    log_path: Path

    def url(self, path: str) -> str:
        return self.base_url + path


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _app_env(database_url: str, run_dir: Path) -> dict[str, str]:
    """The environment of scripts/env.sh plus this run's database and folders."""
    env = dict(os.environ)
    tools_bin = REPO_ROOT / ".tools" / "node_modules" / ".bin"
    venv_bin = Path(sys.executable).parent
    env["PATH"] = os.pathsep.join([str(tools_bin), str(venv_bin), env.get("PATH", "")])
    env.update({
        "DATABASE_URL": database_url,
        "AI_PLANNER_ENV": "test",
        "AI_PLANNER_INSTANCE_DIR": str(run_dir / "instance"),
        "REFLEX_USE_SYSTEM_BUN": "1",
        "REFLEX_TELEMETRY_ENABLED": "false",
        "REFLEX_CHECK_LATEST_VERSION": "false",
        "REFLEX_WEB_WORKDIR": str(run_dir / "web"),
        "REFLEX_STATES_WORKDIR": str(run_dir / "states"),
        "BUN_INSTALL_CACHE_DIR": str(REPO_ROOT / ".tools" / "bun-cache"),
        "PYTHONUNBUFFERED": "1",
    })
    # One backend process with in-memory state (and the in-process sign-in throttle).
    env.pop("REDIS_URL", None)
    if not env.get("NPM_CONFIG_REGISTRY"):
        npm = shutil.which("npm")
        registry = ""
        if npm:
            registry = subprocess.run([npm, "config", "get", "registry"], capture_output=True,
                                      text=True, check=False).stdout.strip()
        env["NPM_CONFIG_REGISTRY"] = registry or "https://registry.npmjs.org/"
    return env


def _prepare_database(database_url: str, env: dict[str, str]) -> None:
    if (REPO_ROOT / "alembic").is_dir():
        alembic = str(Path(sys.executable).parent / "alembic")
        subprocess.run([alembic, "upgrade", "head"], cwd=REPO_ROOT, env=env, check=True,
                       capture_output=True, text=True)
    from ai_planner.db import engine_for

    engine = engine_for(database_url)
    if not (REPO_ROOT / "alembic").is_dir():
        from sqlmodel import SQLModel

        SQLModel.metadata.create_all(engine)
    from ai_planner.services.demo_seed import seed_demo

    with Session(engine, expire_on_commit=False) as session:
        seed_demo(session)
        session.commit()


def _wait_until_up(proc: subprocess.Popen[bytes], base_url: str, log_path: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            tail = log_path.read_text(errors="replace")[-4000:]
            pytest.fail(f"the app exited with {proc.returncode} while starting:\n{tail}")
        try:
            ping = httpx.get(base_url + "/ping", timeout=2)
            login = httpx.get(base_url + "/login/", timeout=2)
            if ping.status_code == 200 and login.status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(1)
    tail = log_path.read_text(errors="replace")[-4000:]
    pytest.fail(f"the app did not answer within {START_TIMEOUT:.0f} s:\n{tail}")


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=20)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)


@pytest.fixture(scope="session")
def app_server() -> Iterator[AppServer]:
    reason = _skip_reason()
    if reason:
        lane_unavailable(reason)
    run_dir = Path(tempfile.mkdtemp(prefix="ai_planner_browser_"))
    database_url = f"sqlite:///{run_dir / 'app.db'}"
    env = _app_env(database_url, run_dir)
    _prepare_database(database_url, env)

    port = _free_port()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    log = APP_LOG.open("wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "reflex", "run", "--env", "prod", "--single-port",
         "--frontend-port", str(port), "--backend-port", str(port), "--loglevel", "info"],
        cwd=REPO_ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: stopped as a whole at the end
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(proc, base_url, APP_LOG)
        yield AppServer(base_url=base_url, database_url=database_url, log_path=APP_LOG)
    finally:
        _stop(proc)
        log.close()
        shutil.rmtree(run_dir, ignore_errors=True)


# --- the browser ----------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser(app_server: AppServer) -> Iterator[Browser]:
    assert sync_playwright is not None
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                              args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def new_page(browser: Browser, app_server: AppServer) -> Iterator[Callable[..., Page]]:
    """Open a page in a fresh browser context (its own cookies), e.g. new_page(width=768)."""
    contexts: list[BrowserContext] = []

    def open_page(width: int = 1280, height: int = 860) -> Page:
        context = browser.new_context(base_url=app_server.base_url,
                                      viewport={"width": width, "height": height})
        context.set_default_timeout(UI_TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page: Callable[..., Page]) -> Page:
    return new_page()


def sign_in_through_form(page: Page, email: str, password: str = DEMO_PASSWORD) -> None:
    """Fill the /login form the way a person does (the page must show it)."""
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def wait_for_shell(page: Page) -> None:
    """Wait until the server has answered check_login and the header shows the user."""
    page.wait_for_function(
        "() => document.querySelector('[data-testid=user-name]')?.textContent.trim().length > 0"
    )


@pytest.fixture
def signed_in_page(new_page: Callable[..., Page]) -> Callable[..., Page]:
    """``signed_in_page("teacher@maple.test")``: a new page signed in through /login, showing
    the planner shell."""

    def sign_in(email: str, password: str = DEMO_PASSWORD, width: int = 1280) -> Page:
        page = new_page(width=width)
        page.goto("/login")
        sign_in_through_form(page, email, password)
        page.wait_for_url("**/plan**")
        wait_for_shell(page)
        return page

    return sign_in


@pytest.fixture
def db_session(app_server: AppServer) -> Iterator[Session]:
    """A session on the running app's database (to check what the UI wrote)."""
    from ai_planner.db import engine_for

    with Session(engine_for(app_server.database_url), expire_on_commit=False) as session:
        yield session


@pytest.fixture
def screenshot(request: pytest.FixtureRequest) -> Callable[..., Path]:
    """``screenshot("login", page)``: save a full-page PNG under test-artifacts/screenshots/.

    Without ``page`` the test's ``page`` fixture is used."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(name: str, page: Any = None) -> Path:
        target = page if page is not None else request.getfixturevalue("page")
        target.wait_for_timeout(300)  # let transitions settle
        path = SCREENSHOTS / f"{name}.png"
        target.screenshot(path=str(path), full_page=True)
        return path

    return take
