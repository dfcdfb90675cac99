"""Shared fixtures: a fresh database per test (SQLite file, or a PostgreSQL database made for
this run, both built by ``alembic upgrade head``), the two demo-like tenants with one user
per role, and helpers.

AI_PLANNER_TEST_DB=postgres runs the same tests against the PostgreSQL server on 127.0.0.1
(AI_PLANNER_TEST_PG_URL to change it); the default is SQLite.

Also here, for the whole run:
- the network guard (``tests/network_guard.py``): a test that opens a socket outside
  127.0.0.0/8 and ::1 fails, and nothing is sent;
- lanes that cannot vanish and the hypothesis profiles (``tests/lanes.py``): with
  ``CI=true`` a missing PostgreSQL, Redis, chromium or playwright fails the tests that need
  it, elsewhere they are skipped, saying so; hypothesis runs derandomized (``ci``) unless
  ``HYPOTHESIS_PROFILE=explore``;
- ``AI_PLANNER_TEST_ORDER=reverse`` or ``shuffle:SEED`` runs the test files in another
  order, to show that no file depends on another having run first.
"""

from __future__ import annotations

import base64
import os
import random
import tempfile
import uuid
from collections.abc import Generator, Iterator
from pathlib import Path

import pytest

from tests.lanes import (
    HYPOTHESIS_PROFILE,
    IN_CI,
    fail_lane_skip,
    lane_unavailable,
    port_open,
)
from tests.network_guard import (  # noqa: F401  (the guard's hooks and autouse fixture)
    network_guard,
    pytest_runtest_call,
    pytest_runtest_setup,
    pytest_runtest_teardown,
    report_stray_attempts,
)

REPO_ROOT = Path(__file__).resolve().parents[1]


# --- environment for the whole run: set before any ai_planner import reads settings -------
_RUN_DIR = Path(tempfile.mkdtemp(prefix="ai_planner_tests_"))
TEST_KEYS = (
    f"test2:{base64.b64encode(b'2' * 32).decode()},test1:{base64.b64encode(b'1' * 32).decode()}"
)
os.environ["AI_PLANNER_ENV"] = "test"
os.environ["AI_PLANNER_INSTANCE_DIR"] = str(_RUN_DIR / "instance")
os.environ["AI_PLANNER_ENCRYPTION_KEYS"] = TEST_KEYS
os.environ["AI_GATEWAY_SERVICE_TOKEN"] = "test-service-token"
os.environ.pop("AI_GATEWAY_URL", None)
for _name in ("ANTHROPIC_API_KEY", "OPENAI_API_KEY", "ANTHROPIC_BASE_URL", "OPENAI_BASE_URL"):
    os.environ.pop(_name, None)
os.environ["REFLEX_TELEMETRY_ENABLED"] = "false"

TEST_DB = os.environ.get("AI_PLANNER_TEST_DB", "sqlite")
PG_ADMIN_URL = os.environ.get(
    "AI_PLANNER_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


def _create_pg_database() -> tuple[str, str]:
    import sqlalchemy as sa

    name = f"ai_planner_test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    base = PG_ADMIN_URL.rsplit("/", 1)[0]
    return name, f"{base}/{name}"


def _drop_pg_database(name: str) -> None:
    import sqlalchemy as sa

    admin = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


if TEST_DB == "postgres":
    _PG_NAME, _DB_URL = _create_pg_database()
else:
    _PG_NAME, _DB_URL = "", f"sqlite:///{_RUN_DIR / 'test.db'}"
os.environ["DATABASE_URL"] = _DB_URL

from sqlmodel import Session, SQLModel  # noqa: E402

import ai_planner.models  # noqa: E402, F401  (registers every table)
from ai_planner.db import get_engine  # noqa: E402
from ai_planner.settings import reset_settings_cache  # noqa: E402

reset_settings_cache()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    get_engine().dispose()
    if _PG_NAME:
        _drop_pg_database(_PG_NAME)
    report_stray_attempts(session)


def pytest_report_header(config: pytest.Config) -> list[str]:
    order = os.environ.get("AI_PLANNER_TEST_ORDER") or "as collected"
    return [
        f"ai_planner: database lane {TEST_DB}; CI={'true' if IN_CI else 'unset'}; "
        f"hypothesis profile {HYPOTHESIS_PROFILE}; file order {order}"
    ]


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Generator:
    report = yield
    fail_lane_skip(report)
    return report


@pytest.hookimpl(wrapper=True)
def pytest_make_collect_report(collector: pytest.Collector) -> Generator:
    report = yield
    fail_lane_skip(report)
    return report


@pytest.fixture(scope="session")
def database_url() -> str:
    """The URL of this run's own database (SQLite file or fresh PostgreSQL database)."""
    return _DB_URL


@pytest.fixture(scope="session")
def pg_admin_url() -> str:
    """The maintenance database URL. Only "no server listens there" is a missing lane (a
    skip, or a failure under CI); a server that answers but refuses us is a failure."""
    import sqlalchemy as sa

    url = sa.engine.make_url(PG_ADMIN_URL)
    host, port = url.host or "127.0.0.1", url.port or 5432
    if not port_open(host, port):
        lane_unavailable(f"no PostgreSQL server listens on {host}:{port} ({PG_ADMIN_URL})")
    engine = sa.create_engine(PG_ADMIN_URL)
    try:
        with engine.connect():
            pass
    finally:
        engine.dispose()
    return PG_ADMIN_URL


@pytest.fixture(scope="session")
def redis_url() -> str:
    """A Redis server for the tests of shared state (the sign-in throttle): missing, it is a
    skip, or a failure under CI; one that answers but errors is a failure."""
    import redis

    url = os.environ.get("AI_PLANNER_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
    client = redis.Redis.from_url(url, socket_timeout=5)
    where = client.connection_pool.connection_kwargs
    host, port = str(where.get("host", "127.0.0.1")), int(where.get("port", 6379))
    if not port_open(host, port):
        lane_unavailable(f"no Redis server listens on {host}:{port} ({url})")
    try:
        client.ping()
    finally:
        client.close()
    return url


def _empty_all_tables() -> None:
    engine = get_engine()
    tables = list(reversed(SQLModel.metadata.sorted_tables))
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            names = ", ".join(f'"{t.name}"' for t in tables)
            conn.exec_driver_sql(f"TRUNCATE {names} RESTART IDENTITY CASCADE")
        else:
            for table in tables:
                conn.execute(table.delete())


def _migrate_to_head() -> None:
    """``alembic upgrade head`` on this run's database: every test runs on the schema the
    migrations build (not ``create_all``), so the migrations are exercised by all of them."""
    from alembic import command
    from alembic.config import Config

    config = Config(str(REPO_ROOT / "alembic.ini"))
    config.set_main_option("sqlalchemy.url", _DB_URL.replace("%", "%%"))
    config.attributes["configure_logger"] = False  # keep pytest's logging
    command.upgrade(config, "head")


_schema_ready = False


@pytest.fixture(autouse=True)
def _fresh_database() -> Iterator[None]:
    """Every test starts from empty tables (schema migrated once per run)."""
    global _schema_ready
    if not _schema_ready:
        _migrate_to_head()
        _schema_ready = True
    yield
    _empty_all_tables()


@pytest.fixture
def session() -> Iterator[Session]:
    with Session(get_engine(), expire_on_commit=False) as db:
        yield db


@pytest.fixture
def world(session: Session):
    """Two tenants (maple, cedar) with one user per role in each; see tests/factories.py."""
    from tests.factories import build_world

    return build_world(session)


def _reorder_files(items: list[pytest.Item], order: str) -> None:
    """``reverse`` or ``shuffle[:SEED]``: the files in another order, each file's tests kept
    together and in their own order."""
    by_file: dict[str, list[pytest.Item]] = {}
    for item in items:
        by_file.setdefault(item.nodeid.split("::", 1)[0], []).append(item)
    files = list(by_file)
    if order == "reverse":
        files.reverse()
    elif order.startswith("shuffle"):
        random.Random(order.partition(":")[2] or "0").shuffle(files)
    else:
        raise pytest.UsageError(f"AI_PLANNER_TEST_ORDER={order!r}: use reverse or shuffle:SEED")
    items[:] = [item for name in files for item in by_file[name]]


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Browser tests run last: Playwright's sync API keeps an event loop running in the main
    thread for the whole session, which would break the asyncio tests that follow it."""
    order = os.environ.get("AI_PLANNER_TEST_ORDER", "")
    if order:
        _reorder_files(items, order)
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)
