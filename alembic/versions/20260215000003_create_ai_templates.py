"""Create ai_templates unless it already exists.

Revision ID: 20260215000003
Revises: 20260215000002
Create Date: 2026-02-15

Conditional, like Rails' `create_table ... unless table_exists?` (see the provider configs
migration). Columns, defaults, indexes and foreign keys as in the seed (models/ai.py at the time).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import context, op
from sqlalchemy.dialects import postgresql

# A migration is a snapshot: the column types it needs are copied here, never imported from
# the app (whose models move on). Rails' bigint ids; SQLite only auto-increments an INTEGER
# PRIMARY KEY, hence the variant. The seed's `jsonb`: JSON on SQLite, JSONB on PostgreSQL.
BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
JsonB = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")

revision: str = "20260215000003"
down_revision: str | Sequence[str] | None = "20260215000002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "ai_templates"


def _table_exists() -> bool:
    # Offline (--sql) there is no database to ask: emit the CREATE.
    return not context.is_offline_mode() and sa.inspect(op.get_bind()).has_table(TABLE)


def upgrade() -> None:
    if _table_exists():
        return
    op.create_table(
        TABLE,
        sa.Column("id", BigId, nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by_id", sa.BigInteger(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("status", sa.String(), nullable=True, server_default="draft"),
        sa.Column("system_prompt", sa.Text(), nullable=False),
        sa.Column("task_type", sa.String(), nullable=False),
        sa.Column("tenant_id", sa.BigInteger(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("user_prompt_template", sa.Text(), nullable=False),
        sa.Column("variables", JsonB, nullable=True, server_default=sa.text("'[]'")),
        sa.PrimaryKeyConstraint("id", name="pk_ai_templates"),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name="fk_ai_templates_created_by_id_users"
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name="fk_ai_templates_tenant_id_tenants"
        ),
    )
    op.create_index(
        "index_ai_templates_on_tenant_id_and_task_type_and_status",
        TABLE,
        ["tenant_id", "task_type", "status"],
    )
    op.create_index("index_ai_templates_on_tenant_id", TABLE, ["tenant_id"])
    op.create_index("index_ai_templates_on_created_by_id", TABLE, ["created_by_id"])


def downgrade() -> None:
    if context.is_offline_mode() or sa.inspect(op.get_bind()).has_table(TABLE):
        op.drop_table(TABLE)
