"""WCAG 2.1 AA checks with axe-core (``axe-playwright-python``), for every page a test opens.

``assert_accessible(page, "units list")`` runs axe-core's WCAG 2.0/2.1 A and AA rules on
what the page shows now and fails with each violation (rule, impact, the elements) spelled
out. Call it once the page has rendered its real content (not the loading spinner), and
again for states that add content: an open dialog, an error message, a form with errors.
"""

from __future__ import annotations

from typing import Any

from axe_playwright_python.sync_playwright import Axe

WCAG_AA_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
_AXE = Axe()


def violations(page: Any) -> list[dict[str, Any]]:
    """axe-core's WCAG 2.1 AA violations on the page as it is now."""
    options = {"runOnly": {"type": "tag", "values": WCAG_AA_TAGS},
               "resultTypes": ["violations"]}
    return list(_AXE.run(page, options=options).response["violations"])


def describe(found: list[dict[str, Any]]) -> str:
    lines = []
    for violation in found:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']} "
                     f"[{len(violation['nodes'])} element(s)]")
        for node in violation["nodes"][:5]:
            summary = " ".join(str(node.get("failureSummary", "")).split())
            lines.append(f"    {node.get('target')} {str(node.get('html', ''))[:160]}"
                         f"\n      {summary[:300]}")
    return "\n".join(lines)


# Settled: nothing animates, and every toast is mounted, not leaving, and fully shown or fully
# hidden. A sonner toast is inserted with data-mounted="false" before its fade-in starts.
# (Synchronous on purpose: wait_for_function takes a returned Promise as truthy at once.)
_SETTLED = """() => document.getAnimations().every(a => a.playState !== 'running')
  && [...document.querySelectorAll('[data-sonner-toast]')].every(t =>
    t.dataset.mounted === 'true' && t.dataset.removed !== 'true'
    && [t, ...t.children].every(e => ['0', '1'].includes(getComputedStyle(e).opacity)))"""


def assert_accessible(page: Any, where: str) -> None:
    """Once dialogs and toasts have finished fading in or out (colours measured
    mid-animation are blends), no WCAG 2.1 AA violation."""
    toasts = page.locator("[data-sonner-toast]")
    hovering = toasts.count() > 0
    if hovering:
        # A toast leaves after a few seconds, and axe on a busy machine can take longer than
        # that: hovering the toasts pauses their timers, so axe sees them whole.
        toasts.last.hover(force=True)
    for _ in range(2):  # settled in two successive frames, not for one passing instant
        page.wait_for_function(_SETTLED)
    found = violations(page)
    if hovering:  # let the toasts collapse and leave, so they cover nothing the test clicks
        page.mouse.move(0, 0)
    assert not found, f"WCAG 2.1 AA violations on {where}:\n{describe(found)}"
