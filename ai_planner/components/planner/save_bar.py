"""The bar under a planner form: what is unsaved or saved (or why it was not), "Discard
changes" and the page's Save button. For states with the form cycle of
``state/planner/editing.py`` (``error_summary``, ``dirty``, ``saved_message``, ``discard``).
"""

from __future__ import annotations

from typing import Any

import reflex as rx


def save_status(state: Any, idle: rx.Component | None = None) -> rx.Component:
    """The error summary, else "Unsaved changes", else the saved message, else ``idle``."""
    saved = rx.badge(
        rx.icon("check", size=12),
        state.saved_message,
        color_scheme="green",
        variant="soft",
        size="2",
        role="status",
        data_testid="saved",
    )
    return rx.cond(
        state.error_summary,
        rx.text(
            state.error_summary,
            size="2",
            color=rx.color("red", 11),
            role="alert",
            data_testid="error-summary",
        ),
        rx.cond(
            state.dirty,
            rx.badge(
                rx.icon("circle-dot", size=12),
                "Unsaved changes",
                color_scheme="amber",
                variant="soft",
                size="2",
                data_testid="unsaved",
            ),
            rx.cond(state.saved_message, saved, idle if idle is not None else rx.fragment()),
        ),
    )


def save_bar(
    state: Any, save_button: rx.Component, idle: rx.Component | None = None
) -> rx.Component:
    return rx.hstack(
        save_status(state, idle),
        rx.spacer(),
        rx.button(
            "Discard changes",
            variant="soft",
            color_scheme="gray",
            on_click=state.discard,
            disabled=~state.dirty,
        ),
        save_button,
        spacing="3",
        align="center",
        width="100%",
        wrap="wrap",
    )
