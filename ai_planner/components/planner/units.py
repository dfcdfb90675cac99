"""The units list: one section per course, a card per unit."""

from __future__ import annotations

import reflex as rx

from ai_planner.components.ui import line_clamp, status_badge


def unit_status_badge(unit: rx.Var) -> rx.Component:
    """ "Draft" (grey) or "Published" (green), worded by the server."""
    return status_badge(unit["status"], label=unit["status_label"], data_testid="unit-status")


def _fact(icon: str, *text: rx.Var | str) -> rx.Component:
    """One small fact under a unit card's summary: an icon and a few words."""
    return rx.hstack(rx.icon(icon, size=14), rx.text(*text), spacing="1", align="center")


def unit_card(unit: rx.Var, show_owner: rx.Var | bool = False) -> rx.Component:
    """A unit at a glance: title, status, lesson count, last update (and who planned it,
    with ``show_owner``); the whole card is the link."""
    return rx.link(
        rx.card(
            rx.vstack(
                rx.hstack(
                    rx.text(
                        unit["title"],
                        size="4",
                        weight="bold",
                        trim="both",
                        class_name="unit-card-title",
                    ),
                    unit_status_badge(unit),
                    justify="between",
                    align="start",
                    width="100%",
                    gap="var(--space-3)",
                ),
                rx.text(
                    rx.cond(unit["summary"], unit["summary"], "No summary yet."),
                    size="2",
                    color_scheme="gray",
                    style=line_clamp(2),
                ),
                rx.hstack(
                    _fact("list-ordered", unit["lesson_count"]),
                    rx.cond(show_owner, _fact("user-round", unit["owner_name"])),
                    _fact("clock", "Updated ", unit["updated"]),
                    spacing="4",
                    color=rx.color("gray", 11),
                    font_size="13px",
                    wrap="wrap",
                ),
                spacing="3",
                width="100%",
            ),
            width="100%",
            height="100%",
            class_name="unit-card",
            _hover={"box_shadow": "var(--shadow-3)", "border_color": rx.color("accent", 7)},
            style={"transition": "box-shadow 120ms ease"},
        ),
        href=unit["href"],
        underline="none",
        color="inherit",
        data_testid="unit-card",
        width="100%",
    )


def course_group(group: rx.Var, show_owner: rx.Var | bool = False) -> rx.Component:
    """A course heading and the grid of its units."""
    return rx.vstack(
        rx.hstack(
            rx.icon("book-open", size=18, color=rx.color("accent", 11)),
            rx.heading(group.course_name, size="4", as_="h2"),  # type: ignore[attr-defined]
            rx.badge(
                group.count_label,  # type: ignore[attr-defined]
                variant="surface",
                color_scheme="gray",
                radius="full",
            ),
            spacing="2",
            align="center",
        ),
        rx.grid(
            rx.foreach(group.units, lambda unit: unit_card(unit, show_owner)),  # type: ignore[attr-defined]
            columns=rx.breakpoints(initial="1", sm="2", lg="3"),
            spacing="4",
            width="100%",
        ),
        spacing="3",
        width="100%",
        data_testid="course-group",
    )
