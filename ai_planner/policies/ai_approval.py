"""Approvals: where a task policy requires it, a request waits until an admin or curriculum
lead of the same school approves (it then runs) or rejects it. Nobody decides their own
request: approval means a second person looked at it."""

from __future__ import annotations

from typing import Any

from ai_planner.actor import Actor
from ai_planner.policies.base import is_admin_or_lead, owns, same_tenant


def can_list(actor: Actor | None) -> bool:
    """The approval queue (and its count in the sidebar)."""
    return is_admin_or_lead(actor)


def can_decide(actor: Actor | None, invocation: Any) -> bool:
    return (is_admin_or_lead(actor) and same_tenant(actor, invocation)
            and not owns(actor, invocation, "user_id"))


def can_withdraw(actor: Actor | None, invocation: Any) -> bool:
    """The person who asked may take a waiting request back."""
    return owns(actor, invocation, "user_id")
