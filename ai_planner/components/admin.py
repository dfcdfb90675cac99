"""What every AI Settings page shares: the heading with its sub-navigation ("Providers",
"Task policies", "Templates"; the current one marked), the form dialog's buttons and selects,
tables, row actions and the delete confirmation."""

from __future__ import annotations

from typing import Any

import reflex as rx

from ai_planner import routes
from ai_planner.components.forms import field_box
from ai_planner.components.ui import confirm_dialog, error_callout, page_header
from ai_planner.state.base import SessionState

# (label, route, who sees it): leads reach only the templates (read-only).
SECTIONS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("Providers", routes.ADMIN_AI, ("admin",)),
    ("Task policies", routes.ADMIN_AI_POLICIES, ("admin",)),
    ("Templates", routes.ADMIN_AI_TEMPLATES, ("admin", "curriculum_lead")),
)


def _section_link(label: str, href: str, current: bool) -> rx.Component:
    return rx.link(
        label,
        href=href,
        underline="none",
        weight=("bold" if current else "medium"),
        size="3",
        padding_x="0.75rem",
        padding_y="0.5rem",
        border_bottom=f"2px solid {rx.color('accent', 9) if current else 'transparent'}",
        color=rx.color("gray", 12) if current else rx.color("gray", 11),
        _hover={"color": rx.color("gray", 12)},
        high_contrast=True,
        aria_current="page" if current else None,
    )


def ai_settings_nav(current: str) -> rx.Component:
    """The sub-navigation; ``current`` is the route of the page showing it."""
    links = []
    for label, href, roles in SECTIONS:
        link = _section_link(label, href, href == current)
        if roles != ("admin", "curriculum_lead"):
            link = rx.cond(SessionState.user_role == "admin", link)
        links.append(link)
    return rx.el.nav(
        rx.hstack(*links, spacing="1", wrap="wrap"),
        aria_label="AI Settings sections",
        style={"width": "100%", "border_bottom": f"1px solid {rx.color('gray', 5)}"},
    )


def ai_settings_header(current: str, *actions: rx.Component,
                       subtitle: str | rx.Var) -> rx.Component:
    return rx.vstack(
        page_header("AI Settings", *actions, subtitle=subtitle),
        ai_settings_nav(current),
        spacing="0",
        width="100%",
    )


def section_heading(text: str) -> rx.Component:
    return rx.heading(text, size="4", as_="h2", margin_top="var(--space-5)")


def form_buttons(saving: rx.Var, submit_label: str = "Save") -> rx.Component:
    """Cancel (closes the dialog) and the submit button, disabled while saving."""
    return rx.hstack(
        rx.dialog.close(
            rx.button("Cancel", variant="soft", color_scheme="gray", type="button")
        ),
        rx.button(submit_label, type="submit", disabled=saving, loading=saving),
        justify="end",
        spacing="3",
        width="100%",
        padding_top="var(--space-2)",
    )


def row_action(label: str, aria_label: rx.Var | str, on_click: rx.EventHandler | object,
               **props: object) -> rx.Component:
    return rx.button(label, size="1", variant="soft", on_click=on_click,
                     aria_label=aria_label, **props)


def choice_field(
    state: Any,
    name: str,
    label: str,
    options: list[tuple[str, str]],
    *,
    placeholder: str,
    taken: rx.Var | None = None,
    taken_note: str = "",
    hint: str | None = None,
) -> rx.Component:
    """A labelled select bound to ``state.form[name]``; options in ``taken`` are disabled
    and say why (``taken_note``: "already added")."""

    def item(value: str, text: str) -> rx.Component:
        if taken is None:
            return rx.select.item(text, value=value)
        return rx.select.item(
            rx.cond(taken.contains(value), f"{text} — {taken_note}", text),
            value=value,
            disabled=taken.contains(value),
        )

    control_id = f"field-{name}"
    control = rx.select.root(
        rx.select.trigger(placeholder=placeholder, width="100%", id=control_id),
        rx.select.content(*[item(value, text) for value, text in options]),
        value=state.form[name],
        on_change=lambda value: state.edit(name, value),
        size="3",
    )
    return field_box(label, name, control, state.errors, hint=hint, control_id=control_id)


def delete_confirmation(state: Any, title: str, description: rx.Component) -> rx.Component:
    """The "Delete …?" dialog of a ``DeleteConfirmMixin`` state."""
    return confirm_dialog(
        title,
        description,
        cancel=rx.button("Cancel", variant="soft", color_scheme="gray"),
        confirm=rx.button("Delete", color_scheme="red", high_contrast=True,
                          on_click=state.confirm_delete),
        open=state.delete_open,
        on_open_change=state.set_delete_open,
    )


def form_dialog(state: Any, title: rx.Var | str, description: str, *fields: rx.Component,
                max_width: str = "34rem") -> rx.Component:
    """An add/edit dialog of an ``AdminFormMixin`` state: the whole-form error, ``fields``,
    Cancel and Save (submitting to ``state.save``); Escape and Cancel close it."""
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(title),
            rx.dialog.description(description, size="2", color_scheme="gray",
                                  margin_bottom="var(--space-4)"),
            rx.form(
                rx.vstack(
                    error_callout(state.errors["form"]),
                    *fields,
                    form_buttons(state.saving),
                    spacing="4",
                    width="100%",
                ),
                on_submit=state.save,
                reset_on_submit=False,
            ),
            max_width=max_width,
        ),
        open=state.form_open,
        on_open_change=state.set_form_open,
    )
