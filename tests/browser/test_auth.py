"""Sign-in, the shell and protected pages, as a person sees them in Chromium."""

from __future__ import annotations

import re

import pytest
from sqlmodel import select

from ai_planner.models import User, UserSession
from ai_planner.services.auth import BAD_CREDENTIALS, hash_token
from ai_planner.state.base import SESSION_COOKIE
from tests.browser.conftest import sign_in_through_form, wait_for_shell

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api").expect

PLAN_URL = re.compile(r".*/plan/?$")


def _user(db_session, email: str) -> User:
    return db_session.exec(select(User).where(User.email == email)).first()


def test_visitor_goes_to_login_and_back_to_plan_after_signing_in(page, screenshot,
                                                                 db_session):
    page.goto("/plan")
    page.wait_for_url(re.compile(r".*/login/?\?next=/plan/?$"))
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    expect(page.get_by_label("Email")).to_be_visible()
    expect(page.get_by_label("Password")).to_be_visible()
    screenshot("login", page)

    sign_in_through_form(page, "teacher@maple.test")
    page.wait_for_url(PLAN_URL)
    wait_for_shell(page)

    teacher = _user(db_session, "teacher@maple.test")
    sidebar = page.get_by_test_id("sidebar")
    expect(page.get_by_test_id("user-name")).to_have_text(teacher.name)
    expect(page.get_by_test_id("tenant-name")).to_have_text("Maple Grove School District")
    expect(page.get_by_text("Teacher", exact=True).first).to_be_visible()
    expect(sidebar.get_by_role("link", name="Planner")).to_be_visible()
    expect(page.get_by_text("AI Settings")).to_have_count(0)
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    screenshot("plan-teacher", page)


def test_teacher_cannot_open_admin_ai(signed_in_page, screenshot):
    page = signed_in_page("teacher@maple.test")
    page.goto("/admin/ai")
    panel = page.get_by_test_id("not-allowed")
    expect(panel).to_be_visible()
    expect(panel.get_by_role("heading", name="Not allowed")).to_be_visible()
    expect(page.get_by_text("AI settings are coming soon")).to_have_count(0)
    expect(page.get_by_test_id("sidebar").get_by_text("AI Settings")).to_have_count(0)
    screenshot("admin-ai-teacher-not-allowed", page)


def test_admin_sees_ai_settings_and_opens_it(signed_in_page, screenshot):
    page = signed_in_page("admin@maple.test")
    link = page.get_by_test_id("sidebar").get_by_role("link", name="AI Settings")
    expect(link).to_be_visible()
    screenshot("plan-admin", page)

    link.click()
    page.wait_for_url(re.compile(r".*/admin/ai/?$"))
    expect(page.get_by_role("heading", name="AI Settings", exact=True)).to_be_visible()
    expect(page.get_by_test_id("not-allowed")).to_have_count(0)
    expect(page.get_by_text("Admin", exact=True).first).to_be_visible()
    screenshot("admin-ai-admin", page)


def test_after_sign_in_the_visitor_lands_where_they_were_going(page):
    page.goto("/admin/ai")
    page.wait_for_url(re.compile(r".*/login/?\?next=/admin/ai/?$"))
    sign_in_through_form(page, "admin@maple.test")
    page.wait_for_url(re.compile(r".*/admin/ai/?$"))
    expect(page.get_by_role("heading", name="AI Settings", exact=True)).to_be_visible()


def test_next_pointing_elsewhere_is_ignored(page, app_server):
    page.goto("/login?next=https://evil.example/phish")
    sign_in_through_form(page, "teacher@maple.test")
    page.wait_for_url(PLAN_URL)
    assert page.url.startswith(app_server.base_url)


def _session_ids(db_session, user: User) -> set[int]:
    db_session.expire_all()
    rows = db_session.exec(select(UserSession).where(UserSession.user_id == user.id)).all()
    return {row.id for row in rows}


def test_wrong_password_and_unknown_email_show_the_same_message(page, screenshot, db_session):
    # Other tests may have signed the lead in already: what counts is that no new session
    # appears (not that there is none), whatever ran before.
    lead = _user(db_session, "lead@maple.test")
    sessions_before = _session_ids(db_session, lead)
    page.goto("/login")
    sign_in_through_form(page, "lead@maple.test", "not-the-password")
    error = page.get_by_test_id("login-error")
    expect(error).to_have_text(BAD_CREDENTIALS)
    expect(page).to_have_url(re.compile(r".*/login/?$"))
    screenshot("login-wrong-password", page)

    sign_in_through_form(page, "nobody-here@maple.test", "not-the-password")
    expect(error).to_have_text(BAD_CREDENTIALS)
    assert not page.context.cookies() or all(
        c["value"] == "" for c in page.context.cookies() if c["name"] == SESSION_COOKIE
    )
    assert _session_ids(db_session, lead) == sessions_before


def test_five_failures_lock_the_email_with_a_message(page, screenshot):
    # An address no other test signs in with, so the one-minute lock bothers nobody.
    page.goto("/login")
    for _ in range(4):
        sign_in_through_form(page, "lockout-probe@maple.test", "wrong-password")
        expect(page.get_by_test_id("login-error")).to_have_text(BAD_CREDENTIALS)
    sign_in_through_form(page, "lockout-probe@maple.test", "wrong-password")
    error = page.get_by_test_id("login-error")
    expect(error).to_contain_text("locked")
    expect(error).to_contain_text("Too many failed sign-in attempts")
    screenshot("login-locked-out", page)


def test_sign_out_ends_the_session_and_the_old_cookie_no_longer_works(
    signed_in_page, new_page, screenshot, db_session, app_server
):
    page = signed_in_page("teacher@maple.test")
    token = next(c["value"] for c in page.context.cookies() if c["name"] == SESSION_COOKIE)
    assert token

    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(re.compile(r".*/login/?\?signed_out=1$"))
    expect(page.get_by_test_id("login-notice")).to_have_text("You have signed out.")
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    screenshot("signed-out", page)

    db_session.expire_all()
    row = db_session.exec(
        select(UserSession).where(UserSession.token_hash == hash_token(token))
    ).one()
    assert row.revoked_at is not None

    # Someone who kept a copy of the cookie gets the sign-in page, not the planner.
    replay = new_page()
    replay.context.add_cookies([{"name": SESSION_COOKIE, "value": token,
                                 "url": app_server.base_url}])
    replay.goto("/plan")
    replay.wait_for_url(re.compile(r".*/login/?\?next=/plan/?$"))
    expect(replay.get_by_text("Maya Patel")).to_have_count(0)

    # And going back in the signed-out tab does not show the planner either.
    page.goto("/plan")
    page.wait_for_url(re.compile(r".*/login/?\?next=/plan/?$"))


def test_a_cedar_user_sees_cedar_in_the_shell(signed_in_page):
    page = signed_in_page("teacher@cedar.test")
    expect(page.get_by_test_id("tenant-name")).to_have_text("Cedar Ridge Academy")
    expect(page.get_by_text("Maple Grove School District")).to_have_count(0)


def test_unknown_page_shows_not_found_inside_the_shell(signed_in_page, screenshot):
    page = signed_in_page("teacher@maple.test")
    page.goto("/no-such-page")
    expect(page.get_by_test_id("not-found")).to_be_visible()
    expect(page.get_by_role("heading", name="Not found")).to_be_visible()
    wait_for_shell(page)
    screenshot("not-found", page)


def test_shell_at_tablet_width_keeps_the_sidebar(signed_in_page, screenshot):
    page = signed_in_page("admin@maple.test", width=768)
    expect(page.get_by_test_id("sidebar")).to_be_visible()
    expect(page.get_by_test_id("sidebar").get_by_role("link", name="AI Settings")).to_be_visible()
    screenshot("plan-admin-tablet", page)


def test_shell_below_tablet_width_moves_navigation_into_a_menu(signed_in_page, screenshot):
    page = signed_in_page("admin@maple.test", width=600)
    expect(page.get_by_test_id("sidebar")).to_be_hidden()
    page.get_by_role("button", name="Open navigation").click()
    expect(page.get_by_role("menuitem", name=re.compile("AI Settings"))).to_be_visible()
    screenshot("plan-admin-narrow-menu", page)


def test_the_app_serves_the_mounted_gateway(app_server):
    import httpx

    response = httpx.get(app_server.url("/gateway/v1/health"), timeout=10)
    assert response.status_code == 200
    assert httpx.get(app_server.url("/ping"), timeout=10).status_code == 200
