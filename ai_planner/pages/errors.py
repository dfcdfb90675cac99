"""Not found (also the app's 404 page) and not allowed, inside the shell."""

from __future__ import annotations

import reflex as rx

from ai_planner import routes
from ai_planner.components.shell import app_shell
from ai_planner.components.ui import loading_panel, not_allowed_panel, not_found_panel
from ai_planner.pages import page
from ai_planner.state.base import SessionState


# Unknown routes: a visitor without a session still goes to /login first.
@page(routes.NOT_FOUND, "Not found", on_load=SessionState.check_login, public=True)
def not_found_page() -> rx.Component:
    return app_shell(rx.cond(SessionState.signed_in, not_found_panel(), loading_panel()),
                     title="Not found")


def not_allowed_page() -> rx.Component:
    return app_shell(rx.cond(SessionState.signed_in, not_allowed_panel(), loading_panel()),
                     title="Not allowed")
