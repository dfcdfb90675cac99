"""The right-hand slot for the AI assist panel on the unit planner and the lesson editor.

The panel itself is ``components/assist_panel.py``; this module is the slot: the header
toggle and the layout beside the plan.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

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
