"""Alembic environment: the app's database URL and SQLModel.metadata.

Where the database comes from, first match wins:
1. ``config.attributes["connection"]`` - a Connection (or Engine) handed in by code/tests;
2. ``alembic -x url=...`` on the command line;
3. ``sqlalchemy.url`` set on the Config (``config.set_main_option``; alembic.ini leaves it unset);
4. the app settings: ``DATABASE_URL``, or the development SQLite file in the instance folder.
"""

from __future__ import annotations

from logging.config import fileConfig

import sqlalchemy as sa
from alembic import context
from sqlalchemy.engine import Connection
from sqlalchemy.pool import NullPool
from sqlmodel import SQLModel

import ai_planner.models  # noqa: F401  (registers every table on SQLModel.metadata)
from ai_planner.db import normalize_url
from ai_planner.models.base import include_in_schema_comparison

config = context.config
target_metadata = SQLModel.metadata

# Programmatic callers (tests, the CLI) own logging: they hand in a connection or set
# config.attributes["configure_logger"] = False, and keep their handlers.
if (
    config.config_file_name is not None
    and "connection" not in config.attributes
    and config.attributes.get("configure_logger", True)
):
    fileConfig(config.config_file_name, disable_existing_loggers=False)


def database_url() -> str:
    url = context.get_x_argument(as_dictionary=True).get("url") or config.get_main_option(
        "sqlalchemy.url"
    )
    if not url:
        from ai_planner.settings import get_settings

        url = get_settings().database_url
    return normalize_url(url)


def configure_options(dialect_name: str) -> dict[str, object]:
    return {
        "target_metadata": target_metadata,
        "compare_type": True,
        "include_object": include_in_schema_comparison,
        # SQLite can't ALTER most things; batch mode copies the table instead.
        "render_as_batch": dialect_name == "sqlite",
    }


def run_migrations_offline() -> None:
    """`alembic upgrade head --sql`: print the SQL instead of running it."""
    url = database_url()
    context.configure(
        url=url,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
        **configure_options(sa.engine.make_url(url).get_backend_name()),
    )
    with context.begin_transaction():
        context.run_migrations()


def run_on(connection: Connection) -> None:
    context.configure(connection=connection, **configure_options(connection.dialect.name))
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    given = config.attributes.get("connection")
    if isinstance(given, Connection):
        run_on(given)
        return
    # A private engine without the app's SQLite pragmas: batch mode copies tables, which
    # must not trip foreign keys, and NullPool leaves no connection open afterwards.
    engine = given if given is not None else sa.create_engine(database_url(), poolclass=NullPool)
    try:
        with engine.connect() as connection:
            run_on(connection)
    finally:
        if given is None:
            engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
