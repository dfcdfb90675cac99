"""The task policies page's state: the form's rules come back next to their fields, and every
write handler refuses whoever is not an admin of the tenant."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from ai_planner.db import get_engine
from ai_planner.models import AiTaskPolicy
from ai_planner.state.admin.policies import PoliciesState
from tests.admin.helpers import audit_rows, call, fresh, signed_in
from tests.factories import World, make_provider_config


def policies(email: str = "admin@maple.test") -> PoliciesState:
    state = signed_in(email, "/admin/ai/policies").get(PoliciesState)
    call(PoliciesState.load, state)
    return state


def fill(state: PoliciesState, **values: str) -> None:
    for field, value in values.items():
        call(PoliciesState.edit, state, field, value)


def policy_count(tenant_id: int) -> int:
    with Session(get_engine()) as db:
        return len(db.exec(select(AiTaskPolicy).where(AiTaskPolicy.tenant_id == tenant_id)).all())


def test_the_table_reads_as_people_say_it(world: World) -> None:
    state = policies()
    (row,) = state.rows
    assert (row.task_label, row.provider, row.roles, row.max_tokens, row.temperature,
            row.model) == ("Lesson Plan", "Demo provider", "Everyone", "4,096", "1",
                           "Default (demo-planner-1)")
    assert state.taken_task_types == ["lesson_plan"]
    assert [p.label for p in state.providers] == ["Demo provider"]


def test_admin_adds_a_policy_with_roles_and_limits(world: World) -> None:
    state = policies()
    call(PoliciesState.open_create, state)
    assert state.form["ai_provider_config_id"] == str(world.maple.config.id)  # the only one
    fill(state, task_type="assessment", max_tokens_limit="2000", temperature_limit="0.4",
         model_override="demo-planner-1")
    call(PoliciesState.toggle_role, state, "teacher", True)
    call(PoliciesState.toggle_role, state, "admin", True)
    call(PoliciesState.toggle_role, state, "superuser", True)
    call(PoliciesState.set_requires_approval, state, True)
    call(PoliciesState.save, state)
    assert state.errors == {} and not state.form_open
    row = next(r for r in state.rows if r.task_label == "Assessment")
    assert (row.roles, row.max_tokens, row.requires_approval) == ("Admin, Teacher", "2,000",
                                                                  True)
    assert audit_rows(world.maple.tenant.id)[-1].changes["label"] == "Assessment"


@pytest.mark.parametrize("values,field,message", [
    ({"temperature_limit": "3"}, "temperature_limit",
     "Temperature limit must be a number from 0 to 2."),
    ({"max_tokens_limit": "0"}, "max_tokens_limit", "Max tokens must be a whole number from 1 to"),
    ({"max_tokens_limit": ""}, "max_tokens_limit", "Max tokens must be a whole number from 1 to"),
    ({"task_type": "lesson_plan"}, "task_type",
     "This school already has a task policy for Lesson Plan: edit that one instead."),
    ({"task_type": ""}, "task_type", "Task type is required."),
])
def test_bad_input_shows_next_to_its_field_and_keeps_the_form(world: World, values: dict,
                                                               field: str, message: str) -> None:
    state = policies()
    call(PoliciesState.open_create, state)
    fill(state, **{"task_type": "rewrite", **values})
    call(PoliciesState.save, state)
    assert state.form_open and state.errors[field].startswith(message)
    assert all(state.form[name] == value for name, value in values.items())
    assert policy_count(world.maple.tenant.id) == 1


def test_several_bad_fields_are_reported_together(world: World) -> None:
    state = policies()
    call(PoliciesState.open_create, state)
    fill(state, task_type="rewrite", max_tokens_limit="0", temperature_limit="3")
    call(PoliciesState.save, state)
    assert set(state.errors) == {"max_tokens_limit", "temperature_limit"}


def test_a_model_outside_the_providers_list_is_only_a_warning(world: World,
                                                              session: Session) -> None:
    config = make_provider_config(session, world.maple.admin, "openai",
                                  available_models=["gpt-4o", "gpt-4o-mini"])
    state = policies()
    call(PoliciesState.open_create, state)
    fill(state, task_type="rewrite", ai_provider_config_id=str(config.id),
         model_override="gpt-5-imaginary")
    assert state.model_suggestions == ["gpt-4o", "gpt-4o-mini"]
    assert "is not in this provider's available models" in state.model_warning
    call(PoliciesState.save, state)
    assert state.errors == {}
    row = next(r for r in state.rows if r.task_label == "Rewrite")
    assert row.model == "gpt-5-imaginary" and row.provider == "Openai provider"


def test_edit_and_delete(world: World) -> None:
    state = policies()
    call(PoliciesState.open_edit, state, world.maple.policy.id)
    assert state.form["max_tokens_limit"] == "4096"
    fill(state, max_tokens_limit="1500")
    call(PoliciesState.set_enabled, state, False)
    call(PoliciesState.save, state)
    stored = fresh(AiTaskPolicy, world.maple.policy.id)
    assert (stored.max_tokens_limit, stored.enabled) == (1500, False)
    call(PoliciesState.request_delete, state, world.maple.policy.id)
    assert state.delete_open and state.delete_name == "Lesson Plan"
    call(PoliciesState.confirm_delete, state)
    assert fresh(AiTaskPolicy, world.maple.policy.id) is None
    assert [row.action for row in audit_rows(world.maple.tenant.id)] == ["update", "delete"]


def test_a_config_of_another_tenant_cannot_be_chosen(world: World) -> None:
    state = policies()
    call(PoliciesState.open_create, state)
    fill(state, task_type="rewrite", ai_provider_config_id=str(world.cedar.config.id))
    call(PoliciesState.save, state)
    assert state.errors == {"ai_provider_config_id": "Choose one of this school's providers."}


@pytest.mark.parametrize("email", ["teacher@maple.test", "lead@maple.test"])
def test_teachers_and_leads_change_nothing(world: World, email: str) -> None:
    state = policies(email)
    assert state.rows == [] and state.providers == []
    state.form_open = True
    state.form = {"task_type": "rewrite", "ai_provider_config_id": str(world.maple.config.id),
                  "max_tokens_limit": "10", "temperature_limit": "1", "model_override": ""}
    call(PoliciesState.save, state)
    assert state.errors == {"form": "You are not allowed to do that."}  # shown in the dialog
    state.editing_id, state.form_open = world.maple.policy.id, True
    call(PoliciesState.save, state)
    call(PoliciesState.open_edit, state, world.maple.policy.id)
    state._pending_id = world.maple.policy.id
    call(PoliciesState.confirm_delete, state)
    assert state.message == "You are not allowed to do that."
    assert fresh(AiTaskPolicy, world.maple.policy.id).max_tokens_limit == 4096
    assert policy_count(world.maple.tenant.id) == 1 and audit_rows(world.maple.tenant.id) == []


def test_another_tenants_admin_cannot_touch_them(world: World) -> None:
    state = policies("admin@cedar.test")
    maple_id = world.maple.policy.id
    call(PoliciesState.open_edit, state, maple_id)
    assert state.message == "That task policy was not found." and not state.form_open
    state.editing_id, state.form_open = maple_id, True
    state.form = {"max_tokens_limit": "1"}
    call(PoliciesState.save, state)
    state._pending_id = maple_id
    call(PoliciesState.confirm_delete, state)
    assert fresh(AiTaskPolicy, maple_id).max_tokens_limit == 4096
    assert audit_rows(world.maple.tenant.id) == []
