"""/login: "Email", "Password", "Sign in"."""

from __future__ import annotations

import reflex as rx

from ai_planner import routes
from ai_planner.components.ui import brand_mark
from ai_planner.pages import page
from ai_planner.services.passwords import MAX_EMAIL_LENGTH, MAX_PASSWORD_LENGTH
from ai_planner.state.auth import LoginState


def _field(label: str, name: str, input_type: str, autocomplete: str,
           placeholder: str, max_length: int) -> rx.Component:
    return rx.vstack(
        rx.el.label(label, html_for=name, style={"font_weight": "500", "font_size": "14px"}),
        rx.input(
            id=name,
            name=name,
            type=input_type,
            auto_complete=autocomplete,
            placeholder=placeholder,
            required=True,
            max_length=max_length,
            size="3",
            width="100%",
        ),
        spacing="1",
        width="100%",
    )


@page(routes.LOGIN, "Sign in", on_load=LoginState.load, public=True)
def login_page() -> rx.Component:
    return rx.center(
        rx.vstack(
            rx.hstack(
                brand_mark(icon_size=22, box="40px"),
                rx.heading("AI Planner", size="6"),
                spacing="3",
                align="center",
            ),
            rx.card(
                rx.form(
                    rx.vstack(
                        rx.heading("Sign in", size="5", as_="h1"),
                        rx.text("Plan your units and lessons with your school's account.",
                                color_scheme="gray", size="2"),
                        rx.cond(
                            LoginState.notice,
                            rx.callout(LoginState.notice, icon="circle-check",
                                       color_scheme="green", width="100%",
                                       data_testid="login-notice"),
                        ),
                        rx.cond(
                            LoginState.error,
                            rx.callout(
                                LoginState.error,
                                icon=rx.cond(LoginState.locked, "lock", "triangle-alert"),
                                color_scheme=rx.cond(LoginState.locked, "amber", "red"),
                                role="alert",
                                width="100%",
                                data_testid="login-error",
                            ),
                        ),
                        _field("Email", "email", "email", "username", "you@school.org",
                               MAX_EMAIL_LENGTH),
                        _field("Password", "password", "password", "current-password", "",
                               MAX_PASSWORD_LENGTH),
                        rx.button("Sign in", type="submit", size="3", width="100%",
                                  loading=~LoginState.is_hydrated),
                        spacing="4",
                        width="100%",
                    ),
                    on_submit=LoginState.sign_in,
                    reset_on_submit=False,
                    width="100%",
                ),
                size="4",
                width="100%",
            ),
            rx.text("Trouble signing in? Ask your school's administrator.", size="1",
                    color_scheme="gray"),
            spacing="5",
            align="center",
            width="100%",
            max_width="26rem",
        ),
        min_height="100vh",
        padding="1rem",
        background=f"linear-gradient(180deg, {rx.color('accent', 2)} 0%, "
                   f"{rx.color('gray', 1)} 60%)",
    )
