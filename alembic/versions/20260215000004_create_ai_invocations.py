"""Create ai_invocations unless it already exists.

Revision ID: 20260215000004
Revises: 20260215000003
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

revision: str = "20260215000004"
down_revision: str | Sequence[str] | None = "20260215000003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "ai_invocations"


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
        sa.Column("ai_task_policy_id", sa.BigInteger(), nullable=True),
        sa.Column("ai_template_id", sa.BigInteger(), nullable=True),
        sa.Column("completed_at", sa.DateTime(), nullable=True),
        sa.Column("completion_tokens", sa.Integer(), nullable=True),
        sa.Column("context", JsonB, nullable=True, server_default=sa.text("'{}'")),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("duration_ms", sa.Integer(), nullable=True),
        sa.Column("error_message", sa.Text(), nullable=True),
        sa.Column("input_hash", sa.String(), nullable=True),
        sa.Column("model", sa.String(), nullable=False),
        sa.Column("prompt_tokens", sa.Integer(), nullable=True),
        sa.Column("provider_name", sa.String(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=True),
        sa.Column("status", sa.String(), nullable=False, server_default="pending"),
        sa.Column("task_type", sa.String(), nullable=False),
        sa.Column("tenant_id", sa.BigInteger(), nullable=False),
        sa.Column("total_tokens", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_ai_invocations"),
        sa.ForeignKeyConstraint(
            ["ai_provider_config_id"],
            ["ai_provider_configs.id"],
            name="fk_ai_invocations_ai_provider_config_id_ai_provider_configs",
        ),
        sa.ForeignKeyConstraint(
            ["ai_task_policy_id"],
            ["ai_task_policies.id"],
            name="fk_ai_invocations_ai_task_policy_id_ai_task_policies",
        ),
        sa.ForeignKeyConstraint(
            ["ai_template_id"],
            ["ai_templates.id"],
            name="fk_ai_invocations_ai_template_id_ai_templates",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name="fk_ai_invocations_tenant_id_tenants"
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_ai_invocations_user_id_users"),
    )
    op.create_index(
        "index_ai_invocations_on_ai_provider_config_id", TABLE, ["ai_provider_config_id"]
    )
    op.create_index("index_ai_invocations_on_ai_task_policy_id", TABLE, ["ai_task_policy_id"])
    op.create_index("index_ai_invocations_on_ai_template_id", TABLE, ["ai_template_id"])
    op.create_index(
        "index_ai_invocations_on_tenant_id_and_task_type_and_created_at",
        TABLE,
        ["tenant_id", "task_type", "created_at"],
    )
    op.create_index("index_ai_invocations_on_tenant_id", TABLE, ["tenant_id"])
    op.create_index("index_ai_invocations_on_user_id", TABLE, ["user_id"])


def downgrade() -> None:
    if context.is_offline_mode() or sa.inspect(op.get_bind()).has_table(TABLE):
        op.drop_table(TABLE)
