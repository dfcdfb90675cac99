"""Every path of the app and the builders of its links: pages, states and components use
these names, never a path literal.

Reflex serves each route with and without a trailing slash (``/plan`` and ``/plan/``); the
parsers below accept both.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlencode

HOME = "/"
LOGIN = "/login"
NOT_FOUND = "404"
PLAN = "/plan"
UNIT = "/plan/units/[unit_id]"
LESSON = "/plan/units/[unit_id]/lessons/[lesson_id]"
ADMIN_AI = "/admin/ai"
ADMIN_AI_POLICIES = "/admin/ai/policies"
ADMIN_AI_TEMPLATES = "/admin/ai/templates"
AI_INVOCATIONS = "/ai/invocations"
AI_INVOCATION = "/ai/invocations/[invocation_id]"
AI_APPROVALS = "/ai/approvals"

# Where a signed-in user lands (after sign-in, and from "/").
START = PLAN

# The browser-visible path of the two planner pages (Reflex may add a trailing slash).
_PLANNER_PATH = re.compile(r"^/plan/units/([^/?#]+)(?:/lessons/([^/?#]+))?/?$")
_INVOCATION_PATH = re.compile(r"^/ai/invocations/([^/?#]+)/?$")


def unit_href(unit_id: object) -> str:
    return f"/plan/units/{unit_id}"


def lesson_href(unit_id: object, lesson_id: object) -> str:
    return f"/plan/units/{unit_id}/lessons/{lesson_id}"


def invocation_href(invocation_id: object, list_params: dict[str, str] | None = None) -> str:
    """One generation of the audit log; ``list_params`` (the list's question) ride along so
    its "Back" link returns to the same page of the same list."""
    return with_query(f"/ai/invocations/{invocation_id}", list_params or {})


def with_query(path: str, params: dict[str, str]) -> str:
    """``path?a=1&b=2`` with the non-empty ``params`` (in the given order), else ``path``."""
    present = {name: value for name, value in params.items() if value}
    return f"{path}?{urlencode(present)}" if present else path


def planner_ids(path: str) -> tuple[str, str]:
    """(unit id, lesson id) as written in a planner page's path; "" where absent. Not
    validated here: the service turns anything that is not an id into NotFound."""
    match = _PLANNER_PATH.match(path or "")
    if match is None:
        return "", ""
    return match.group(1), match.group(2) or ""


def invocation_id_in(path: str) -> str:
    """The invocation id as written in the detail page's path ("" if absent); not validated
    here (the service turns anything that is not an id into NotFound)."""
    match = _INVOCATION_PATH.match(path or "")
    return match.group(1) if match else ""


def safe_next_path(raw: str | None, default: str = START) -> str:
    """Only a local absolute path may be a redirect target (no scheme, host or '//')."""
    if not raw:
        return default
    candidate = raw.strip()
    if (
        not candidate.startswith("/")
        or candidate.startswith("//")
        or "\\" in candidate
        or any(ord(ch) < 32 for ch in candidate)
        or "://" in candidate.split("?", 1)[0]
    ):
        return default
    if candidate.rstrip("/").startswith(LOGIN):
        return default
    return candidate


def login_url(next_path: str | None = None) -> str:
    """``/login?next=<path>`` for a local path, plain ``/login`` otherwise."""
    target = safe_next_path(next_path, default="")
    if target in ("", "/"):
        return LOGIN
    return f"{LOGIN}?next={quote(target, safe='/')}"


def signed_out_url() -> str:
    return f"{LOGIN}?signed_out=1"
