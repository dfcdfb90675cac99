"""What the AI Settings browser tests share: finding rows, picking options, confirming."""

from __future__ import annotations

import re

from playwright.sync_api import Locator, Page, expect
from sqlmodel import Session, select

from ai_planner.models import Tenant
from tests.browser.a11y import assert_accessible  # noqa: F401  (re-exported for the admin tests)

DEMO_PROVIDER = "Built-in sample drafts (no AI)"


def shoot(screenshot, name: str, page: Page) -> None:  # type: ignore[no-untyped-def]
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(name, page)


def choose(page: Page, scope: Locator, label: str, option: str) -> None:
    """Pick ``option`` in the select labelled ``label`` (its list opens in a portal)."""
    scope.get_by_label(label, exact=True).click()
    page.get_by_role("option", name=option, exact=True).click()
    # The list closes with an animation; a click meanwhile would land on it, not the page.
    expect(page.get_by_role("listbox")).to_have_count(0)


def visible_dialog(page: Page) -> Locator:
    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible()
    return dialog


def row(page: Page, text: str) -> Locator:
    """A provider, task policy or template row (not a "Recent changes" line)."""
    return page.locator("tr[data-testid]:not([data-testid=change-row])").filter(has_text=text)


def has_status(row: Locator, status: str) -> None:
    expect(row.get_by_role("cell", name=status, exact=True)).to_be_visible()


def confirm(page: Page, button: str) -> None:
    dialog = page.get_by_role("alertdialog")
    expect(dialog).to_be_visible()
    dialog.get_by_role("button", name=button, exact=True).click()
    expect(dialog).to_be_hidden()


def toast(page: Page, text: str) -> None:
    expect(page.get_by_text(text).first).to_be_visible()


def open_ai_settings(page: Page) -> None:
    page.get_by_test_id("sidebar").get_by_role("link", name="AI Settings").click()
    page.wait_for_url(re.compile(r".*/admin/ai/?$"))
    expect(page.get_by_role("heading", name="AI Settings", exact=True)).to_be_visible()


def section(page: Page, name: str, url: str) -> None:
    page.get_by_role("navigation", name="AI Settings sections").get_by_role(
        "link", name=name).click()
    page.wait_for_url(re.compile(url))


def add_provider(page: Page, *, provider: str, name: str, model: str, key: str,
                  base_url: str) -> Locator:
    page.get_by_role("button", name="Add provider").first.click()
    dialog = visible_dialog(page)
    choose(page, dialog, "Provider", provider)
    dialog.get_by_label("Display name").fill(name)
    dialog.get_by_label("Default model").fill(model)
    dialog.get_by_label("API key").fill(key)
    dialog.get_by_label("Base URL").fill(base_url)
    return dialog


def tenant_id(db: Session, slug: str) -> int:
    tenant = db.exec(select(Tenant).where(Tenant.slug == slug)).one()
    assert tenant.id is not None
    return tenant.id
