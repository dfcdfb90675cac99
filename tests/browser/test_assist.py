"""The AI assist panel in Chromium, with the fake provider on loopback behind maple's own
Anthropic config (the tenant's key and base URL): text streams in before the answer ends,
Apply to Plan and Save, Stop, a provider failure, model output that tries to run script,
and the approval round trip between a teacher and a lead."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import Session, select

from ai_planner.actor import Actor
from ai_planner.models import AiInvocation, AiProviderConfig, AiTaskPolicy, Lesson, Unit, User
from ai_planner.repositories import ai_provider_configs
from tests.browser.a11y import assert_accessible
from tests.fakes.fixtures import fake_provider, fake_provider_session  # noqa: F401
from tests.fakes.provider_server import Behaviour, FakeProviderServer

pytestmark = pytest.mark.browser

DEMO_UNIT = "Ecosystems and Food Webs"
KEY = "sk-ant-browser-assist-0123456789"


def _actor(user: User) -> Actor:
    return Actor(id=user.id, tenant_id=user.tenant_id, role=user.role, name=user.name)  # type: ignore[arg-type]


@pytest.fixture
def maple_ai(db_session: Session, fake_provider: FakeProviderServer  # noqa: F811
             ) -> Iterator[FakeProviderServer]:
    """Maple's lesson-plan and differentiation policies on an Anthropic config whose base URL
    is the fake provider (created once, kept for the session's later tests)."""
    admin = db_session.exec(select(User).where(User.email == "admin@maple.test")).one()
    config = db_session.exec(select(AiProviderConfig).where(
        AiProviderConfig.tenant_id == admin.tenant_id,
        AiProviderConfig.provider_name == "anthropic")).first()
    if config is None:
        created = ai_provider_configs.create(db_session, actor=_actor(admin), data={
            "provider_name": "anthropic", "display_name": "Claude (school account)",
            "default_model": "claude-test", "api_key": KEY, "status": "active",
            "settings": {"base_url": fake_provider.anthropic_base_url}})
        db_session.commit()
        config = db_session.get(AiProviderConfig, created.id)
    assert config is not None
    config.settings = {"base_url": fake_provider.anthropic_base_url}
    config.status = "active"
    db_session.add(config)
    for task_type, approval in (("lesson_plan", False), ("differentiation", True)):
        policy = db_session.exec(select(AiTaskPolicy).where(
            AiTaskPolicy.tenant_id == admin.tenant_id, AiTaskPolicy.task_type == task_type)).one()
        policy.ai_provider_config_id = config.id  # type: ignore[assignment]
        policy.enabled, policy.requires_approval, policy.allowed_roles = True, approval, []
        db_session.add(policy)
    db_session.commit()
    yield fake_provider
    fake_provider.release()


def _open_lesson(page: Page, db: Session, index: int = 0) -> Lesson:
    db.expire_all()
    unit = db.exec(select(Unit).where(Unit.title == DEMO_UNIT)).one()
    lesson = db.exec(select(Lesson).where(Lesson.unit_id == unit.id)
                     .order_by(Lesson.position)).all()[index]
    page.goto(f"/plan/units/{unit.id}/lessons/{lesson.id}")
    expect(page.get_by_test_id("lesson-title")).to_have_text(lesson.title)
    page.get_by_test_id("assist-toggle").click()
    expect(page.get_by_test_id("assist-banner")).to_contain_text("Lesson Plan")
    return lesson


def _ask(page: Page, prompt: str, task: str | None = None) -> None:
    if task is not None:
        page.get_by_label("Task type").click()
        page.get_by_role("option", name=task).click()
    page.get_by_placeholder("Describe what you'd like the AI to help with...").fill(prompt)
    page.get_by_role("button", name="Generate").click()


def _latest(db: Session) -> AiInvocation:
    db.expire_all()
    return db.exec(select(AiInvocation).order_by(AiInvocation.id.desc())).first()  # type: ignore[union-attr]


def test_generate_streams_applies_saves_and_is_audited(signed_in_page, screenshot, db_session,
                                                       maple_ai):
    steps = " ".join(f"Step {i}: pairs trace energy through the food web." for i in range(2, 14))
    words = f"Warm-up: a food-web sort. {steps} Finally, from producers to consumers."
    maple_ai.script(Behaviour.ok(words, chunk_delay=0.05))
    page = signed_in_page("teacher@maple.test")
    lesson = _open_lesson(page, db_session)
    assert_accessible(page, "the lesson editor with the assist panel")
    _ask(page, "Activities for this lesson, 45 minutes")
    answer = page.get_by_test_id("assist-answer")
    expect(answer).to_contain_text("Warm-up")  # the first words, before the stream ended
    assert "producers to consumers" not in answer.inner_text()
    expect(page.get_by_test_id("assist-stop")).to_be_visible()
    screenshot("assist-streaming", page)
    expect(answer).to_contain_text("producers to consumers.")
    page.get_by_label("Apply to").click()
    page.get_by_role("option", name="Activities").click()
    page.get_by_role("button", name="Apply to Plan").click()
    expect(page.get_by_label("Activities")).to_have_value(re.compile("food-web sort"))
    expect(page.get_by_text("Added to Activities. Review it, then Save.")).to_be_visible()
    assert_accessible(page, "the assist panel with an answer")  # the toast faded in, too
    screenshot("assist-applied", page)
    page.get_by_test_id("save-lesson").click()
    expect(page.get_by_test_id("saved")).to_be_visible()
    page.reload()
    expect(page.get_by_label("Activities")).to_have_value(re.compile("food-web sort"))
    db_session.expire_all()
    assert "food-web sort" in db_session.get(Lesson, lesson.id).activities  # type: ignore[union-attr]
    row = _latest(db_session)
    assert row.status == "completed" and row.total_tokens and row.duration_ms is not None
    assert maple_ai.requests[-1].headers["x-api-key"] == KEY
    page.goto("/ai/invocations")
    expect(page.get_by_text("Lesson Plan").first).to_be_visible()


def test_stop_mid_stream_records_cancelled(signed_in_page, db_session, maple_ai):
    text = " ".join(f"Item {i}: coloured cards." for i in range(60))
    maple_ai.script(Behaviour.stall(after=40, text=text))  # 40 words, then nothing
    page = signed_in_page("teacher@maple.test")
    _open_lesson(page, db_session, 1)
    _ask(page, "Materials list")
    expect(page.get_by_test_id("assist-answer")).to_contain_text("Item 1:")
    page.get_by_test_id("assist-stop").click()
    expect(page.get_by_text("You stopped the generation")).to_be_visible()
    row = _latest(db_session)
    assert (row.status, row.error_message) == ("failed", "Cancelled by the user.")


def test_a_provider_failure_is_shown_and_recorded(signed_in_page, screenshot, db_session,
                                                  maple_ai):
    maple_ai.script(*[Behaviour.error(500, message="upstream exploded")] * 3)
    page = signed_in_page("teacher@maple.test")
    _open_lesson(page, db_session, 2)
    _ask(page, "An exit ticket")
    expect(page.get_by_text("The provider had a problem")).to_be_visible()
    assert_accessible(page, "the assist panel showing a failure")
    screenshot("assist-provider-error", page)
    row = _latest(db_session)
    assert row.status == "failed" and "internal error" in (row.error_message or "")


def test_model_output_cannot_run_script(signed_in_page, db_session, maple_ai):
    hostile = ('Here: <img src=x onerror="window.__pwned=1"> and <script>window.__pwned=2'
               '</script> and [a link](javascript:window.__pwned=3) and ![pic](http://127.0.0.1:9/x.png)')
    maple_ai.script(Behaviour.ok(hostile))
    page = signed_in_page("teacher@maple.test")
    _open_lesson(page, db_session, 3)
    _ask(page, "Anything")
    answer = page.get_by_test_id("assist-answer")
    expect(answer).to_contain_text("<script>")  # shown as text
    expect(answer.locator("img")).to_have_count(0)
    expect(answer.locator("script")).to_have_count(0)
    expect(answer.locator("a[href^='javascript']")).to_have_count(0)
    answer.get_by_text("a link").click()
    assert page.evaluate("window.__pwned") is None


def test_approval_round_trip(new_page, signed_in_page, screenshot, db_session, maple_ai):
    teacher = signed_in_page("teacher@maple.test")
    _open_lesson(teacher, db_session)
    _ask(teacher, "Three levels of this lesson", task="Differentiation")
    expect(teacher.get_by_test_id("assist-waiting")).to_be_visible()
    screenshot("assist-waiting-for-approval", teacher)
    assert maple_ai.requests == []

    lead = signed_in_page("lead@maple.test")
    expect(lead.get_by_test_id("approvals-badge")).to_be_visible()
    lead.goto("/ai/approvals")
    request = lead.get_by_test_id("approval-request").filter(has_text="Three levels")
    expect(request).to_be_visible()
    assert_accessible(lead, "the approval queue")
    screenshot("approvals-queue", lead)
    maple_ai.script(Behaviour.ok("Level A: sentence frames. Level B: pairs. Level C: extend."))
    request.get_by_role("button", name="Approve").click()
    expect(request).to_have_count(0)  # the demo's own waiting request may stay queued

    row = _latest(db_session)
    for _ in range(100):
        if row.status == "completed":
            break
        teacher.wait_for_timeout(100)
        row = _latest(db_session)
    assert row.status == "completed" and row.context["approval"]["state"] == "approved"
    teacher.reload()  # the panel stays open across a reload (the tab's state is kept)
    expect(teacher.get_by_test_id("lesson-title")).to_be_visible()
    toggle = teacher.get_by_test_id("assist-toggle")
    expect(toggle).to_have_attribute("aria-pressed", "true")
    teacher.get_by_test_id("assist-history").get_by_role("button").first.click()
    expect(teacher.get_by_test_id("assist-answer")).to_contain_text("Level A")
