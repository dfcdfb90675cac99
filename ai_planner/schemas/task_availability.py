"""What the assist panel may know about a task type: no provider, key or limit details."""

from __future__ import annotations

from pydantic import BaseModel


class TaskAvailability(BaseModel):
    task_type: str
    label: str
    enabled: bool
    allowed_for_my_role: bool
    requires_approval: bool

    @property
    def usable(self) -> bool:
        return self.enabled and self.allowed_for_my_role
