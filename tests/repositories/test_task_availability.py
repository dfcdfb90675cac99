"""What the assist panel learns: per task type, on/off and allowed, nothing about providers."""

from __future__ import annotations

from sqlmodel import Session

from ai_planner.models import TASK_TYPES
from ai_planner.services.task_availability import available_task_types
from tests.factories import World, make_provider_config, make_task_policy


def by_type(session: Session, actor: object) -> dict[str, tuple[bool, bool, bool]]:
    return {a.task_type: (a.enabled, a.allowed_for_my_role, a.requires_approval)
            for a in available_task_types(session, actor=actor)}


def test_every_task_type_in_order_with_labels(world: World, session: Session) -> None:
    result = available_task_types(session, actor=world.maple.actor("teacher"))
    assert [a.task_type for a in result] == list(TASK_TYPES)
    assert [a.label for a in result][:2] == ["Lesson Plan", "Unit Plan"]
    assert set(result[0].model_dump()) == {
        "task_type", "label", "enabled", "allowed_for_my_role", "requires_approval"}


def test_flags_follow_policies_and_providers(world: World, session: Session) -> None:
    maple = world.maple
    openai = make_provider_config(session, maple.admin, "openai", status="inactive")
    make_task_policy(session, maple.admin, maple.config, "unit_plan",
                     allowed_roles=["curriculum_lead"], requires_approval=True)
    make_task_policy(session, maple.admin, openai, "rewrite")
    make_task_policy(session, maple.admin, maple.config, "assessment", enabled=False)

    teacher = by_type(session, maple.actor("teacher"))
    assert teacher == {
        "lesson_plan": (True, True, False),
        "unit_plan": (True, False, True),
        "differentiation": (False, False, False),  # no policy
        "assessment": (False, True, False),  # policy turned off
        "rewrite": (False, True, False),  # provider inactive
    }
    assert by_type(session, maple.actor("lead"))["unit_plan"] == (True, True, True)


def test_other_tenants_policies_do_not_leak(world: World, session: Session) -> None:
    make_task_policy(session, world.cedar.admin, world.cedar.config, "rewrite")
    assert by_type(session, world.maple.actor("teacher"))["rewrite"] == (False, False, False)
    assert by_type(session, world.cedar.actor("teacher"))["rewrite"] == (True, True, False)

