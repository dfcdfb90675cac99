"""The acting user, as services, repositories and policies see it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

Role = Literal["admin", "curriculum_lead", "teacher"]
ROLES: tuple[str, ...] = get_args(Role)


@dataclass(frozen=True, slots=True)
class Actor:
    """Who is acting. Built on the server from the session, never from browser input."""

    id: int
    tenant_id: int
    role: str
    name: str = ""
    email: str = ""

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    @property
    def is_curriculum_lead(self) -> bool:
        return self.role == "curriculum_lead"

    @property
    def sees_whole_tenant(self) -> bool:
        """Leads and admins see every unit and lesson in their tenant."""
        return self.role in ("admin", "curriculum_lead")
