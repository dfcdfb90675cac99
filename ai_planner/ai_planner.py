"""The Reflex app: page registration and the mounted gateway, nothing else."""

import reflex as rx

from ai_planner.pages import admin_placeholder, errors, home, login, planner

app = rx.App(
    theme=rx.theme(accent_color="indigo", gray_color="slate", radius="medium",
                   scaling="100%", appearance="light"),
    stylesheets=["/styles.css"],
)
home.register(app)
login.register(app)
errors.register(app)
planner.register(app)
admin_placeholder.register(app)
