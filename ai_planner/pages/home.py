"""/ goes to the planner (which sends visitors without a session to /login)."""

from __future__ import annotations

import reflex as rx

from ai_planner.components.ui import loading_panel
from ai_planner.state.base import HOME_ROUTE


def home_page() -> rx.Component:
    return loading_panel()


def register(app: rx.App) -> None:
    app.add_page(home_page, route="/", title="AI Planner", on_load=rx.redirect(HOME_ROUTE))
