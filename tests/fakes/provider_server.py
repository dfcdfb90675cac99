"""A fake LLM provider: a real HTTP server on 127.0.0.1 speaking the Anthropic Messages and
OpenAI Chat Completions wire formats, plain and streamed, as strictly as the real APIs.

- It refuses what the real APIs refuse (``tests/fakes/strict.py``): no key header (401), no
  ``anthropic-version``, no ``max_tokens`` (Anthropic), a malformed message list, unknown
  fields (400) — with the providers' own error bodies.
- It answers with the real shapes and event sequences (``tests/fakes/wire.py``): ping
  events, usage in ``message_delta``, several content blocks, usage chunks.
- It can be scripted, one :class:`Behaviour` per accepted request: slow, an error status
  (429 + retry-after, 500, 529 …), malformed JSON, a stream cut or failing mid-way, a stream
  that stalls after N chunks (until :meth:`FakeProviderServer.release` or the client goes
  away), a plain body cut half-way. With nothing scripted it answers normally, at once.
- It records every request, what it sent and whether the client went away before the end.

    with FakeProviderServer() as fake:
        fake.script(Behaviour.error(429, retry_after=0), Behaviour.ok(text="Hi there"))
        ...  # point ANTHROPIC_BASE_URL at fake.anthropic_base_url
        fake.requests[0].headers["x-api-key"]

Routes: ``/v1/messages`` (Anthropic), ``/v1/chat/completions`` (OpenAI, key required) and
``/compat/v1/chat/completions`` (an OpenAI-compatible server: the key is optional); the model
lists ``GET /v1/models`` (Anthropic's shape with an ``x-api-key``, else OpenAI's) and
``GET /compat/v1/models`` (``models`` lists them; an error behaviour answers instead).
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections import deque
from collections.abc import Callable
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import Receive, Scope, Send

from tests.fakes import wire
from tests.fakes.asgi_server import ThreadedServer
from tests.fakes.behaviour import DEFAULT_TEXT, Behaviour, RecordedRequest
from tests.fakes.strict import (
    Refusal,
    anthropic_header_refusal,
    anthropic_refusal,
    openai_key_refusal,
    openai_refusal,
)

__all__ = ["DEFAULT_TEXT", "Behaviour", "CutConnection", "FakeProviderServer",
           "RecordedRequest"]


class CutConnection(Exception):
    """Raised inside an answer: the server drops the connection mid-response."""


class _EventStream(Response):
    """Server-sent events from a :class:`wire.StreamPlan`, following the behaviour; notices
    a client that goes away (uvicorn then answers ``receive()`` with ``http.disconnect``)."""

    media_type = "text/event-stream"

    def __init__(self, plan: wire.StreamPlan, b: Behaviour, recorded: RecordedRequest,
                 release: threading.Event, headers: dict[str, str]) -> None:
        self.plan, self.b, self.recorded, self.release = plan, b, recorded, release
        self.status_code = 200
        self.background = None
        self.init_headers({"cache-control": "no-cache", **headers})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        gone = asyncio.Event()

        async def watch() -> None:
            while (await receive())["type"] != "http.disconnect":
                pass
            gone.set()

        watcher = asyncio.create_task(watch())
        try:
            await send({"type": "http.response.start", "status": 200,
                        "headers": self.raw_headers})
            await self._events(send, gone)
        finally:
            watcher.cancel()
            if gone.is_set() and not self.recorded.completed.is_set():
                self.recorded.disconnected.set()

    async def _events(self, send: Send, gone: asyncio.Event) -> None:
        b, rec = self.b, self.recorded

        async def body(chunk: bytes, more: bool = True) -> None:
            await send({"type": "http.response.body", "body": chunk, "more_body": more})

        for is_text, event in self.plan.events:
            if is_text:
                sent = rec.text_chunks_sent
                if sent == b.cut_after and b.kind in ("cut", "cut_body"):
                    rec.completed.set()
                    raise CutConnection()
                if sent == b.cut_after and b.kind == "stream_error":
                    rec.completed.set()
                    return await body(self.plan.error, more=False)
                if sent == 1 and b.kind == "malformed":
                    rec.completed.set()
                    return await body(self.plan.malformed, more=False)
                if sent == b.cut_after and b.kind == "stall":
                    while not self.release.is_set() and not gone.is_set():
                        await asyncio.sleep(0.01)
                if b.chunk_delay:
                    await asyncio.sleep(b.chunk_delay)
            if gone.is_set():
                return
            if is_text:
                rec.text_chunks_sent += 1  # counted before the client can have read it
            await body(event)
        rec.completed.set()
        await body(b"", more=False)


class _CutBody(Response):
    """A plain answer announcing its full length, of which only half arrives."""

    def __init__(self, content: bytes, recorded: RecordedRequest, headers: dict[str, str]):
        self.content, self.recorded = content, recorded
        self.status_code = 200
        self.background = None
        self.init_headers({"content-type": "application/json",
                           "content-length": str(len(content)), **headers})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": self.raw_headers})
        half = self.content[: len(self.content) // 2]
        await send({"type": "http.response.body", "body": half, "more_body": True})
        self.recorded.completed.set()
        raise CutConnection()


class FakeProviderServer:
    def __init__(self) -> None:
        self.requests: list[RecordedRequest] = []
        self._script: deque[Behaviour] = deque()
        self._lock = threading.Lock()
        self._release = threading.Event()
        self.app = Starlette(routes=[
            Route("/v1/messages", self._anthropic, methods=["POST"]),
            Route("/v1/chat/completions", self._openai, methods=["POST"]),
            Route("/compat/v1/chat/completions", self._compatible, methods=["POST"]),
            Route("/v1/models", self._models, methods=["GET"]),
            Route("/compat/v1/models", self._models, methods=["GET"]),
        ])
        self.models: list[str] = list(wire.DEFAULT_MODELS)  # what the model lists list
        self._server: ThreadedServer | None = None
        self.port = 0

    # --- control ---------------------------------------------------------------------------
    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def anthropic_base_url(self) -> str:
        return self.url  # the client adds /v1/messages

    @property
    def openai_base_url(self) -> str:
        return f"{self.url}/v1"  # the client adds /chat/completions

    @property
    def compatible_base_url(self) -> str:
        """An OpenAI-compatible server (self-hosted, local): no key needed."""
        return f"{self.url}/compat/v1"

    def script(self, *behaviours: Behaviour) -> None:
        with self._lock:
            self._script.extend(behaviours)

    def release(self) -> None:
        """Let every stalled stream go on."""
        self._release.set()

    def reset(self) -> None:
        with self._lock:
            self._script.clear()
            self.requests.clear()
            self._release.clear()
            self.models = list(wire.DEFAULT_MODELS)

    @property
    def accepted(self) -> list[RecordedRequest]:
        """The requests that passed the strict checks."""
        return [r for r in self.requests if not r.refused]

    def wait_until_ended(self, recorded: RecordedRequest, timeout: float = 10) -> bool:
        """Wait (bounded; not a timing assertion) until the answer to ``recorded`` ended."""
        deadline = time.monotonic() + timeout
        while not recorded.ended and time.monotonic() < deadline:
            time.sleep(0.01)
        return recorded.ended

    def start(self) -> FakeProviderServer:
        self._server = ThreadedServer(self.app).__enter__()
        self.port = self._server.port
        return self

    def stop(self) -> None:
        self._release.set()
        if self._server is not None:
            self._server.__exit__(None, None, None)
            self._server = None

    def __enter__(self) -> FakeProviderServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # --- one request -----------------------------------------------------------------------
    async def _anthropic(self, request: Request) -> Response:
        return await self._answer(
            request, "claude-fake", anthropic_refusal, wire.anthropic_refusal_body,
            wire.anthropic_error, wire.anthropic_message, wire.anthropic_stream,
        )

    async def _openai(self, request: Request) -> Response:
        return await self._answer(
            request, "gpt-fake", lambda h, b: openai_refusal(h, b, key_required=True),
            wire.openai_refusal_body, self._openai_error, wire.openai_completion,
            wire.openai_stream,
        )

    async def _compatible(self, request: Request) -> Response:
        return await self._answer(
            request, "local-fake", lambda h, b: openai_refusal(h, b, key_required=False),
            wire.openai_refusal_body, self._openai_error, wire.openai_completion,
            wire.openai_stream,
        )

    async def _models(self, request: Request) -> Response:
        """GET a model list, with the key checks of the provider it imitates."""
        headers = {k.lower(): v for k, v in request.headers.items()}
        anthropic = "x-api-key" in headers or "anthropic-version" in headers
        recorded = RecordedRequest(path=request.url.path, headers=headers, body=None,
                                   client_port=request.client.port if request.client else 0)
        if anthropic:
            refusal = anthropic_header_refusal(headers)
        else:
            refusal = openai_key_refusal(
                headers, key_required=not request.url.path.startswith("/compat/"))
        with self._lock:
            self.requests.append(recorded)
            if refusal is None:
                b = self._script.popleft() if self._script else Behaviour()
        recorded.completed.set()
        if refusal is not None:
            recorded.refused = refusal.message
            body = (wire.anthropic_refusal_body if anthropic else wire.openai_refusal_body)
            return JSONResponse(body(refusal), status_code=refusal.status)
        if b.delay:
            await asyncio.sleep(b.delay)
        if b.kind == "error":
            message = b.message.replace("{api_key}", recorded.api_key or "")
            error = (wire.anthropic_error(b.error_type, message) if anthropic
                     else self._openai_error(b.error_type, message))
            return JSONResponse(error, status_code=b.status)
        names = list(self.models)
        return JSONResponse(wire.anthropic_models(names) if anthropic
                            else wire.openai_models(names))

    @staticmethod
    def _openai_error(error_type: str, message: str) -> dict[str, Any]:
        return wire.openai_error(message, error_type, code=error_type)

    async def _answer(
        self,
        request: Request,
        default_model: str,
        check: Callable[[dict[str, str], Any], Refusal | None],
        refusal_body: Callable[[Refusal], dict[str, Any]],
        error_body: Callable[[str, str], dict[str, Any]],
        plain: Callable[[Behaviour, dict[str, Any], str], dict[str, Any]],
        stream: Callable[[Behaviour, dict[str, Any], str], wire.StreamPlan],
    ) -> Response:
        raw = await request.body()
        try:
            parsed: Any = json.loads(raw)
        except ValueError:
            parsed = raw.decode(errors="replace")
        recorded = RecordedRequest(
            path=request.url.path,
            headers={k.lower(): v for k, v in request.headers.items()},
            body=parsed,
            client_port=request.client.port if request.client else 0,
        )
        refusal = check(recorded.headers, parsed)
        with self._lock:
            self.requests.append(recorded)
            if refusal is None:
                b = self._script.popleft() if self._script else Behaviour()
        if refusal is not None:
            recorded.refused = refusal.message
            recorded.completed.set()
            return JSONResponse(refusal_body(refusal), status_code=refusal.status)

        headers = {"set-cookie": b.set_cookie} if b.set_cookie else {}
        if b.delay:
            await asyncio.sleep(b.delay)
        body: dict[str, Any] = parsed
        model = str(body.get("model") or default_model)
        if b.kind == "error":
            recorded.completed.set()
            message = b.message.replace("{api_key}", recorded.api_key or "")
            if b.retry_after is not None:
                headers["retry-after"] = b.retry_after
            return JSONResponse(error_body(b.error_type, message), status_code=b.status,
                                headers=headers)
        if body.get("stream"):
            return _EventStream(stream(b, body, model), b, recorded, self._release, headers)
        if b.kind == "stall":
            while not self._release.is_set() and not await request.is_disconnected():
                await asyncio.sleep(0.01)
        content = json.dumps(plain(b, body, model)).encode()
        if b.kind == "malformed":
            content = content[: len(content) // 2]  # cut-off JSON
        if b.kind in ("cut", "cut_body"):
            return _CutBody(content, recorded, headers)
        recorded.completed.set()
        return Response(content, media_type="application/json", headers=headers)


if __name__ == "__main__":  # handy for poking at it by hand
    with FakeProviderServer() as fake:
        print("fake provider on", fake.url)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
