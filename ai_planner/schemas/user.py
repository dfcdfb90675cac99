"""User schemas for admin listings: never the password hash."""

from __future__ import annotations

from datetime import datetime

from ai_planner.schemas.base import PublicSchema


class UserPublic(PublicSchema):
    id: int
    email: str
    name: str
    role: str
    active: bool
    created_at: datetime
