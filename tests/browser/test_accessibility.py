"""WCAG 2.1 AA (axe-core) on the pages no other browser test checks: sign-in, with and
without an error, and the not-found page inside the shell. The planner and admin pages are
checked by their own tests, in the states they walk through."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.a11y import assert_accessible
from tests.browser.conftest import sign_in_through_form

pytestmark = pytest.mark.browser


def test_sign_in_page_is_accessible(page):
    page.goto("/login")
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    assert_accessible(page, "the sign-in page")
    sign_in_through_form(page, "nobody@maple.test", "wrong-password")
    expect(page.get_by_role("alert")).to_be_visible()
    assert_accessible(page, "the sign-in page with an error")


def test_not_found_page_is_accessible(signed_in_page):
    page = signed_in_page("teacher@maple.test")
    page.goto("/no-such-page")
    expect(page.get_by_test_id("not-found")).to_be_visible()
    assert_accessible(page, "the not-found page")
