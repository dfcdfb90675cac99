"""The two ways to run: mounted under /gateway on the (Reflex) backend, and alone."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time

import httpx
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from ai_planner.gateway.app import get_gateway_app
from ai_planner.gateway.mount import gateway_api_transformer
from ai_planner.settings import get_settings
from tests.gateway.conftest import body, parse_sse


def _backend() -> Starlette:
    """Stands in for Reflex's backend app (its own routes such as /ping and /_event)."""

    async def ping(_request) -> PlainTextResponse:
        return PlainTextResponse("pong")

    return Starlette(routes=[Route("/ping", ping), Route("/_event/{rest:path}", ping)])


async def test_transformer_serves_the_gateway_under_gateway_and_keeps_the_backend() -> None:
    asgi = gateway_api_transformer(_backend())
    token = get_settings().gateway_service_token.get_secret_value()
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(asgi), base_url="http://app"
    ) as http:
        assert (await http.get("/ping")).text == "pong"
        assert (await http.get("/_event/x")).text == "pong"
        health = await http.get("/gateway/v1/health")
        assert health.status_code == 200 and health.json()["status"] == "ok"
        assert (await http.post("/gateway/v1/generate", json=body("demo"))).status_code == 401
        auth = {"authorization": f"Bearer {token}"}
        generated = await http.post("/gateway/v1/generate", json=body("demo"), headers=auth)
        assert generated.status_code == 200
        assert "not by an AI model" in generated.json()["content"]
        streamed = await http.post("/gateway/v1/generate_stream", json=body("demo"), headers=auth)
        assert parse_sse(streamed.text)[-1][0] == "done"
        assert (await http.get("/gateway/v1/nothing")).json()["code"] == "not_found"


async def test_client_reaches_a_gateway_mounted_under_a_path() -> None:
    """AI_GATEWAY_URL may point at another app's backend: http://host:8000/gateway."""
    from ai_planner.services.gateway_client import GatewayClient, GatewayRequest

    asgi = gateway_api_transformer(_backend())
    client = GatewayClient(
        base_url="http://app/gateway",
        token=get_settings().gateway_service_token,
        transport=httpx.ASGITransport(asgi),
    )
    try:
        request = GatewayRequest(
            provider="demo", model="demo-planner", messages=[{"role": "user", "content": "Hi"}]
        )
        result = await client.generate(request)
        assert result.provider == "demo" and result.system_prompt == "none"
    finally:
        await client.aclose()


def test_mounted_app_is_the_one_the_in_process_client_uses() -> None:
    asgi = gateway_api_transformer(_backend())
    assert asgi.routes[0].path == "/gateway"
    assert asgi.routes[0].app is get_gateway_app()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_standalone_server_answers_over_http() -> None:
    port = _free_port()
    env = {**os.environ, "AI_GATEWAY_SERVICE_TOKEN": "standalone-token"}
    code = f"from ai_planner.gateway.server import serve; serve('127.0.0.1', {port})"
    process = subprocess.Popen(
        [sys.executable, "-c", code], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{url}/v1/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert process.poll() is None, process.stderr.read().decode() if process.stderr else ""
            assert time.monotonic() < deadline, "standalone gateway did not start"
            time.sleep(0.1)
        auth = {"authorization": "Bearer standalone-token"}
        response = httpx.post(f"{url}/v1/generate", json=body("demo"), headers=auth, timeout=10)
        assert response.status_code == 200
        assert response.json()["provider"] == "demo"
        assert httpx.get(f"{url}/v1/providers", timeout=5).status_code == 401
    finally:
        process.terminate()
        process.wait(timeout=10)
