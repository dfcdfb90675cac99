"""Form pieces for every page: a visible label tied to its control, and the field's error
right under it (``field_box``, ``field_error``).

``text_input`` and ``text_area`` are controlled fields bound to a state's ``form`` dict:
their value is ``state.form[name]`` and each change calls ``state.edit(name, value)``, so
what the user typed survives a failed save. ``state`` has ``form``, ``errors`` and an
``edit(field, value)`` event (e.g. the planner's form cycle, ``state/planner/editing.py``).
Browser tests find every field by its label.
"""

from __future__ import annotations

from typing import Any

import reflex as rx


def field_error(errors: rx.Var, name: str) -> rx.Component:
    """The validation message for ``name``, if any, in red right under the field."""
    return rx.cond(
        errors.contains(name),  # type: ignore[attr-defined]
        rx.hstack(
            rx.icon("circle-alert", size=14),
            rx.text(errors[name], size="2"),  # type: ignore[index]
            spacing="1",
            align="center",
            color=rx.color("red", 11),
            role="alert",
            data_testid=f"error-{name}",
        ),
    )


def _label(text: str, control_id: str, hint: str | None) -> rx.Component:
    return rx.hstack(
        rx.el.label(text, html_for=control_id, style={"font_weight": "600", "font_size": "14px"}),
        rx.text(hint, size="1", color_scheme="gray") if hint else rx.fragment(),
        spacing="2",
        align="baseline",
    )


def field_box(
    label: str,
    name: str,
    control: rx.Component,
    errors: rx.Var,
    hint: str | None = None,
    *,
    control_id: str | None = None,
) -> rx.Component:
    """Label, control and the error for ``name``; the control's id is ``field-{name}``
    unless ``control_id`` says otherwise."""
    return rx.vstack(
        _label(label, control_id or f"field-{name}", hint),
        control,
        field_error(errors, name),
        spacing="1",
        width="100%",
    )


def _bound(state: Any, name: str) -> dict[str, Any]:
    """The props that tie a control to ``state.form[name]``."""
    return {
        "id": f"field-{name}",
        "name": name,
        "value": state.form[name],
        "on_change": lambda value: state.edit(name, value),
        "aria_invalid": rx.cond(state.errors.contains(name), "true", "false"),
    }


def text_input(
    state: Any,
    label: str,
    name: str,
    *,
    placeholder: str = "",
    hint: str | None = None,
    input_mode: str | None = None,
    width: str = "100%",
    size: str = "3",
) -> rx.Component:
    control = rx.input(
        **_bound(state, name),
        placeholder=placeholder,
        input_mode=input_mode,
        size=size,
        width=width,
        color_scheme=rx.cond(state.errors.contains(name), "red", "gray"),
    )
    return field_box(label, name, control, state.errors, hint)


def text_area(
    state: Any,
    label: str,
    name: str,
    *,
    placeholder: str = "",
    hint: str | None = None,
    rows: str = "4",
) -> rx.Component:
    control = rx.text_area(
        **_bound(state, name),
        placeholder=placeholder,
        rows=rows,
        resize="vertical",
        size="3",
        width="100%",
    )
    return field_box(label, name, control, state.errors, hint)


def filter_select(label: str, control_id: str, value: rx.Var, on_change: Any,
                  *items: rx.Component) -> rx.Component:
    """A labelled dropdown of a list's filter bar (its "all" choice is an item of its own,
    e.g. ``rx.select.item("Any status", value="all")``)."""
    return rx.vstack(
        rx.el.label(label, html_for=control_id, style={"font_size": "12px",
                                                       "font_weight": "600"}),
        rx.select.root(
            rx.select.trigger(id=control_id, min_width="9rem"),
            rx.select.content(*items),
            value=value,
            on_change=on_change,
            size="2",
        ),
        spacing="1",
    )
