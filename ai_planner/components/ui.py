"""Small shared UI pieces: page header, empty state, badges, not-found / not-allowed panels.

Keep pages consistent by building them from these: one heading style, one spacing scale
(Radix space tokens "2".."6"), one way to say "nothing here yet, do this next".
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from ai_planner import routes

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


def icon_circle(icon: str, color: str = "accent", *, icon_size: int = 28,
                box: str = "56px") -> rx.Component:
    """An icon in a softly tinted disc (empty states, panels)."""
    return rx.center(
        rx.icon(icon, size=icon_size),
        width=box,
        height=box,
        border_radius="50%",
        background_color=rx.color(color, 3),
        color=rx.color(color, 11),
    )


def brand_mark(*, icon_size: int, box: str) -> rx.Component:
    """The app's logo: a white graduation cap on the accent colour."""
    return rx.center(
        rx.icon("graduation-cap", size=icon_size),
        width=box,
        height=box,
        border_radius="var(--radius-3)",
        background_color=rx.color("accent", 9),
        color="white",
    )


def line_clamp(lines: int) -> dict[str, str]:
    """A ``style`` that cuts text after ``lines`` lines with an ellipsis."""
    return {
        "display": "-webkit-box",
        "-webkit-line-clamp": str(lines),
        "-webkit-box-orient": "vertical",
        "overflow": "hidden",
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
            icon_circle(icon),
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


def status_badge(status: str | rx.Var, *, label: str | rx.Var | None = None,
                 **props: Any) -> rx.Component:
    """A coloured badge for a status word (draft, published, active, failed...), showing
    ``label`` when given (a server-worded label), else the word itself."""
    if isinstance(status, str):
        text = label if label is not None else status.replace("_", " ").capitalize()
        return rx.badge(text, color_scheme=STATUS_COLORS.get(status, "gray"), variant="soft",
                        radius="full", high_contrast=True, **props)
    if label is None:  # the bare status word, capitalised; a server-worded label as it is
        label, props = status, {"text_transform": "capitalize", **props}
    return rx.badge(
        label,
        color_scheme=rx.match(status, *STATUS_COLORS.items(), "gray"),
        variant="soft",
        radius="full",
        high_contrast=True,  # WCAG AA: the soft badge's own text colour is too light
        **props,
    )


def pager(range_label: rx.Var, previous_href: rx.Var, next_href: rx.Var,
          label: str) -> rx.Component:
    """Under a paged list: "Showing 51 to 100 of N" and Previous/Next links (each shown
    only when there is such a page); ``label`` names the navigation ("Pages of units")."""
    return rx.flex(
        rx.text(range_label, size="2", color_scheme="gray", data_testid="range"),
        rx.hstack(
            rx.cond(previous_href,
                    rx.link(rx.button(rx.icon("chevron-left", size=16), "Previous",
                                      variant="soft", tab_index=-1),
                            href=previous_href, data_testid="previous-page")),
            rx.cond(next_href,
                    rx.link(rx.button("Next", rx.icon("chevron-right", size=16),
                                      variant="soft", tab_index=-1),
                            href=next_href, data_testid="next-page")),
            spacing="2",
        ),
        justify="between",
        align="center",
        gap="var(--space-3)",
        wrap="wrap",
        width="100%",
        as_="nav",
        aria_label=label,
    )


def data_table(headers: list[str] | tuple[str, ...], body: rx.Component, label: str
               ) -> rx.Component:
    """A table with column headers, scrolling sideways on narrow screens; ``label`` names it
    for screen readers."""
    return rx.box(
        rx.table.root(
            rx.table.header(
                rx.table.row(*[rx.table.column_header_cell(h, scope="col") for h in headers]),
            ),
            rx.table.body(body),
            variant="surface",
            width="100%",
            aria_label=label,
        ),
        width="100%",
        overflow_x="auto",
    )


def role_badge(label: str | rx.Var) -> rx.Component:
    return rx.badge(label, variant="surface", color_scheme="indigo", radius="full")


def _panel(icon: str, color: str, title: str, message: str, testid: str) -> rx.Component:
    return rx.center(
        rx.card(
            rx.vstack(
                icon_circle(icon, color),
                rx.heading(title, size="6", as_="h1"),
                rx.text(message, color_scheme="gray", size="3", text_align="center"),
                rx.link(
                    rx.button(rx.icon("arrow-left", size=16), "Back to the planner",
                              variant="soft"),
                    href=routes.PLAN,
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


def confirm_dialog(
    title: str,
    description: str | rx.Component,
    *,
    cancel: rx.Component,
    confirm: rx.Component,
    open: rx.Var | bool,
    on_open_change: Any = None,
    trigger: rx.Component | None = None,
) -> rx.Component:
    """"Are you sure?": ``cancel`` and ``confirm`` buttons at the bottom right, opened by
    ``trigger`` (if any) or by the ``open`` var."""
    content = rx.alert_dialog.content(
        rx.alert_dialog.title(title),
        rx.alert_dialog.description(description),
        rx.hstack(
            rx.alert_dialog.cancel(cancel),
            rx.alert_dialog.action(confirm),
            spacing="3",
            justify="end",
            margin_top="var(--space-4)",
        ),
        max_width="28rem",
    )
    parts = [content] if trigger is None else [rx.alert_dialog.trigger(trigger), content]
    events = {} if on_open_change is None else {"on_open_change": on_open_change}
    return rx.alert_dialog.root(*parts, open=open, **events)


def page_for_status(status: rx.Var, ready: rx.Component) -> rx.Component:
    """``ready`` once loaded, the not-found panel for "not_found", a spinner until then."""
    return rx.match(
        status,
        ("ready", ready),
        ("not_found", not_found_panel()),
        loading_panel(),
    )
