"""Create the core tables: tenants, users, user_sessions, courses, units, lessons.

Revision ID: 20260214000000
Revises:
Create Date: 2026-02-14

Every constraint and index is named as the models' NAMING_CONVENTION names it
(pk_/uq_/fk_/ix_ ...), or as the model names it explicitly, so autogenerate sees no drift.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

# A migration is a snapshot: the column types it needs are copied here, never imported from
# the app (whose models move on). Rails' bigint ids; SQLite only auto-increments an INTEGER
# PRIMARY KEY, hence the variant. The seed's `jsonb`: JSON on SQLite, JSONB on PostgreSQL.
BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
JsonB = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")

revision: str = "20260214000000"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _timestamps() -> list[sa.Column]:
    return [
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "tenants",
        sa.Column("id", BigId, nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("slug", sa.String(), nullable=False),
        sa.Column("settings", JsonB, nullable=True, server_default=sa.text("'{}'")),
        *_timestamps(),
        sa.PrimaryKeyConstraint("id", name="pk_tenants"),
        sa.UniqueConstraint("slug", name="uq_tenants_slug"),
    )

    op.create_table(
        "users",
        sa.Column("id", BigId, nullable=False),
        sa.Column("tenant_id", sa.BigInteger(), nullable=False),
        sa.Column("email", sa.String(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("role", sa.String(), nullable=False, server_default="teacher"),
        sa.Column("password_hash", sa.String(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False, server_default=sa.true()),
        *_timestamps(),
        sa.PrimaryKeyConstraint("id", name="pk_users"),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], name="fk_users_tenant_id_tenants"),
        sa.UniqueConstraint("tenant_id", "email", name="index_users_on_tenant_id_and_email"),
    )
    op.create_index("ix_users_tenant_id", "users", ["tenant_id"])

    op.create_table(
        "user_sessions",
        sa.Column("id", BigId, nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_user_sessions"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_user_sessions_user_id_users"),
        sa.UniqueConstraint("token_hash", name="uq_user_sessions_token_hash"),
    )
    op.create_index("ix_user_sessions_user_id", "user_sessions", ["user_id"])

    op.create_table(
        "courses",
        sa.Column("id", BigId, nullable=False),
        sa.Column("tenant_id", sa.BigInteger(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("subject", sa.String(), nullable=False),
        sa.Column("grade_level", sa.String(), nullable=False),
        sa.Column("created_by_id", sa.BigInteger(), nullable=False),
        *_timestamps(),
        sa.PrimaryKeyConstraint("id", name="pk_courses"),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], name="fk_courses_tenant_id_tenants"),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name="fk_courses_created_by_id_users"
        ),
    )
    op.create_index("ix_courses_tenant_id", "courses", ["tenant_id"])
    op.create_index("ix_courses_created_by_id", "courses", ["created_by_id"])

    op.create_table(
        "units",
        sa.Column("id", BigId, nullable=False),
        sa.Column("tenant_id", sa.BigInteger(), nullable=False),
        sa.Column("course_id", sa.BigInteger(), nullable=False),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("essential_questions", sa.Text(), nullable=False),
        sa.Column("status", sa.String(), nullable=False, server_default="draft"),
        sa.Column("created_by_id", sa.BigInteger(), nullable=False),
        *_timestamps(),
        sa.PrimaryKeyConstraint("id", name="pk_units"),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], name="fk_units_tenant_id_tenants"),
        sa.ForeignKeyConstraint(["course_id"], ["courses.id"], name="fk_units_course_id_courses"),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name="fk_units_created_by_id_users"
        ),
    )
    op.create_index("ix_units_tenant_id", "units", ["tenant_id"])
    op.create_index("ix_units_course_id", "units", ["course_id"])
    op.create_index("ix_units_created_by_id", "units", ["created_by_id"])

    op.create_table(
        "lessons",
        sa.Column("id", BigId, nullable=False),
        sa.Column("tenant_id", sa.BigInteger(), nullable=False),
        sa.Column("unit_id", sa.BigInteger(), nullable=False),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("objectives", sa.Text(), nullable=False),
        sa.Column("activities", sa.Text(), nullable=False),
        sa.Column("materials", sa.Text(), nullable=False),
        sa.Column("assessment", sa.Text(), nullable=False),
        sa.Column("duration_minutes", sa.Integer(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("created_by_id", sa.BigInteger(), nullable=False),
        *_timestamps(),
        sa.PrimaryKeyConstraint("id", name="pk_lessons"),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], name="fk_lessons_tenant_id_tenants"),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"], name="fk_lessons_unit_id_units"),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name="fk_lessons_created_by_id_users"
        ),
    )
    op.create_index("ix_lessons_tenant_id", "lessons", ["tenant_id"])
    op.create_index("ix_lessons_unit_id", "lessons", ["unit_id"])
    op.create_index("ix_lessons_created_by_id", "lessons", ["created_by_id"])
    op.create_index("index_lessons_on_unit_id_and_position", "lessons", ["unit_id", "position"])


def downgrade() -> None:
    # Children first; dropping a table drops its indexes.
    for table in ("lessons", "units", "courses", "user_sessions", "users", "tenants"):
        op.drop_table(table)
