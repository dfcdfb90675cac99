"""AI Settings for other roles, and the API key from the attacker's side: a lead reads
templates without edit controls, a teacher sees none of it, and a key typed by an admin is
in no websocket frame the browser receives, no page, no server log line and no database
file. These tests use cedar, or read maple without changing it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import select

from ai_planner.models import AuditLog, User, UserSession
from tests.browser.admin_ui import (
    add_provider,
    assert_accessible,
    confirm,
    row,
    shoot,
    tenant_id,
    visible_dialog,
)
from tests.fakes.fixtures import fake_provider, fake_provider_session  # noqa: F401
from tests.fakes.provider_server import Behaviour, FakeProviderServer

pytestmark = pytest.mark.browser


# --- other roles -----------------------------------------------------------------------------

@pytest.fixture
def lead_page(signed_in_page, db_session) -> Iterator[Page]:  # type: ignore[no-untyped-def]
    """maple's lead, signed in; afterwards the lead's sessions are gone again, as other tests
    (the sign-in ones) expect of a demo user they never sign in."""
    yield signed_in_page("lead@maple.test")
    lead = db_session.exec(select(User).where(User.email == "lead@maple.test")).one()
    for session_row in db_session.exec(
            select(UserSession).where(UserSession.user_id == lead.id)).all():
        db_session.delete(session_row)
    db_session.commit()


def test_lead_reads_templates_without_edit_controls(lead_page: Page, screenshot):
    page = lead_page
    expect(page.get_by_test_id("sidebar").get_by_text("AI Settings")).to_have_count(0)
    page.get_by_test_id("sidebar").get_by_role("link", name="Prompt templates").click()
    page.wait_for_url(re.compile(r".*/admin/ai/templates/?$"))
    expect(page.get_by_test_id("template-row").first).to_be_visible()
    expect(page.get_by_role("button", name="Add template")).to_have_count(0)
    expect(page.get_by_role("button", name=re.compile("^(Edit|Delete|Archive) "))).to_have_count(0)
    nav = page.get_by_role("navigation", name="AI Settings sections")
    expect(nav.get_by_role("link")).to_have_count(1)
    assert_accessible(page, "the templates page for a lead")
    shoot(screenshot, "admin-ai-templates-lead", page)

    exit_ticket = row(page, "Three-question exit ticket")
    exit_ticket.get_by_role("button", name=re.compile("^Open ")).click()
    dialog = visible_dialog(page)
    expect(dialog).to_contain_text("Read-only")
    expect(dialog.get_by_role("textbox")).to_have_count(0)
    expect(dialog.get_by_role("button", name="Save")).to_have_count(0)
    assert_accessible(page, "a template opened by a lead")
    shoot(screenshot, "admin-ai-template-lead-read-only", page)

    page.goto("/admin/ai")
    expect(page.get_by_test_id("not-allowed")).to_be_visible()


def test_teacher_sees_neither_the_menu_entry_nor_the_pages(signed_in_page, screenshot):
    page = signed_in_page("teacher@maple.test")
    sidebar = page.get_by_test_id("sidebar")
    expect(sidebar.get_by_text("AI Settings")).to_have_count(0)
    expect(sidebar.get_by_text("Prompt templates")).to_have_count(0)
    for path in ("/admin/ai", "/admin/ai/policies", "/admin/ai/templates"):
        page.goto(path)
        expect(page.get_by_test_id("not-allowed")).to_be_visible()
        expect(page.get_by_role("table")).to_have_count(0)
    assert_accessible(page, "the not-allowed panel")
    shoot(screenshot, "admin-ai-templates-teacher", page)


# --- the key leaks nowhere ---------------------------------------------------------------------

@pytest.fixture
def received_frames(signed_in_page) -> Iterator[tuple[Page, list[str]]]:  # type: ignore[no-untyped-def]
    """A signed-in cedar admin's page, and every websocket frame it receives from now on."""
    page = signed_in_page("admin@cedar.test")
    frames: list[str] = []

    def watch(socket) -> None:  # type: ignore[no-untyped-def]
        socket.on("framereceived", lambda payload: frames.append(
            payload if isinstance(payload, str) else payload.decode(errors="replace")))

    page.on("websocket", watch)
    page.reload()  # a fresh socket, now watched
    yield page, frames


def test_the_api_key_leaks_nowhere(received_frames, app_server, db_session,
                                   fake_provider: FakeProviderServer):  # noqa: F811
    page, frames = received_frames
    key = "sk-leakcheck-Zr8Kq2Wd5Xn7Bv4Hm1Tj-9c1e"
    html: list[str] = []
    page.goto("/admin/ai")
    expect(page.get_by_role("heading", name="AI Settings", exact=True)).to_be_visible()

    dialog = add_provider(page, provider="OpenAI-compatible server", name="Key check",
                           model="fake-large", key=key, base_url=fake_provider.openai_base_url)
    dialog.get_by_role("button", name="Save").click()
    config_row = row(page, "Key check")
    expect(config_row).to_be_visible()
    html.append(page.content())

    config_row.get_by_role("button", name="Edit Key check").click()
    edit = visible_dialog(page)
    html.append(page.content())
    edit.get_by_label("Display name").fill("Key check (edited)")
    edit.get_by_role("button", name="Save").click()
    config_row = row(page, "Key check (edited)")
    expect(config_row).to_be_visible()

    config_row.get_by_role("button", name="Test connection of Key check (edited)").click()
    expect(visible_dialog(page)).to_contain_text("Connected — 3 models")
    html.append(page.content())
    page.keyboard.press("Escape")
    fake_provider.script(Behaviour.error(401, message="Incorrect API key provided: {api_key}"))
    config_row.get_by_role("button", name="Test connection of Key check (edited)").click()
    expect(visible_dialog(page)).to_contain_text("The provider rejected the API key")
    html.append(page.content())
    page.keyboard.press("Escape")
    assert [r.api_key for r in fake_provider.requests] == [key, key]

    config_row.get_by_role("button", name="Delete Key check (edited)").click()
    confirm(page, "Delete")
    expect(row(page, "Key check")).to_have_count(0)
    html.append(page.content())

    assert frames, "no websocket frame was captured"
    for text in frames:
        assert key not in text
    for text in html:
        assert key not in text
    assert key not in app_server.log_path.read_text(errors="replace")
    db_file = Path(app_server.database_url.removeprefix("sqlite:///"))
    for path in (db_file, *db_file.parent.glob(db_file.name + "-*")):
        assert key.encode() not in path.read_bytes()
    cedar = tenant_id(db_session, "cedar")
    db_session.expire_all()
    rows = db_session.exec(select(AuditLog).where(AuditLog.tenant_id == cedar)).all()
    assert rows and key not in str([r.changes for r in rows])
