"""AI activity (the audit log) as a teacher and an admin use it in Chromium: open it from the
sidebar, filter, page, open a generation, come back to the same list; axe-core on each view.

The demo data gives maple's teacher, teacher2 and lead a handful of past generations; the
admin test adds older ones for teacher2 so the list has more than one page.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import Session, col, select

from ai_planner.models import AiInvocation, AiProviderConfig, User, utcnow
from ai_planner.services.passwords import hash_password
from tests.browser.a11y import assert_accessible
from tests.browser.conftest import DEMO_PASSWORD

pytestmark = pytest.mark.browser

EXTRA_ROWS = 60  # teacher2's older generations (the admin's list pages)


def _shoot(screenshot, name: str, page: Page) -> None:  # type: ignore[no-untyped-def]
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(name, page)


def _rows(page: Page):  # type: ignore[no-untyped-def]
    return page.get_by_test_id("activity-row")


def _choose(page: Page, label: str, option: str) -> None:
    page.get_by_label(label, exact=True).click()
    page.get_by_role("option", name=option, exact=True).click()


def _user(db: Session, email: str) -> User:
    return db.exec(select(User).where(User.email == email)).one()


def test_teacher_sees_own_activity_filters_and_opens_a_failed_generation(
        signed_in_page, screenshot, db_session):
    page = signed_in_page("teacher@maple.test")
    page.get_by_role("link", name="AI activity").click()
    page.wait_for_url(re.compile(r".*/ai/invocations/?$"))
    expect(_rows(page).first).to_be_visible()
    teacher = _user(db_session, "teacher@maple.test")
    own = db_session.exec(select(AiInvocation).where(AiInvocation.user_id == teacher.id)).all()
    expect(_rows(page)).to_have_count(len(own))
    expect(page.get_by_test_id("range")).to_have_text(
        f"Showing 1 to {len(own)} of {len(own)} generations")
    expect(page.get_by_text("Jordan Reyes")).to_have_count(0)  # teacher2's are not listed
    expect(page.get_by_label("User", exact=True)).to_have_count(0)  # the filter is an admin's
    expect(_rows(page).filter(has_text="Waiting for approval")).to_have_count(1)
    assert_accessible(page, "AI activity (teacher)")
    _shoot(screenshot, "ai-activity-teacher", page)

    failed = [row for row in own if row.status == "failed"]  # the demo's failed rewrite
    _choose(page, "Status", "Failed")
    page.wait_for_url(re.compile(r".*/ai/invocations/?\?status=failed$"))
    expect(_rows(page)).to_have_count(len(failed))
    assert_accessible(page, "AI activity filtered by status")
    page.reload()  # the question lives in the URL
    expect(_rows(page)).to_have_count(len(failed))
    expect(page.get_by_label("Status", exact=True)).to_have_text("Failed")

    _rows(page).filter(has_text="Rewrite").last.get_by_role("link").click()
    page.wait_for_url(re.compile(r".*/ai/invocations/\d+/?\?status=failed$"))
    expect(page.get_by_test_id("detail-status")).to_have_text("Failed")
    expect(page.get_by_test_id("detail-error")).to_contain_text("did not answer within 60")
    expect(page.get_by_role("link", name="Ecosystems and Food Webs")).to_be_visible()
    expect(page.get_by_role("link", name="Energy Pyramids")).to_be_visible()
    assert_accessible(page, "a failed generation's detail")
    _shoot(screenshot, "ai-activity-detail-failed", page)

    page.get_by_test_id("back-to-activity").click()
    page.wait_for_url(re.compile(r".*/ai/invocations/?\?status=failed$"))
    expect(_rows(page)).to_have_count(len(failed))


def test_teacher_gets_not_found_for_someone_elses_generation(signed_in_page, db_session):
    teacher2 = _user(db_session, "teacher2@maple.test")
    theirs = db_session.exec(select(AiInvocation).where(
        AiInvocation.user_id == teacher2.id)).first()
    assert theirs is not None
    page = signed_in_page("teacher@maple.test")
    page.goto(f"/ai/invocations/{theirs.id}")
    expect(page.get_by_test_id("not-found")).to_be_visible()
    expect(page.get_by_text("Jordan Reyes")).to_have_count(0)
    assert_accessible(page, "another user's generation (not found)")


def _add_older_rows(db: Session) -> None:
    teacher2 = _user(db, "teacher2@maple.test")
    if db.exec(select(AiInvocation).where(AiInvocation.user_id == teacher2.id,
                                          AiInvocation.model == "older-model")).first():
        return  # the session's app database already has them
    config = db.exec(select(AiProviderConfig).where(
        AiProviderConfig.tenant_id == teacher2.tenant_id)).first()
    assert config is not None
    start = utcnow() - timedelta(days=40)
    db.add_all(AiInvocation(
        tenant_id=teacher2.tenant_id, user_id=teacher2.id, ai_provider_config_id=config.id,
        task_type="lesson_plan", provider_name="demo", model="older-model",
        status="completed", prompt_tokens=100, completion_tokens=200, total_tokens=300,
        duration_ms=2000, created_at=start + timedelta(hours=i)) for i in range(EXTRA_ROWS))
    db.commit()


def test_admin_filters_by_user_pages_and_opens_a_waiting_request(
        signed_in_page, screenshot, db_session):
    _add_older_rows(db_session)
    teacher2 = _user(db_session, "teacher2@maple.test")
    maple_rows = db_session.exec(select(AiInvocation).join(User, col(User.id) == col(
        AiInvocation.user_id)).where(User.email.like("%@maple.test"))).all()  # type: ignore[attr-defined]
    theirs = [row for row in maple_rows if row.user_id == teacher2.id]

    page = signed_in_page("admin@maple.test")
    page.get_by_role("link", name="AI activity").click()
    page.wait_for_url(re.compile(r".*/ai/invocations/?$"))
    expect(page.get_by_test_id("range")).to_have_text(
        f"Showing 1 to 50 of {len(maple_rows)} generations")
    expect(_rows(page)).to_have_count(50)
    expect(page.get_by_text("Samuel Ortiz")).to_have_count(0)  # cedar's teacher

    # The user filter: a search on the server, then one of its matches.
    page.get_by_label("User", exact=True).fill("jordan")
    match = page.get_by_test_id("user-match")
    expect(match).to_have_count(1)
    expect(match).to_contain_text("teacher2@maple.test")
    assert_accessible(page, "AI activity with the user search open")
    _shoot(screenshot, "ai-activity-admin-user-search", page)
    match.click()
    page.wait_for_url(re.compile(rf".*\?user={teacher2.id}$"))
    expect(page.get_by_test_id("user-filter")).to_have_text("Jordan Reyes")
    expect(page.get_by_test_id("range")).to_have_text(
        f"Showing 1 to 50 of {len(theirs)} generations")

    # Pages: Next, then Previous; the filter stays in the URL.
    first_page = _rows(page).all_inner_texts()
    page.get_by_test_id("next-page").click()
    page.wait_for_url(re.compile(rf".*user={teacher2.id}&after=.+"))
    expect(page.get_by_test_id("range")).to_have_text(
        f"Showing 51 to {len(theirs)} of {len(theirs)} generations")
    expect(page.get_by_test_id("next-page")).to_have_count(0)
    assert_accessible(page, "AI activity, second page")
    _shoot(screenshot, "ai-activity-admin-page-2", page)
    page.get_by_test_id("previous-page").click()
    page.wait_for_url(re.compile(r".*before=.+"))
    expect(page.get_by_test_id("range")).to_have_text(
        f"Showing 1 to 50 of {len(theirs)} generations")
    assert _rows(page).all_inner_texts() == first_page

    # Today only: the demo's recent generations, not the 40-day-old ones.
    page.get_by_role("button", name="Everyone").click()
    page.wait_for_url(re.compile(r".*/ai/invocations/?$"))
    today = utcnow().date().isoformat()
    page.get_by_label("From", exact=True).fill(today)
    page.get_by_label("To", exact=True).fill(today)
    page.get_by_role("button", name="Apply dates").click()
    page.wait_for_url(re.compile(rf".*from={today}&to={today}$"))
    todays = [row for row in maple_rows if row.created_at.date() == utcnow().date()]
    expect(_rows(page)).to_have_count(len(todays))
    expect(page.get_by_text("older-model")).to_have_count(0)
    assert_accessible(page, "AI activity filtered by dates")

    waiting = _rows(page).filter(has_text="Waiting for approval")
    expect(waiting).to_have_count(1)
    expect(waiting).to_contain_text("Maya Patel")
    waiting.get_by_role("link").click()
    page.wait_for_url(re.compile(r".*/ai/invocations/\d+/?\?from=.+"))
    expect(page.get_by_test_id("detail-status")).to_have_text("Waiting for approval")
    expect(page.get_by_text("Producers, Consumers and Decomposers")).to_be_visible()
    expect(page.get_by_text("Waiting", exact=True)).to_be_visible()  # the approval state
    assert_accessible(page, "a waiting request's detail (admin)")
    _shoot(screenshot, "ai-activity-detail-waiting", page)
    page.get_by_test_id("back-to-activity").click()
    page.wait_for_url(re.compile(rf".*/ai/invocations/?\?from={today}&to={today}$"))
    page.get_by_role("button", name="Clear filters").first.click()
    page.wait_for_url(re.compile(r".*/ai/invocations/?$"))
    expect(_rows(page)).to_have_count(50)


def test_dates_the_wrong_way_round_say_so(signed_in_page):
    page = signed_in_page("lead@maple.test")
    page.goto("/ai/invocations")
    expect(_rows(page).first).to_be_visible()
    page.get_by_label("From", exact=True).fill("2026-05-02")
    page.get_by_label("To", exact=True).fill("2026-05-01")
    page.get_by_role("button", name="Apply dates").click()
    expect(page.get_by_test_id("error-to")).to_have_text(
        "“To” must be the same day as “From” or later.")
    assert_accessible(page, "AI activity with a date error")


def test_a_teacher_who_never_asked_is_told_what_to_do(signed_in_page, db_session):
    maple = _user(db_session, "teacher@maple.test").tenant_id
    if not db_session.exec(select(User).where(User.email == "newcomer@maple.test")).first():
        db_session.add(User(tenant_id=maple, email="newcomer@maple.test", name="Nia Newcomer",
                            role="teacher", password_hash=hash_password(DEMO_PASSWORD)))
        db_session.commit()
    page = signed_in_page("newcomer@maple.test")
    page.goto("/ai/invocations")
    expect(page.get_by_role("heading", name="No AI activity yet")).to_be_visible()
    expect(page.get_by_text("Ask the AI assistant from a unit or lesson")).to_be_visible()
    expect(_rows(page)).to_have_count(0)
    assert_accessible(page, "AI activity, empty")
    _choose(page, "Task type", "Assessment")
    expect(page.get_by_role("heading", name="No generations match")).to_be_visible()
    assert_accessible(page, "AI activity, no match")
    page.get_by_role("button", name="Clear filters").first.click()
    expect(page.get_by_role("heading", name="No AI activity yet")).to_be_visible()


def test_on_a_phone_the_menu_leads_there_and_the_table_scrolls(signed_in_page, screenshot):
    page = signed_in_page("teacher@maple.test", width=390)
    page.get_by_role("button", name="Open navigation").click()
    page.get_by_role("menuitem", name="AI activity").click()
    page.wait_for_url(re.compile(r".*/ai/invocations/?$"))
    expect(_rows(page).first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # the page itself fits
    assert_accessible(page, "AI activity at phone width")
    _shoot(screenshot, "ai-activity-phone", page)
