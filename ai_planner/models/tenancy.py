"""Tenants, users and their server-side sessions."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from ai_planner.actor import ROLES
from ai_planner.errors import ValidationFailed
from ai_planner.models.base import (
    Validated,
    created_at_field,
    fk_field,
    id_field,
    json_field,
    require_choice,
    require_text,
    updated_at_field,
)

SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class Tenant(Validated, SQLModel, table=True):
    __tablename__ = "tenants"

    id: int | None = id_field()
    name: str = Field(sa_column=sa.Column(sa.String, nullable=False))
    slug: str = Field(sa_column=sa.Column(sa.String, nullable=False, unique=True))
    settings: dict[str, Any] = json_field(dict, "{}")
    created_at: datetime = created_at_field()
    updated_at: datetime = updated_at_field()

    def validate(self) -> None:
        require_text("name", self.name, "Name")
        if not SLUG_RE.match(self.slug or ""):
            raise ValidationFailed(
                "slug", "Slug must be lower-case letters, digits and dashes (e.g. 'maple')."
            )


class User(Validated, SQLModel, table=True):
    __tablename__ = "users"
    __table_args__ = (
        sa.UniqueConstraint("tenant_id", "email", name="index_users_on_tenant_id_and_email"),
    )

    id: int | None = id_field()
    tenant_id: int = fk_field("tenants.id", index=True)
    email: str = Field(sa_column=sa.Column(sa.String, nullable=False))
    name: str = Field(sa_column=sa.Column(sa.String, nullable=False))
    role: str = Field(sa_column=sa.Column(sa.String, nullable=False, server_default="teacher"))
    password_hash: str = Field(sa_column=sa.Column(sa.String, nullable=False))
    active: bool = Field(
        default=True, sa_column=sa.Column(sa.Boolean, nullable=False, server_default=sa.true())
    )
    created_at: datetime = created_at_field()
    updated_at: datetime = updated_at_field()

    def validate(self) -> None:
        if self.email:
            self.email = self.email.strip().lower()
        require_text("email", self.email, "Email")
        if not EMAIL_RE.match(self.email):
            raise ValidationFailed("email", "Email must look like name@school.org.")
        require_text("name", self.name, "Name")
        require_choice("role", self.role, ROLES, "Role")
        require_text("password_hash", self.password_hash, "Password")


class UserSession(Validated, SQLModel, table=True):
    __tablename__ = "user_sessions"

    id: int | None = id_field()
    user_id: int = fk_field("users.id", index=True)
    token_hash: str = Field(sa_column=sa.Column(sa.String(64), nullable=False, unique=True))
    created_at: datetime = created_at_field()
    expires_at: datetime = Field(sa_column=sa.Column(sa.DateTime, nullable=False))
    revoked_at: datetime | None = Field(default=None, sa_column=sa.Column(sa.DateTime))
