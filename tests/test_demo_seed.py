"""seed-demo: exactly SPEC.md's demo data, idempotent, tenants kept apart."""

from __future__ import annotations

from typing import Any

import pytest
from sqlmodel import Session, SQLModel, select

from ai_planner.db import session_scope
from ai_planner.models import (
    TASK_TYPES,
    AiInvocation,
    AiProviderConfig,
    AiTaskPolicy,
    AiTemplate,
    Course,
    Lesson,
    Tenant,
    Unit,
    User,
    utcnow,
)
from ai_planner.services.demo_content import DEMO_PASSWORD
from ai_planner.services.demo_seed import seed_demo
from ai_planner.services.passwords import verify_password


def snapshot(session: Session) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, in primary-key order."""
    session.expire_all()
    tables: dict[str, list[tuple[Any, ...]]] = {}
    for table in SQLModel.metadata.sorted_tables:
        rows = session.connection().execute(table.select().order_by(*table.primary_key.columns))
        tables[table.name] = [tuple(row) for row in rows]
    return tables


def tenant(session: Session, slug: str) -> Tenant:
    return session.exec(select(Tenant).where(Tenant.slug == slug)).one()


def rows(session: Session, model: Any, tenant_id: int) -> list[Any]:
    return list(session.exec(select(model).where(model.tenant_id == tenant_id)).all())


def test_tenants_and_users_match_the_spec(session: Session) -> None:
    seed_demo(session)
    tenants = {t.slug: t.name for t in session.exec(select(Tenant)).all()}
    assert tenants == {"maple": "Maple Grove School District", "cedar": "Cedar Ridge Academy"}

    users = {
        (u.email, u.role): u.tenant_id for u in session.exec(select(User)).all()
    }
    maple, cedar = tenant(session, "maple").id, tenant(session, "cedar").id
    assert users == {
        ("admin@maple.test", "admin"): maple,
        ("lead@maple.test", "curriculum_lead"): maple,
        ("teacher@maple.test", "teacher"): maple,
        ("teacher2@maple.test", "teacher"): maple,
        ("admin@cedar.test", "admin"): cedar,
        ("teacher@cedar.test", "teacher"): cedar,
    }
    for user in session.exec(select(User)).all():
        assert user.active
        assert " " in user.name  # a realistic full name, not the email
        ok, _ = verify_password(DEMO_PASSWORD, user.password_hash)
        assert ok, user.email
        assert verify_password("wrong-password", user.password_hash)[0] is False


def test_planning_content_is_realistic_and_owned_by_teachers(session: Session) -> None:
    seed_demo(session)
    for slug in ("maple", "cedar"):
        tenant_id = tenant(session, slug).id
        assert tenant_id is not None
        teachers = {u.id: u for u in rows(session, User, tenant_id) if u.role == "teacher"}
        courses = rows(session, Course, tenant_id)
        units = rows(session, Unit, tenant_id)
        assert len(courses) >= 2
        assert all(c.subject and c.grade_level for c in courses)
        assert 2 <= len(units) <= 4
        assert {u.status for u in units} == {"draft", "published"}
        for unit in units:
            assert unit.created_by_id in teachers, f"{unit.title} must belong to a teacher"
            assert unit.summary and unit.essential_questions
            course = session.get(Course, unit.course_id)
            assert course is not None and course.tenant_id == tenant_id
            lessons = session.exec(
                select(Lesson).where(Lesson.unit_id == unit.id).order_by(Lesson.position)
            ).all()
            assert 3 <= len(lessons) <= 5, unit.title
            assert [lesson.position for lesson in lessons] == list(range(1, len(lessons) + 1))
            for lesson in lessons:
                assert lesson.tenant_id == tenant_id
                assert lesson.created_by_id == unit.created_by_id
                assert lesson.objectives and lesson.activities and lesson.materials
                assert lesson.assessment
                assert lesson.duration_minutes and 20 <= lesson.duration_minutes <= 90

    maple_id = tenant(session, "maple").id
    assert maple_id is not None
    owners = {u.created_by_id for u in rows(session, Unit, maple_id)}
    emails = {session.get(User, owner).email for owner in owners}  # type: ignore[union-attr]
    assert emails == {"teacher@maple.test", "teacher2@maple.test"}
    titles = {u.title for u in session.exec(select(Unit)).all()}
    assert {"Ecosystems and Food Webs", "Argument Writing", "Linear Functions"} <= titles


def test_ai_configuration_uses_the_builtin_demo_provider(session: Session) -> None:
    seed_demo(session)
    for slug in ("maple", "cedar"):
        tenant_id = tenant(session, slug).id
        assert tenant_id is not None
        configs = rows(session, AiProviderConfig, tenant_id)
        assert len(configs) == 1
        config = configs[0]
        assert config.provider_name == "demo"
        assert config.status == "active"
        assert config.display_name == "Built-in sample drafts (no AI)"
        assert config.default_model == "demo-planner"
        assert config.available_models == ["demo-planner"]
        assert config.api_key is None

        policies = rows(session, AiTaskPolicy, tenant_id)
        assert sorted(p.task_type for p in policies) == sorted(TASK_TYPES)
        for policy in policies:
            assert policy.ai_provider_config_id == config.id
            assert policy.enabled is True
            assert policy.max_tokens_limit and policy.max_tokens_limit > 0
            assert policy.temperature_limit is not None and 0 <= policy.temperature_limit <= 2
        rules = {p.task_type: (p.requires_approval, tuple(p.allowed_roles)) for p in policies}
        if slug == "maple":  # exercises the assist panel: approval, and a task not for teachers
            assert rules.pop("differentiation") == (True, ())
            assert rules.pop("assessment") == (False, ("admin", "curriculum_lead"))
        assert set(rules.values()) == {(False, ())}

        templates = rows(session, AiTemplate, tenant_id)
        statuses = {(t.task_type, t.status) for t in templates}
        assert ("lesson_plan", "active") in statuses
        assert any(status == "draft" for _, status in statuses)
        for template in templates:
            for variable in template.variables:
                assert "{" + variable + "}" in template.user_prompt_template


def test_seeding_twice_leaves_every_table_unchanged(session: Session) -> None:
    first_report = seed_demo(session)
    after_one = snapshot(session)
    second_report = seed_demo(session)
    after_two = snapshot(session)

    assert after_one == after_two
    assert first_report.total_created == sum(len(v) for v in after_one.values())
    assert second_report.total_created == 0
    assert len(after_one["users"]) == 6
    assert len(after_one["ai_task_policies"]) == 10


def test_seeding_keeps_what_users_changed(session: Session) -> None:
    seed_demo(session)
    maple_id = tenant(session, "maple").id
    teacher = session.exec(select(User).where(User.email == "teacher@maple.test")).one()
    teacher.name = "Maya Patel-Nguyen"
    unit = session.exec(select(Unit).where(Unit.title == "Ecosystems and Food Webs")).one()
    unit.title = "Ecosystems (revised)"
    lesson = session.exec(select(Lesson).where(Lesson.title == "Energy Pyramids")).one()
    session.delete(lesson)
    lead = session.exec(select(User).where(User.email == "lead@maple.test")).one()
    for invocation in session.exec(select(AiInvocation).where(AiInvocation.user_id == lead.id)):
        session.delete(invocation)
    session.flush()
    session.delete(lead)
    session.commit()

    report = seed_demo(session)

    session.expire_all()
    assert session.get(User, teacher.id).name == "Maya Patel-Nguyen"  # type: ignore[union-attr]
    titles = [u.title for u in rows(session, Unit, maple_id)]  # type: ignore[arg-type]
    assert "Ecosystems (revised)" in titles
    assert "Ecosystems and Food Webs" not in titles  # no duplicate of the renamed unit
    assert not session.exec(select(Lesson).where(Lesson.title == "Energy Pyramids")).all()
    # A missing demo account is recreated, with the demo password.
    lead = session.exec(select(User).where(User.email == "lead@maple.test")).one()
    assert lead.role == "curriculum_lead"
    assert verify_password(DEMO_PASSWORD, lead.password_hash)[0]
    assert report.created["users"] == 1
    assert report.total_created == 1


def test_seeding_adds_demo_tenants_beside_existing_ones(session: Session) -> None:
    other = Tenant(slug="oak", name="Oak Valley Schools")
    session.add(other)
    session.commit()
    seed_demo(session)
    assert {t.slug for t in session.exec(select(Tenant)).all()} == {"oak", "maple", "cedar"}
    assert rows(session, Course, other.id) == []  # type: ignore[arg-type]


def test_a_failure_writes_nothing(session: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    import ai_planner.services.demo_seed as demo_seed

    def broken(*_args: Any, **_kwargs: Any) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(demo_seed._Seeder, "templates", broken)
    with pytest.raises(RuntimeError), session_scope() as db:  # as `ai-planner seed-demo`
        seed_demo(db)
    assert session.exec(select(Tenant)).all() == []
    assert session.exec(select(User)).all() == []


def test_past_ai_activity_fills_the_audit_log(session: Session) -> None:
    """A handful of generations of each status for maple's teacher, teacher2 and lead (and a
    couple for cedar), each for a unit and lesson of its own tenant that its user may open."""
    seed_demo(session)
    users = {u.id: u for u in session.exec(select(User)).all()}
    for slug in ("maple", "cedar"):
        tenant_id = tenant(session, slug).id
        assert tenant_id is not None
        config = rows(session, AiProviderConfig, tenant_id)[0]
        invocations = rows(session, AiInvocation, tenant_id)
        assert invocations
        for row in invocations:
            user = users[row.user_id]
            assert user.tenant_id == tenant_id
            assert (row.ai_provider_config_id, row.provider_name, row.model) == (
                config.id, "demo", "demo-planner")
            assert row.status in ("completed", "failed", "pending")  # nothing left running
            assert row.created_at < utcnow() and row.input_hash
            unit = session.get(Unit, row.context["unit_id"])
            assert unit is not None and unit.tenant_id == tenant_id
            assert user.role != "teacher" or unit.created_by_id == user.id
            if "lesson_id" in row.context:
                lesson = session.get(Lesson, row.context["lesson_id"])
                assert lesson is not None and lesson.unit_id == unit.id
            if row.status == "completed":
                assert row.total_tokens == row.prompt_tokens + row.completion_tokens  # type: ignore[operator]
                assert row.duration_ms and row.completed_at and row.started_at
            if row.status == "failed":
                assert row.error_message and row.error_message.endswith(".")
                assert row.completed_at is not None
            if row.ai_task_policy_id is not None:
                policy = session.get(AiTaskPolicy, row.ai_task_policy_id)
                assert policy is not None and policy.task_type == row.task_type

    maple_id = tenant(session, "maple").id
    maple = rows(session, AiInvocation, maple_id)  # type: ignore[arg-type]
    by_user: dict[str, set[str]] = {}
    for row in maple:
        by_user.setdefault(users[row.user_id].email, set()).add(row.status)
    assert set(by_user) == {"teacher@maple.test", "teacher2@maple.test", "lead@maple.test"}
    assert by_user["teacher@maple.test"] == {"completed", "failed", "pending"}
    waiting = [row for row in maple if row.status == "pending"]
    assert len(waiting) == 1
    assert waiting[0].context["approval"] == {"state": "waiting"}
    assert waiting[0].task_type == "differentiation"  # the task that needs approval
    assert waiting[0].started_at is None and waiting[0].completed_at is None
    # Maple's teachers never ran the assessment task (it is not for their role).
    assert all(row.task_type != "assessment" or users[row.user_id].role != "teacher"
               for row in maple)
    assert any(row.context.get("safety") for row in maple)
    assert any(row.ai_template_id for row in maple)


def test_past_activity_is_seeded_once_per_tenant(session: Session) -> None:
    seed_demo(session)
    maple_id = tenant(session, "maple").id
    kept = rows(session, AiInvocation, maple_id)[0]  # type: ignore[arg-type]
    for row in rows(session, AiInvocation, maple_id)[1:]:  # type: ignore[arg-type]
        session.delete(row)
    session.commit()
    report = seed_demo(session)
    assert [row.id for row in rows(session, AiInvocation, maple_id)] == [kept.id]  # type: ignore[arg-type]
    assert "maple AI activity" in report.kept and report.total_created == 0


def test_past_activity_has_its_words_and_the_waiting_request_can_be_approved(
        session: Session) -> None:
    """Each demo generation has its text row (the teacher's prompt; the answer when it
    completed); the waiting request keeps the messages the generation flow renders, so a
    lead sees it in the queue and can approve it."""
    from ai_planner.models.ai_texts import AiInvocationText
    from ai_planner.services import approvals
    from ai_planner.services.generation import input_hash
    from tests.factories import actor_of

    seed_demo(session)
    for row in session.exec(select(AiInvocation)).all():
        text = session.get(AiInvocationText, row.id)
        assert text is not None and text.tenant_id == row.tenant_id and text.prompt
        assert bool(text.answer) == (row.status == "completed")
        assert (text.request_messages is not None) == (row.status == "pending")
    maple_id = tenant(session, "maple").id
    waiting = next(row for row in rows(session, AiInvocation, maple_id)  # type: ignore[arg-type]
                   if row.status == "pending")
    text = session.get(AiInvocationText, waiting.id)
    assert text is not None and text.request_messages
    assert waiting.input_hash == input_hash(text.request_messages)
    assert "Producers, Consumers and Decomposers" in text.request_messages[-1]["content"]
    rejected = next(row for row in rows(session, AiInvocation, maple_id)  # type: ignore[arg-type]
                    if row.context.get("approval", {}).get("state") == "rejected")
    assert rejected.context["approval"]["by_name"] == "Marcus Bell"

    lead = actor_of(session.exec(select(User).where(User.email == "lead@maple.test")).one())
    assert [item.invocation_id for item in approvals.queue(session, actor=lead)] == [waiting.id]
    messages = list(text.request_messages)
    prepared = approvals.approve(session, actor=lead, invocation_id=waiting.id)
    assert prepared.invocation_id == waiting.id and prepared.request.messages == messages
