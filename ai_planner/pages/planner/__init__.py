"""Planner pages (/plan, unit planner, lesson editor). STUB created by the sign-in/shell
work so the app compiles; the planner engineer replaces this module."""

from __future__ import annotations

import reflex as rx

from ai_planner.components.ui import empty_state, page_header


def _plan() -> rx.Component:
    return rx.vstack(
        page_header("Your units", subtitle="Units you plan, grouped by course."),
        empty_state("notebook-pen", "The planner is on its way",
                    "Units and lessons will appear here."),
        spacing="4",
        width="100%",
    )


def register(app: rx.App) -> None:
    from ai_planner.pages import protected_page

    protected_page("/plan", "Planner")(_plan)
