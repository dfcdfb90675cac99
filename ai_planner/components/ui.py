"""Small shared UI pieces: page header, empty state, badges, not-found / not-allowed panels.

Keep pages consistent by building them from these: one heading style, one spacing scale
(Radix space tokens "2".."6"), one way to say "nothing here yet, do this next".
"""

from __future__ import annotations

import reflex as rx

STATUS_COLORS: dict[str, str] = {
    "draft": "gray",
    "published": "green",
    "active": "green",
    "inactive": "gray",
    "archived": "gray",
    "pending": "amber",
    "running": "blue",
    "completed": "green",
    "failed": "red",
}


def page_header(title: str | rx.Var, *actions: rx.Component,
                subtitle: str | rx.Var | None = None) -> rx.Component:
    """Page title (h1) with an optional one-line explanation and actions on the right."""
    return rx.flex(
        rx.vstack(
            rx.heading(title, size="7", weight="bold", as_="h1"),
            rx.text(subtitle, color_scheme="gray", size="3")
            if subtitle is not None
            else rx.fragment(),
            spacing="1",
            align="start",
        ),
        rx.hstack(*actions, spacing="3", align="center", wrap="wrap"),
        justify="between",
        align="start",
        wrap="wrap",
        gap="var(--space-4)",
        width="100%",
        padding_bottom="1rem",
    )


def empty_state(icon: str, title: str, message: str,
                action: rx.Component | None = None) -> rx.Component:
    """A friendly, centred "nothing here yet" that says what to do next."""
    return rx.card(
        rx.vstack(
            rx.center(
                rx.icon(icon, size=28),
                width="56px",
                height="56px",
                border_radius="50%",
                background_color=rx.color("accent", 3),
                color=rx.color("accent", 11),
            ),
            rx.heading(title, size="4", as_="h2"),
            rx.text(message, color_scheme="gray", size="3", text_align="center",
                    max_width="32rem"),
            action or rx.fragment(),
            spacing="3",
            align="center",
            padding_y="2rem",
            padding_x="1rem",
        ),
        width="100%",
        variant="surface",
    )


def status_badge(status: str | rx.Var) -> rx.Component:
    """A coloured badge for a status word (draft, published, active, failed...)."""
    if isinstance(status, str):
        return rx.badge(status.replace("_", " ").capitalize(),
                        color_scheme=STATUS_COLORS.get(status, "gray"), variant="soft",
                        radius="full")
    return rx.badge(
        status,
        color_scheme=rx.match(status, *STATUS_COLORS.items(), "gray"),
        variant="soft",
        radius="full",
        text_transform="capitalize",
    )


def role_badge(label: str | rx.Var) -> rx.Component:
    return rx.badge(label, variant="surface", color_scheme="indigo", radius="full")


def _panel(icon: str, color: str, title: str, message: str, testid: str) -> rx.Component:
    return rx.center(
        rx.card(
            rx.vstack(
                rx.center(
                    rx.icon(icon, size=28),
                    width="56px",
                    height="56px",
                    border_radius="50%",
                    background_color=rx.color(color, 3),
                    color=rx.color(color, 11),
                ),
                rx.heading(title, size="6", as_="h1"),
                rx.text(message, color_scheme="gray", size="3", text_align="center"),
                rx.link(
                    rx.button(rx.icon("arrow-left", size=16), "Back to the planner",
                              variant="soft"),
                    href="/plan",
                ),
                spacing="4",
                align="center",
                padding="2rem",
            ),
            max_width="30rem",
            width="100%",
        ),
        width="100%",
        padding_y="3rem",
        data_testid=testid,
    )


def not_found_panel() -> rx.Component:
    """The same answer for missing ids, other tenants' ids and ids outside one's scope."""
    return _panel(
        "search-x",
        "gray",
        "Not found",
        "We couldn't find that page. It may have been deleted, or the link may be wrong.",
        "not-found",
    )


def not_allowed_panel() -> rx.Component:
    return _panel(
        "shield-alert",
        "amber",
        "Not allowed",
        "Your account doesn't have access to this page. If you think it should, "
        "ask your school's administrator.",
        "not-allowed",
    )


def loading_panel() -> rx.Component:
    return rx.center(rx.spinner(size="3"), width="100%", padding_y="4rem",
                     data_testid="loading")


def error_callout(message: str | rx.Var) -> rx.Component:
    """A red callout for a message var; renders nothing when the message is empty."""
    return rx.cond(
        message,
        rx.callout(message, icon="triangle-alert", color_scheme="red", role="alert",
                   width="100%"),
    )
