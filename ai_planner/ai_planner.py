"""The Reflex app: its pages and the mounted gateway, nothing else."""

import reflex as rx

from ai_planner.diagnostics import loop_lag_forever
from ai_planner.gateway.mount import gateway_api_transformer
from ai_planner.pages import register_pages
from ai_planner.services.invocation_sweep import sweep_forever

# The theme is set in rxconfig.py; the AI gateway is served under /gateway on the backend.
# Toasts without sonner's "rich colours": its green-on-green success text fails WCAG AA
# contrast (4.25:1); plain toasts keep the coloured icon.
app = rx.App(
    stylesheets=["/styles.css"],
    api_transformer=gateway_api_transformer,
    toaster=rx.toast.provider(rich_colors=False),
)
register_pages(app)
# At start-up and every few minutes: no generation stays "running" after a process died.
app.register_lifespan_task(sweep_forever)
app.register_lifespan_task(loop_lag_forever)  # only with AI_PLANNER_LOOP_LAG_LOG set
