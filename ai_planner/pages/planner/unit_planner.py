"""/plan/units/[unit_id]: the unit planner."""

from __future__ import annotations

import reflex as rx

from ai_planner import routes
from ai_planner.components.assist_panel import assist_panel
from ai_planner.components.forms import field_box, text_area, text_input
from ai_planner.components.planner.assist import assist_toggle, with_assist
from ai_planner.components.planner.header import breadcrumb, editor_header
from ai_planner.components.planner.lessons import lesson_row
from ai_planner.components.planner.save_bar import save_bar
from ai_planner.components.planner.units import unit_status_badge
from ai_planner.components.ui import confirm_dialog, error_callout, page_for_status
from ai_planner.pages import page
from ai_planner.state.planner import UnitPlannerState as S


def _select(name: str, *items: rx.Component) -> rx.Component:
    """A choice bound to ``form[name]`` like the text fields."""
    return rx.select.root(
        rx.select.trigger(id=f"field-{name}", width="100%"),
        rx.select.content(*items),
        value=S.form[name],
        on_change=lambda value: S.edit(name, value),
        size="3",
    )


def _selects() -> rx.Component:
    course = _select(
        "course_id", rx.foreach(S.courses, lambda c: rx.select.item(c["name"], value=c["id"]))
    )
    status = _select(
        "status",
        rx.select.item("Draft", value="draft"),
        rx.select.item("Published", value="published"),
    )
    return rx.grid(
        field_box("Course", "course_id", course, S.errors),
        field_box("Status", "status", status, S.errors, hint="Published units are ready to teach"),
        columns=rx.breakpoints(initial="1", sm="2"),
        spacing="4",
        width="100%",
    )


def _details_card() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading("Unit details", size="4", as_="h2"),
            text_input(S, "Title", "title", placeholder="e.g. Ecosystems and food webs"),
            _selects(),
            text_area(
                S,
                "Summary",
                "summary",
                placeholder="What the unit is about and what students will be able "
                "to do by the end.",
                rows="4",
            ),
            text_area(
                S,
                "Essential questions",
                "essential_questions",
                placeholder="One question per line, e.g. How does energy move "
                "through an ecosystem?",
                rows="4",
            ),
            rx.separator(),
            save_bar(
                S,
                rx.button(
                    rx.icon("save", size=16),
                    "Save unit",
                    on_click=S.save,
                    disabled=~S.dirty,
                    data_testid="save-unit",
                ),
            ),
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
    return confirm_dialog(
        "Delete this lesson?",
        rx.text(
            "“",
            S.pending_delete_title,
            "” and everything written in it will be deleted. This can't be undone.",
        ),
        cancel=rx.button("Keep lesson", variant="soft", color_scheme="gray"),
        confirm=rx.button(
            "Delete lesson",
            color_scheme="red",
            on_click=S.confirm_delete_lesson(S.pending_delete_id),
            data_testid="confirm-delete-lesson",
        ),
        open=S.pending_delete_id != "",
        on_open_change=S.set_delete_lesson_open,
    )


def _delete_unit_dialog() -> rx.Component:
    return confirm_dialog(
        "Delete this unit?",
        rx.text(
            "“",
            S.unit["title"],
            "” and its ",
            S.lesson_count_label.lower(),
            " will be deleted. This can't be undone.",
        ),
        cancel=rx.button("Keep unit", variant="soft", color_scheme="gray"),
        confirm=rx.button("Delete unit", color_scheme="red", on_click=S.delete_unit),
        open=S.delete_unit_open,
        on_open_change=S.set_delete_unit_open,
        trigger=rx.button(
            rx.icon("trash-2", size=16), "Delete unit", variant="soft", color_scheme="red",
            high_contrast=True,  # WCAG AA contrast of red text on the soft red background
        ),
    )


def _header() -> rx.Component:
    return editor_header(
        breadcrumb(
            rx.link("Units", href=routes.PLAN),
            rx.text(S.unit["course_name"], color_scheme="gray"),
        ),
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
        rx.text("Last updated ", S.unit["updated"], size="2", color_scheme="gray"),
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
        with_assist(main, S.assist_open, assist_panel(S.toggle_assist)),
        _delete_lesson_dialog(),
        spacing="4",
        width="100%",
    )


@page(routes.UNIT, "Unit planner", on_load=S.load)
def unit_planner_page() -> rx.Component:
    return page_for_status(S.page_status, _ready())
