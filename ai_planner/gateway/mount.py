"""Serving the gateway under ``/gateway`` on the Reflex backend.

``rx.App(api_transformer=gateway_api_transformer)``: Reflex calls it with its backend ASGI app
and serves what it returns; requests under ``/gateway`` go to the gateway (the same app
instance the in-process client talks to), everything else to Reflex.
"""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.routing import Mount
from starlette.types import ASGIApp

from ai_planner.gateway.app import get_gateway_app

MOUNT_PATH = "/gateway"


def gateway_api_transformer(backend: ASGIApp) -> ASGIApp:
    return Starlette(
        routes=[Mount(MOUNT_PATH, app=get_gateway_app()), Mount("", app=backend)],
    )
