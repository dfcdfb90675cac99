"""Tenants and users repositories: only one's own tenant, users listed by admins."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from ai_planner.errors import NotAllowed, NotFound
from ai_planner.repositories import tenants, users
from tests.factories import World


@pytest.mark.parametrize("tenant,who", [("maple", "admin"), ("cedar", "teacher")])
def test_current_tenant_is_the_actors(world: World, session: Session, tenant: str,
                                      who: str) -> None:
    found = tenants.current_tenant(session, actor=getattr(world, tenant).actor(who))
    assert found.slug == tenant



def test_admin_lists_only_own_tenants_users_without_secrets(world: World,
                                                            session: Session) -> None:
    rows = users.list_public(session, actor=world.maple.actor("admin"))
    assert sorted(u.email for u in rows) == [
        "admin@maple.test", "lead@maple.test", "teacher2@maple.test", "teacher@maple.test"]
    assert all("password" not in field for field in rows[0].model_dump())


@pytest.mark.parametrize("who", ["lead", "teacher"])
def test_non_admins_cannot_list_users(world: World, session: Session, who: str) -> None:
    with pytest.raises(NotAllowed):
        users.list_public(session, actor=world.maple.actor(who))


def test_get_user(world: World, session: Session) -> None:
    maple = world.maple
    assert users.get_public(session, actor=maple.actor("admin"),
                            user_id=maple.teacher.id).email == "teacher@maple.test"
    assert users.get_public(session, actor=maple.actor("teacher"),
                            user_id=maple.teacher.id).id == maple.teacher.id
    with pytest.raises(NotFound):  # a teacher does not look up colleagues
        users.get_public(session, actor=maple.actor("teacher"), user_id=maple.teacher2.id)
    with pytest.raises(NotFound) as foreign:
        users.get_public(session, actor=world.cedar.actor("admin"), user_id=maple.teacher.id)
    with pytest.raises(NotFound) as missing:
        users.get_public(session, actor=world.cedar.actor("admin"), user_id=10_000)
    assert foreign.value.message == missing.value.message
