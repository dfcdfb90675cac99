"""Column types and helpers shared by every table."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
from sqlmodel import Field, SQLModel

from ai_planner.errors import ValidationFailed

# Rails' bigint ids; SQLite only auto-increments an INTEGER PRIMARY KEY, hence the variant.
BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
# The seed's `jsonb`: JSON on SQLite, JSONB on PostgreSQL.
JsonB = sa.JSON().with_variant(JSONB(), "postgresql")


def utcnow() -> datetime:
    """Naive UTC, like Rails' `timestamp without time zone` columns."""
    return datetime.now(UTC).replace(tzinfo=None)


def id_field() -> Any:
    return Field(default=None, sa_column=sa.Column(BigId, primary_key=True))


def fk_field(target: str, *, nullable: bool = False, index: bool = False) -> Any:
    """A bigint foreign key column (no index unless asked: the seed lists indexes itself)."""
    return Field(
        default=None,
        sa_column=sa.Column(
            sa.BigInteger,
            sa.ForeignKey(target),
            nullable=nullable,
            index=index,
        ),
    )


def created_at_field() -> Any:
    return Field(default_factory=utcnow, sa_column=sa.Column(sa.DateTime, nullable=False))


def updated_at_field() -> Any:
    return Field(
        default_factory=utcnow,
        sa_column=sa.Column(sa.DateTime, nullable=False, onupdate=utcnow),
    )


def json_field(default_factory: Any, server_default: str) -> Any:
    return Field(
        default_factory=default_factory,
        sa_column=sa.Column(JsonB, server_default=sa.text(f"'{server_default}'")),
    )


def require_text(field: str, value: str | None, label: str) -> None:
    if value is None or not str(value).strip():
        raise ValidationFailed(field, f"{label} can't be blank.")


def require_choice(field: str, value: str | None, choices: tuple[str, ...], label: str) -> None:
    if value not in choices:
        allowed = ", ".join(choices)
        raise ValidationFailed(field, f"{label} must be one of: {allowed} (got {value!r}).")


class Validated:
    """Tables implement ``validate()``; a before-flush hook calls it for every write."""

    def validate(self) -> None:  # pragma: no cover - overridden
        return None


# Indexes a migration creates on PostgreSQL only (pg_trgm GIN indexes for the units search),
# which the models cannot declare for SQLite: the model/migration drift check skips them.
DATABASE_ONLY_INDEXES = frozenset({"ix_units_title_trgm", "ix_units_summary_trgm"})


def include_in_schema_comparison(obj: Any, name: str | None, type_: str, reflected: bool,
                                 compare_to: Any) -> bool:
    """Alembic's ``include_object``: everything but DATABASE_ONLY_INDEXES."""
    return not (type_ == "index" and name in DATABASE_ONLY_INDEXES)


# Named constraints keep migrations reversible (SQLite batch mode needs names).
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
SQLModel.metadata.naming_convention = NAMING_CONVENTION
