"""/plan/units/[unit_id]/lessons/[lesson_id]: the lesson editor."""

from __future__ import annotations

import reflex as rx

from ai_planner import routes
from ai_planner.components.assist_panel import assist_panel
from ai_planner.components.forms import text_area, text_input
from ai_planner.components.planner.assist import assist_toggle, with_assist
from ai_planner.components.planner.header import breadcrumb, editor_header
from ai_planner.components.planner.save_bar import save_bar
from ai_planner.components.ui import confirm_dialog, error_callout, page_for_status
from ai_planner.pages import page
from ai_planner.state.planner import LessonEditorState as S


def _nav_link(text: rx.Var | str, href: rx.Var | str, **props: object) -> rx.Component:
    """An in-app link that asks first while there are unsaved changes."""
    return rx.link(
        text, on_click=S.request_leave(href), cursor="pointer", role="link", tab_index=0, **props
    )


def _form() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.grid(
                text_input(S, "Title", "title", placeholder="e.g. Producers and consumers"),
                text_input(
                    S,
                    "Duration",
                    "duration_minutes",
                    placeholder="e.g. 45",
                    hint="minutes",
                    input_mode="numeric",
                ),
                columns=rx.breakpoints(initial="1", sm="2fr 1fr"),
                spacing="4",
                width="100%",
            ),
            text_area(
                S, "Objectives", "objectives", placeholder="Students will be able to…", rows="4"
            ),
            text_area(
                S,
                "Activities",
                "activities",
                placeholder="Warm-up, main activity, wrap-up: what happens and for how long.",
                rows="7",
            ),
            text_area(
                S,
                "Materials",
                "materials",
                placeholder="Handouts, slides, lab equipment…",
                rows="3",
            ),
            text_area(
                S,
                "Assessment",
                "assessment",
                placeholder="How you will know students got it: exit ticket, quiz, observation…",
                rows="4",
            ),
            rx.separator(),
            save_bar(
                S,
                rx.button(
                    rx.icon("save", size=16),
                    "Save",
                    on_click=S.save,
                    size="3",
                    data_testid="save-lesson",
                ),
                idle=rx.text("All changes saved", size="2", color_scheme="gray"),
            ),
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
    return confirm_dialog(
        "Leave without saving?",
        "You have changes to this lesson that are not saved yet. If you leave now, "
        "they will be lost.",
        cancel=rx.button(
            "Stay and keep editing", variant="soft", color_scheme="gray", on_click=S.stay
        ),
        confirm=rx.button(
            "Leave without saving", color_scheme="red", on_click=S.leave_without_saving
        ),
        open=S.leave_open,
    )


def _header() -> rx.Component:
    return editor_header(
        breadcrumb(
            _nav_link("Units", routes.PLAN),
            _nav_link(S.unit["title"], S.unit_href),
            rx.text(S.position_label, color_scheme="gray"),
        ),
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
        rx.text(
            S.unit["course_name"],
            " · last saved ",
            S.lesson["updated"],
            size="2",
            color_scheme="gray",
        ),
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
            assist_panel(S.toggle_assist),
        ),
        _leave_dialog(),
        # Reload or closing the tab with unsaved changes: the browser's own "leave site?"
        # prompt. Mounted only while dirty, so a saved page never asks.
        rx.cond(S.dirty, rx.window_event_listener(on_before_unload=rx.prevent_default)),
        spacing="4",
        width="100%",
    )


@page(routes.LESSON, "Lesson editor", on_load=S.load)
def lesson_editor_page() -> rx.Component:
    return page_for_status(S.page_status, _ready())
