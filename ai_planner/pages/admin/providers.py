"""/admin/ai: "AI Settings" — the provider registry and "Recent changes" (admins only)."""

from __future__ import annotations

import reflex as rx

from ai_planner import routes
from ai_planner.components.admin import (
    ai_settings_header,
    choice_field,
    delete_confirmation,
    form_dialog,
    row_action,
    section_heading,
)
from ai_planner.components.forms import field_box, text_input
from ai_planner.components.ui import (
    confirm_dialog,
    data_table,
    empty_state,
    error_callout,
    status_badge,
)
from ai_planner.models import PROVIDER_NAMES
from ai_planner.pages import page
from ai_planner.state.admin.providers import ProviderRow
from ai_planner.state.admin.providers import ProvidersState as S
from ai_planner.state.words import PROVIDER_LABELS


def _provider_select() -> rx.Component:
    return choice_field(S, "provider_name", "Provider",
                        [(name, PROVIDER_LABELS[name]) for name in PROVIDER_NAMES],
                        placeholder="Choose a provider", taken=S.taken_providers,
                        taken_note="already added", hint="A school adds each provider once.")


def _api_key_field() -> rx.Component:
    # Not bound to any state var: the key only leaves the browser with the submit event.
    control = rx.input(
        id="field-api_key",
        name="api_key",
        type="password",
        auto_complete="new-password",
        size="3",
        width="100%",
        disabled=S.remove_key,
        placeholder=rx.cond(S.editing_id > 0, "Leave empty to keep the stored key", ""),
    )
    stored = rx.cond(
        S.stored_key_mask != "",
        rx.vstack(
            rx.text("Stored key: ", rx.code(S.stored_key_mask), size="2", color_scheme="gray"),
            rx.checkbox("Remove the stored key", checked=S.remove_key,
                        on_change=S.set_remove_key),
            spacing="1",
        ),
    )
    return rx.vstack(
        field_box("API key", "api_key", control, S.errors,
                  hint="Optional for the demo and OpenAI-compatible servers"),
        stored,
        spacing="1",
        width="100%",
    )


def _form_dialog() -> rx.Component:
    return form_dialog(
        S,
        rx.cond(S.editing_id > 0, "Edit provider", "Add provider"),
        "New providers start inactive: test the connection, then activate it.",
        _provider_select(),
        text_input(S, "Display name", "display_name", placeholder="e.g. District OpenAI account"),
        text_input(S, "Default model", "default_model", placeholder="e.g. gpt-4o"),
        _api_key_field(),
        text_input(S, "Base URL", "base_url", placeholder="e.g. https://llm.district.example/v1",
                   hint="Required for OpenAI-compatible servers"),
        text_input(S, "Available models", "available_models", placeholder="gpt-4o, gpt-4o-mini",
                   hint="Comma-separated; the default model is added"),
    )


def _actions(row: ProviderRow) -> rx.Component:
    return rx.hstack(
        row_action("Edit", "Edit " + row.display_name, S.open_edit(row.id)),
        rx.cond(
            row.status == "active",
            row_action("Deactivate", "Deactivate " + row.display_name,
                       S.request_deactivate(row.id), color_scheme="gray"),
            row_action("Activate", "Activate " + row.display_name, S.activate(row.id)),
        ),
        row_action(
            rx.cond(S.testing_id == row.id, "Testing…", "Test connection"),
            "Test connection of " + row.display_name,
            S.test_connection(row.id),
            loading=S.testing_id == row.id,
            disabled=S.testing_id != 0,
        ),
        row_action("Delete", "Delete " + row.display_name, S.request_delete(row.id),
                   color_scheme="red"),
        spacing="2",
        wrap="wrap",
    )


def _provider_row(row: ProviderRow) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(
            rx.vstack(
                rx.text(row.display_name, weight="medium"),
                rx.cond(row.key_mask != "",
                        rx.text("Key ", rx.code(row.key_mask), size="1", color_scheme="gray")),
                spacing="1",
            )
        ),
        rx.table.cell(row.provider_label),
        rx.table.cell(status_badge(row.status)),
        rx.table.cell(rx.code(row.default_model)),
        rx.table.cell(row.policies_label),
        rx.table.cell(rx.text(row.last_change, size="2")),
        rx.table.cell(_actions(row)),
        data_testid="provider-row",
    )


def _registry() -> rx.Component:
    headers = ["Display name", "Provider", "Status", "Default model", "Used by",
               "Last change", "Actions"]
    return rx.cond(
        S.rows.length() > 0,
        data_table(headers, rx.foreach(S.rows, _provider_row), "AI providers"),
        rx.cond(
            S.loaded,
            empty_state(
                "plug",
                "No AI provider yet",
                "Start here: add the provider your school uses (for example an OpenAI "
                "account, or the built-in sample drafts to try things out), test its "
                "connection and activate it. Then decide per task type who may use it under "
                "“Task policies”.",
                rx.button(rx.icon("plus", size=16), "Add provider", on_click=S.open_create),
            ),
        ),
    )


def _recent_changes() -> rx.Component:
    return rx.vstack(
        section_heading("Recent changes"),
        rx.cond(
            S.changes.length() > 0,
            data_table(
                ["When", "Who", "What"],
                rx.foreach(
                    S.changes,
                    lambda change: rx.table.row(
                        rx.table.cell(rx.text(change.when, size="2", white_space="nowrap")),
                        rx.table.cell(change.who),
                        rx.table.cell(change.what),
                        data_testid="change-row",
                    ),
                ),
                "Recent changes",
            ),
            rx.text("No changes yet: every change to providers, task policies and templates "
                    "will be listed here.", color_scheme="gray", size="2"),
        ),
        spacing="3",
        width="100%",
    )


def _test_dialog() -> rx.Component:
    models = rx.cond(
        S.test_models.length() > 0,
        rx.scroll_area(
            rx.flex(rx.foreach(S.test_models, lambda name: rx.code(name)), wrap="wrap",
                    gap="var(--space-2)"),
            max_height="12rem",
            type="auto",
        ),
    )
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title("Test connection: ", S.test_name),
            rx.dialog.description(
                rx.callout(S.test_message, icon=rx.cond(S.test_ok, "circle-check", "circle-x"),
                           color_scheme=rx.cond(S.test_ok, "green", "red"), role="status",
                           high_contrast=True),
            ),
            rx.vstack(
                models,
                rx.hstack(
                    rx.dialog.close(rx.button("Close", variant="soft", color_scheme="gray")),
                    rx.cond(
                        S.test_models.length() > 0,
                        rx.button("Fill “Available models”", on_click=S.use_tested_models),
                    ),
                    justify="end",
                    spacing="3",
                    width="100%",
                ),
                spacing="4",
                margin_top="var(--space-3)",
            ),
            max_width="34rem",
        ),
        open=S.test_open,
        on_open_change=S.set_test_open,
    )


def _confirmations() -> rx.Component:
    return rx.fragment(
        confirm_dialog(
            "Deactivate this provider?",
            S.deactivate_warning,
            cancel=rx.button("Keep it active", variant="soft", color_scheme="gray"),
            confirm=rx.button("Deactivate", color_scheme="red", high_contrast=True,
                              on_click=S.confirm_deactivate),
            open=S.deactivate_open,
            on_open_change=S.set_deactivate_open,
        ),
        delete_confirmation(
            S, "Delete this provider?",
            rx.text("“", S.delete_name, "” and its stored key will be deleted. "
                    "This can't be undone."),
        ),
    )


@page(routes.ADMIN_AI, "AI Settings", roles=("admin",), on_load=S.load)
def providers_page() -> rx.Component:
    return rx.vstack(
        ai_settings_header(
            routes.ADMIN_AI,
            rx.button(rx.icon("plus", size=16), "Add provider", on_click=S.open_create,
                      size="3"),
            subtitle="The AI providers your school uses, and their keys.",
        ),
        error_callout(S.message),
        _registry(),
        _recent_changes(),
        _form_dialog(),
        _test_dialog(),
        _confirmations(),
        spacing="4",
        width="100%",
    )
