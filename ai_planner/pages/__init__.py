"""Pages, and the helper that every signed-in page is registered with.

``protected_page(route, title, roles=None, on_load=None)`` decorates a function returning
the page *content* (without the shell). It records the page; ``ai_planner.py`` then calls
``add_protected_pages(app)`` once, after every module's ``register(app)``, which adds each
one with ``on_load=[SessionState.check_login, *on_load]`` and the content in ``app_shell``.

Visitors without a session are sent to ``/login?next=<path>``; with ``roles``, a signed-in
user of another role sees the "not allowed" panel instead of the content. Both are
conveniences for people: every handler that touches data still checks the actor and the
policy itself (``self._require_actor()`` and the policies).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
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


@dataclass(frozen=True)
class ProtectedPage:
    route: str
    title: str
    roles: tuple[str, ...] | None
    on_load: tuple[Any, ...]
    content: PageFn

    def render(self) -> rx.Component:
        return app_shell(guarded(self.content(), self.roles), title=self.title)


_PAGES: dict[str, ProtectedPage] = {}


def protected_page(
    route: str,
    title: str,
    roles: Sequence[str] | None = None,
    on_load: Any = None,
) -> Callable[[PageFn], PageFn]:
    """Record a signed-in page (added to the app by ``add_protected_pages``)."""

    def decorator(content_fn: PageFn) -> PageFn:
        _PAGES[route] = ProtectedPage(
            route=route,
            title=title,
            roles=tuple(roles) if roles else None,
            on_load=tuple(_as_list(on_load)),
            content=content_fn,
        )
        return content_fn

    return decorator


def add_protected_pages(app: rx.App) -> None:
    """Add every recorded protected page to ``app`` (once per app)."""
    for spec in _PAGES.values():
        render = spec.render
        app.add_page(
            render,
            route=spec.route,
            title=page_title(spec.title),
            on_load=[SessionState.check_login, *spec.on_load],
        )
