"""/ goes to the planner (which sends visitors without a session to /login)."""

from __future__ import annotations

import reflex as rx

from ai_planner import routes
from ai_planner.components.ui import loading_panel
from ai_planner.pages import page


@page(routes.HOME, "Home", on_load=rx.redirect(routes.START), public=True)
def home_page() -> rx.Component:
    return loading_panel()
