"""The provider registry's state, driven as a crafted websocket message could: any handler,
any arguments. Every refusal is checked in the database, and the key is searched for in the
state."""

from __future__ import annotations

import pytest

from ai_planner.models import AiProviderConfig
from ai_planner.state.admin.providers import ProvidersState
from tests.admin.helpers import audit_rows, call, fresh, signed_in, state_json
from tests.factories import World
from tests.fakes.provider_server import FakeProviderServer
from tests.state.conftest import StateTree, redirect_target

KEY = "sk-state-test-9f8e7d6c5b4a-f3a9"


def providers(email: str = "admin@maple.test") -> ProvidersState:
    state = signed_in(email).get(ProvidersState)
    call(ProvidersState.load, state)
    return state


def fill(state: ProvidersState, **values: str) -> None:
    for field, value in values.items():
        call(ProvidersState.edit, state, field, value)


def add_lab_server(state: ProvidersState, base_url: str, key: str = KEY) -> None:
    call(ProvidersState.open_create, state)
    fill(state, provider_name="openai_compatible", display_name="Lab server",
         default_model="fake-large", base_url=base_url, available_models="fake-small, fake-small")
    call(ProvidersState.save, state, {"api_key": key})


def test_admin_sees_the_registry_and_recent_changes(world: World) -> None:
    state = providers()
    assert [(r.display_name, r.status, r.policy_count) for r in state.rows] == [
        ("Demo provider", "active", 1)]
    assert state.changes == []  # the factories write no change log


def test_admin_adds_a_config_and_the_key_stays_on_the_server(world: World) -> None:
    state = providers()
    add_lab_server(state, "http://127.0.0.1:9/v1")
    assert state.errors == {} and not state.form_open and not state.saving
    row = next(r for r in state.rows if r.display_name == "Lab server")
    assert row.status == "inactive" and row.key_mask.endswith("f3a9")
    assert KEY not in state_json(state)
    stored = fresh(AiProviderConfig, row.id)
    assert stored.available_models == ["fake-large", "fake-small"]
    assert stored.settings == {"base_url": "http://127.0.0.1:9/v1"}
    assert KEY not in stored.api_key  # ciphertext
    assert state.changes[0].what == "Added provider “Lab server”"
    assert state.changes[0].who == "Admin"


def test_save_is_disabled_while_the_server_works(world: World) -> None:
    state = providers()
    call(ProvidersState.open_create, state)
    fill(state, provider_name="demo", display_name="Again", default_model="m")
    steps = ProvidersState.save.fn(state, {})
    next(steps)  # the first delta the browser gets
    assert state.saving
    list(steps)
    assert not state.saving and state.errors  # the duplicate provider
    call(ProvidersState.save, state, {})  # and a second press is not blocked
    assert not state.saving


def test_bad_input_stays_in_the_form_with_each_message(world: World) -> None:
    state = providers()
    call(ProvidersState.open_create, state)
    fill(state, provider_name="demo", display_name="  ", default_model="")
    call(ProvidersState.save, state, {"api_key": "has spaces in it"})
    assert state.form_open and state.form["provider_name"] == "demo"
    assert set(state.errors) == {"display_name", "default_model", "api_key"}
    assert state.errors["display_name"] == "Display name can't be blank."
    assert "has spaces" not in state_json(state)
    # the duplicate provider is a form error too
    fill(state, display_name="Again", default_model="demo-1")
    call(ProvidersState.save, state, {"api_key": ""})
    assert state.errors == {"provider_name": "This school already has a provider config for "
                                             "demo: edit that one instead."}


def test_openai_compatible_needs_a_base_url(world: World) -> None:
    state = providers()
    call(ProvidersState.open_create, state)
    fill(state, provider_name="openai_compatible", display_name="Lab", default_model="m")
    call(ProvidersState.save, state, {})
    assert "needs its base URL" in state.errors["base_url"]


def test_edit_keeps_the_key_unless_a_new_one_or_remove_key(world: World) -> None:
    state = providers()
    add_lab_server(state, "http://127.0.0.1:9/v1")
    config_id = next(r.id for r in state.rows if r.display_name == "Lab server")
    before = fresh(AiProviderConfig, config_id).api_key

    call(ProvidersState.open_edit, state, config_id)
    assert state.stored_key_mask.endswith("f3a9") and KEY not in state_json(state)
    fill(state, display_name="Lab server 2")
    call(ProvidersState.save, state, {"api_key": ""})
    assert fresh(AiProviderConfig, config_id).api_key == before

    call(ProvidersState.open_edit, state, config_id)
    call(ProvidersState.set_remove_key, state, True)
    call(ProvidersState.save, state, {"api_key": ""})
    assert fresh(AiProviderConfig, config_id).api_key is None
    whats = [c.what for c in state.changes]
    assert whats[0] == "Changed provider “Lab server 2”: API key"
    assert whats[1] == "Changed provider “Lab server 2”: display name"
    notes = [row.changes["fields"].get("api_key") for row in audit_rows(world.maple.tenant.id)]
    assert {"note": "key removed"} in notes and {"note": "key set"} in notes
    assert KEY not in str([row.changes for row in audit_rows(world.maple.tenant.id)])


def test_deactivating_a_config_in_use_asks_first(world: World) -> None:
    state = providers()
    config_id = world.maple.config.id
    call(ProvidersState.request_deactivate, state, config_id)
    assert state.deactivate_open
    assert state.deactivate_warning.startswith("Lesson Plan will stop working")
    assert fresh(AiProviderConfig, config_id).status == "active"
    call(ProvidersState.confirm_deactivate, state)
    assert fresh(AiProviderConfig, config_id).status == "inactive"
    call(ProvidersState.activate, state, config_id)
    assert fresh(AiProviderConfig, config_id).status == "active"
    assert [c.what for c in state.changes[:2]] == ["Activated provider “Demo provider”",
                                                   "Deactivated provider “Demo provider”"]


def test_delete_in_use_is_refused_naming_the_policies(world: World) -> None:
    state = providers()
    call(ProvidersState.request_delete, state, world.maple.config.id)
    assert state.delete_open and state.delete_name == "Demo provider"
    call(ProvidersState.confirm_delete, state)
    assert state.message.startswith("Lesson Plan uses this provider")
    assert fresh(AiProviderConfig, world.maple.config.id) is not None


def test_test_connection_fills_available_models(world: World,
                                                gateway_on_fake: FakeProviderServer) -> None:
    state = providers()
    add_lab_server(state, gateway_on_fake.openai_base_url)
    config_id = next(r.id for r in state.rows if r.display_name == "Lab server")
    call(ProvidersState.test_connection, state, config_id)
    assert (state.test_ok, state.test_message) == (True, "Connected — 3 models")
    assert state.testing_id == 0 and KEY not in state_json(state)
    assert gateway_on_fake.requests[-1].api_key == KEY
    call(ProvidersState.use_tested_models, state)
    assert state.form_open and state.editing_id == config_id
    assert state.form["available_models"] == "fake-large, fake-small, fake-mini"


# --- from the attacker's side ----------------------------------------------------------------

ATTACKS = [
    (ProvidersState.activate, "id"),
    (ProvidersState.request_deactivate, "id"),
    (ProvidersState.open_edit, "id"),
    (ProvidersState.test_connection, "id"),
]


@pytest.mark.parametrize("email", ["teacher@maple.test", "lead@maple.test"])
def test_teachers_and_leads_change_nothing(world: World, email: str) -> None:
    state = providers(email)
    assert state.rows == [] and state.message == "You are not allowed to do that."
    config_id = world.maple.config.id
    call(ProvidersState.request_deactivate, state, config_id)
    assert not state.deactivate_open
    call(ProvidersState.test_connection, state, config_id)
    assert not state.test_open and state.message == "You are not allowed to do that."
    # a crafted save, as if the dialog were open
    state.form_open = True
    state.form = {"provider_name": "openai", "display_name": "Mine", "default_model": "m",
                  "base_url": "", "available_models": ""}
    call(ProvidersState.save, state, {"api_key": KEY})
    state.editing_id = config_id
    state.form_open = True
    call(ProvidersState.save, state, {"api_key": KEY})
    assert state.errors == {"form": "You are not allowed to do that."}  # shown in the dialog
    row = fresh(AiProviderConfig, config_id)
    assert (row.status, row.display_name, row.api_key) == ("active", "Demo provider", None)
    assert audit_rows(world.maple.tenant.id) == []


def test_another_tenants_admin_cannot_reach_this_tenants_configs(world: World) -> None:
    state = providers("admin@cedar.test")
    maple_id = world.maple.config.id
    for handler, _ in ATTACKS:
        state.message = ""
        call(handler, state, maple_id)
        assert state.message == "That provider config was not found."
    state._pending_id = maple_id  # as if a confirmation were open on a maple id
    call(ProvidersState.confirm_delete, state)
    state.editing_id, state.form_open = maple_id, True
    state.form = {"display_name": "Hijacked"}
    call(ProvidersState.save, state, {})
    row = fresh(AiProviderConfig, maple_id)
    assert (row.status, row.display_name) == ("active", "Demo provider")
    assert audit_rows(world.maple.tenant.id) == []
    assert not state.form_open or state.form.get("display_name") != "Demo provider"


@pytest.mark.parametrize("bad_id", ["1", -1, 0, 2**70, None, [1], {"id": 1}, True])
def test_crafted_ids_are_not_found(world: World, bad_id: object) -> None:
    state = providers()
    call(ProvidersState.activate, state, bad_id)
    assert state.message == "That provider config was not found."


def test_signed_out_tab_is_sent_to_sign_in(world: World) -> None:
    tree = StateTree()
    tree.visit("/admin/ai")
    state = tree.get(ProvidersState)
    result = call(ProvidersState.load, state)
    assert redirect_target(result[0]) == "/login?next=/admin/ai"
    assert state.rows == []
