"""Create ai_task_policies unless it already exists.

Revision ID: 20260215000002
Revises: 20260215000001
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

revision: str = "20260215000002"
down_revision: str | Sequence[str] | None = "20260215000001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "ai_task_policies"


def _table_exists() -> bool:
    # Offline (--sql) there is no database to ask: emit the CREATE.
    return not context.is_offline_mode() and sa.inspect(op.get_bind()).has_table(TABLE)


def upgrade() -> None:
    if _table_exists():
        return
    op.create_table(
        TABLE,
        sa.Column("id", BigId, nullable=False),
        sa.Column("ai_provider_config_id", sa.BigInteger(), nullable=False),
        sa.Column("allowed_roles", JsonB, nullable=True, server_default=sa.text("'[]'")),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by_id", sa.BigInteger(), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=True, server_default=sa.true()),
        sa.Column("max_tokens_limit", sa.Integer(), nullable=True, server_default="4096"),
        sa.Column("model_override", sa.String(), nullable=True),
        sa.Column("requires_approval", sa.Boolean(), nullable=True, server_default=sa.false()),
        sa.Column("settings", JsonB, nullable=True, server_default=sa.text("'{}'")),
        sa.Column("task_type", sa.String(), nullable=False),
        sa.Column("temperature_limit", sa.Float(), nullable=True, server_default="1.0"),
        sa.Column("tenant_id", sa.BigInteger(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_ai_task_policies"),
        sa.ForeignKeyConstraint(
            ["ai_provider_config_id"],
            ["ai_provider_configs.id"],
            name="fk_ai_task_policies_ai_provider_config_id_ai_provider_configs",
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name="fk_ai_task_policies_created_by_id_users"
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name="fk_ai_task_policies_tenant_id_tenants"
        ),
    )
    op.create_index(
        "index_ai_task_policies_on_tenant_id_and_task_type",
        TABLE,
        ["tenant_id", "task_type"],
        unique=True,
    )
    op.create_index("index_ai_task_policies_on_tenant_id", TABLE, ["tenant_id"])
    op.create_index(
        "index_ai_task_policies_on_ai_provider_config_id", TABLE, ["ai_provider_config_id"]
    )
    op.create_index("index_ai_task_policies_on_created_by_id", TABLE, ["created_by_id"])


def downgrade() -> None:
    if context.is_offline_mode() or sa.inspect(op.get_bind()).has_table(TABLE):
        op.drop_table(TABLE)
