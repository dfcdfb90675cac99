"""A fake LLM provider: a real HTTP server on 127.0.0.1 speaking the Anthropic Messages and
OpenAI Chat Completions wire formats (streaming included).

It records every request and can be scripted, one behaviour per request, to answer slowly,
with an error status (429 + retry-after, 500, 529 …), with malformed JSON, or to cut a
stream in the middle. With nothing scripted it answers normally and at once.

    with FakeProviderServer() as fake:
        fake.script(Behaviour.error(429, retry_after=0), Behaviour.ok(text="Hi there"))
        ...  # point ANTHROPIC_BASE_URL at fake.anthropic_base_url
        fake.requests[0].headers["x-api-key"]
"""

from __future__ import annotations

import asyncio
import json
import socket
import threading
import time
from collections import deque
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any, Literal

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

DEFAULT_TEXT = "Here is a short draft about fractions for grade 4 students."


class CutConnection(Exception):
    """Raised inside a streaming body: the server drops the connection mid-response."""


@dataclass(frozen=True)
class Behaviour:
    kind: Literal["ok", "error", "malformed", "cut", "stream_error"] = "ok"
    text: str = DEFAULT_TEXT
    status: int = 200
    retry_after: str | None = None
    message: str = ""  # error text; "{api_key}" is replaced by the key the caller sent
    error_type: str = "api_error"
    delay: float = 0.0  # before the response starts
    chunk_delay: float = 0.0  # between streamed chunks
    cut_after: int = 2  # streamed text chunks sent before a cut / an in-stream error
    include_usage: bool = True

    @classmethod
    def ok(cls, text: str = DEFAULT_TEXT, **kw: Any) -> Behaviour:
        return cls(kind="ok", text=text, **kw)

    @classmethod
    def slow(cls, delay: float, **kw: Any) -> Behaviour:
        return cls(kind="ok", delay=delay, **kw)

    @classmethod
    def error(
        cls,
        status: int,
        *,
        retry_after: float | str | None = None,
        message: str = "",
        error_type: str = "",
        **kw: Any,
    ) -> Behaviour:
        default_type = {
            400: "invalid_request_error",
            401: "authentication_error",
            403: "permission_error",
            404: "not_found_error",
            429: "rate_limit_error",
            529: "overloaded_error",
        }.get(status, "api_error")
        return cls(
            kind="error",
            status=status,
            retry_after=None if retry_after is None else str(retry_after),
            message=message or f"fake {status} error",
            error_type=error_type or default_type,
            **kw,
        )

    @classmethod
    def malformed(cls) -> Behaviour:
        return cls(kind="malformed")

    @classmethod
    def cut(cls, after: int = 2) -> Behaviour:
        return cls(kind="cut", cut_after=after)

    @classmethod
    def stream_error(cls, after: int = 1, error_type: str = "overloaded_error") -> Behaviour:
        return cls(
            kind="stream_error", cut_after=after, error_type=error_type, message="Overloaded"
        )


@dataclass
class RecordedRequest:
    path: str
    headers: dict[str, str]
    body: Any
    at: float = field(default_factory=time.monotonic)
    client_port: int = 0  # the same port twice: the caller reused its connection

    @property
    def api_key(self) -> str | None:
        if "x-api-key" in self.headers:
            return self.headers["x-api-key"]
        auth = self.headers.get("authorization", "")
        return auth.removeprefix("Bearer ") if auth else None


def _words(text: str) -> list[str]:
    parts = text.split(" ")
    return [p + (" " if i < len(parts) - 1 else "") for i, p in enumerate(parts)]


def _count_input(body: dict[str, Any]) -> int:
    text = str(body.get("system") or "")
    for m in body.get("messages") or []:
        if isinstance(m, dict):
            text += " " + str(m.get("content", ""))
    return len(text.split())


def _sse(event: str | None, data: Any) -> bytes:
    payload = data if isinstance(data, str) else json.dumps(data)
    head = f"event: {event}\n" if event else ""
    return f"{head}data: {payload}\n\n".encode()


class FakeProviderServer:
    def __init__(self) -> None:
        self.requests: list[RecordedRequest] = []
        self._script: deque[Behaviour] = deque()
        self._lock = threading.Lock()
        self.app = Starlette(
            routes=[
                Route("/v1/messages", self._anthropic, methods=["POST"]),
                Route("/v1/chat/completions", self._openai, methods=["POST"]),
            ]
        )
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
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

    def script(self, *behaviours: Behaviour) -> None:
        with self._lock:
            self._script.extend(behaviours)

    def reset(self) -> None:
        with self._lock:
            self._script.clear()
            self.requests.clear()

    def _next(self, request: RecordedRequest) -> Behaviour:
        with self._lock:
            self.requests.append(request)
            return self._script.popleft() if self._script else Behaviour()

    def start(self) -> FakeProviderServer:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", 0))
        self.port = sock.getsockname()[1]
        config = uvicorn.Config(
            self.app, log_level="critical", access_log=False, lifespan="off", workers=1
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [sock]}, daemon=True
        )
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("fake provider server did not start")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> FakeProviderServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # --- shared ----------------------------------------------------------------------------
    async def _record(self, request: Request) -> tuple[RecordedRequest, Behaviour]:
        raw = await request.body()
        try:
            body = json.loads(raw)
        except ValueError:
            body = raw.decode(errors="replace")
        recorded = RecordedRequest(
            path=request.url.path,
            headers={k.lower(): v for k, v in request.headers.items()},
            body=body,
            client_port=request.client.port if request.client else 0,
        )
        behaviour = self._next(recorded)
        if behaviour.delay:
            await asyncio.sleep(behaviour.delay)
        return recorded, behaviour

    @staticmethod
    def _error_headers(b: Behaviour) -> dict[str, str]:
        return {"retry-after": b.retry_after} if b.retry_after is not None else {}

    # --- Anthropic Messages ----------------------------------------------------------------
    async def _anthropic(self, request: Request) -> Response:
        recorded, b = await self._record(request)
        body = recorded.body if isinstance(recorded.body, dict) else {}
        model = str(body.get("model", "claude-fake"))
        if b.kind == "error":
            message = b.message.replace("{api_key}", recorded.api_key or "")
            return JSONResponse(
                {"type": "error", "error": {"type": b.error_type, "message": message}},
                status_code=b.status,
                headers=self._error_headers(b),
            )
        if b.kind == "malformed" and not body.get("stream"):
            return Response('{"id": "msg_1", "content": [', media_type="application/json")
        input_tokens = _count_input(body)
        words = _words(b.text)
        if not body.get("stream"):
            return JSONResponse(
                {
                    "id": "msg_fake",
                    "type": "message",
                    "role": "assistant",
                    "model": model,
                    "content": [{"type": "text", "text": b.text}],
                    "stop_reason": "end_turn",
                    "stop_sequence": None,
                    "usage": {"input_tokens": input_tokens, "output_tokens": len(words)},
                }
            )

        async def events() -> AsyncIterator[bytes]:
            yield _sse(
                "message_start",
                {
                    "type": "message_start",
                    "message": {
                        "id": "msg_fake",
                        "type": "message",
                        "role": "assistant",
                        "model": model,
                        "content": [],
                        "stop_reason": None,
                        "usage": {"input_tokens": input_tokens, "output_tokens": 1},
                    },
                },
            )
            yield _sse(
                "content_block_start",
                {
                    "type": "content_block_start",
                    "index": 0,
                    "content_block": {"type": "text", "text": ""},
                },
            )
            yield _sse("ping", {"type": "ping"})
            for i, word in enumerate(words):
                if b.kind == "cut" and i == b.cut_after:
                    raise CutConnection()
                if b.kind == "stream_error" and i == b.cut_after:
                    yield _sse(
                        "error",
                        {
                            "type": "error",
                            "error": {"type": b.error_type, "message": b.message},
                        },
                    )
                    return
                if b.kind == "malformed" and i == 1:
                    yield b"event: content_block_delta\ndata: {not json\n\n"
                    return
                if b.chunk_delay:
                    await asyncio.sleep(b.chunk_delay)
                yield _sse(
                    "content_block_delta",
                    {
                        "type": "content_block_delta",
                        "index": 0,
                        "delta": {"type": "text_delta", "text": word},
                    },
                )
            yield _sse("content_block_stop", {"type": "content_block_stop", "index": 0})
            yield _sse(
                "message_delta",
                {
                    "type": "message_delta",
                    "delta": {"stop_reason": "end_turn", "stop_sequence": None},
                    "usage": {"output_tokens": len(words)},
                },
            )
            yield _sse("message_stop", {"type": "message_stop"})

        return StreamingResponse(events(), media_type="text/event-stream")

    # --- OpenAI Chat Completions -----------------------------------------------------------
    async def _openai(self, request: Request) -> Response:
        recorded, b = await self._record(request)
        body = recorded.body if isinstance(recorded.body, dict) else {}
        model = str(body.get("model", "gpt-fake"))
        if b.kind == "error":
            message = b.message.replace("{api_key}", recorded.api_key or "")
            return JSONResponse(
                {
                    "error": {
                        "message": message,
                        "type": b.error_type,
                        "param": None,
                        "code": b.error_type,
                    }
                },
                status_code=b.status,
                headers=self._error_headers(b),
            )
        if b.kind == "malformed" and not body.get("stream"):
            return Response('{"id": "chatcmpl-1", "choices": [', media_type="application/json")
        prompt_tokens = _count_input(body)
        words = _words(b.text)
        usage = {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": len(words),
            "total_tokens": prompt_tokens + len(words),
        }
        if not body.get("stream"):
            return JSONResponse(
                {
                    "id": "chatcmpl-fake",
                    "object": "chat.completion",
                    "created": 1700000000,
                    "model": model,
                    "choices": [
                        {
                            "index": 0,
                            "message": {"role": "assistant", "content": b.text},
                            "finish_reason": "stop",
                        }
                    ],
                    **({"usage": usage} if b.include_usage else {}),
                }
            )
        wants_usage = bool((body.get("stream_options") or {}).get("include_usage"))

        def chunk(delta: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
            return {
                "id": "chatcmpl-fake",
                "object": "chat.completion.chunk",
                "created": 1700000000,
                "model": model,
                "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
            }

        async def events() -> AsyncIterator[bytes]:
            yield _sse(None, chunk({"role": "assistant", "content": ""}))
            for i, word in enumerate(words):
                if b.kind == "cut" and i == b.cut_after:
                    raise CutConnection()
                if b.kind == "stream_error" and i == b.cut_after:
                    yield _sse(None, {"error": {"message": b.message, "type": b.error_type}})
                    return
                if b.kind == "malformed" and i == 1:
                    yield b"data: {not json\n\n"
                    return
                if b.chunk_delay:
                    await asyncio.sleep(b.chunk_delay)
                yield _sse(None, chunk({"content": word}))
            yield _sse(None, chunk({}, "stop"))
            if wants_usage and b.include_usage:
                yield _sse(
                    None,
                    {
                        "id": "chatcmpl-fake",
                        "object": "chat.completion.chunk",
                        "created": 1700000000,
                        "model": model,
                        "choices": [],
                        "usage": usage,
                    },
                )
            yield _sse(None, "[DONE]")

        return StreamingResponse(events(), media_type="text/event-stream")


if __name__ == "__main__":  # handy for poking at it by hand
    with FakeProviderServer() as fake:
        print("fake provider on", fake.url)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
