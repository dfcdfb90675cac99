"""The Reflex app: page registration and the mounted gateway, nothing else."""

import reflex as rx


def index() -> rx.Component:
    return rx.center(rx.heading("ai_planner"), height="100vh")


app = rx.App()
app.add_page(index, route="/", title="ai_planner")
