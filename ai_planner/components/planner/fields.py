"""Labelled form fields bound to a state's ``form`` dict, with the error under the field.

Every field is controlled: its value is ``form[name]`` and each change calls
``edit(name, value)``, so what the teacher typed survives a failed save.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import reflex as rx

EditHandler = Callable[[str, str], Any]


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


def _label(text: str, name: str, hint: str | None) -> rx.Component:
    return rx.hstack(
        rx.el.label(
            text, html_for=f"field-{name}", style={"font_weight": "600", "font_size": "14px"}
        ),
        rx.text(hint, size="1", color_scheme="gray") if hint else rx.fragment(),
        spacing="2",
        align="baseline",
    )


def field_box(
    label: str, name: str, control: rx.Component, errors: rx.Var, hint: str | None = None
) -> rx.Component:
    return rx.vstack(
        _label(label, name, hint),
        control,
        field_error(errors, name),
        spacing="1",
        width="100%",
    )


def text_input(
    label: str,
    name: str,
    form: rx.Var,
    errors: rx.Var,
    edit: EditHandler,
    *,
    placeholder: str = "",
    hint: str | None = None,
    input_mode: str | None = None,
    width: str = "100%",
    size: str = "3",
) -> rx.Component:
    control = rx.input(
        id=f"field-{name}",
        name=name,
        value=form[name],  # type: ignore[index]
        on_change=lambda value: edit(name, value),
        placeholder=placeholder,
        input_mode=input_mode,
        size=size,
        width=width,
        color_scheme=rx.cond(errors.contains(name), "red", "gray"),  # type: ignore[attr-defined]
        aria_invalid=rx.cond(errors.contains(name), "true", "false"),  # type: ignore[attr-defined]
    )
    return field_box(label, name, control, errors, hint)


def text_area(
    label: str,
    name: str,
    form: rx.Var,
    errors: rx.Var,
    edit: EditHandler,
    *,
    placeholder: str = "",
    hint: str | None = None,
    rows: str = "4",
) -> rx.Component:
    control = rx.text_area(
        id=f"field-{name}",
        name=name,
        value=form[name],  # type: ignore[index]
        on_change=lambda value: edit(name, value),
        placeholder=placeholder,
        rows=rows,
        resize="vertical",
        size="3",
        width="100%",
        aria_invalid=rx.cond(errors.contains(name), "true", "false"),  # type: ignore[attr-defined]
    )
    return field_box(label, name, control, errors, hint)
