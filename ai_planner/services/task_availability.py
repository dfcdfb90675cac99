"""Which task types the acting user can use right now (the assist panel's policy banner).

Any signed-in role may ask. The answer carries no provider, model, key or limit details.
"""

from __future__ import annotations

from sqlmodel import Session

from ai_planner.actor import Actor
from ai_planner.models import TASK_TYPE_LABELS, TASK_TYPES
from ai_planner.repositories import ai_task_policies
from ai_planner.schemas.task_availability import TaskAvailability


def available_task_types(session: Session, *, actor: Actor) -> list[TaskAvailability]:
    """One entry per task type, in the assist panel's order.

    ``enabled``: the school has a policy for it, the policy is on and its provider is active.
    ``allowed_for_my_role``: the policy lets the actor's role use it (empty roles = everyone).
    """
    by_type = {
        task_policy.task_type: (task_policy, config)
        for task_policy, config in ai_task_policies.all_for_generation(session, actor=actor)
    }
    result: list[TaskAvailability] = []
    for task_type in TASK_TYPES:
        found = by_type.get(task_type)
        if found is None:
            result.append(
                TaskAvailability(
                    task_type=task_type,
                    label=TASK_TYPE_LABELS[task_type],
                    enabled=False,
                    allowed_for_my_role=False,
                    requires_approval=False,
                )
            )
            continue
        task_policy, config = found
        result.append(
            TaskAvailability(
                task_type=task_type,
                label=TASK_TYPE_LABELS[task_type],
                enabled=bool(task_policy.enabled) and config.is_active,
                allowed_for_my_role=task_policy.allowed_for_role(actor.role),
                requires_approval=bool(task_policy.requires_approval),
            )
        )
    return result
