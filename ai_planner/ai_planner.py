"""The Reflex app: page registration and the mounted gateway, nothing else."""

import reflex as rx

from ai_planner.gateway.mount import gateway_api_transformer
from ai_planner.pages import add_protected_pages, admin_placeholder, errors, home, login, planner

# The theme is set in rxconfig.py; the AI gateway is served under /gateway on the backend.
app = rx.App(stylesheets=["/styles.css"], api_transformer=gateway_api_transformer)
home.register(app)
login.register(app)
errors.register(app)
planner.register(app)
admin_placeholder.register(app)
add_protected_pages(app)  # last: adds every page recorded with @protected_page
