"""Create audit_logs, the change log of the AI set-up.

Revision ID: 20261202063908
Revises: 20261202000001
Create Date: 2026-12-02

A snapshot: it imports nothing from ai_planner (the column types it needs are copied below).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision: str = "20261202063908"
down_revision: str | Sequence[str] | None = "20261202000001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "audit_logs"
# Bigint ids (SQLite only auto-increments an INTEGER PRIMARY KEY); JSON, JSONB on PostgreSQL.
BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
JsonB = sa.JSON().with_variant(JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        TABLE,
        sa.Column("id", BigId, nullable=False),
        sa.Column("tenant_id", sa.BigInteger(), nullable=False),
        sa.Column("actor_id", sa.BigInteger(), nullable=False),
        sa.Column("action", sa.String(), nullable=False),
        sa.Column("resource_type", sa.String(), nullable=False),
        sa.Column("resource_id", sa.BigInteger(), nullable=False),
        sa.Column("changes", JsonB, nullable=True, server_default=sa.text("'{}'")),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_audit_logs"),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name="fk_audit_logs_tenant_id_tenants"
        ),
        sa.ForeignKeyConstraint(["actor_id"], ["users.id"], name="fk_audit_logs_actor_id_users"),
    )
    op.create_index(
        "index_audit_logs_on_tenant_id_and_created_at", TABLE, ["tenant_id", "created_at"]
    )
    op.create_index("index_audit_logs_on_actor_id", TABLE, ["actor_id"])


def downgrade() -> None:
    op.drop_index("index_audit_logs_on_actor_id", table_name=TABLE)
    op.drop_index("index_audit_logs_on_tenant_id_and_created_at", table_name=TABLE)
    op.drop_table(TABLE)
