"""Reflex configuration. Telemetry off; automatic state setters are off (Reflex 0.10's
default, and we never turn them on: every state change goes through an explicit handler).

Where the tabs' states live: in this process's memory with one backend process, in Redis
(``REDIS_URL``) with several. Never Reflex's default "disk" mode, which pickles every state
(the session token among them) into ``.states/`` files.
"""

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
    state_manager_mode="redis" if os.environ.get("REDIS_URL") else "memory",
    # Behind N reverse proxies, the client address (sign-in throttle) is the N-th from the
    # right of X-Forwarded-For; 0 trusts no header.
    trusted_proxy_hops=int(os.environ.get("AI_PLANNER_TRUSTED_PROXY_HOPS", "0") or 0),
    plugins=[
        rx.plugins.SitemapPlugin(),
        # One calm theme for the whole app (indigo accent, slate greys, light).
        rx.plugins.RadixThemesPlugin(
            theme=rx.theme(accent_color="indigo", gray_color="slate", radius="medium",
                           scaling="100%", appearance="light")
        ),
    ],
)
