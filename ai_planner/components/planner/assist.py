"""The right-hand slot for the AI assist panel on the unit planner and the lesson editor.

ASSIST PANEL SLOT. The assist panel (SPEC.md "The AI assist panel") arrives in a later issue.
Until then ``assist_placeholder`` fills the slot and says it is coming. To plug the panel in,
replace the body of ``assist_placeholder`` (or the ``panel`` passed to ``with_assist``) with
the panel component; the pages already pass the unit id and lesson id it needs.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from ai_planner.components.ui import icon_circle

PANEL_WIDTH = "360px"


def assist_toggle(is_open: rx.Var, on_click: Any) -> rx.Component:
    """The header button that opens and closes the panel."""
    return rx.button(
        rx.icon("sparkles", size=16),
        "AI assist",
        on_click=on_click,
        variant=rx.cond(is_open, "solid", "soft"),
        aria_pressed=rx.cond(is_open, "true", "false"),
        data_testid="assist-toggle",
    )


def assist_placeholder(
    on_close: Any, *, unit_id: rx.Var | str = "", lesson_id: rx.Var | str = ""
) -> rx.Component:
    """An empty panel that says the assistant is coming (ids kept for the real panel)."""
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.hstack(
                    rx.icon("sparkles", size=18),
                    rx.heading("AI assist", size="4"),
                    spacing="2",
                    align="center",
                ),
                rx.icon_button(
                    rx.icon("x", size=16),
                    variant="ghost",
                    color_scheme="gray",
                    on_click=on_close,
                    aria_label="Close AI assist",
                ),
                justify="between",
                align="center",
                width="100%",
            ),
            rx.separator(),
            rx.center(
                rx.vstack(
                    icon_circle("wand-sparkles", icon_size=24, box="48px"),
                    rx.text("Coming soon", weight="bold", size="3"),
                    rx.text(
                        "Soon you can ask the assistant here for a lesson plan, a unit plan, "
                        "differentiation ideas, an assessment or a rewrite, and apply the "
                        "answer to this plan.",
                        size="2",
                        color_scheme="gray",
                        text_align="center",
                    ),
                    spacing="2",
                    align="center",
                ),
                padding_y="var(--space-6)",
                width="100%",
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
        data_testid="assist-panel",
        data_unit_id=unit_id,
        data_lesson_id=lesson_id,
    )


def with_assist(main: rx.Component, is_open: rx.Var, panel: rx.Component) -> rx.Component:
    """``main`` beside the panel while it is open; on narrow screens the panel goes on top,
    where the teacher who just opened it can see it."""
    return rx.flex(
        rx.box(main, flex="1", min_width="0", width="100%"),
        rx.cond(
            is_open,
            rx.box(
                panel,
                width=["100%", "100%", "100%", PANEL_WIDTH],
                min_width=["0", "0", "0", PANEL_WIDTH],
                position=["static", "static", "static", "sticky"],
                top="80px",
                align_self="start",
            ),
        ),
        direction=rx.breakpoints(initial="column-reverse", lg="row"),
        gap="var(--space-5)",
        width="100%",
        align="start",
    )
