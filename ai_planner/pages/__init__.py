"""Pages, and the helper that every signed-in page is registered with.

``protected_page(route, title, roles=None, on_load=None)`` decorates a function returning
the page *content* (without the shell). It registers the page (through ``rx.page``, picked
up when the app compiles) with ``on_load=[SessionState.check_login, *on_load]`` and wraps the
content in ``app_shell``. Visitors without a session are sent to ``/login?next=<path>``;
with ``roles`` a signed-in user of another role sees the "not allowed" panel instead of the
content. Both are conveniences for people: every handler that touches data still checks
the actor and the policy itself (``self.require_actor()`` and the policies).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import reflex as rx

from ai_planner.components.shell import app_shell
from ai_planner.components.ui import loading_panel, not_allowed_panel
from ai_planner.state.base import SessionState

APP_TITLE = "AI Planner"
PageFn = Callable[[], rx.Component]


def page_title(title: str) -> str:
    return f"{title} · {APP_TITLE}"


def _as_list(on_load: Any) -> list[Any]:
    if on_load is None:
        return []
    if isinstance(on_load, list | tuple):
        return list(on_load)
    return [on_load]


def guarded(content: rx.Component, roles: Sequence[str] | None) -> rx.Component:
    """Content for signed-in users (of ``roles`` when given); a spinner until the server has
    answered check_login, the not-allowed panel for other roles."""
    if roles:
        allowed = rx.Var.create(list(roles)).contains(SessionState.user_role)
        content = rx.cond(allowed, content, not_allowed_panel())
    return rx.cond(SessionState.signed_in, content, loading_panel())


def protected_page(
    route: str,
    title: str,
    roles: Sequence[str] | None = None,
    on_load: Any = None,
) -> Callable[[PageFn], PageFn]:
    """Register a signed-in page; see the module docstring."""

    def decorator(content_fn: PageFn) -> PageFn:
        def page() -> rx.Component:
            return app_shell(guarded(content_fn(), roles), title=title)

        page.__name__ = content_fn.__name__
        page.__qualname__ = content_fn.__qualname__
        rx.page(
            route=route,
            title=page_title(title),
            on_load=[SessionState.check_login, *_as_list(on_load)],
        )(page)
        return content_fn

    return decorator
