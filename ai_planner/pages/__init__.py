"""Pages, and the one way they are added to the app.

A page module decorates the function returning its content with
``@page(routes.X, "Title", roles=..., on_load=...)``. ``register_pages(app)`` (called once by
``ai_planner.py``) imports every module of this package, so a new page module cannot be
forgotten, and adds each recorded page: a signed-in page with
``on_load=[SessionState.check_login, *on_load]`` and its content in ``app_shell``; a
``public=True`` page (sign-in, the 404 page) exactly as written.

Visitors without a session are sent to ``/login?next=<path>``; with ``roles``, a signed-in
user of another role sees the "not allowed" panel instead of the content. Both are
conveniences for people: every handler that touches data still checks the actor and the
policy itself (``self._require_actor()`` and the policies).
"""

from __future__ import annotations

import importlib
import pkgutil
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
class PageSpec:
    route: str
    title: str
    roles: tuple[str, ...] | None
    on_load: tuple[Any, ...]
    content: PageFn
    public: bool

    def render(self) -> rx.Component:
        if self.public:
            return self.content()
        return app_shell(guarded(self.content(), self.roles), title=self.title)

    @property
    def events(self) -> list[Any]:
        if self.public:
            return list(self.on_load)
        return [SessionState.check_login, SessionState.drop_other_pages(self.route),
                *self.on_load]


_PAGES: dict[str, PageSpec] = {}


def page(
    route: str,
    title: str,
    *,
    roles: Sequence[str] | None = None,
    on_load: Any = None,
    public: bool = False,
) -> Callable[[PageFn], PageFn]:
    """Record a page (added to the app by ``register_pages``)."""

    def decorator(content_fn: PageFn) -> PageFn:
        _PAGES[route] = PageSpec(
            route=route,
            title=title,
            roles=tuple(roles) if roles else None,
            on_load=tuple(_as_list(on_load)),
            content=content_fn,
            public=public,
        )
        return content_fn

    return decorator


def register_pages(app: rx.App) -> None:
    """Import every page module of this package, then add each recorded page to ``app``."""
    for module in pkgutil.walk_packages(__path__, prefix=f"{__name__}."):
        importlib.import_module(module.name)
    for spec in _PAGES.values():
        app.add_page(
            spec.render,
            route=spec.route,
            title=page_title(spec.title),
            on_load=spec.events,
        )
