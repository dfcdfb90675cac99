"""AI Settings in Chromium: an admin sets AI up for the school from the three pages, with the
fake provider on 127.0.0.1 behind an openai_compatible config, and bad input is answered next
to its field.

The app's database lives for the whole session: the walk-through puts the demo data back as
it found it (the Rewrite policy on the built-in provider); the bad-input test uses cedar.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlmodel import select

from ai_planner.models import AiProviderConfig, AiTaskPolicy, AiTemplate
from tests.browser.admin_ui import (
    DEMO_PROVIDER,
    add_provider,
    assert_accessible,
    choose,
    confirm,
    has_status,
    open_ai_settings,
    row,
    section,
    shoot,
    tenant_id,
    toast,
    visible_dialog,
)
from tests.fakes.fixtures import fake_provider, fake_provider_session  # noqa: F401
from tests.fakes.provider_server import FakeProviderServer

pytestmark = pytest.mark.browser

KEY = "sk-browser-walk-7Q2xV9mK4pL8sT3w-f3a9"


# --- the walk-through --------------------------------------------------------------------------

def test_admin_sets_up_ai_for_the_school(signed_in_page, screenshot, db_session,
                                         fake_provider: FakeProviderServer):  # noqa: F811
    page = signed_in_page("admin@maple.test")
    open_ai_settings(page)
    expect(row(page, DEMO_PROVIDER)).to_contain_text("5 task policies")
    assert_accessible(page, "the provider registry")
    shoot(screenshot, "admin-ai-providers", page)

    # Add provider: a dialog with labelled fields; Escape closes it without saving.
    page.get_by_role("button", name="Add provider").first.click()
    dialog = visible_dialog(page)
    dialog.get_by_label("Display name").focus()
    page.keyboard.press("Tab")
    expect(dialog.get_by_label("Default model")).to_be_focused()
    page.keyboard.press("Escape")
    expect(page.get_by_role("dialog")).to_be_hidden()

    dialog = add_provider(page, provider="OpenAI-compatible server", name="Lab server",
                           model="fake-large", key=KEY, base_url=fake_provider.openai_base_url)
    assert_accessible(page, "the add provider dialog")
    shoot(screenshot, "admin-ai-provider-form", page)
    dialog.get_by_role("button", name="Save").click()
    expect(page.get_by_role("dialog")).to_be_hidden()
    toast(page, "Added “Lab server”")
    lab = row(page, "Lab server")
    has_status(lab, "inactive")
    expect(lab).to_contain_text("f3a9")

    # Test connection: the gateway lists the fake's models with the stored key.
    lab.get_by_role("button", name="Test connection of Lab server").click()
    result = visible_dialog(page)
    expect(result).to_contain_text("Connected — 3 models")
    assert fake_provider.requests[-1].api_key == KEY
    assert_accessible(page, "the test connection answer")
    shoot(screenshot, "admin-ai-test-connection", page)
    result.get_by_role("button", name="Fill “Available models”").click()
    edit = visible_dialog(page)
    expect(edit.get_by_label("Available models")).to_have_value(
        "fake-large, fake-small, fake-mini")
    expect(edit.get_by_text("Stored key:")).to_be_visible()
    expect(edit.get_by_label("API key")).to_have_value("")
    edit.get_by_role("button", name="Save").click()
    toast(page, "Saved “Lab server”")
    lab.get_by_role("button", name="Activate Lab server").click()
    has_status(lab, "active")

    # Task policies: the demo's Rewrite policy makes way for one on the lab server.
    section(page, "Task policies", r".*/admin/ai/policies/?$")
    expect(row(page, "Rewrite")).to_contain_text(DEMO_PROVIDER)
    assert_accessible(page, "the task policies page")
    shoot(screenshot, "admin-ai-policies", page)
    row(page, "Rewrite").get_by_role("button", name="Delete Rewrite").click()
    confirm(page, "Delete")
    expect(row(page, "Rewrite")).to_have_count(0)

    page.get_by_role("button", name="Add task policy").first.click()
    form = visible_dialog(page)
    choose(page, form, "Task type", "Rewrite")
    choose(page, form, "Provider", "Lab server")
    form.get_by_label("Teacher").click()  # controlled by the server: no instant check()
    expect(form.get_by_label("Teacher")).to_be_checked()
    form.get_by_label("Max tokens").fill("800")
    form.get_by_label("Temperature limit").fill("0.5")
    form.get_by_label("Model override").fill("fake-huge")
    expect(form.get_by_role("status")).to_contain_text("is not in this provider's available")
    form.get_by_label("Model override").fill("fake-small")
    expect(form.get_by_role("status")).to_have_count(0)
    assert_accessible(page, "the add task policy dialog")
    shoot(screenshot, "admin-ai-policy-form", page)
    form.get_by_role("button", name="Save").click()
    toast(page, "Saved the task policy for Rewrite")
    rewrite = row(page, "Rewrite")
    expect(rewrite).to_contain_text("Lab server")
    expect(rewrite).to_contain_text("Teacher")
    expect(rewrite).to_contain_text("800")

    rewrite.get_by_role("button", name="Edit Rewrite").click()
    form = visible_dialog(page)
    form.get_by_label("Requires approval").click()
    form.get_by_role("button", name="Save").click()
    expect(page.get_by_role("dialog")).to_be_hidden()
    expect(rewrite).to_contain_text("Yes")

    # Templates: an active template for Rewrite, previewed with a real unit and lesson.
    section(page, "Templates", r".*/admin/ai/templates/?$")
    assert_accessible(page, "the templates page")
    shoot(screenshot, "admin-ai-templates", page)
    page.get_by_role("button", name="Add template").first.click()
    form = visible_dialog(page)
    form.get_by_label("Name").fill("Plain-language rewrite")
    choose(page, form, "Task type", "Rewrite")
    choose(page, form, "Status", "Active")
    form.get_by_label("System prompt").fill("You rewrite teaching material in plain language.")
    form.get_by_label("User prompt template").fill(
        "Rewrite for {grade_level}: {lesson_title}. {{Keep braces}} {prompt}")
    form.get_by_role("button", name="Preview").click()
    choose(page, form, "Unit", "Ecosystems and Food Webs (Grade 5 Science)")
    choose(page, form, "Lesson", "Producers, Consumers and Decomposers")
    form.get_by_role("button", name="Show messages").click()
    messages = form.get_by_test_id("preview-message")
    expect(messages).to_have_count(2)
    expect(messages.nth(0)).to_contain_text("You rewrite teaching material")
    expect(messages.nth(1)).to_contain_text("Producers, Consumers and Decomposers. {Keep braces}")
    assert_accessible(page, "the template form with its preview")
    shoot(screenshot, "admin-ai-template-form", page)
    form.get_by_role("button", name="Save").click()
    toast(page, "Saved “Plain-language rewrite”")
    template_row = row(page, "Plain-language rewrite")
    has_status(template_row, "active")
    template_row.get_by_role("button", name="Edit Plain-language rewrite").click()
    form = visible_dialog(page)
    form.get_by_label("Name").fill("Plain-language rewrite (grades 3-5)")
    form.get_by_role("button", name="Save").click()
    expect(row(page, "Plain-language rewrite (grades 3-5)")).to_be_visible()

    # Back to the providers: deactivating asks first, deleting in use is refused.
    section(page, "Providers", r".*/admin/ai/?$")
    lab = row(page, "Lab server")
    lab.get_by_role("button", name="Deactivate Lab server").click()
    expect(page.get_by_role("alertdialog")).to_contain_text("Rewrite will stop working")
    assert_accessible(page, "the deactivate confirmation")
    shoot(screenshot, "admin-ai-deactivate-confirm", page)
    confirm(page, "Deactivate")
    has_status(lab, "inactive")
    lab.get_by_role("button", name="Activate Lab server").click()
    has_status(lab, "active")

    lab.get_by_role("button", name="Delete Lab server").click()
    confirm(page, "Delete")
    expect(page.get_by_role("alert").filter(has_text="Rewrite uses this provider")).to_be_visible()
    expect(lab).to_be_visible()

    # The right order: the policy first (back on the built-in provider), then the config.
    section(page, "Task policies", r".*/admin/ai/policies/?$")
    row(page, "Rewrite").get_by_role("button", name="Edit Rewrite").click()
    form = visible_dialog(page)
    choose(page, form, "Provider", DEMO_PROVIDER)
    form.get_by_label("Model override").fill("")
    form.get_by_label("Teacher").click()
    expect(form.get_by_label("Teacher")).not_to_be_checked()
    form.get_by_label("Requires approval").click()
    form.get_by_label("Max tokens").fill("1024")
    form.get_by_label("Temperature limit").fill("0.7")
    form.get_by_role("button", name="Save").click()
    expect(row(page, "Rewrite")).to_contain_text(DEMO_PROVIDER)
    section(page, "Providers", r".*/admin/ai/?$")
    row(page, "Lab server").get_by_role("button", name="Delete Lab server").click()
    confirm(page, "Delete")
    toast(page, "Deleted “Lab server”")
    expect(row(page, "Lab server")).to_have_count(0)

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
    shoot(screenshot, "admin-ai-recent-changes", page)

    db_session.expire_all()
    maple = tenant_id(db_session, "maple")
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

    dialog = add_provider(page, provider="OpenAI-compatible server", name="",
                           model="llama-3", key="", base_url="http://169.254.169.254/v1")
    dialog.get_by_role("button", name="Save").click()
    expect(dialog.get_by_test_id("error-display_name")).to_have_text(
        "Display name can't be blank.")
    expect(dialog.get_by_test_id("error-base_url")).to_be_visible()
    expect(dialog.get_by_label("Base URL")).to_have_value("http://169.254.169.254/v1")
    expect(dialog.get_by_label("Default model")).to_have_value("llama-3")
    assert_accessible(page, "the provider form with errors")
    shoot(screenshot, "admin-ai-provider-form-errors", page)
    page.keyboard.press("Escape")

    page.goto("/admin/ai/policies")
    page.get_by_role("button", name="Add task policy").first.click()
    form = visible_dialog(page)
    choose(page, form, "Provider", DEMO_PROVIDER)
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
    shoot(screenshot, "admin-ai-policy-form-errors", page)

    # Another admin takes the task type while this form is open: a form error, no crash.
    cedar = tenant_id(db_session, "cedar")
    taken = db_session.exec(select(AiTaskPolicy).where(
        AiTaskPolicy.tenant_id == cedar, AiTaskPolicy.task_type == "rewrite")).one()
    db_session.delete(taken)
    db_session.commit()
    page.reload()
    page.get_by_role("button", name="Add task policy").first.click()
    form = visible_dialog(page)
    choose(page, form, "Task type", "Rewrite")
    choose(page, form, "Provider", DEMO_PROVIDER)
    restored = AiTaskPolicy(**{k: v for k, v in taken.model_dump().items() if k != "id"})
    db_session.add(restored)
    db_session.commit()
    form.get_by_role("button", name="Save").click()
    expect(form.get_by_test_id("error-task_type")).to_have_text(
        "This school already has a task policy for Rewrite: edit that one instead.")
    page.keyboard.press("Escape")

    page.goto("/admin/ai/templates")
    page.get_by_role("button", name="Add template").first.click()
    form = visible_dialog(page)
    form.get_by_label("Name").fill("Vocabulary list")
    choose(page, form, "Task type", "Lesson Plan")
    form.get_by_label("System prompt").fill("You make vocabulary lists.")
    form.get_by_label("User prompt template").fill("Ten words about {topic} for {grade_level}")
    form.get_by_role("button", name="Save").click()
    expect(form.get_by_test_id("error-user_prompt_template")).to_contain_text(
        "{topic} is neither declared in Variables")
    expect(form.get_by_label("User prompt template")).to_have_value(
        "Ten words about {topic} for {grade_level}")
    assert_accessible(page, "the template form with errors")
    shoot(screenshot, "admin-ai-template-form-errors", page)
    form.get_by_label("Variables").fill("topic")
    form.get_by_role("button", name="Save").click()
    toast(page, "Saved “Vocabulary list”")
    db_session.expire_all()
    assert db_session.exec(select(AiTemplate).where(
        AiTemplate.name == "Vocabulary list")).one().variables == ["topic", "grade_level"]
