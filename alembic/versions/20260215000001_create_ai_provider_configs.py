"""Create ai_provider_configs unless it already exists.

Revision ID: 20260215000001
Revises: 20260214000000
Create Date: 2026-02-15

Conditional, like Rails' `create_table ... unless table_exists?`: the seed's AI tables may
already exist in a database built some other way, and `upgrade head` must still work there.
Columns, defaults, indexes and foreign keys as in the seed (models/ai.py at the time).
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

revision: str = "20260215000001"
down_revision: str | Sequence[str] | None = "20260214000000"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "ai_provider_configs"


def _table_exists() -> bool:
    # Offline (--sql) there is no database to ask: emit the CREATE.
    return not context.is_offline_mode() and sa.inspect(op.get_bind()).has_table(TABLE)


def upgrade() -> None:
    if _table_exists():
        return
    op.create_table(
        TABLE,
        sa.Column("id", BigId, nullable=False),
        sa.Column("api_key", sa.Text(), nullable=True),
        sa.Column("available_models", JsonB, nullable=True, server_default=sa.text("'[]'")),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by_id", sa.BigInteger(), nullable=False),
        sa.Column("default_model", sa.String(), nullable=False),
        sa.Column("display_name", sa.String(), nullable=False),
        sa.Column("provider_name", sa.String(), nullable=False),
        sa.Column("settings", JsonB, nullable=True, server_default=sa.text("'{}'")),
        sa.Column("status", sa.String(), nullable=False, server_default="inactive"),
        sa.Column("tenant_id", sa.BigInteger(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_ai_provider_configs"),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name="fk_ai_provider_configs_created_by_id_users"
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name="fk_ai_provider_configs_tenant_id_tenants"
        ),
    )
    op.create_index(
        "index_ai_provider_configs_on_tenant_id_and_provider_name",
        TABLE,
        ["tenant_id", "provider_name"],
        unique=True,
    )
    op.create_index("index_ai_provider_configs_on_tenant_id", TABLE, ["tenant_id"])
    op.create_index("index_ai_provider_configs_on_created_by_id", TABLE, ["created_by_id"])


def downgrade() -> None:
    if context.is_offline_mode() or sa.inspect(op.get_bind()).has_table(TABLE):
        op.drop_table(TABLE)
