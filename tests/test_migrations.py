"""Alembic migrations: up/down/up, no drift against the models, conditional AI tables.

Each test runs on a scratch SQLite file and on a scratch PostgreSQL database of its own (the
PostgreSQL case skips when no server is reachable). Migrations run through the alembic command
API with the real alembic.ini; one test runs the plain `alembic upgrade head` CLI.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine
from sqlalchemy.pool import NullPool
from sqlmodel import SQLModel

import ai_planner.models  # noqa: F401  (registers every table)
from ai_planner.models.base import include_in_schema_comparison

REPO_ROOT = Path(__file__).resolve().parent.parent
CORE_REVISION = "20260214000000"
AI_TABLES = ("ai_provider_configs", "ai_task_policies", "ai_templates", "ai_invocations")
CORE_TABLES = ("tenants", "users", "user_sessions", "courses", "units", "lessons")
LATER_TABLES = ("audit_logs", "ai_invocation_texts")
MODEL_TABLES = frozenset(SQLModel.metadata.tables)
NOW = datetime(2026, 2, 15, 8, 30)


# --- fixtures and helpers ------------------------------------------------------------------


@pytest.fixture(params=["sqlite", "postgres"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A brand-new empty database: a temp SQLite file, or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'migrations.db'}"
        return
    admin_url: str = request.getfixturevalue("pg_admin_url")  # skips without PostgreSQL
    name = f"ai_planner_mig_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield f"{admin_url.rsplit('/', 1)[0]}/{name}"
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    eng = sa.create_engine(db_url, poolclass=NullPool)
    yield eng
    eng.dispose()


def alembic_config(url: str, output: io.StringIO | None = None) -> Config:
    """The project's alembic.ini, aimed at ``url``; leaves the test run's logging alone."""
    config = Config(str(REPO_ROOT / "alembic.ini"), output_buffer=output)
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    config.attributes["configure_logger"] = False
    return config


def head_revision() -> str:
    return ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head() or ""


def table_names(engine: Engine) -> set[str]:
    return set(sa.inspect(engine).get_table_names())


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def schema_diff(engine: Engine) -> list[Any]:
    """What autogenerate would change to make the database match the models."""
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={
            "compare_type": True, "compare_server_default": True,
            "include_object": include_in_schema_comparison,
        })
        return compare_metadata(context, SQLModel.metadata)


def insert_sample_rows(engine: Engine) -> None:
    """One row per table, written with Core (no model hooks), relying on server defaults."""
    tables = SQLModel.metadata.tables
    stamps = {"created_at": NOW, "updated_at": NOW}
    with engine.begin() as conn:
        conn.execute(
            tables["tenants"].insert(), {"id": 1, "name": "Maple", "slug": "maple", **stamps}
        )
        conn.execute(
            sa.text(
                "INSERT INTO users (id, tenant_id, email, name, password_hash, created_at, "
                "updated_at) VALUES (1, 1, 'ada@maple.org', 'Ada', 'x', :now, :now)"
            ),
            {"now": NOW},
        )
        conn.execute(
            tables["ai_provider_configs"].insert(),
            {
                "id": 1,
                "tenant_id": 1,
                "created_by_id": 1,
                "provider_name": "demo",
                "display_name": "Demo",
                "default_model": "demo-1",
                "api_key": "ciphertext",
                **stamps,
            },
        )
        conn.execute(
            tables["ai_task_policies"].insert(),
            {
                "id": 1,
                "tenant_id": 1,
                "created_by_id": 1,
                "ai_provider_config_id": 1,
                "task_type": "lesson_plan",
                "allowed_roles": ["teacher"],
                **stamps,
            },
        )
        conn.execute(
            tables["ai_templates"].insert(),
            {
                "id": 1,
                "tenant_id": 1,
                "created_by_id": 1,
                "name": "Lesson",
                "task_type": "lesson_plan",
                "system_prompt": "You plan lessons.",
                "user_prompt_template": "Plan {{topic}}",
                "variables": ["topic"],
                **stamps,
            },
        )
        conn.execute(
            tables["ai_invocations"].insert(),
            {
                "id": 1,
                "tenant_id": 1,
                "user_id": 1,
                "ai_provider_config_id": 1,
                "ai_task_policy_id": 1,
                "ai_template_id": 1,
                "task_type": "lesson_plan",
                "provider_name": "demo",
                "model": "demo-1",
                "context": {"unit_id": 7},
                **stamps,
            },
        )


def raw_row(engine: Engine, sql: str) -> dict[str, Any]:
    with engine.connect() as conn:
        row = conn.execute(sa.text(sql)).mappings().one()
    return {k: json.loads(v) if isinstance(v, str) and v[:1] in "[{" else v for k, v in row.items()}


# --- tests ---------------------------------------------------------------------------------


def test_revision_chain_is_core_then_one_migration_per_ai_table_then_later_ones() -> None:
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    chain = [rev.revision for rev in script.walk_revisions("base", "heads")][::-1]
    assert chain[:5] == [
        CORE_REVISION,
        "20260215000001",
        "20260215000002",
        "20260215000003",
        "20260215000004",
    ]
    assert chain == sorted(chain)  # one line, in date order: no branches
    slugs = sorted(p.stem for p in (REPO_ROOT / "alembic" / "versions").glob("*.py"))
    assert slugs[:5] == [
        "20260214000000_create_core_tables",
        "20260215000001_create_ai_provider_configs",
        "20260215000002_create_ai_task_policies",
        "20260215000003_create_ai_templates",
        "20260215000004_create_ai_invocations",
    ]
    assert [slug.split("_", 1)[0] for slug in slugs] == chain


def test_migrations_import_nothing_from_the_app() -> None:
    """A migration is a snapshot of the schema at its date: importing the app's models or
    types would change an old migration whenever the app changes."""
    import ast

    for path in sorted((REPO_ROOT / "alembic" / "versions").glob("*.py")):
        tree = ast.parse(path.read_text())
        imported = [
            node.module if isinstance(node, ast.ImportFrom) else alias.name
            for node in ast.walk(tree) if isinstance(node, ast.Import | ast.ImportFrom)
            for alias in node.names
        ]
        assert not [name for name in imported if name and name.split(".")[0] == "ai_planner"], (
            f"{path.name} imports from ai_planner")


def test_upgrade_downgrade_upgrade(db_url: str, engine: Engine) -> None:
    config = alembic_config(db_url)
    assert set(AI_TABLES) | set(CORE_TABLES) | set(LATER_TABLES) == MODEL_TABLES

    command.upgrade(config, "head")
    assert table_names(engine) == MODEL_TABLES | {"alembic_version"}
    assert current_revision(engine) == head_revision()

    command.downgrade(config, "base")
    assert table_names(engine) == {"alembic_version"}
    assert current_revision(engine) is None

    command.upgrade(config, "head")
    assert table_names(engine) == MODEL_TABLES | {"alembic_version"}
    assert current_revision(engine) == head_revision()

    # The migrated schema takes real rows, and its server defaults fill what was left out.
    insert_sample_rows(engine)
    user = raw_row(engine, "SELECT role, active FROM users WHERE id = 1")
    assert user["role"] == "teacher"
    assert bool(user["active"]) is True
    config_row = raw_row(
        engine, "SELECT status, settings, available_models FROM ai_provider_configs"
    )
    assert config_row == {"status": "inactive", "settings": {}, "available_models": []}
    policy = raw_row(
        engine,
        "SELECT enabled, max_tokens_limit, requires_approval, temperature_limit, settings "
        "FROM ai_task_policies",
    )
    assert bool(policy["enabled"]) is True
    assert bool(policy["requires_approval"]) is False
    assert (policy["max_tokens_limit"], policy["temperature_limit"]) == (4096, 1.0)
    assert policy["settings"] == {}
    assert raw_row(engine, "SELECT status FROM ai_templates")["status"] == "draft"
    assert raw_row(engine, "SELECT status FROM ai_invocations")["status"] == "pending"
    assert raw_row(engine, "SELECT settings FROM tenants")["settings"] == {}
    with engine.begin() as conn:
        conn.execute(
            SQLModel.metadata.tables["audit_logs"].insert(),
            {"id": 1, "tenant_id": 1, "actor_id": 1, "action": "create",
             "resource_type": "ai_template", "resource_id": 1, "created_at": NOW},
        )
    assert raw_row(engine, "SELECT changes FROM audit_logs")["changes"] == {}


def test_unique_indexes_and_foreign_keys_are_enforced(db_url: str, engine: Engine) -> None:
    command.upgrade(alembic_config(db_url), "head")
    insert_sample_rows(engine)
    configs = SQLModel.metadata.tables["ai_provider_configs"]
    duplicate = {
        "tenant_id": 1,
        "created_by_id": 1,
        "provider_name": "demo",
        "display_name": "Again",
        "default_model": "demo-1",
        "created_at": NOW,
        "updated_at": NOW,
    }
    with pytest.raises(sa.exc.IntegrityError), engine.begin() as conn:
        conn.execute(configs.insert(), duplicate)
    with pytest.raises(sa.exc.IntegrityError), engine.begin() as conn:
        if engine.dialect.name == "sqlite":
            conn.exec_driver_sql("PRAGMA foreign_keys=ON")
        conn.execute(configs.insert(), {**duplicate, "provider_name": "openai", "tenant_id": 99})


def test_migrated_schema_matches_the_models(db_url: str, engine: Engine) -> None:
    command.upgrade(alembic_config(db_url), "head")
    assert schema_diff(engine) == []

    # The comparison is real: remove an index and a column and it reports both.
    with engine.begin() as conn:
        conn.exec_driver_sql("DROP INDEX index_ai_invocations_on_user_id")
        conn.exec_driver_sql("ALTER TABLE ai_task_policies DROP COLUMN model_override")
    reported = {(d[0], getattr(d[-1], "name", None)) for d in schema_diff(engine)}
    assert reported == {
        ("add_index", "index_ai_invocations_on_user_id"),
        ("add_column", "model_override"),
    }


@pytest.mark.parametrize(
    "precreated",
    [AI_TABLES, ("ai_provider_configs", "ai_templates")],
    ids=["all-ai-tables", "some-ai-tables"],
)
def test_upgrade_keeps_ai_tables_created_some_other_way(
    db_url: str, engine: Engine, precreated: tuple[str, ...]
) -> None:
    config = alembic_config(db_url)
    command.upgrade(config, CORE_REVISION)
    assert table_names(engine) == set(CORE_TABLES) | {"alembic_version"}

    # Someone built (some of) the AI tables without alembic, e.g. from a schema dump.
    SQLModel.metadata.create_all(
        engine, tables=[SQLModel.metadata.tables[name] for name in precreated]
    )
    if set(precreated) == set(AI_TABLES):
        insert_sample_rows(engine)

    command.upgrade(config, "head")

    assert table_names(engine) == MODEL_TABLES | {"alembic_version"}
    assert current_revision(engine) == head_revision()
    assert schema_diff(engine) == []
    if set(precreated) != set(AI_TABLES):
        insert_sample_rows(engine)  # the tables the migrations created work with the others
    invocation = raw_row(
        engine, "SELECT model, context, ai_template_id FROM ai_invocations WHERE id = 1"
    )
    assert invocation == {"model": "demo-1", "context": {"unit_id": 7}, "ai_template_id": 1}
    assert raw_row(engine, "SELECT api_key FROM ai_provider_configs")["api_key"] == "ciphertext"
    assert raw_row(engine, "SELECT allowed_roles FROM ai_task_policies")["allowed_roles"] == [
        "teacher"
    ]

    command.downgrade(config, "base")
    assert table_names(engine) == {"alembic_version"}


def test_offline_sql_creates_every_table() -> None:
    output = io.StringIO()
    command.upgrade(alembic_config("sqlite:///offline.db", output), "head", sql=True)
    sql = output.getvalue()
    for table in MODEL_TABLES:
        assert f"CREATE TABLE {table} (" in sql
    assert "CREATE UNIQUE INDEX index_ai_task_policies_on_tenant_id_and_task_type" in sql
    assert not Path("offline.db").exists()


def test_plain_alembic_cli_from_repo_root(tmp_path: Path) -> None:
    db_file = tmp_path / "cli.db"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db_file}"}
    alembic_bin = Path(sys.executable).parent / "alembic"
    result = subprocess.run(
        [str(alembic_bin), "upgrade", "head"],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Running upgrade 20260215000003 -> 20260215000004" in result.stderr
    engine = sa.create_engine(f"sqlite:///{db_file}", poolclass=NullPool)
    try:
        assert table_names(engine) == MODEL_TABLES | {"alembic_version"}
        assert current_revision(engine) == head_revision()
    finally:
        engine.dispose()
