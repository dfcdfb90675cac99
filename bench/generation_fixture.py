"""The rows ``concurrent_generations.py`` needs, added to a freshly seeded database.

Run with the app's environment (``running_app(prepare=...)`` does), before the app starts:

    python bench/generation_fixture.py N PROVIDER_BASE_URL|- CHUNKS_JSON > setup.json

Points maple's lesson-plan policy (no approval, every role) at the fake provider on
loopback (``point_at_fake``), and adds N teachers to maple
(``bench-teacher-<i>@maple.test``), each with a live session, a unit of their own and one
lesson in it. Prints ``{"states": {"root", "session", "assist"}: the states' full names,
"teachers": [{"email", "session_token", "unit_id", "lesson_id"}, ...], "release_chunk": the
index of the fake's chunk after which the safety filter first lets text out}``.
"""

from __future__ import annotations

import json
import secrets
import sys
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlmodel import Session, select

from ai_planner.actor import Actor
from ai_planner.db import session_scope
from ai_planner.models import AiTaskPolicy, Tenant, User
from ai_planner.models.base import utcnow
from ai_planner.repositories import accounts, ai_provider_configs
from ai_planner.services import auth, planning

BENCH_EMAIL = "bench-teacher-{}@maple.test"
BENCH_KEY = "sk-bench-fake-provider-0123456789"


def _actor(user: User) -> Actor:
    assert user.id is not None
    return Actor(id=user.id, tenant_id=user.tenant_id, role=user.role, name=user.name,
                 email=user.email)


def _user(db: Session, email: str) -> User:
    return db.exec(select(User).where(User.email == email)).one()


def point_at_fake(db: Session, tenant: Tenant, base_url: str) -> None:
    """Maple's lesson plans on the fake: an OpenAI config on the operator's base URL (the
    app's ``OPENAI_BASE_URL`` is the fake) when ``base_url`` is ``-``, else an
    OpenAI-compatible config whose own (tenant-chosen) base URL is ``base_url``."""
    admin = _actor(_user(db, "admin@maple.test"))
    data: dict[str, object] = {
        "provider_name": "openai", "display_name": "Bench fake provider",
        "default_model": "gpt-fake", "status": "active", "api_key": BENCH_KEY}
    if base_url != "-":
        data.update(provider_name="openai_compatible", default_model="local-fake",
                    settings={"base_url": base_url})
    config = ai_provider_configs.create(db, actor=admin, data=data)
    policy = db.exec(select(AiTaskPolicy).where(AiTaskPolicy.tenant_id == tenant.id,
                                                AiTaskPolicy.task_type == "lesson_plan")).one()
    policy.ai_provider_config_id = config.id  # type: ignore[assignment]
    policy.enabled, policy.requires_approval, policy.allowed_roles = True, False, []
    db.add(policy)
    db.flush()


def add_teachers(db: Session, tenant: Tenant, count: int) -> list[dict[str, object]]:
    model = _user(db, "teacher@maple.test")  # the demo password's hash, hashed once
    course_id = planning.course_options(db, actor=_actor(model))[0].id
    expires = utcnow() + timedelta(hours=12)
    teachers: list[dict[str, object]] = []
    for i in range(count):
        user = User(tenant_id=tenant.id, email=BENCH_EMAIL.format(i), name=f"Bench Teacher {i}",
                    role="teacher", password_hash=model.password_hash, active=True)
        db.add(user)
        db.flush()
        token = secrets.token_urlsafe(32)
        accounts.create_session(db, user=user, token_hash=auth.hash_token(token),
                                expires_at=expires)
        actor = _actor(user)
        unit = planning.create_unit(db, actor=actor, form={
            "title": f"Bench unit {i}", "course_id": course_id})
        lessons = planning.add_lesson(db, actor=actor, unit_id=unit.id,
                                      title=f"Bench lesson {i}")
        teachers.append({"email": user.email, "session_token": token, "unit_id": unit.id,
                         "lesson_id": lessons[0].id})
    return teachers


def state_names() -> dict[str, str]:
    """The full names the websocket protocol uses for the states the benchmark talks to."""
    import reflex as rx

    from ai_planner.state.assist import AssistState
    from ai_planner.state.base import SessionState

    return {"root": rx.State.get_full_name(), "session": SessionState.get_full_name(),
            "assist": AssistState.get_full_name()}


def release_chunk(chunks: list[str]) -> int:
    """The index of the streamed chunk after which the gateway's safety filter first lets
    text out (it holds back a tail a later chunk could still turn into a match)."""
    from ai_planner.gateway.safety import (
        SafetyFilter,
        StreamRedactor,
        safety_config_from_settings,
    )
    from ai_planner.settings import get_settings

    redactor = StreamRedactor(SafetyFilter(safety_config_from_settings(get_settings())))
    return next((i for i, chunk in enumerate(chunks) if redactor.feed(chunk)), len(chunks) - 1)


def main(count: int, base_url: str, chunks: list[str]) -> None:
    with session_scope() as db:
        tenant = db.exec(select(Tenant).where(Tenant.slug == "maple")).one()
        point_at_fake(db, tenant, base_url)
        teachers = add_teachers(db, tenant, count)
    json.dump({"states": state_names(), "teachers": teachers,
               "release_chunk": release_chunk(chunks)}, sys.stdout)


if __name__ == "__main__":
    main(int(sys.argv[1]), sys.argv[2], json.loads(sys.argv[3]))
