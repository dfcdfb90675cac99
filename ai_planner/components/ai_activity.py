"""The audit log's pieces ("AI activity"): the filter bar, the table of generations, and the
detail of one generation. Layout and bindings only; the states word every value."""

from __future__ import annotations

import reflex as rx

from ai_planner.components.forms import field_error, filter_select
from ai_planner.components.ui import data_table, status_badge
from ai_planner.models import INVOCATION_STATUSES, TASK_TYPE_LABELS
from ai_planner.state.ai_activity import InvocationDetailState as D
from ai_planner.state.ai_activity import InvocationLogState as S
from ai_planner.state.ai_activity.words import STATUS_LABELS

COLUMNS = ("User", "Task", "Provider", "Model", "Status", "Tokens", "Duration",
           "Created (UTC)", "Details")
_LABEL_STYLE = {"font_size": "12px", "font_weight": "600"}


# --- filters --------------------------------------------------------------------------------


def _task_and_status() -> list[rx.Component]:
    task = filter_select(
        "Task type", "filter-task", rx.cond(S.task_filter, S.task_filter, "all"),
        S.filter_task,
        rx.select.item("Any task", value="all"),
        *[rx.select.item(label, value=value) for value, label in TASK_TYPE_LABELS.items()],
    )
    status = filter_select(
        "Status", "filter-status", rx.cond(S.status_filter, S.status_filter, "all"),
        S.filter_status,
        rx.select.item("Any status", value="all"),
        *[rx.select.item(STATUS_LABELS[value], value=value) for value in INVOCATION_STATUSES],
    )
    return [task, status]


def _date_input(label: str, name: str, value: rx.Var, on_change: object) -> rx.Component:
    control_id = f"filter-{name}"
    return rx.vstack(
        rx.el.label(label, html_for=control_id, style=_LABEL_STYLE),
        rx.input(id=control_id, name=name, type="date", value=value, on_change=on_change,
                 size="2", aria_invalid=rx.cond(S.errors.contains(name), "true", "false")),
        field_error(S.errors, name),
        spacing="1",
    )


def _dates() -> rx.Component:
    return rx.form(
        rx.flex(
            _date_input("From", "from", S.from_text, S.set_from_text),
            _date_input("To", "to", S.to_text, S.set_to_text),
            rx.button("Apply dates", type="submit", variant="soft", size="2",
                      margin_top="calc(12px + var(--space-1) * 2)"),
            gap="var(--space-3)",
            align="start",
            wrap="wrap",
        ),
        on_submit=S.apply_dates,
        reset_on_submit=False,
        aria_label="Date range",
    )


def _user_filter() -> rx.Component:
    """Admins narrow the list to one user, found by a search on the server."""
    chosen = rx.vstack(
        rx.text("User", style=_LABEL_STYLE),
        rx.hstack(
            rx.badge(S.user_filter_name, size="2", variant="soft", radius="full",
                     high_contrast=True, data_testid="user-filter"),
            rx.button("Everyone", size="1", variant="ghost", on_click=S.clear_user,
                      aria_label="Show everyone's generations"),
            spacing="2",
            align="center",
            min_height="var(--space-6)",
        ),
        spacing="1",
    )
    matches = rx.cond(
        S.user_matches.length() > 0,  # type: ignore[attr-defined]
        rx.vstack(
            rx.foreach(S.user_matches, lambda user: rx.button(
                rx.text(user["name"], weight="medium"),
                rx.text(user["email"], color_scheme="gray", size="1"),
                on_click=S.choose_user(user["id"]), variant="ghost", size="2",
                justify="start", width="100%", data_testid="user-match")),
            spacing="1",
            padding="var(--space-2)",
            border=f"1px solid {rx.color('gray', 5)}",
            border_radius="var(--radius-3)",
            width="100%",
            aria_label="Matching users",
            role="group",
        ),
        rx.cond(S.user_search.strip() != "",  # type: ignore[attr-defined]
                rx.text("No user matches.", size="1", color_scheme="gray")),
    )
    search = rx.vstack(
        rx.el.label("User", html_for="filter-user", style=_LABEL_STYLE),
        rx.input(id="filter-user", type="search", value=S.user_search,
                 on_change=S.search_users, debounce_timeout=300,
                 placeholder="Search by name or email", size="2", width="16rem",
                 auto_complete="off"),
        rx.box(matches, aria_live="polite", width="100%"),
        spacing="1",
    )
    return rx.cond(S.user_filter_name != "", chosen, search)


def filter_bar() -> rx.Component:
    return rx.flex(
        *_task_and_status(),
        rx.cond(S.is_admin, _user_filter()),
        _dates(),
        rx.cond(S.filtered,
                rx.button("Clear filters", variant="ghost", size="2", on_click=S.clear_filters,
                          margin_top="calc(12px + var(--space-1) * 2)")),
        gap="var(--space-4)",
        wrap="wrap",
        align="start",
        width="100%",
        role="search",
        aria_label="Filter AI activity",
    )


# --- the table ------------------------------------------------------------------------------


def _row(row: rx.Var) -> rx.Component:
    nowrap = {"white_space": "nowrap"}
    return rx.table.row(
        rx.table.row_header_cell(row["user"], style=nowrap),
        rx.table.cell(row["task"], style=nowrap),
        rx.table.cell(row["provider"]),
        rx.table.cell(rx.code(row["model"], variant="ghost")),
        rx.table.cell(status_badge(row["status"], label=row["status_label"]), style=nowrap),
        rx.table.cell(row["tokens"], text_align="right"),
        rx.table.cell(row["duration"], text_align="right", style=nowrap),
        rx.table.cell(row["created"], style=nowrap),
        rx.table.cell(rx.link("View", href=row["href"], aria_label=row["details_label"])),
        data_testid="activity-row",
    )


def activity_table() -> rx.Component:
    return data_table(COLUMNS, rx.foreach(S.rows, _row), "AI activity, newest first")


# --- one generation -------------------------------------------------------------------------


def _item(label: str, value: rx.Component | rx.Var) -> rx.Component:
    return rx.data_list.item(rx.data_list.label(label, min_width="9rem"),
                             rx.data_list.value(value))


def _plan_link(title: rx.Var, href: rx.Var, note: rx.Var) -> rx.Component:
    return rx.cond(title, rx.link(title, href=href), rx.text(note, color_scheme="gray"))


def _section(title: str, *children: rx.Component) -> rx.Component:
    return rx.card(
        rx.vstack(rx.heading(title, size="4", as_="h2"), *children, spacing="3",
                  width="100%"),
        width="100%",
    )


def detail_card() -> rx.Component:
    d = D.detail
    request = _section(
        "Request",
        rx.data_list.root(
            _item("Status", status_badge(d["status"], label=d["status_label"],
                                         data_testid="detail-status")),
            _item("Task", d["task"]),
            _item("User", rx.text(d["user"], " (", d["user_email"], ")")),
            _item("Provider", d["provider"]),
            _item("Model", rx.code(d["model"], variant="ghost")),
            _item("Template", d["template"]),
            rx.cond(d["unit_title"] | d["unit_note"],  # type: ignore[operator]
                    _item("Unit", _plan_link(d["unit_title"], d["unit_href"], d["unit_note"]))),
            rx.cond(d["lesson_title"] | d["lesson_note"],  # type: ignore[operator]
                    _item("Lesson", _plan_link(d["lesson_title"], d["lesson_href"],
                                               d["lesson_note"]))),
            rx.cond(d["approval"], _item("Approval", d["approval"])),
            orientation=rx.breakpoints(initial="vertical", sm="horizontal"),
        ),
    )
    usage = _section(
        "Tokens and timing",
        rx.data_list.root(
            _item("Prompt tokens", d["prompt_tokens"]),
            _item("Completion tokens", d["completion_tokens"]),
            _item("Total tokens", d["total_tokens"]),
            _item("Duration", d["duration"]),
            _item("Created", d["created"]),
            _item("Started", d["started"]),
            _item("Finished", d["completed"]),
            _item("Last change", d["updated"]),
            orientation=rx.breakpoints(initial="vertical", sm="horizontal"),
        ),
    )
    safety = _section(
        "Safety filters",
        rx.cond(
            D.safety.length() > 0,  # type: ignore[attr-defined]
            rx.el.ul(rx.foreach(D.safety, lambda note: rx.el.li(note)),
                     style={"padding_left": "1.25rem", "margin": "0"},
                     data_testid="detail-safety"),
            rx.text("The safety filters reported nothing for this request or its answer.",
                    color_scheme="gray"),
        ),
    )
    return rx.grid(request, usage, safety,
                   columns=rx.breakpoints(initial="1", md="2"), spacing="4", width="100%")


def detail_error() -> rx.Component:
    """What went wrong, above everything else (nothing when the generation did not fail)."""
    return rx.cond(D.detail["error"], rx.callout(
        rx.text(rx.text("What went wrong: ", weight="bold", as_="span"), D.detail["error"]),
        icon="circle-x", color_scheme="red", high_contrast=True, width="100%",
        data_testid="detail-error"))
