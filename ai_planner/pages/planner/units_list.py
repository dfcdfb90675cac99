"""/plan: the units the user may see, grouped by course; search; new unit; new course."""

from __future__ import annotations

import reflex as rx

from ai_planner import routes
from ai_planner.components.forms import field_box, filter_select
from ai_planner.components.planner.units import course_group
from ai_planner.components.ui import (
    empty_state,
    error_callout,
    loading_panel,
    page_header,
    pager,
)
from ai_planner.pages import page
from ai_planner.state.planner import UnitsListState as S


def _form_buttons(submit_label: str) -> rx.Component:
    """Cancel (closes the dialog) and the submit button of a "New ..." dialog's form."""
    return rx.hstack(
        rx.dialog.close(rx.button("Cancel", variant="soft", color_scheme="gray", type="button")),
        rx.button(submit_label, type="submit"),
        justify="end",
        spacing="3",
        width="100%",
        padding_top="var(--space-2)",
    )


def _course_select() -> rx.Component:
    return rx.select.root(
        rx.select.trigger(placeholder="Choose a course", width="100%", id="new-unit-course"),
        rx.select.content(
            rx.foreach(S.courses, lambda c: rx.select.item(c["name"], value=c["id"])),
        ),
        name="course_id",
        default_value=S.preferred_course_id,
        size="3",
    )


def new_unit_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.trigger(
            rx.button(rx.icon("plus", size=16), "New unit", size="3", data_testid="new-unit"),
        ),
        rx.dialog.content(
            rx.dialog.title("New unit"),
            rx.dialog.description(
                "Give the unit a working title and the course it belongs to. "
                "You can change both later.",
                size="2",
                color_scheme="gray",
                margin_bottom="var(--space-4)",
            ),
            rx.cond(
                S.has_courses,
                rx.form(
                    rx.vstack(
                        error_callout(S.create_errors["form"]),
                        field_box(
                            "Title",
                            "title",
                            rx.input(
                                id="new-unit-title",
                                name="title",
                                size="3",
                                placeholder="e.g. Ecosystems and food webs",
                                auto_focus=True,
                                width="100%",
                            ),
                            S.create_errors,
                            control_id="new-unit-title",
                        ),
                        field_box(
                            "Course",
                            "course_id",
                            _course_select(),
                            S.create_errors,
                            control_id="new-unit-course",
                        ),
                        _form_buttons("Create unit"),
                        spacing="4",
                        width="100%",
                    ),
                    on_submit=S.create_unit,
                    reset_on_submit=False,
                ),
                rx.vstack(
                    rx.callout(
                        "Your school has no courses yet. Add the course this unit belongs "
                        "to first (for example “Grade 5 Science”).",
                        icon="info",
                    ),
                    rx.hstack(
                        rx.dialog.close(rx.button("Close", variant="soft", color_scheme="gray")),
                        rx.button(
                            "New course",
                            on_click=[S.set_create_open(False), S.set_course_open(True)],
                        ),
                        justify="end",
                        spacing="3",
                        width="100%",
                    ),
                    spacing="4",
                ),
            ),
            max_width="30rem",
        ),
        open=S.create_open,
        on_open_change=S.set_create_open,
    )


def new_course_dialog() -> rx.Component:
    def field(label: str, name: str, placeholder: str) -> rx.Component:
        control_id = f"new-course-{name}"
        control = rx.input(
            id=control_id, name=name, placeholder=placeholder, size="3", width="100%"
        )
        return field_box(label, name, control, S.course_errors, control_id=control_id)

    return rx.dialog.root(
        rx.dialog.trigger(
            rx.button(
                rx.icon("book-plus", size=16),
                "New course",
                size="3",
                variant="soft",
                data_testid="new-course",
            ),
        ),
        rx.dialog.content(
            rx.dialog.title("New course"),
            rx.dialog.description(
                "Courses group units. Everyone in your school can file units under it.",
                size="2",
                color_scheme="gray",
                margin_bottom="var(--space-4)",
            ),
            rx.form(
                rx.vstack(
                    error_callout(S.course_errors["form"]),
                    field("Course name", "name", "e.g. Grade 5 Science"),
                    rx.grid(
                        field("Subject", "subject", "e.g. Science"),
                        field("Grade level", "grade_level", "e.g. 5"),
                        columns="2",
                        spacing="3",
                        width="100%",
                    ),
                    _form_buttons("Create course"),
                    spacing="4",
                    width="100%",
                ),
                on_submit=S.create_course,
                reset_on_submit=False,
            ),
            max_width="30rem",
        ),
        open=S.course_open,
        on_open_change=S.set_course_open,
    )


def _search_box() -> rx.Component:
    return rx.input(
        rx.input.slot(rx.icon("search", size=16)),
        placeholder="Search units by title or summary",
        value=S.search,
        on_change=S.search_units,
        debounce_timeout=400,
        size="3",
        width=["100%", "100%", "20rem"],
        aria_label="Search units by title or summary",
        type="search",
    )


def _filters() -> rx.Component:
    course = filter_select(
        "Course", "filter-course", rx.cond(S.course_filter, S.course_filter, "all"),
        lambda value: S.filter_course(value),
        rx.select.item("All courses", value="all"),
        rx.foreach(S.courses, lambda c: rx.select.item(c["name"], value=c["id"])),
    )
    status = filter_select(
        "Status", "filter-status", rx.cond(S.status_filter, S.status_filter, "all"),
        lambda value: S.filter_status(value),
        rx.select.item("Any status", value="all"),
        rx.select.item("Draft", value="draft"),
        rx.select.item("Published", value="published"),
    )
    author = rx.cond(
        S.user_role != "teacher",
        filter_select("Planned by", "filter-author", S.author, S.show_author,
                rx.select.item("Me", value="mine"),
                rx.select.item("Everyone", value="everyone")),
    )
    sort = filter_select("Sort", "sort-units", S.sort, S.sort_by,
                   rx.select.item("Last updated", value="updated"),
                   rx.select.item("Title", value="title"))
    return rx.flex(
        _search_box(), course, status, author, sort,
        gap="var(--space-3)", wrap="wrap", align="end", width="100%",
        role="search", aria_label="Find units",
    )


def _units() -> rx.Component:
    no_units = rx.cond(
        S.has_courses,
        rx.cond(
            (S.author == "mine") & (S.user_role != "teacher"),
            empty_state(
                "notebook-pen",
                "You have no units yet",
                "Your school's units are under “Planned by: Everyone”. To start your own, "
                "press “New unit”.",
                rx.button("Show everyone's units", variant="soft",
                          on_click=S.show_author("everyone")),
            ),
            empty_state(
                "notebook-pen",
                "No units yet",
                "Start planning: press “New unit”, give it a title and pick its course. "
                "You can add lessons to it straight away.",
            ),
        ),
        empty_state(
            "book-plus",
            "Add your first course",
            "Units are filed under courses. Press “New course” (for example “Grade 5 "
            "Science”), then create a unit in it.",
        ),
    )
    no_match = empty_state(
        "search-x",
        "No units match",
        "Try a shorter or different word from the unit's title or summary, or clear the "
        "filters.",
        rx.button("Clear search and filters", variant="soft", on_click=S.clear_search),
    )
    return rx.cond(
        S.total > 0,
        rx.vstack(
            rx.foreach(S.groups, lambda group: course_group(group, S.user_role != "teacher")),
            pager(S.range_label, S.previous_href, S.next_href, "Pages of units"),
            spacing="6",
            width="100%",
        ),
        rx.cond(S.filtered, no_match, no_units),
    )


@page(routes.PLAN, "Planner", on_load=S.load)
def units_list_page() -> rx.Component:
    return rx.vstack(
        page_header(
            "Units",
            new_course_dialog(),
            new_unit_dialog(),
            subtitle=rx.cond(
                S.user_role == "teacher",
                "The units you plan, grouped by course.",
                "Your school's units, grouped by course.",
            ),
        ),
        _filters(),
        rx.text(S.range_label, size="2", color_scheme="gray", aria_live="polite"),
        error_callout(S.message),
        rx.cond(S.loaded, _units(), loading_panel()),
        spacing="5",
        width="100%",
    )
