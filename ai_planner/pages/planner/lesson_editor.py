"""/plan/units/[unit_id]/lessons/[lesson_id]: the lesson editor."""

from __future__ import annotations

import reflex as rx

from ai_planner.components.planner.assist import assist_placeholder, assist_toggle, with_assist
from ai_planner.components.planner.fields import text_area, text_input
from ai_planner.components.ui import error_callout, loading_panel, not_found_panel
from ai_planner.pages.planner.unit_planner import breadcrumb
from ai_planner.state.planner import LessonEditorState as S


def _nav_link(text: rx.Var | str, href: rx.Var | str, **props: object) -> rx.Component:
    """An in-app link that asks first while there are unsaved changes."""
    return rx.link(
        text, on_click=S.request_leave(href), cursor="pointer", role="link", tab_index=0, **props
    )


def _status() -> rx.Component:
    return rx.cond(
        S.error_summary,
        rx.text(
            S.error_summary,
            size="2",
            color=rx.color("red", 11),
            role="alert",
            data_testid="error-summary",
        ),
        rx.cond(
            S.dirty,
            rx.badge(
                rx.icon("circle-dot", size=12),
                "Unsaved changes",
                color_scheme="amber",
                variant="soft",
                size="2",
                data_testid="unsaved",
            ),
            rx.cond(
                S.saved_message,
                rx.badge(
                    rx.icon("check", size=12),
                    S.saved_message,
                    color_scheme="green",
                    variant="soft",
                    size="2",
                    role="status",
                    data_testid="saved",
                ),
                rx.text("All changes saved", size="2", color_scheme="gray"),
            ),
        ),
    )


def _save_bar() -> rx.Component:
    return rx.hstack(
        _status(),
        rx.spacer(),
        rx.button(
            "Discard changes",
            variant="soft",
            color_scheme="gray",
            on_click=S.discard,
            disabled=~S.dirty,
        ),
        rx.button(
            rx.icon("save", size=16), "Save", on_click=S.save, size="3", data_testid="save-lesson"
        ),
        spacing="3",
        align="center",
        width="100%",
        wrap="wrap",
    )


def _form() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.grid(
                text_input(
                    "Title",
                    "title",
                    S.form,
                    S.errors,
                    S.edit,
                    placeholder="e.g. Producers and consumers",
                ),
                text_input(
                    "Duration",
                    "duration_minutes",
                    S.form,
                    S.errors,
                    S.edit,
                    placeholder="e.g. 45",
                    hint="minutes",
                    input_mode="numeric",
                ),
                columns=rx.breakpoints(initial="1", sm="2fr 1fr"),
                spacing="4",
                width="100%",
            ),
            text_area(
                "Objectives",
                "objectives",
                S.form,
                S.errors,
                S.edit,
                placeholder="Students will be able to…",
                rows="4",
            ),
            text_area(
                "Activities",
                "activities",
                S.form,
                S.errors,
                S.edit,
                placeholder="Warm-up, main activity, wrap-up: what happens and for how long.",
                rows="7",
            ),
            text_area(
                "Materials",
                "materials",
                S.form,
                S.errors,
                S.edit,
                placeholder="Handouts, slides, lab equipment…",
                rows="3",
            ),
            text_area(
                "Assessment",
                "assessment",
                S.form,
                S.errors,
                S.edit,
                placeholder="How you will know students got it: exit ticket, quiz, observation…",
                rows="4",
            ),
            rx.separator(),
            _save_bar(),
            spacing="4",
            width="100%",
        ),
        size="3",
        width="100%",
    )


def _neighbours() -> rx.Component:
    return rx.hstack(
        rx.cond(
            S.previous_href,
            rx.button(
                rx.icon("arrow-left", size=16),
                "Previous lesson",
                variant="ghost",
                on_click=S.request_leave(S.previous_href),
            ),
        ),
        rx.spacer(),
        rx.cond(
            S.next_href,
            rx.button(
                "Next lesson",
                rx.icon("arrow-right", size=16),
                variant="ghost",
                on_click=S.request_leave(S.next_href),
            ),
        ),
        width="100%",
    )


def _leave_dialog() -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title("Leave without saving?"),
            rx.alert_dialog.description(
                "You have changes to this lesson that are not saved yet. If you leave now, "
                "they will be lost."
            ),
            rx.hstack(
                rx.alert_dialog.cancel(
                    rx.button(
                        "Stay and keep editing",
                        variant="soft",
                        color_scheme="gray",
                        on_click=S.stay,
                    ),
                ),
                rx.alert_dialog.action(
                    rx.button(
                        "Leave without saving", color_scheme="red", on_click=S.leave_without_saving
                    ),
                ),
                spacing="3",
                justify="end",
                margin_top="var(--space-4)",
            ),
            max_width="28rem",
        ),
        open=S.leave_open,
    )


def _header() -> rx.Component:
    return rx.vstack(
        breadcrumb(
            _nav_link("Units", "/plan"),
            _nav_link(S.unit["title"], S.unit_href),
            rx.text(S.position_label, color_scheme="gray"),
        ),
        rx.flex(
            rx.heading(S.lesson["title"], size="7", as_="h1", data_testid="lesson-title"),
            rx.hstack(
                rx.button(
                    rx.icon("arrow-left", size=16),
                    "Back to unit",
                    variant="soft",
                    color_scheme="gray",
                    on_click=S.request_leave(S.unit_href),
                ),
                assist_toggle(S.assist_open, S.toggle_assist),
                spacing="3",
            ),
            justify="between",
            align="center",
            gap="var(--space-3)",
            wrap="wrap",
            width="100%",
        ),
        rx.text(
            S.unit["course_name"],
            " · last saved ",
            S.lesson["updated"],
            size="2",
            color_scheme="gray",
        ),
        spacing="2",
        width="100%",
        padding_bottom="var(--space-2)",
    )


def _ready() -> rx.Component:
    main = rx.vstack(
        error_callout(S.message),
        _form(),
        _neighbours(),
        spacing="4",
        width="100%",
    )
    return rx.vstack(
        _header(),
        with_assist(
            main,
            S.assist_open,
            assist_placeholder(S.toggle_assist, unit_id=S.unit["id"], lesson_id=S.lesson["id"]),
        ),
        _leave_dialog(),
        # Reload or closing the tab with unsaved changes: the browser's own "leave site?"
        # prompt. Mounted only while dirty, so a saved page never asks.
        rx.cond(S.dirty, rx.window_event_listener(on_before_unload=rx.prevent_default)),
        spacing="4",
        width="100%",
    )


def lesson_editor_page() -> rx.Component:
    return rx.match(
        S.page_status,
        ("ready", _ready()),
        ("not_found", not_found_panel()),
        loading_panel(),
    )
