"""The top of the unit planner and the lesson editor: breadcrumb, title with the page's
actions on the right, and a grey line about the record (course, last saved)."""

from __future__ import annotations

import reflex as rx


def breadcrumb(*parts: rx.Component) -> rx.Component:
    items: list[rx.Component] = []
    for i, part in enumerate(parts):
        if i:
            items.append(rx.icon("chevron-right", size=14, color=rx.color("gray", 9)))
        items.append(part)
    return rx.hstack(
        *items,
        spacing="2",
        align="center",
        wrap="wrap",
        font_size="14px",
        aria_label="Breadcrumb",
        as_="nav",
    )


def editor_header(
    crumbs: rx.Component, title: rx.Component, actions: rx.Component, meta: rx.Component
) -> rx.Component:
    """``crumbs`` (a ``breadcrumb``) above ``title`` and ``actions`` side by side (they wrap
    on narrow screens), then ``meta``."""
    return rx.vstack(
        crumbs,
        rx.flex(
            title,
            actions,
            justify="between",
            align="center",
            gap="var(--space-3)",
            wrap="wrap",
            width="100%",
        ),
        meta,
        spacing="2",
        width="100%",
        padding_bottom="var(--space-2)",
    )
