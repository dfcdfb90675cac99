"""The change log: one row per create, update, activate, deactivate and delete of a provider
config, task policy or template, in the same transaction as the change, never a key."""

from __future__ import annotations

import json

import pytest
from sqlmodel import Session

from ai_planner.db import session_scope
from ai_planner.errors import NotAllowed, ValidationFailed
from ai_planner.repositories import ai_provider_configs as configs
from ai_planner.repositories import ai_task_policies as task_policies
from ai_planner.repositories import ai_templates as templates
from ai_planner.repositories import audit_logs
from ai_planner.services.crypto import mask_secret
from tests.admin.helpers import audit_rows
from tests.factories import World

KEY = "sk-change-log-0123456789abcdef-f3a9"


def test_each_write_records_one_row_with_old_and_new_values(world: World) -> None:
    admin = world.maple.actor("admin")
    with session_scope() as db:
        config = configs.create(db, actor=admin, data={
            "provider_name": "openai", "display_name": "OpenAI", "default_model": "gpt-4o",
            "api_key": KEY})
        config_id = config.id
    with session_scope() as db:
        configs.update(db, actor=admin, config_id=config_id,
                       data={"default_model": "gpt-4o-mini", "api_key": KEY + "x"})
        configs.activate(db, actor=admin, config_id=config_id)
        configs.activate(db, actor=admin, config_id=config_id)  # already active: nothing
        configs.update(db, actor=admin, config_id=config_id, data={})  # nothing changed
        policy = task_policies.create(db, actor=admin, data={
            "ai_provider_config_id": config_id, "task_type": "rewrite"})
        task_policies.update(db, actor=admin, policy_id=policy.id, data={"enabled": False})
        task_policies.delete(db, actor=admin, policy_id=policy.id)
        configs.deactivate(db, actor=admin, config_id=config_id)
        configs.delete(db, actor=admin, config_id=config_id)
        template = templates.create(db, actor=admin, data={
            "name": "T", "task_type": "rewrite", "system_prompt": "S",
            "user_prompt_template": "{prompt}"})
        templates.archive(db, actor=admin, template_id=template.id)

    rows = audit_rows(world.maple.tenant.id)
    assert [(r.resource_type, r.action) for r in rows] == [
        ("ai_provider_config", "create"),
        ("ai_provider_config", "update"),
        ("ai_provider_config", "activate"),
        ("ai_task_policy", "create"),
        ("ai_task_policy", "update"),
        ("ai_task_policy", "delete"),
        ("ai_provider_config", "deactivate"),
        ("ai_provider_config", "delete"),
        ("ai_template", "create"),
        ("ai_template", "update"),
    ]
    assert all(r.actor_id == world.maple.admin.id for r in rows)
    created, updated = rows[0].changes, rows[1].changes
    assert created["label"] == "OpenAI"
    assert created["fields"]["default_model"] == {"old": None, "new": "gpt-4o"}
    assert created["fields"]["api_key"] == {"note": "key set"}
    assert updated["fields"] == {
        "default_model": {"old": "gpt-4o", "new": "gpt-4o-mini"},
        "available_models": {"old": ["gpt-4o"], "new": ["gpt-4o-mini", "gpt-4o"]},
        "api_key": {"note": "key changed"},
    }
    assert rows[4].changes["fields"] == {"enabled": {"old": True, "new": False}}
    assert rows[7].changes["fields"]["display_name"] == {"old": "OpenAI", "new": None}
    assert rows[9].changes["fields"] == {"status": {"old": "draft", "new": "archived"}}
    text = json.dumps([r.changes for r in rows])
    for secret in (KEY, KEY + "x", mask_secret(KEY), mask_secret(KEY + "x")):
        assert secret not in text


def test_a_refused_change_leaves_no_row(world: World) -> None:
    admin = world.maple.actor("admin")
    with pytest.raises(ValidationFailed), session_scope() as db:
        templates.update(db, actor=admin, template_id=world.maple.template.id,
                         data={"name": "Renamed"})
        templates.update(db, actor=admin, template_id=world.maple.template.id,
                         data={"user_prompt_template": "{undeclared_thing}"})
    assert audit_rows(world.maple.tenant.id) == []


def test_recent_changes_are_the_tenants_newest_twenty_for_admins(world: World,
                                                                  session: Session) -> None:
    admin = world.maple.actor("admin")
    for i in range(23):
        task_policies.update(session, actor=admin, policy_id=world.maple.policy.id,
                             data={"max_tokens_limit": 100 + i})
    task_policies.update(session, actor=world.cedar.actor("admin"),
                         policy_id=world.cedar.policy.id, data={"enabled": False})
    session.commit()
    recent = audit_logs.recent(session, actor=admin)
    assert len(recent) == 20
    assert recent[0].fields == ["max_tokens_limit"] and recent[0].label == "Lesson Plan"
    assert recent[0].actor_name == "Admin"
    assert [r.id for r in recent] == sorted((r.id for r in recent), reverse=True)
    assert len(audit_logs.recent(session, actor=world.cedar.actor("admin"))) == 1
    for who in ("lead", "teacher"):
        with pytest.raises(NotAllowed):
            audit_logs.recent(session, actor=world.maple.actor(who))
