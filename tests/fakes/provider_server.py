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
import threading
import time
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from tests.fakes.asgi_server import ThreadedServer

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
    set_cookie: str | None = None  # a Set-Cookie header on the answer, as CDNs in front add

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
                Route("/v1/messages", self._with_cookie(self._anthropic), methods=["POST"]),
                Route(
                    "/v1/chat/completions", self._with_cookie(self._openai), methods=["POST"]
                ),
            ]
        )
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
        self._server = ThreadedServer(self.app).__enter__()
        self.port = self._server.port
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.__exit__(None, None, None)
            self._server = None

    def __enter__(self) -> FakeProviderServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # --- shared ----------------------------------------------------------------------------
    def _with_cookie(
        self, handler: Callable[[Request], Awaitable[Response]]
    ) -> Callable[[Request], Awaitable[Response]]:
        async def answer(request: Request) -> Response:
            response = await handler(request)
            cookie = request.state.behaviour.set_cookie
            if cookie:
                response.headers.append("set-cookie", cookie)
            return response

        return answer

    async def _begin(
        self, request: Request, default_model: str
    ) -> tuple[RecordedRequest, Behaviour, dict[str, Any], str]:
        """Record the request and pick its behaviour: (recorded, behaviour, body, model)."""
        raw = await request.body()
        try:
            parsed = json.loads(raw)
        except ValueError:
            parsed = raw.decode(errors="replace")
        recorded = RecordedRequest(
            path=request.url.path,
            headers={k.lower(): v for k, v in request.headers.items()},
            body=parsed,
            client_port=request.client.port if request.client else 0,
        )
        behaviour = self._next(recorded)
        request.state.behaviour = behaviour
        if behaviour.delay:
            await asyncio.sleep(behaviour.delay)
        body = parsed if isinstance(parsed, dict) else {}
        return recorded, behaviour, body, str(body.get("model", default_model))

    @staticmethod
    def _failure(
        b: Behaviour, recorded: RecordedRequest, body: dict[str, Any], wire: str
    ) -> Response | None:
        """The scripted failure that replaces the whole answer, if any: an error status with
        the body of the ``wire`` format ("anthropic" / "openai"), or cut-off JSON."""
        if b.kind == "malformed" and not body.get("stream"):
            cut_off = {"anthropic": '{"id": "msg_1", "content": ['}.get(
                wire, '{"id": "chatcmpl-1", "choices": ['
            )
            return Response(cut_off, media_type="application/json")
        if b.kind != "error":
            return None
        message = b.message.replace("{api_key}", recorded.api_key or "")
        if wire == "anthropic":
            error: dict[str, Any] = {
                "type": "error",
                "error": {"type": b.error_type, "message": message},
            }
        else:
            error = {
                "error": {
                    "message": message,
                    "type": b.error_type,
                    "param": None,
                    "code": b.error_type,
                }
            }
        headers = {"retry-after": b.retry_after} if b.retry_after is not None else {}
        return JSONResponse(error, status_code=b.status, headers=headers)

    @staticmethod
    def _stream(
        b: Behaviour,
        head: list[bytes],
        delta: Callable[[str], bytes],
        tail: list[bytes],
        *,
        error: bytes,
        malformed: bytes,
    ) -> StreamingResponse:
        """``head``, one ``delta`` per word, ``tail``; or the scripted failure instead."""

        async def events() -> AsyncIterator[bytes]:
            for event in head:
                yield event
            for i, word in enumerate(_words(b.text)):
                if b.kind == "cut" and i == b.cut_after:
                    raise CutConnection()
                if b.kind == "stream_error" and i == b.cut_after:
                    yield error
                    return
                if b.kind == "malformed" and i == 1:
                    yield malformed
                    return
                if b.chunk_delay:
                    await asyncio.sleep(b.chunk_delay)
                yield delta(word)
            for event in tail:
                yield event

        return StreamingResponse(events(), media_type="text/event-stream")

    # --- Anthropic Messages ----------------------------------------------------------------
    async def _anthropic(self, request: Request) -> Response:
        recorded, b, body, model = await self._begin(request, "claude-fake")
        if (failure := self._failure(b, recorded, body, "anthropic")) is not None:
            return failure
        input_tokens = _count_input(body)
        output_tokens = len(_words(b.text))
        message: dict[str, Any] = {
            "id": "msg_fake",
            "type": "message",
            "role": "assistant",
            "model": model,
        }
        if not body.get("stream"):
            return JSONResponse(
                {
                    **message,
                    "content": [{"type": "text", "text": b.text}],
                    "stop_reason": "end_turn",
                    "stop_sequence": None,
                    "usage": {"input_tokens": input_tokens, "output_tokens": output_tokens},
                }
            )
        start = {
            **message,
            "content": [],
            "stop_reason": None,
            "usage": {"input_tokens": input_tokens, "output_tokens": 1},
        }
        block = {
            "type": "content_block_start",
            "index": 0,
            "content_block": {"type": "text", "text": ""},
        }
        return self._stream(
            b,
            [
                _sse("message_start", {"type": "message_start", "message": start}),
                _sse("content_block_start", block),
                _sse("ping", {"type": "ping"}),
            ],
            lambda word: _sse(
                "content_block_delta",
                {
                    "type": "content_block_delta",
                    "index": 0,
                    "delta": {"type": "text_delta", "text": word},
                },
            ),
            [
                _sse("content_block_stop", {"type": "content_block_stop", "index": 0}),
                _sse(
                    "message_delta",
                    {
                        "type": "message_delta",
                        "delta": {"stop_reason": "end_turn", "stop_sequence": None},
                        "usage": {"output_tokens": output_tokens},
                    },
                ),
                _sse("message_stop", {"type": "message_stop"}),
            ],
            error=_sse(
                "error",
                {"type": "error", "error": {"type": b.error_type, "message": b.message}},
            ),
            malformed=b"event: content_block_delta\ndata: {not json\n\n",
        )

    # --- OpenAI Chat Completions -----------------------------------------------------------
    async def _openai(self, request: Request) -> Response:
        recorded, b, body, model = await self._begin(request, "gpt-fake")
        if (failure := self._failure(b, recorded, body, "openai")) is not None:
            return failure
        prompt_tokens = _count_input(body)
        completion_tokens = len(_words(b.text))
        usage = {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
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

        def chunk(choices: list[dict[str, Any]], **extra: Any) -> bytes:
            return _sse(
                None,
                {
                    "id": "chatcmpl-fake",
                    "object": "chat.completion.chunk",
                    "created": 1700000000,
                    "model": model,
                    "choices": choices,
                    **extra,
                },
            )

        def choice(delta: dict[str, Any], finish: str | None = None) -> list[dict[str, Any]]:
            return [{"index": 0, "delta": delta, "finish_reason": finish}]

        tail = [chunk(choice({}, "stop"))]
        if wants_usage and b.include_usage:
            tail.append(chunk([], usage=usage))
        tail.append(_sse(None, "[DONE]"))
        return self._stream(
            b,
            [chunk(choice({"role": "assistant", "content": ""}))],
            lambda word: chunk(choice({"content": word})),
            tail,
            error=_sse(None, {"error": {"message": b.message, "type": b.error_type}}),
            malformed=b"data: {not json\n\n",
        )


if __name__ == "__main__":  # handy for poking at it by hand
    with FakeProviderServer() as fake:
        print("fake provider on", fake.url)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
