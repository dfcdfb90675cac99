"""Lesson rows of the unit planner: number, title (a link to the editor), duration, move
up/down and delete."""

from __future__ import annotations

from typing import Any

import reflex as rx

from ai_planner.components.ui import line_clamp


def lesson_row(
    lesson: rx.Var, index: rx.Var, count: rx.Var, *, on_move: Any, on_delete: Any
) -> rx.Component:
    """``on_move(lesson_id, direction)`` and ``on_delete(lesson_id)`` are state handlers."""
    lesson_id = lesson["id"].to(str)
    return rx.hstack(
        rx.center(
            rx.text(lesson["position"], size="2", weight="bold"),
            width="32px",
            height="32px",
            min_width="32px",
            border_radius="50%",
            background_color=rx.color("accent", 3),
            color=rx.color("accent", 11),
        ),
        rx.box(
            rx.link(
                lesson["title"],
                href=lesson["href"],
                weight="medium",
                size="3",
                data_testid="lesson-link",
                style=line_clamp(1),
            ),
            flex="1",
            min_width="0",
        ),
        rx.cond(
            lesson["duration"],
            rx.badge(
                rx.icon("clock", size=12), lesson["duration"], variant="soft", color_scheme="gray"
            ),
        ),
        rx.hstack(
            rx.icon_button(
                rx.icon("arrow-up", size=16),
                variant="ghost",
                color_scheme="gray",
                on_click=on_move(lesson_id, "up"),
                disabled=index == 0,
                aria_label="Move " + lesson["title"].to(str) + " up",
                title="Move up",
            ),
            rx.icon_button(
                rx.icon("arrow-down", size=16),
                variant="ghost",
                color_scheme="gray",
                on_click=on_move(lesson_id, "down"),
                disabled=index == count - 1,
                aria_label="Move " + lesson["title"].to(str) + " down",
                title="Move down",
            ),
            rx.icon_button(
                rx.icon("trash-2", size=16),
                variant="ghost",
                color_scheme="red",
                on_click=on_delete(lesson_id),
                aria_label="Delete " + lesson["title"].to(str),
                title="Delete lesson",
            ),
            spacing="1",
        ),
        spacing="3",
        align="center",
        width="100%",
        padding_y="var(--space-3)",
        padding_x="var(--space-2)",
        border_bottom=f"1px solid {rx.color('gray', 4)}",
        data_testid="lesson-row",
    )
