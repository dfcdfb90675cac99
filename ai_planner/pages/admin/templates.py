"""/admin/ai/templates: prompt templates (admins edit; curriculum leads read)."""

from __future__ import annotations

import reflex as rx

from ai_planner import routes
from ai_planner.components.admin import (
    ai_settings_header,
    choice_field,
    delete_confirmation,
    form_buttons,
    row_action,
)
from ai_planner.components.forms import field_box, text_area, text_input
from ai_planner.components.ui import data_table, empty_state, error_callout, status_badge
from ai_planner.models import TASK_TYPE_LABELS, TASK_TYPES, TEMPLATE_STATUSES
from ai_planner.pages import page
from ai_planner.services.templates import KNOWN_VARIABLES
from ai_planner.state.admin.templates import MessageView, TemplateRowView
from ai_planner.state.admin.templates import TemplatesState as S


def _filter_select(name: str, label: str, value: rx.Var,
                   options: list[tuple[str, str]]) -> rx.Component:
    control_id = f"filter-{name}"
    return rx.hstack(
        rx.el.label(label, html_for=control_id, style={"font_weight": "600",
                                                       "font_size": "14px"}),
        rx.select.root(
            rx.select.trigger(id=control_id, min_width="10rem"),
            rx.select.content(
                rx.select.item("All", value="all"),
                *[rx.select.item(text, value=v) for v, text in options],
            ),
            value=rx.cond(value == "", "all", value),
            on_change=lambda chosen: S.set_filter(name, chosen),
        ),
        spacing="2",
        align="center",
    )


TASK_OPTIONS = [(t, TASK_TYPE_LABELS[t]) for t in TASK_TYPES]
STATUS_OPTIONS = [(s, s.capitalize()) for s in TEMPLATE_STATUSES]


def _known_variables() -> rx.Component:
    return rx.box(
        rx.heading("Variables you can use", size="2", as_="h3"),
        rx.text("Write them in braces; {{ and }} give literal braces.", size="1",
                color_scheme="gray"),
        rx.el.ul(
            *[rx.el.li(rx.code("{" + name + "}"), " ", rx.text(what, as_="span", size="1"))
              for name, what in KNOWN_VARIABLES.items()],
            style={"padding_left": "1rem", "margin_top": "0.5rem", "font_size": "13px",
                   "line_height": "1.7"},
        ),
        padding="var(--space-3)",
        border_radius="var(--radius-3)",
        background_color=rx.color("gray", 2),
        width="100%",
    )


def _edit_fields() -> rx.Component:
    return rx.vstack(
        error_callout(S.errors["form"]),
        text_input(S, "Name", "name", placeholder="e.g. Exit ticket"),
        rx.grid(
            choice_field(S, "task_type", "Task type", TASK_OPTIONS,
                         placeholder="Choose a task type"),
            choice_field(S, "status", "Status", STATUS_OPTIONS, placeholder="Choose a status"),
            columns="2", spacing="3", width="100%",
        ),
        text_area(S, "System prompt", "system_prompt", rows="4",
                  placeholder="e.g. You write short formative assessments."),
        text_area(S, "User prompt template", "user_prompt_template", rows="5",
                  placeholder="e.g. Write an exit ticket for {lesson_title}. {prompt}"),
        text_input(S, "Variables", "variables", placeholder="e.g. topic",
                   hint="Other names your template uses, comma-separated"),
        spacing="4",
        width="100%",
    )


def _read_field(label: str, value: rx.Var) -> rx.Component:
    return rx.vstack(
        rx.text(label, weight="bold", size="2"),
        rx.text(value, white_space="pre-wrap", size="2"),
        spacing="1",
        width="100%",
    )


def _read_view() -> rx.Component:
    return rx.vstack(
        _read_field("Name", S.form["name"]),
        _read_field("Task type", S.form_task_label),
        _read_field("Status", S.form["status"]),
        _read_field("System prompt", S.form["system_prompt"]),
        _read_field("User prompt template", S.form["user_prompt_template"]),
        _read_field("Variables", S.form["variables"]),
        spacing="3",
        width="100%",
    )


def _message(message: MessageView) -> rx.Component:
    return rx.box(
        rx.text(rx.cond(message.role == "system", "System", "User"), weight="bold", size="2"),
        rx.text(message.content, white_space="pre-wrap", size="2", as_="div"),
        padding="var(--space-3)",
        border=f"1px solid {rx.color('gray', 6)}",
        border_radius="var(--radius-3)",
        width="100%",
        data_testid="preview-message",
    )


def _preview_panel() -> rx.Component:
    unit_select = rx.select.root(
        rx.select.trigger(placeholder="Choose a unit", width="100%", id="preview-unit"),
        rx.select.content(
            rx.foreach(S.unit_choices, lambda c: rx.select.item(c.label, value=c.id))),
        value=S.sample_unit_id,
        on_change=S.choose_unit,
    )
    lesson_select = rx.select.root(
        rx.select.trigger(placeholder="No lesson", width="100%", id="preview-lesson"),
        rx.select.content(
            rx.foreach(S.lesson_choices, lambda c: rx.select.item(c.label, value=c.id))),
        value=S.sample_lesson_id,
        on_change=S.choose_lesson,
    )
    return rx.vstack(
        rx.heading("Preview", size="3", as_="h3"),
        rx.text("The exact messages this template would send, filled from a real unit and "
                "lesson of your school.", size="2", color_scheme="gray"),
        field_box("Find a unit", "unit_search",
                  rx.input(id="preview-unit-search", value=S.unit_search,
                           on_change=S.search_units, debounce_timeout=300,
                           placeholder="Type part of a unit title", width="100%"),
                  S.errors, control_id="preview-unit-search"),
        rx.grid(
            field_box("Unit", "sample_unit", unit_select, S.errors, control_id="preview-unit"),
            field_box("Lesson", "sample_lesson", lesson_select, S.errors,
                      control_id="preview-lesson"),
            columns="2", spacing="3", width="100%",
        ),
        field_box("Teacher's request", "sample_prompt",
                  rx.input(id="preview-prompt", value=S.sample_prompt,
                           on_change=S.set_sample_prompt, width="100%"),
                  S.errors, control_id="preview-prompt"),
        rx.button("Show messages", type="button", on_click=S.render_preview, variant="soft"),
        error_callout(S.preview_error),
        rx.foreach(S.preview_messages, _message),
        spacing="3",
        width="100%",
        padding_top="var(--space-3)",
        border_top=f"1px solid {rx.color('gray', 5)}",
    )


def _form_dialog() -> rx.Component:
    preview_button = rx.button(rx.icon("eye", size=16), "Preview", type="button",
                               variant="soft", color_scheme="gray", on_click=S.open_preview)
    body = rx.cond(
        S.can_write,
        rx.form(
            rx.vstack(
                _edit_fields(),
                rx.cond(S.preview_open, _preview_panel(), preview_button),
                form_buttons(S.saving),
                spacing="4",
                width="100%",
            ),
            on_submit=S.save,
            reset_on_submit=False,
        ),
        rx.vstack(
            _read_view(),
            rx.cond(S.preview_open, _preview_panel(), preview_button),
            rx.hstack(rx.dialog.close(rx.button("Close", variant="soft", color_scheme="gray")),
                      justify="end", width="100%"),
            spacing="4",
            width="100%",
        ),
    )
    title = rx.cond(S.can_write, rx.cond(S.editing_id > 0, "Edit template", "Add template"),
                    "Template")
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(title),
            rx.dialog.description(
                rx.cond(S.can_write,
                        "Placeholders like {unit_title} are filled in when a teacher uses it.",
                        "Read-only: only administrators change templates."),
                size="2", color_scheme="gray", margin_bottom="var(--space-4)",
            ),
            rx.flex(
                rx.box(body, flex="3", min_width="18rem"),
                rx.box(_known_variables(), flex="1", min_width="14rem"),
                gap="var(--space-4)",
                wrap="wrap",
                align="start",
            ),
            max_width="60rem",
        ),
        open=S.form_open,
        on_open_change=S.set_form_open,
    )


def _actions(row: TemplateRowView) -> rx.Component:
    return rx.cond(
        S.can_write,
        rx.hstack(
            row_action("Edit", "Edit " + row.name, S.open_template(row.id)),
            rx.cond(row.status != "archived",
                    row_action("Archive", "Archive " + row.name, S.archive(row.id),
                               color_scheme="gray")),
            row_action("Delete", "Delete " + row.name, S.request_delete(row.id),
                       color_scheme="red"),
            spacing="2",
        ),
        row_action("Open", "Open " + row.name, S.open_template(row.id)),
    )


def _template_row(row: TemplateRowView) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(row.name),
        rx.table.cell(row.task_label),
        rx.table.cell(status_badge(row.status)),
        rx.table.cell(rx.text(row.last_change, size="2")),
        rx.table.cell(_actions(row)),
        data_testid="template-row",
    )


def _pager() -> rx.Component:
    def step(label: str, href: rx.Var, enabled: rx.Var) -> rx.Component:
        return rx.cond(
            enabled,
            rx.link(rx.button(label, variant="soft", size="2"), href=href),
            rx.button(label, variant="soft", size="2", disabled=True),
        )

    return rx.hstack(
        rx.text("Page ", S.page_number, " of ", S.pages, " · ", S.total, " templates",
                size="2", color_scheme="gray"),
        step("Previous", S.prev_href, S.page_number > 1),
        step("Next", S.next_href, S.page_number < S.pages),
        spacing="3",
        align="center",
        justify="end",
        width="100%",
    )


def _list() -> rx.Component:
    nothing = rx.cond(
        S.filtering,
        empty_state("search-x", "No templates match these filters",
                    "Choose “All” in the filters to see every template."),
        rx.cond(
            S.can_write,
            empty_state("file-text", "No templates yet",
                        "Templates give teachers a ready-made prompt for a task type. Press "
                        "“Add template”, write its prompts with placeholders like "
                        "{unit_title}, and set it active."),
            empty_state("file-text", "No templates yet",
                        "Your school's administrators have not added any templates yet."),
        ),
    )
    return rx.cond(
        S.rows.length() > 0,
        rx.vstack(
            data_table(["Name", "Task type", "Status", "Last change", "Actions"],
                  rx.foreach(S.rows, _template_row), "Prompt templates"),
            _pager(),
            spacing="3",
            width="100%",
        ),
        rx.cond(S.loaded, nothing),
    )


@page(routes.ADMIN_AI_TEMPLATES, "AI Settings · Templates",
      roles=("admin", "curriculum_lead"), on_load=S.load)
def templates_page() -> rx.Component:
    return rx.vstack(
        ai_settings_header(
            routes.ADMIN_AI_TEMPLATES,
            rx.cond(S.can_write,
                    rx.button(rx.icon("plus", size=16), "Add template", on_click=S.open_create,
                              size="3")),
            subtitle=rx.cond(S.can_write,
                             "Ready-made prompts teachers can pick in the assist panel.",
                             "Ready-made prompts teachers can pick (read-only for you)."),
        ),
        rx.hstack(
            _filter_select("task_type", "Task type", S.filter_task_type, TASK_OPTIONS),
            _filter_select("status", "Status", S.filter_status, STATUS_OPTIONS),
            spacing="5",
            wrap="wrap",
        ),
        error_callout(S.message),
        _list(),
        _form_dialog(),
        delete_confirmation(
            S, "Delete this template?",
            rx.text("“", S.delete_name, "” will be deleted. Past generations keep their "
                    "history. This can't be undone."),
        ),
        spacing="4",
        width="100%",
    )
