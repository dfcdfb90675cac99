"""AI Settings in Chromium: an admin sets AI up for the school from the three pages, with the
fake provider on 127.0.0.1 behind an openai_compatible config; bad input is answered next to
its field; a lead reads templates; a teacher sees none of it; the API key leaks nowhere.

The app's database lives for the whole session: the walk-through puts the demo data back as
it found it (the Rewrite policy on the built-in provider), the other tests use cedar.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect
from sqlmodel import Session, select

from ai_planner.models import AiProviderConfig, AiTaskPolicy, AiTemplate, AuditLog, Tenant
from tests.browser.a11y import assert_accessible as _assert_accessible
from tests.fakes.fixtures import fake_provider, fake_provider_session  # noqa: F401
from tests.fakes.provider_server import FakeProviderServer

pytestmark = pytest.mark.browser

DEMO_PROVIDER = "Built-in sample drafts (no AI)"
KEY = "sk-browser-walk-7Q2xV9mK4pL8sT3w-f3a9"


# --- helpers ---------------------------------------------------------------------------------

def assert_accessible(page: Page, where: str) -> None:
    """axe-core once opening dialogs and toasts have finished fading in (colours measured
    mid-animation are blends)."""
    page.wait_for_function(
        "() => document.getAnimations().every(a => a.playState !== 'running')")
    _assert_accessible(page, where)


def _shoot(screenshot, name: str, page: Page) -> None:  # type: ignore[no-untyped-def]
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(name, page)


def _choose(page: Page, scope: Locator, label: str, option: str) -> None:
    """Pick ``option`` in the select labelled ``label`` (its list opens in a portal)."""
    scope.get_by_label(label, exact=True).click()
    page.get_by_role("option", name=option, exact=True).click()


def _dialog(page: Page) -> Locator:
    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible()
    return dialog


def _row(page: Page, text: str) -> Locator:
    """A provider, task policy or template row (not a "Recent changes" line)."""
    return page.locator("tr[data-testid]:not([data-testid=change-row])").filter(has_text=text)


def _has_status(row: Locator, status: str) -> None:
    expect(row.get_by_role("cell", name=status, exact=True)).to_be_visible()


def _confirm(page: Page, button: str) -> None:
    dialog = page.get_by_role("alertdialog")
    expect(dialog).to_be_visible()
    dialog.get_by_role("button", name=button, exact=True).click()
    expect(dialog).to_be_hidden()


def _toast(page: Page, text: str) -> None:
    expect(page.get_by_text(text).first).to_be_visible()


def _open_ai_settings(page: Page) -> None:
    page.get_by_test_id("sidebar").get_by_role("link", name="AI Settings").click()
    page.wait_for_url(re.compile(r".*/admin/ai/?$"))
    expect(page.get_by_role("heading", name="AI Settings", exact=True)).to_be_visible()


def _section(page: Page, name: str, url: str) -> None:
    page.get_by_role("navigation", name="AI Settings sections").get_by_role(
        "link", name=name).click()
    page.wait_for_url(re.compile(url))


def _add_provider(page: Page, *, provider: str, name: str, model: str, key: str,
                  base_url: str) -> Locator:
    page.get_by_role("button", name="Add provider").first.click()
    dialog = _dialog(page)
    _choose(page, dialog, "Provider", provider)
    dialog.get_by_label("Display name").fill(name)
    dialog.get_by_label("Default model").fill(model)
    dialog.get_by_label("API key").fill(key)
    dialog.get_by_label("Base URL").fill(base_url)
    return dialog


def _tenant_id(db: Session, slug: str) -> int:
    tenant = db.exec(select(Tenant).where(Tenant.slug == slug)).one()
    assert tenant.id is not None
    return tenant.id


# --- the walk-through --------------------------------------------------------------------------

def test_admin_sets_up_ai_for_the_school(signed_in_page, screenshot, db_session,
                                         fake_provider: FakeProviderServer):  # noqa: F811
    page = signed_in_page("admin@maple.test")
    _open_ai_settings(page)
    expect(_row(page, DEMO_PROVIDER)).to_contain_text("5 task policies")
    assert_accessible(page, "the provider registry")
    _shoot(screenshot, "admin-ai-providers", page)

    # Add provider: a dialog with labelled fields; Escape closes it without saving.
    page.get_by_role("button", name="Add provider").first.click()
    dialog = _dialog(page)
    dialog.get_by_label("Display name").focus()
    page.keyboard.press("Tab")
    expect(dialog.get_by_label("Default model")).to_be_focused()
    page.keyboard.press("Escape")
    expect(page.get_by_role("dialog")).to_be_hidden()

    dialog = _add_provider(page, provider="OpenAI-compatible server", name="Lab server",
                           model="fake-large", key=KEY, base_url=fake_provider.openai_base_url)
    assert_accessible(page, "the add provider dialog")
    _shoot(screenshot, "admin-ai-provider-form", page)
    dialog.get_by_role("button", name="Save").click()
    expect(page.get_by_role("dialog")).to_be_hidden()
    _toast(page, "Added “Lab server”")
    lab = _row(page, "Lab server")
    _has_status(lab, "inactive")
    expect(lab).to_contain_text("f3a9")

    # Test connection: the gateway lists the fake's models with the stored key.
    lab.get_by_role("button", name="Test connection of Lab server").click()
    result = _dialog(page)
    expect(result).to_contain_text("Connected — 3 models")
    assert fake_provider.requests[-1].api_key == KEY
    assert_accessible(page, "the test connection answer")
    _shoot(screenshot, "admin-ai-test-connection", page)
    result.get_by_role("button", name="Fill “Available models”").click()
    edit = _dialog(page)
    expect(edit.get_by_label("Available models")).to_have_value(
        "fake-large, fake-small, fake-mini")
    expect(edit.get_by_text("Stored key:")).to_be_visible()
    expect(edit.get_by_label("API key")).to_have_value("")
    edit.get_by_role("button", name="Save").click()
    _toast(page, "Saved “Lab server”")
    lab.get_by_role("button", name="Activate Lab server").click()
    _has_status(lab, "active")

    # Task policies: the demo's Rewrite policy makes way for one on the lab server.
    _section(page, "Task policies", r".*/admin/ai/policies/?$")
    expect(_row(page, "Rewrite")).to_contain_text(DEMO_PROVIDER)
    assert_accessible(page, "the task policies page")
    _shoot(screenshot, "admin-ai-policies", page)
    _row(page, "Rewrite").get_by_role("button", name="Delete Rewrite").click()
    _confirm(page, "Delete")
    expect(_row(page, "Rewrite")).to_have_count(0)

    page.get_by_role("button", name="Add task policy").first.click()
    form = _dialog(page)
    _choose(page, form, "Task type", "Rewrite")
    _choose(page, form, "Provider", "Lab server")
    form.get_by_label("Teacher").click()  # controlled by the server: no instant check()
    expect(form.get_by_label("Teacher")).to_be_checked()
    form.get_by_label("Max tokens").fill("800")
    form.get_by_label("Temperature limit").fill("0.5")
    form.get_by_label("Model override").fill("fake-huge")
    expect(form.get_by_role("status")).to_contain_text("is not in this provider's available")
    form.get_by_label("Model override").fill("fake-small")
    expect(form.get_by_role("status")).to_have_count(0)
    assert_accessible(page, "the add task policy dialog")
    _shoot(screenshot, "admin-ai-policy-form", page)
    form.get_by_role("button", name="Save").click()
    _toast(page, "Saved the task policy for Rewrite")
    rewrite = _row(page, "Rewrite")
    expect(rewrite).to_contain_text("Lab server")
    expect(rewrite).to_contain_text("Teacher")
    expect(rewrite).to_contain_text("800")

    rewrite.get_by_role("button", name="Edit Rewrite").click()
    form = _dialog(page)
    form.get_by_label("Requires approval").click()
    form.get_by_role("button", name="Save").click()
    expect(page.get_by_role("dialog")).to_be_hidden()
    expect(rewrite).to_contain_text("Yes")

    # Templates: an active template for Rewrite, previewed with a real unit and lesson.
    _section(page, "Templates", r".*/admin/ai/templates/?$")
    assert_accessible(page, "the templates page")
    _shoot(screenshot, "admin-ai-templates", page)
    page.get_by_role("button", name="Add template").first.click()
    form = _dialog(page)
    form.get_by_label("Name").fill("Plain-language rewrite")
    _choose(page, form, "Task type", "Rewrite")
    _choose(page, form, "Status", "Active")
    form.get_by_label("System prompt").fill("You rewrite teaching material in plain language.")
    form.get_by_label("User prompt template").fill(
        "Rewrite for {grade_level}: {lesson_title}. {{Keep braces}} {prompt}")
    form.get_by_role("button", name="Preview").click()
    _choose(page, form, "Unit", "Ecosystems and Food Webs (Grade 5 Science)")
    _choose(page, form, "Lesson", "Producers, Consumers and Decomposers")
    form.get_by_role("button", name="Show messages").click()
    messages = form.get_by_test_id("preview-message")
    expect(messages).to_have_count(2)
    expect(messages.nth(0)).to_contain_text("You rewrite teaching material")
    expect(messages.nth(1)).to_contain_text("Producers, Consumers and Decomposers. {Keep braces}")
    assert_accessible(page, "the template form with its preview")
    _shoot(screenshot, "admin-ai-template-form", page)
    form.get_by_role("button", name="Save").click()
    _toast(page, "Saved “Plain-language rewrite”")
    template_row = _row(page, "Plain-language rewrite")
    _has_status(template_row, "active")
    template_row.get_by_role("button", name="Edit Plain-language rewrite").click()
    form = _dialog(page)
    form.get_by_label("Name").fill("Plain-language rewrite (grades 3-5)")
    form.get_by_role("button", name="Save").click()
    expect(_row(page, "Plain-language rewrite (grades 3-5)")).to_be_visible()

    # Back to the providers: deactivating asks first, deleting in use is refused.
    _section(page, "Providers", r".*/admin/ai/?$")
    lab = _row(page, "Lab server")
    lab.get_by_role("button", name="Deactivate Lab server").click()
    expect(page.get_by_role("alertdialog")).to_contain_text("Rewrite will stop working")
    assert_accessible(page, "the deactivate confirmation")
    _shoot(screenshot, "admin-ai-deactivate-confirm", page)
    _confirm(page, "Deactivate")
    _has_status(lab, "inactive")
    lab.get_by_role("button", name="Activate Lab server").click()
    _has_status(lab, "active")

    lab.get_by_role("button", name="Delete Lab server").click()
    _confirm(page, "Delete")
    expect(page.get_by_role("alert").filter(has_text="Rewrite uses this provider")).to_be_visible()
    expect(lab).to_be_visible()

    # The right order: the policy first (back on the built-in provider), then the config.
    _section(page, "Task policies", r".*/admin/ai/policies/?$")
    _row(page, "Rewrite").get_by_role("button", name="Edit Rewrite").click()
    form = _dialog(page)
    _choose(page, form, "Provider", DEMO_PROVIDER)
    form.get_by_label("Model override").fill("")
    form.get_by_label("Teacher").click()
    expect(form.get_by_label("Teacher")).not_to_be_checked()
    form.get_by_label("Requires approval").click()
    form.get_by_label("Max tokens").fill("1024")
    form.get_by_label("Temperature limit").fill("0.7")
    form.get_by_role("button", name="Save").click()
    expect(_row(page, "Rewrite")).to_contain_text(DEMO_PROVIDER)
    _section(page, "Providers", r".*/admin/ai/?$")
    _row(page, "Lab server").get_by_role("button", name="Delete Lab server").click()
    _confirm(page, "Delete")
    _toast(page, "Deleted “Lab server”")
    expect(_row(page, "Lab server")).to_have_count(0)

    # Recent changes: each change, newest first, by whom.
    changes = page.get_by_test_id("change-row")
    expect(changes.first).to_contain_text("Deleted provider “Lab server”")
    for what in ("Changed task policy “Rewrite”", "Changed template “Plain-language rewrite",
                 "Added template “Plain-language rewrite”", "Added task policy “Rewrite”",
                 "Deleted task policy “Rewrite”", "Activated provider “Lab server”",
                 "Deactivated provider “Lab server”", "Added provider “Lab server”"):
        expect(changes.filter(has_text=what).first).to_be_visible()
    expect(changes.first).to_contain_text("Diane Okafor")  # maple's demo admin
    assert_accessible(page, "the registry with recent changes")
    _shoot(screenshot, "admin-ai-recent-changes", page)

    db_session.expire_all()
    maple = _tenant_id(db_session, "maple")
    rewrite_policy = db_session.exec(select(AiTaskPolicy).where(
        AiTaskPolicy.tenant_id == maple, AiTaskPolicy.task_type == "rewrite")).one()
    demo = db_session.get(AiProviderConfig, rewrite_policy.ai_provider_config_id)
    assert demo is not None and demo.provider_name == "demo"
    assert (rewrite_policy.allowed_roles, rewrite_policy.requires_approval,
            rewrite_policy.model_override) == ([], False, None)


# --- bad input -------------------------------------------------------------------------------

def test_bad_input_is_answered_next_to_its_field(signed_in_page, screenshot, db_session):
    page = signed_in_page("admin@cedar.test")
    page.goto("/admin/ai")
    expect(page.get_by_role("heading", name="AI Settings", exact=True)).to_be_visible()

    dialog = _add_provider(page, provider="OpenAI-compatible server", name="",
                           model="llama-3", key="", base_url="http://169.254.169.254/v1")
    dialog.get_by_role("button", name="Save").click()
    expect(dialog.get_by_test_id("error-display_name")).to_have_text(
        "Display name can't be blank.")
    expect(dialog.get_by_test_id("error-base_url")).to_be_visible()
    expect(dialog.get_by_label("Base URL")).to_have_value("http://169.254.169.254/v1")
    expect(dialog.get_by_label("Default model")).to_have_value("llama-3")
    assert_accessible(page, "the provider form with errors")
    _shoot(screenshot, "admin-ai-provider-form-errors", page)
    page.keyboard.press("Escape")

    page.goto("/admin/ai/policies")
    page.get_by_role("button", name="Add task policy").first.click()
    form = _dialog(page)
    _choose(page, form, "Provider", DEMO_PROVIDER)
    form.get_by_label("Max tokens").fill("0")
    form.get_by_label("Temperature limit").fill("3")
    form.get_by_role("button", name="Save").click()
    expect(form.get_by_test_id("error-max_tokens_limit")).to_have_text(
        "Max tokens must be a whole number from 1 to 200,000.")
    expect(form.get_by_test_id("error-temperature_limit")).to_have_text(
        "Temperature limit must be a number from 0 to 2.")
    expect(form.get_by_test_id("error-task_type")).to_have_text("Task type is required.")
    expect(form.get_by_label("Temperature limit")).to_have_value("3")
    assert_accessible(page, "the task policy form with errors")
    _shoot(screenshot, "admin-ai-policy-form-errors", page)

    # Another admin takes the task type while this form is open: a form error, no crash.
    cedar = _tenant_id(db_session, "cedar")
    taken = db_session.exec(select(AiTaskPolicy).where(
        AiTaskPolicy.tenant_id == cedar, AiTaskPolicy.task_type == "rewrite")).one()
    db_session.delete(taken)
    db_session.commit()
    page.reload()
    page.get_by_role("button", name="Add task policy").first.click()
    form = _dialog(page)
    _choose(page, form, "Task type", "Rewrite")
    _choose(page, form, "Provider", DEMO_PROVIDER)
    restored = AiTaskPolicy(**{k: v for k, v in taken.model_dump().items() if k != "id"})
    db_session.add(restored)
    db_session.commit()
    form.get_by_role("button", name="Save").click()
    expect(form.get_by_test_id("error-task_type")).to_have_text(
        "This school already has a task policy for Rewrite: edit that one instead.")
    page.keyboard.press("Escape")

    page.goto("/admin/ai/templates")
    page.get_by_role("button", name="Add template").first.click()
    form = _dialog(page)
    form.get_by_label("Name").fill("Vocabulary list")
    _choose(page, form, "Task type", "Lesson Plan")
    form.get_by_label("System prompt").fill("You make vocabulary lists.")
    form.get_by_label("User prompt template").fill("Ten words about {topic} for {grade_level}")
    form.get_by_role("button", name="Save").click()
    expect(form.get_by_test_id("error-user_prompt_template")).to_contain_text(
        "{topic} is neither declared in Variables")
    expect(form.get_by_label("User prompt template")).to_have_value(
        "Ten words about {topic} for {grade_level}")
    assert_accessible(page, "the template form with errors")
    _shoot(screenshot, "admin-ai-template-form-errors", page)
    form.get_by_label("Variables").fill("topic")
    form.get_by_role("button", name="Save").click()
    _toast(page, "Saved “Vocabulary list”")
    db_session.expire_all()
    assert db_session.exec(select(AiTemplate).where(
        AiTemplate.name == "Vocabulary list")).one().variables == ["topic", "grade_level"]


# --- other roles -----------------------------------------------------------------------------

def test_lead_reads_templates_without_edit_controls(signed_in_page, screenshot):
    page = signed_in_page("lead@maple.test")
    expect(page.get_by_test_id("sidebar").get_by_text("AI Settings")).to_have_count(0)
    page.get_by_test_id("sidebar").get_by_role("link", name="Prompt templates").click()
    page.wait_for_url(re.compile(r".*/admin/ai/templates/?$"))
    expect(page.get_by_test_id("template-row").first).to_be_visible()
    expect(page.get_by_role("button", name="Add template")).to_have_count(0)
    expect(page.get_by_role("button", name=re.compile("^(Edit|Delete|Archive) "))).to_have_count(0)
    nav = page.get_by_role("navigation", name="AI Settings sections")
    expect(nav.get_by_role("link")).to_have_count(1)
    assert_accessible(page, "the templates page for a lead")
    _shoot(screenshot, "admin-ai-templates-lead", page)

    exit_ticket = _row(page, "Three-question exit ticket")
    exit_ticket.get_by_role("button", name=re.compile("^Open ")).click()
    dialog = _dialog(page)
    expect(dialog).to_contain_text("Read-only")
    expect(dialog.get_by_role("textbox")).to_have_count(0)
    expect(dialog.get_by_role("button", name="Save")).to_have_count(0)
    assert_accessible(page, "a template opened by a lead")
    _shoot(screenshot, "admin-ai-template-lead-read-only", page)

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
    _shoot(screenshot, "admin-ai-templates-teacher", page)


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

    dialog = _add_provider(page, provider="OpenAI-compatible server", name="Key check",
                           model="fake-large", key=key, base_url=fake_provider.openai_base_url)
    dialog.get_by_role("button", name="Save").click()
    row = _row(page, "Key check")
    expect(row).to_be_visible()
    html.append(page.content())

    row.get_by_role("button", name="Edit Key check").click()
    edit = _dialog(page)
    html.append(page.content())
    edit.get_by_label("Display name").fill("Key check (edited)")
    edit.get_by_role("button", name="Save").click()
    row = _row(page, "Key check (edited)")
    expect(row).to_be_visible()

    row.get_by_role("button", name="Test connection of Key check (edited)").click()
    expect(_dialog(page)).to_contain_text("Connected — 3 models")
    html.append(page.content())
    page.keyboard.press("Escape")
    from tests.fakes.provider_server import Behaviour

    fake_provider.script(Behaviour.error(401, message="Incorrect API key provided: {api_key}"))
    row.get_by_role("button", name="Test connection of Key check (edited)").click()
    expect(_dialog(page)).to_contain_text("The provider rejected the API key")
    html.append(page.content())
    page.keyboard.press("Escape")
    assert [r.api_key for r in fake_provider.requests] == [key, key]

    row.get_by_role("button", name="Delete Key check (edited)").click()
    _confirm(page, "Delete")
    expect(_row(page, "Key check")).to_have_count(0)
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
    cedar = _tenant_id(db_session, "cedar")
    db_session.expire_all()
    rows = db_session.exec(select(AuditLog).where(AuditLog.tenant_id == cedar)).all()
    assert rows and key not in str([r.changes for r in rows])
