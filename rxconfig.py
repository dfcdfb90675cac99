"""Reflex configuration. Telemetry off; automatic state setters are off (Reflex 0.10's
default, and we never turn them on: every state change goes through an explicit handler)."""

import os

import reflex as rx

os.environ.setdefault("REFLEX_TELEMETRY_ENABLED", "false")
os.environ.setdefault("REFLEX_CHECK_LATEST_VERSION", "false")

config = rx.Config(
    app_name="ai_planner",
    telemetry_enabled=False,
    show_built_with_reflex=False,
    # More than one backend process shares state through Redis (REDIS_URL).
    redis_url=os.environ.get("REDIS_URL") or None,
    plugins=[
        rx.plugins.SitemapPlugin(),
        # One calm theme for the whole app (indigo accent, slate greys, light).
        rx.plugins.RadixThemesPlugin(
            theme=rx.theme(accent_color="indigo", gray_color="slate", radius="medium",
                           scaling="100%", appearance="light")
        ),
    ],
)
