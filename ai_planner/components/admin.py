"""What every AI Settings page shares: the heading with its sub-navigation ("Providers",
"Task policies", "Templates"; the current one marked), the form dialog's buttons, tables and
the small "label: value" texts of a dialog."""

from __future__ import annotations

import reflex as rx

from ai_planner import routes
from ai_planner.components.ui import page_header
from ai_planner.state.base import SessionState

# (label, route, who sees it): leads reach only the templates (read-only).
SECTIONS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("Providers", routes.ADMIN_AI, ("admin",)),
    ("Task policies", routes.ADMIN_AI_POLICIES, ("admin",)),
    ("Templates", routes.ADMIN_AI_TEMPLATES, ("admin", "curriculum_lead")),
)


def _section_link(label: str, href: str, current: bool) -> rx.Component:
    return rx.link(
        label,
        href=href,
        underline="none",
        weight=("bold" if current else "medium"),
        size="3",
        padding_x="0.75rem",
        padding_y="0.5rem",
        border_bottom=f"2px solid {rx.color('accent', 9) if current else 'transparent'}",
        color=rx.color("gray", 12) if current else rx.color("gray", 11),
        _hover={"color": rx.color("gray", 12)},
        high_contrast=True,
        aria_current="page" if current else None,
    )


def ai_settings_nav(current: str) -> rx.Component:
    """The sub-navigation; ``current`` is the route of the page showing it."""
    links = []
    for label, href, roles in SECTIONS:
        link = _section_link(label, href, href == current)
        if roles != ("admin", "curriculum_lead"):
            link = rx.cond(SessionState.user_role == "admin", link)
        links.append(link)
    return rx.el.nav(
        rx.hstack(*links, spacing="1", wrap="wrap"),
        aria_label="AI Settings sections",
        style={"width": "100%", "border_bottom": f"1px solid {rx.color('gray', 5)}"},
    )


def ai_settings_header(current: str, *actions: rx.Component,
                       subtitle: str | rx.Var) -> rx.Component:
    return rx.vstack(
        page_header("AI Settings", *actions, subtitle=subtitle),
        ai_settings_nav(current),
        spacing="0",
        width="100%",
    )


def section_heading(text: str) -> rx.Component:
    return rx.heading(text, size="4", as_="h2", margin_top="var(--space-5)")


def form_buttons(saving: rx.Var, submit_label: str = "Save") -> rx.Component:
    """Cancel (closes the dialog) and the submit button, disabled while saving."""
    return rx.hstack(
        rx.dialog.close(
            rx.button("Cancel", variant="soft", color_scheme="gray", type="button")
        ),
        rx.button(submit_label, type="submit", disabled=saving, loading=saving),
        justify="end",
        spacing="3",
        width="100%",
        padding_top="var(--space-2)",
    )


def table(headers: list[str], body: rx.Component, label: str) -> rx.Component:
    """A table with column headers, scrolling sideways on narrow screens."""
    return rx.box(
        rx.table.root(
            rx.table.header(
                rx.table.row(*[rx.table.column_header_cell(h) for h in headers]),
            ),
            rx.table.body(body),
            variant="surface",
            width="100%",
            aria_label=label,
        ),
        width="100%",
        overflow_x="auto",
    )


def row_action(label: str, aria_label: rx.Var | str, on_click: rx.EventHandler | object,
               **props: object) -> rx.Component:
    return rx.button(label, size="1", variant="soft", on_click=on_click,
                     aria_label=aria_label, **props)
