"""What the three planner states share: reading ids from the URL, links, input caps.

Module functions rather than state methods: a public method on a state would become an
event handler the browser could call.
"""

from __future__ import annotations

import re

PLAN_ROUTE = "/plan"
UNIT_ROUTE = "/plan/units/[unit_id]"
LESSON_ROUTE = "/plan/units/[unit_id]/lessons/[lesson_id]"

# page_status of the unit planner and the lesson editor.
LOADING, READY, NOT_FOUND = "loading", "ready", "not_found"

# The browser-visible path of the two planner pages (Reflex may add a trailing slash).
_PLANNER_PATH = re.compile(r"^/plan/units/([^/?#]+)(?:/lessons/([^/?#]+))?/?$")

# A websocket message can carry any string; nothing legitimate is longer than this.
MAX_INPUT_CHARS = 25_000


def route_ids(path: str) -> tuple[str, str]:
    """(unit id, lesson id) as written in the URL path; "" where absent. Not validated here:
    the service turns anything that is not an id into NotFound."""
    match = _PLANNER_PATH.match(path or "")
    if match is None:
        return "", ""
    return match.group(1), match.group(2) or ""


def unit_href(unit_id: object) -> str:
    return f"/plan/units/{unit_id}"


def lesson_href(unit_id: object, lesson_id: object) -> str:
    return f"/plan/units/{unit_id}/lessons/{lesson_id}"


def capped(value: object, limit: int = MAX_INPUT_CHARS) -> str:
    """A string event argument, cut to a sane size; anything else becomes ""."""
    return value[:limit] if isinstance(value, str) else ""
