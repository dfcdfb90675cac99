"""Shared fixtures: a fresh database per test (SQLite file, or a PostgreSQL database made for
this run), the two demo-like tenants with one user per role, and helpers.

AI_PLANNER_TEST_DB=postgres runs the same tests against the PostgreSQL server on 127.0.0.1
(AI_PLANNER_TEST_PG_URL to change it); the default is SQLite.
"""

from __future__ import annotations

import base64
import os
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

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


@pytest.fixture(scope="session")
def database_url() -> str:
    """The URL of this run's own database (SQLite file or fresh PostgreSQL database)."""
    return _DB_URL


@pytest.fixture(scope="session")
def pg_admin_url() -> str:
    """The maintenance database URL; tests that need their own database skip without it."""
    import sqlalchemy as sa

    try:
        engine = sa.create_engine(PG_ADMIN_URL)
        with engine.connect():
            pass
        engine.dispose()
    except Exception as exc:
        pytest.skip(f"PostgreSQL is not reachable at {PG_ADMIN_URL}: {exc}")
    return PG_ADMIN_URL


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


@pytest.fixture(autouse=True)
def _fresh_database() -> Iterator[None]:
    """Every test starts from empty tables (schema created once per run)."""
    engine = get_engine()
    if not getattr(engine, "_ai_planner_schema_ready", False):
        SQLModel.metadata.create_all(engine)
        engine._ai_planner_schema_ready = True  # type: ignore[attr-defined]
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


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Browser tests run last: Playwright's sync API keeps an event loop running in the main
    thread for the whole session, which would break the asyncio tests that follow it."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)
