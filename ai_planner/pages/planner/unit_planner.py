"""/plan/units/[unit_id]: the unit planner."""

from __future__ import annotations

import reflex as rx

from ai_planner.components.planner.assist import assist_placeholder, assist_toggle, with_assist
from ai_planner.components.planner.fields import field_box, text_area, text_input
from ai_planner.components.planner.lessons import lesson_row
from ai_planner.components.planner.units import unit_status_badge
from ai_planner.components.ui import (
    error_callout,
    loading_panel,
    not_found_panel,
)
from ai_planner.state.planner import UnitPlannerState as S


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


def _selects() -> rx.Component:
    course = rx.select.root(
        rx.select.trigger(id="field-course_id", width="100%"),
        rx.select.content(
            rx.foreach(S.courses, lambda c: rx.select.item(c["name"], value=c["id"])),
        ),
        value=S.form["course_id"],
        on_change=lambda value: S.edit("course_id", value),
        size="3",
    )
    status = rx.select.root(
        rx.select.trigger(id="field-status", width="100%"),
        rx.select.content(
            rx.select.item("Draft", value="draft"),
            rx.select.item("Published", value="published"),
        ),
        value=S.form["status"],
        on_change=lambda value: S.edit("status", value),
        size="3",
    )
    return rx.grid(
        field_box("Course", "course_id", course, S.errors),
        field_box("Status", "status", status, S.errors, hint="Published units are ready to teach"),
        columns=rx.breakpoints(initial="1", sm="2"),
        spacing="4",
        width="100%",
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
            rx.icon("save", size=16),
            "Save unit",
            on_click=S.save,
            disabled=~S.dirty,
            data_testid="save-unit",
        ),
        spacing="3",
        align="center",
        width="100%",
        wrap="wrap",
    )


def _details_card() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading("Unit details", size="4", as_="h2"),
            text_input(
                "Title",
                "title",
                S.form,
                S.errors,
                S.edit,
                placeholder="e.g. Ecosystems and food webs",
            ),
            _selects(),
            text_area(
                "Summary",
                "summary",
                S.form,
                S.errors,
                S.edit,
                placeholder="What the unit is about and what students will be able "
                "to do by the end.",
                rows="4",
            ),
            text_area(
                "Essential questions",
                "essential_questions",
                S.form,
                S.errors,
                S.edit,
                placeholder="One question per line, e.g. How does energy move "
                "through an ecosystem?",
                rows="4",
            ),
            rx.separator(),
            _save_bar(),
            spacing="4",
            width="100%",
        ),
        width="100%",
        size="3",
    )


def _add_lesson() -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.hstack(
                rx.input(
                    value=S.new_lesson_title,
                    on_change=S.set_new_lesson_title,
                    placeholder="Title of the next lesson",
                    size="3",
                    flex="1",
                    aria_label="New lesson title",
                    id="new-lesson-title",
                ),
                rx.button(rx.icon("plus", size=16), "Add lesson", size="3", type="submit"),
                spacing="2",
                width="100%",
            ),
            rx.cond(
                S.lesson_error,
                rx.text(
                    S.lesson_error,
                    color=rx.color("red", 11),
                    size="2",
                    role="alert",
                    data_testid="error-new-lesson",
                ),
            ),
            spacing="1",
            width="100%",
        ),
        on_submit=lambda _data: S.add_lesson(),
        reset_on_submit=False,
        width="100%",
    )


def _lessons_card() -> rx.Component:
    rows = rx.vstack(
        rx.foreach(
            S.lessons,
            lambda lesson, i: lesson_row(
                lesson, i, S.lessons.length(), on_move=S.move_lesson, on_delete=S.ask_delete_lesson
            ),
        ),
        spacing="0",
        width="100%",
        as_="ol",
        data_testid="lesson-list",
    )
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.heading("Lessons", size="4", as_="h2"),
                rx.text(S.lesson_count_label, size="2", color_scheme="gray"),
                justify="between",
                align="baseline",
                width="100%",
            ),
            rx.cond(
                S.lessons.length() > 0,
                rows,
                rx.text(
                    "No lessons yet. Add the first one below: a title is enough to "
                    "start, you fill in the details in the lesson editor.",
                    size="2",
                    color_scheme="gray",
                    padding_y="var(--space-2)",
                ),
            ),
            _add_lesson(),
            spacing="4",
            width="100%",
        ),
        width="100%",
        size="3",
    )


def _delete_lesson_dialog() -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title("Delete this lesson?"),
            rx.alert_dialog.description(
                rx.text(
                    "“",
                    S.pending_delete_title,
                    "” and everything written in it will be deleted. This can't be undone.",
                ),
            ),
            rx.hstack(
                rx.alert_dialog.cancel(
                    rx.button("Keep lesson", variant="soft", color_scheme="gray"),
                ),
                rx.alert_dialog.action(
                    rx.button(
                        "Delete lesson",
                        color_scheme="red",
                        on_click=S.confirm_delete_lesson(S.pending_delete_id),
                        data_testid="confirm-delete-lesson",
                    ),
                ),
                spacing="3",
                justify="end",
                margin_top="var(--space-4)",
            ),
            max_width="28rem",
        ),
        open=S.pending_delete_id != "",
        on_open_change=S.set_delete_lesson_open,
    )


def _delete_unit_dialog() -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.trigger(
            rx.button(
                rx.icon("trash-2", size=16), "Delete unit", variant="soft", color_scheme="red"
            ),
        ),
        rx.alert_dialog.content(
            rx.alert_dialog.title("Delete this unit?"),
            rx.alert_dialog.description(
                rx.text(
                    "“",
                    S.unit["title"],
                    "” and its ",
                    S.lesson_count_label.lower(),
                    " will be deleted. This can't be undone.",
                ),
            ),
            rx.hstack(
                rx.alert_dialog.cancel(
                    rx.button("Keep unit", variant="soft", color_scheme="gray"),
                ),
                rx.alert_dialog.action(
                    rx.button("Delete unit", color_scheme="red", on_click=S.delete_unit),
                ),
                spacing="3",
                justify="end",
                margin_top="var(--space-4)",
            ),
            max_width="28rem",
        ),
        open=S.delete_unit_open,
        on_open_change=S.set_delete_unit_open,
    )


def _header() -> rx.Component:
    return rx.vstack(
        breadcrumb(
            rx.link("Units", href="/plan"),
            rx.text(S.unit["course_name"], color_scheme="gray"),
        ),
        rx.flex(
            rx.hstack(
                rx.heading(S.unit["title"], size="7", as_="h1", data_testid="unit-title"),
                unit_status_badge(S.unit),
                spacing="3",
                align="center",
                wrap="wrap",
            ),
            rx.hstack(
                assist_toggle(S.assist_open, S.toggle_assist),
                _delete_unit_dialog(),
                spacing="3",
            ),
            justify="between",
            align="center",
            gap="var(--space-3)",
            wrap="wrap",
            width="100%",
        ),
        rx.text("Last updated ", S.unit["updated"], size="2", color_scheme="gray"),
        spacing="2",
        width="100%",
        padding_bottom="var(--space-2)",
    )


def _ready() -> rx.Component:
    main = rx.vstack(
        error_callout(S.message),
        _details_card(),
        _lessons_card(),
        spacing="5",
        width="100%",
    )
    return rx.vstack(
        _header(),
        with_assist(main, S.assist_open, assist_placeholder(S.toggle_assist, unit_id=S.unit["id"])),
        _delete_lesson_dialog(),
        spacing="4",
        width="100%",
    )


def unit_planner_page() -> rx.Component:
    return rx.match(
        S.page_status,
        ("ready", _ready()),
        ("not_found", not_found_panel()),
        loading_panel(),
    )
