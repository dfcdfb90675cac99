"""/admin/ai placeholder for admins ("AI Settings"); the real admin UI replaces it later.
Teachers and leads get the not-allowed panel (role checked against the server-resolved
session by protected_page)."""

from __future__ import annotations

import reflex as rx

from ai_planner import routes
from ai_planner.components.ui import empty_state, page_header
from ai_planner.pages import page


@page(routes.ADMIN_AI, "AI Settings", roles=("admin",))
def ai_settings() -> rx.Component:
    return rx.vstack(
        page_header("AI Settings",
                    subtitle="Providers, task policies and templates for your school."),
        empty_state(
            "sparkles",
            "AI settings are coming soon",
            "This is where you will register AI providers and decide who may use them. "
            "Until then every school uses the built-in sample-draft generator.",
        ),
        spacing="4",
        width="100%",
    )
