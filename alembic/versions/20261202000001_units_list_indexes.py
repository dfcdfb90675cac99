"""Indexes for the units list at district scale (paging, filters, search).

Revision ID: 20261202000001
Revises: 20260215000004
Create Date: 2026-12-02

Keyset pages by course then last updated (or title), "Mine" by author, courses by name. On
PostgreSQL, trigram (pg_trgm) GIN indexes serve `ILIKE '%term%'` on unit titles and
summaries; where the extension cannot be created (no privilege), search still works by
scanning the tenant's rows, and the migration says so instead of failing.
"""

import logging
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import context, op

revision: str = "20261202000001"
down_revision: str | Sequence[str] | None = "20260215000004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

log = logging.getLogger("alembic.runtime.migration")

INDEXES = (
    ("ix_units_tenant_id_course_id_updated_at", "units", ["tenant_id", "course_id", "updated_at"]),
    ("ix_units_tenant_id_course_id_title", "units", ["tenant_id", "course_id", "title"]),
    ("ix_units_tenant_id_created_by_id_updated_at", "units",
     ["tenant_id", "created_by_id", "updated_at"]),
    ("ix_units_tenant_id_updated_at_id", "units", ["tenant_id", "updated_at", "id"]),
    ("ix_courses_tenant_id_name", "courses", ["tenant_id", "name"]),
)
TRIGRAM_INDEXES = (("ix_units_title_trgm", "title"), ("ix_units_summary_trgm", "summary"))


def _postgresql() -> bool:
    return op.get_bind().dialect.name == "postgresql" if not context.is_offline_mode() else (
        context.get_context().dialect.name == "postgresql")


def _trigram_available() -> bool:
    """Create pg_trgm if it is not there yet (trusted since PostgreSQL 13: a database owner
    may); a refusal is rolled back to a savepoint and reported, not fatal."""
    if context.is_offline_mode():
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        return True
    savepoint = op.get_bind().begin_nested()
    try:
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except sa.exc.DBAPIError as exc:
        savepoint.rollback()
        log.warning("pg_trgm is not available (%s): unit search will scan instead of using "
                    "trigram indexes.", exc.orig)
        return False
    savepoint.commit()
    return True


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns)
    if _postgresql() and _trigram_available():
        for name, column in TRIGRAM_INDEXES:
            op.execute(
                f"CREATE INDEX IF NOT EXISTS {name} ON units USING gin ({column} gin_trgm_ops)"
            )


def downgrade() -> None:
    if _postgresql():
        for name, _ in TRIGRAM_INDEXES:
            op.execute(f"DROP INDEX IF EXISTS {name}")
    for name, table, _ in reversed(INDEXES):
        op.drop_index(name, table_name=table)
