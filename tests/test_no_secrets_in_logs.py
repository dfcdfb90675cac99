"""No log line of the app or the gateway carries a provider key, a password, a session token,
the service token or encryption key material, at any level and in any traceback.

Every logger is captured at DEBUG while the flows that handle those secrets run: sign-in
(right and wrong password, lock-out), sign-out, provider configs saved with a key, gateway
calls with a tenant key (answered, refused with the key echoed back, failing unexpectedly
before and during a stream). The test also checks that it captured those flows' own log
lines, so it cannot pass by capturing nothing."""

from __future__ import annotations

import base64
import logging
from collections.abc import AsyncIterator

import httpx
import pytest
from sqlmodel import Session

from ai_planner.errors import AppError
from ai_planner.gateway.app import create_gateway_app
from ai_planner.repositories import ai_provider_configs as configs
from ai_planner.services import auth
from ai_planner.settings import Settings, reset_settings_cache
from tests.factories import PASSWORD, World
from tests.fakes.fixtures import fake_provider, fake_provider_session  # noqa: F401
from tests.fakes.provider_server import Behaviour, FakeProviderServer
from tests.gateway.conftest import AUTH, TOKEN, body

ANTHROPIC_KEY = "sk-ant-tenant-secret-key-987654321"
OPENAI_KEY = "sk-openai-tenant-secret-key-1234567"
WRONG_PASSWORD = "wrong-password-secret-55"
ENCRYPTION_KEY_MATERIAL = [base64.b64encode(digit * 32).decode() for digit in (b"1", b"2")]


class _Exploding(httpx.AsyncBaseTransport):
    """Provider calls that fail in a way the gateway does not expect."""

    def __init__(self, mid_stream: bool) -> None:
        self.mid_stream = mid_stream

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if not self.mid_stream:
            raise RuntimeError("the provider client broke")

        async def body_then_boom() -> AsyncIterator[bytes]:
            yield b'event: message_start\ndata: {"type": "message_start", "message": {}}\n\n'
            for _ in range(10):  # more than the output redactor holds back: deltas go out
                yield (b'event: content_block_delta\ndata: {"type": "content_block_delta", '
                       b'"delta": {"type": "text_delta", "text": "Hello there, teachers. "}}\n\n')
            raise RuntimeError("the provider stream broke")

        return httpx.Response(200, headers={"content-type": "text/event-stream"},
                              content=body_then_boom())


def app_flows(session: Session, world: World) -> list[str]:
    """Sign-in, sign-out and provider keys; returns the session tokens handed out."""
    tokens = []
    throttle = auth.LoginThrottle()  # this test's own: the lock-out bothers no other test
    signed = auth.sign_in(session, email="teacher@maple.test", password=PASSWORD,
                          throttle=throttle)
    tokens.append(signed.token)
    assert auth.actor_for_token(session, signed.token) is not None
    auth.sign_out(session, signed.token)
    for _ in range(6):  # wrong passwords up to the lock-out
        with pytest.raises(AppError):
            auth.sign_in(session, email="lead@maple.test", password=WRONG_PASSWORD,
                         throttle=throttle)
    admin = world.maple.actor("admin")
    created = configs.create(session, actor=admin, data={
        "provider_name": "anthropic", "display_name": "Claude", "default_model": "claude-x",
        "api_key": ANTHROPIC_KEY,
    })
    configs.update(session, actor=admin, config_id=created.id, data={"api_key": OPENAI_KEY})
    assert configs.decrypted_api_key(session, actor=admin, config=created) == OPENAI_KEY
    session.commit()
    admin_signed = auth.sign_in(session, email="admin@maple.test", password=PASSWORD,
                                throttle=throttle)
    tokens.append(admin_signed.token)
    return tokens


async def gateway_flows(fake: FakeProviderServer) -> None:
    settings = Settings(
        ANTHROPIC_BASE_URL=fake.anthropic_base_url,
        OPENAI_BASE_URL=fake.openai_base_url,
        AI_GATEWAY_SERVICE_TOKEN=TOKEN,
    )
    fake.script(
        Behaviour.ok(),
        Behaviour.ok(),
        Behaviour.error(401, message="Incorrect API key provided: {api_key}."),
        Behaviour.error(401, message="Incorrect API key provided: {api_key}."),
    )
    apps = [create_gateway_app(settings)] + [
        create_gateway_app(settings, transport=_Exploding(mid_stream)) for mid_stream in (0, 1)
    ]
    for app in apps:
        transport = httpx.ASGITransport(app, raise_app_exceptions=False)  # 500s, not raises
        async with httpx.AsyncClient(transport=transport,
                                     base_url="http://gateway", headers=AUTH) as http:
            for provider, key in (("anthropic", ANTHROPIC_KEY), ("openai", OPENAI_KEY)):
                request = body(provider, api_key=key)
                await http.post("/v1/generate", json=request)
                await http.post("/v1/generate_stream", json=request)
            bad = body("openai", api_key=OPENAI_KEY, temperature=9)
            assert (await http.post("/v1/generate", json=bad)).status_code == 422


async def test_no_secret_reaches_any_log_line(
    caplog: pytest.LogCaptureFixture, session: Session, world: World,
    fake_provider: FakeProviderServer,  # noqa: F811
) -> None:
    caplog.set_level(logging.DEBUG)
    reset_settings_cache()  # settings are read (and may warn) under capture too
    tokens = app_flows(session, world)
    await gateway_flows(fake_provider)

    secrets = [ANTHROPIC_KEY, OPENAI_KEY, PASSWORD, WRONG_PASSWORD, TOKEN,
               *ENCRYPTION_KEY_MATERIAL, *tokens]
    lines = [caplog.handler.format(record) for record in caplog.records]
    for secret in secrets:
        for fragment in {secret, secret[-12:]}:
            leaked = [line for line in lines if fragment in line]
            assert not leaked, f"a log line carries a secret ({fragment[:4]}…): {leaked[0]}"

    # It did capture the flows: the provider calls, and both unexpected failures with their
    # tracebacks.
    text = "\n".join(lines)
    assert "HTTP Request: POST http://127.0.0.1" in text
    assert "gateway request failed" in text and "the provider client broke" in text
    assert "gateway stream failed" in text and "the provider stream broke" in text
    assert len(fake_provider.requests) == 4
