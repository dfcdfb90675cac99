"""Create ai_invocation_texts: the prompt, answer and (while awaiting approval) the rendered
messages of each generation, beside the seed's ai_invocations (which keeps its columns).

Revision ID: 20261202070000
Revises: 20261202063908
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

# A migration is a snapshot: the column types it needs are copied here, never imported.
JsonB = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")

revision: str = "20261202070000"
down_revision: str | Sequence[str] | None = "20261202063908"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "ai_invocation_texts"


def upgrade() -> None:
    op.create_table(
        TABLE,
        sa.Column("invocation_id", sa.BigInteger(), nullable=False),
        sa.Column("tenant_id", sa.BigInteger(), nullable=False),
        sa.Column("prompt", sa.Text(), nullable=False),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column("request_messages", JsonB, nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("invocation_id", name="pk_ai_invocation_texts"),
        sa.ForeignKeyConstraint(
            ["invocation_id"], ["ai_invocations.id"],
            name="fk_ai_invocation_texts_invocation_id_ai_invocations", ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name="fk_ai_invocation_texts_tenant_id_tenants"),
    )
    op.create_index("ix_ai_invocation_texts_tenant_id", TABLE, ["tenant_id"])


def downgrade() -> None:
    op.drop_index("ix_ai_invocation_texts_tenant_id", table_name=TABLE)
    op.drop_table(TABLE)
