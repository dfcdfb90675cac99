"""Running the gateway alone: ``ai-planner gateway --host 127.0.0.1 --port P``."""

from __future__ import annotations

import logging

import uvicorn

from ai_planner.gateway.app import create_gateway_app
from ai_planner.settings import get_settings

log = logging.getLogger(__name__)


def serve(host: str, port: int) -> None:
    settings = get_settings()
    if not settings.is_production and not _token_from_env():
        log.warning(
            "AI_GATEWAY_SERVICE_TOKEN is not set: the gateway generated a random token, so no "
            "other process can call it. Set the same token here and in the app."
        )
    uvicorn.run(
        create_gateway_app(settings),
        host=host,
        port=port,
        log_level="info",
        proxy_headers=False,
        server_header=False,
    )


def _token_from_env() -> bool:
    import os

    return bool(os.environ.get("AI_GATEWAY_SERVICE_TOKEN"))
