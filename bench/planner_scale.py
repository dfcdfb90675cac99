"""The planner at district scale, measured in headless Chromium against the prod build.

For each database (SQLite, PostgreSQL) and each tenant size (``--sizes``, units added to
each demo tenant by ``seed-demo --scale``), prints per scenario: the time until the page
shows its content, the bytes the browser received over the websocket for that page
(and the largest single message), and the app's resident memory afterwards:

  teacher /plan          teacher@maple.test, their own units, until the first card
  lead /plan everyone    lead@maple.test, "Planned by: everyone", until the first card
  lead search            the lead searches "genetics" (typed into the box), until a card
  teacher big unit       the teacher's unit with 200 lessons, until its lesson rows
  lead big unit          the lead opens the same unit right after /plan
  save a lesson          the teacher edits a lesson and saves, until "Saved"

    .venv/bin/python bench/planner_scale.py [--sizes 1000,22000] [--databases sqlite,postgres]
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import BrowserContext, Page, expect, sync_playwright  # noqa: E402

from bench.app_server import RunningApp, running_app  # noqa: E402

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
PASSWORD = "planner-demo"


@dataclass
class Figure:
    scenario: str
    seconds: float
    ws_bytes: int
    largest_message: int


class Wire:
    """Bytes received over the page's websockets since ``reset``."""

    def __init__(self, page: Page) -> None:
        self.sizes: list[int] = []
        page.on("websocket", lambda ws: ws.on(
            "framereceived", lambda payload: self.sizes.append(len(payload))))

    def reset(self) -> None:
        self.sizes = []


def measure(name: str, page: Page, wire: Wire, action: Callable[[], None]) -> Figure:
    wire.reset()
    start = time.perf_counter()
    action()
    elapsed = time.perf_counter() - start
    page.wait_for_timeout(300)  # late deltas of the same page
    return Figure(name, elapsed, sum(wire.sizes), max(wire.sizes, default=0))


def sign_in(page: Page, email: str) -> None:
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r".*/plan.*"))
    page.wait_for_selector("[data-testid=user-name]")


def scenarios(app: RunningApp, browser) -> list[Figure]:  # type: ignore[no-untyped-def]
    contexts: list[BrowserContext] = []
    try:
        return _scenarios(app, browser, contexts)
    finally:
        # Closed, or their tabs would keep reconnecting to an app that has stopped and slow
        # down the next tenant size's figures.
        for context in contexts:
            context.close()


def _scenarios(app: RunningApp, browser, contexts: list[BrowserContext]  # type: ignore[no-untyped-def]
               ) -> list[Figure]:
    figures: list[Figure] = []

    def new_page(email: str) -> tuple[Page, Wire]:
        context = browser.new_context(base_url=app.base_url,
                                      viewport={"width": 1280, "height": 900})
        contexts.append(context)
        context.set_default_timeout(60_000)
        page = context.new_page()
        wire = Wire(page)
        sign_in(page, email)
        return page, wire

    teacher, teacher_wire = new_page("teacher@maple.test")
    card = "[data-testid=unit-card]"
    figures.append(measure("teacher /plan", teacher, teacher_wire,
                           lambda: (teacher.goto("/plan"), teacher.wait_for_selector(card))))

    def open_big(page: Page) -> None:
        page.goto("/plan?q=Year-long&author=everyone")
        page.locator(card).first.click()
        page.wait_for_selector("[data-testid=lesson-row] >> nth=199")

    def open_big_direct(page: Page) -> None:
        page.goto(big_unit_url)
        page.wait_for_selector("[data-testid=lesson-row] >> nth=199")

    open_big(teacher)
    big_unit_url = teacher.url
    figures.append(measure("teacher big unit", teacher, teacher_wire,
                           lambda: open_big_direct(teacher)))

    def save_lesson() -> None:
        teacher.get_by_test_id("lesson-link").first.click()
        teacher.get_by_label("Objectives").fill(f"Bench edit {time.time()}")
        teacher.get_by_test_id("save-lesson").click()
        expect(teacher.get_by_test_id("saved")).to_be_visible()

    figures.append(measure("save a lesson", teacher, teacher_wire, save_lesson))

    lead, lead_wire = new_page("lead@maple.test")
    figures.append(measure("lead /plan everyone", lead, lead_wire, lambda: (
        lead.goto("/plan?author=everyone"), lead.wait_for_selector(card))))

    def search() -> None:
        lead.get_by_placeholder("Search units by title or summary").fill("genetics")
        lead.wait_for_url(re.compile(r".*q=genetics.*"))
        lead.wait_for_selector(card)

    figures.append(measure("lead search", lead, lead_wire, search))
    figures.append(measure("lead big unit", lead, lead_wire, lambda: open_big_direct(lead)))
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,22000")
    parser.add_argument("--databases", default="sqlite,postgres")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    results: dict[tuple[str, int], tuple[list[Figure], float]] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                             headless=True, args=CHROMIUM_ARGS)
        for database in args.databases.split(","):
            for size in sizes:
                print(f"== {database}, {size:,} units added per tenant: building and starting",
                      flush=True)
                with running_app(database=database, scale=size) as app:
                    scenarios(app, browser)  # warm-up: first compiles, caches
                    figures = scenarios(app, browser)
                    results[(database, size)] = (figures, app.rss_mb())
                for figure in figures:
                    print(f"   {figure.scenario:22s} {figure.seconds * 1000:7.0f} ms "
                          f"{figure.ws_bytes / 1024:8.1f} KiB on the websocket "
                          f"(largest message {figure.largest_message / 1024:.1f} KiB)")
                print(f"   app RSS after: {results[(database, size)][1]:.0f} MiB", flush=True)
        browser.close()
    if len(sizes) >= 2:
        print("\nGrowth from the smallest to the largest tenant (time ratio):")
        for database in args.databases.split(","):
            small, _ = results[(database, sizes[0])]
            large, _ = results[(database, sizes[-1])]
            for a, b in zip(small, large, strict=True):
                print(f"   {database:9s} {a.scenario:22s} x{b.seconds / a.seconds:.2f}")


if __name__ == "__main__":
    main()
