"""Running the gateway alone: ``ai-planner gateway --host 127.0.0.1 --port P``.

Served by Granian (Rust HTTP; the server Reflex itself uses in production, so it is already
installed) when available, else by uvicorn. One worker: the gateway is I/O bound and async.
"""

from __future__ import annotations

import importlib.util
import logging
import os
from typing import Literal

from fastapi import FastAPI

from ai_planner.gateway.app import create_gateway_app
from ai_planner.settings import get_settings

log = logging.getLogger(__name__)
Server = Literal["auto", "granian", "uvicorn"]


def app_factory() -> FastAPI:
    """Import target for the server's worker process."""
    return create_gateway_app()


def serve(host: str, port: int, *, server: Server = "auto") -> None:
    settings = get_settings()  # fails here, naming the variable, when production config is bad
    if not settings.is_production and not os.environ.get("AI_GATEWAY_SERVICE_TOKEN"):
        log.warning(
            "AI_GATEWAY_SERVICE_TOKEN is not set: the gateway generated a random token, so no "
            "other process can call it. Set the same token here and in the app."
        )
    if server == "auto":
        server = "granian" if importlib.util.find_spec("granian") else "uvicorn"
    if server == "granian":
        from granian.constants import Interfaces
        from granian.server import Server as Granian

        Granian(
            target=f"{__name__}:app_factory",
            factory=True,
            address=host,
            port=port,
            interface=Interfaces.ASGI,
            workers=1,
            websockets=False,
            log_access=False,
        ).serve()
        return
    import uvicorn

    uvicorn.run(
        create_gateway_app(settings),
        host=host,
        port=port,
        log_level="info",
        access_log=False,
        server_header=False,
    )
