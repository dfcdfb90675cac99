"""/admin/ai/policies: task policies (admins only)."""

from __future__ import annotations

import reflex as rx

from ai_planner import routes
from ai_planner.actor import ROLES
from ai_planner.components.admin import (
    ai_settings_header,
    choice_field,
    delete_confirmation,
    form_dialog,
    row_action,
)
from ai_planner.components.forms import field_box, field_error, text_input
from ai_planner.components.ui import data_table, empty_state, error_callout
from ai_planner.models import TASK_TYPE_LABELS, TASK_TYPES
from ai_planner.pages import page
from ai_planner.state.admin.policies import PoliciesState as S
from ai_planner.state.admin.policies import PolicyRow
from ai_planner.state.base import ROLE_LABELS

SUGGESTIONS_ID = "model-suggestions"


def _task_type_select() -> rx.Component:
    return choice_field(S, "task_type", "Task type",
                        [(t, TASK_TYPE_LABELS[t]) for t in TASK_TYPES],
                        placeholder="Choose a task type", taken=S.taken_task_types,
                        taken_note="already set up", hint="One policy per task type")


def _provider_select() -> rx.Component:
    control = rx.select.root(
        rx.select.trigger(placeholder="Choose a provider", width="100%",
                          id="field-ai_provider_config_id"),
        rx.select.content(
            rx.foreach(S.providers,
                       lambda option: rx.select.item(option.label, value=option.id)),
        ),
        value=S.form["ai_provider_config_id"],
        on_change=lambda value: S.edit("ai_provider_config_id", value),
        size="3",
    )
    return field_box("Provider", "ai_provider_config_id", control, S.errors,
                     control_id="field-ai_provider_config_id")


def _switch(label: str, control_id: str, checked: rx.Var, on_change: object,
            hint: str) -> rx.Component:
    return rx.hstack(
        rx.switch(id=control_id, checked=checked, on_change=on_change),
        rx.vstack(
            rx.el.label(label, html_for=control_id, style={"font_weight": "600",
                                                           "font_size": "14px"}),
            rx.text(hint, size="1", color_scheme="gray"),
            spacing="0",
        ),
        spacing="3",
        align="center",
    )


def _roles_field() -> rx.Component:
    boxes = [
        rx.checkbox(ROLE_LABELS[role], checked=S.roles.contains(role),
                    on_change=lambda checked, role=role: S.toggle_role(role, checked))
        for role in ROLES
    ]
    return rx.el.fieldset(
        rx.el.legend("Allowed roles", style={"font_weight": "600", "font_size": "14px"}),
        rx.hstack(*boxes, spacing="4", wrap="wrap", padding_top="var(--space-1)"),
        rx.text("None ticked: everyone may use it.", size="1", color_scheme="gray"),
        field_error(S.errors, "allowed_roles"),
        style={"border": "none", "padding": "0", "margin": "0", "width": "100%"},
    )


def _model_override_field() -> rx.Component:
    control = rx.input(
        id="field-model_override",
        name="model_override",
        value=S.form["model_override"],
        on_change=lambda value: S.edit("model_override", value),
        list=SUGGESTIONS_ID,
        placeholder="Leave empty for the provider's default model",
        size="3",
        width="100%",
    )
    return rx.vstack(
        field_box("Model override", "model_override", control, S.errors),
        rx.el.datalist(
            rx.foreach(S.model_suggestions, lambda name: rx.el.option(value=name)),
            id=SUGGESTIONS_ID,
        ),
        rx.cond(
            S.model_warning != "",
            rx.text(S.model_warning, size="2", color=rx.color("amber", 11), role="status"),
        ),
        spacing="1",
        width="100%",
    )


def _form_dialog() -> rx.Component:
    return form_dialog(
        S,
        rx.cond(S.editing_id > 0, "Edit task policy", "Add task policy"),
        "Which provider serves this task type, who may use it and within which limits.",
        _task_type_select(),
        _provider_select(),
        _switch("Enabled", "field-enabled", S.enabled, S.set_enabled,
                "Off: nobody can use this task type."),
        _switch("Requires approval", "field-requires_approval", S.requires_approval,
                S.set_requires_approval,
                "An admin or curriculum lead approves each request first."),
        _roles_field(),
        rx.grid(
            text_input(S, "Max tokens", "max_tokens_limit", input_mode="numeric"),
            text_input(S, "Temperature limit", "temperature_limit", input_mode="decimal",
                       hint="0 to 2"),
            columns="2",
            spacing="3",
            width="100%",
        ),
        _model_override_field(),
        max_width="36rem",
    )


def _yes_no(value: rx.Var, yes: str, no: str) -> rx.Component:
    return rx.badge(rx.cond(value, yes, no), color_scheme=rx.cond(value, "green", "gray"),
                    variant="soft", radius="full", high_contrast=True)


def _policy_row(row: PolicyRow) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(row.task_label),
        rx.table.cell(row.provider),
        rx.table.cell(_yes_no(row.enabled, "Enabled", "Disabled")),
        rx.table.cell(row.roles),
        rx.table.cell(row.max_tokens),
        rx.table.cell(row.temperature),
        rx.table.cell(rx.code(row.model)),
        rx.table.cell(rx.cond(row.requires_approval, "Yes", "No")),
        rx.table.cell(rx.hstack(
            row_action("Edit", "Edit " + row.task_label, S.open_edit(row.id)),
            row_action("Delete", "Delete " + row.task_label, S.request_delete(row.id),
                       color_scheme="red"),
            spacing="2",
        )),
        data_testid="policy-row",
    )


def _policies() -> rx.Component:
    headers = ["Task type", "Provider", "Enabled", "Allowed roles", "Max tokens",
               "Temperature limit", "Model", "Requires approval", "Actions"]
    no_provider = empty_state(
        "plug",
        "Add a provider first",
        "A task policy says which AI provider serves a task type. Add and activate your "
        "school's provider under “Providers”, then come back here.",
        rx.link(rx.button("Go to Providers", variant="soft"), href=routes.ADMIN_AI),
    )
    no_policy = empty_state(
        "list-checks",
        "No task policies yet",
        "Nobody can use the AI assistant until a task type has a policy: press “Add task "
        "policy”, pick a task type (for example Lesson Plan) and a provider.",
        rx.button(rx.icon("plus", size=16), "Add task policy", on_click=S.open_create),
    )
    return rx.cond(
        S.rows.length() > 0,
        data_table(headers, rx.foreach(S.rows, _policy_row), "Task policies"),
        rx.cond(S.loaded, rx.cond(S.providers.length() > 0, no_policy, no_provider)),
    )


@page(routes.ADMIN_AI_POLICIES, "AI Settings · Task policies", roles=("admin",), on_load=S.load)
def policies_page() -> rx.Component:
    return rx.vstack(
        ai_settings_header(
            routes.ADMIN_AI_POLICIES,
            rx.button(rx.icon("plus", size=16), "Add task policy", on_click=S.open_create,
                      size="3", disabled=S.providers.length() == 0),
            subtitle="Per task type: which provider, who may use it, and the limits.",
        ),
        error_callout(S.message),
        _policies(),
        _form_dialog(),
        delete_confirmation(
            S, "Delete this task policy?",
            rx.text("Nobody will be able to use ", S.delete_name,
                    " until you add a policy for it again."),
        ),
        spacing="4",
        width="100%",
    )

