"""/admin/ai placeholder for admins ("AI Settings"); the real admin UI replaces it later.
Teachers and leads get the not-allowed panel (role checked against the server-resolved
session by protected_page)."""

from __future__ import annotations

import reflex as rx

from ai_planner.components.ui import empty_state, page_header


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


def register(app: rx.App) -> None:
    # Imported here so the decorator registers the page when the app asks for it.
    from ai_planner.pages import protected_page

    protected_page("/admin/ai", "AI Settings", roles=("admin",))(ai_settings)
