"""The tests' fake provider (``tests/fakes/provider_server.py``) in a process of its own, for
``concurrent_generations.py``, with the times it answered each request.

    python bench/fake_provider_proc.py --words 40 --chunk-delay 0.05

prints ``port <n>`` and serves on 127.0.0.1 until its stdin closes. Every chat completion
streams ``--words`` words, one chunk each, ``--chunk-delay`` seconds apart (the first one
too). ``GET /bench/timings`` answers ``{marker: {"received", "first_text", "text", "last"}}`` in
``time.monotonic()`` seconds (one clock for every process of the machine): when the request
arrived, when its first text chunk, each text chunk and its last byte were handed to the
server. ``marker``
is the ``[bench:<id>]`` the prompt carries.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tests.fakes.behaviour import words
from tests.fakes.provider_server import Behaviour, FakeProviderServer

MARKER = re.compile(rb"\[bench:([0-9a-z-]+)\]")


def _has_text(chunk: bytes) -> bool:
    """Whether an OpenAI stream chunk (``data: {...}``) carries answer text."""
    if not chunk.startswith(b"data: {"):
        return False
    choices = json.loads(chunk[6:]).get("choices") or [{}]
    return bool((choices[0].get("delta") or {}).get("content"))


class Timings:
    """ASGI wrapper recording when each chat completion arrived and was answered."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.records: dict[str, dict[str, Any]] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].endswith("/chat/completions"):
            return await self.app(scope, receive, send)
        record: dict[str, Any] = {"received": time.monotonic()}
        body = b""

        async def receive_body() -> Message:
            nonlocal body
            message = await receive()
            if message["type"] == "http.request":
                body += message.get("body", b"")
                found = MARKER.search(body)
                if found and not message.get("more_body"):
                    self.records[found.group(1).decode()] = record
            return message

        async def timed_send(message: Message) -> None:
            if message["type"] == "http.response.body":
                now = time.monotonic()
                if _has_text(message.get("body", b"")):
                    record.setdefault("first_text", now)
                    record.setdefault("text", []).append(now)
                if not message.get("more_body"):
                    record["last"] = now
            await send(message)

        await self.app(scope, receive_body, timed_send)


def chunks(count: int) -> list[str]:
    """The answer's streamed chunks: ``count`` words, one chunk each."""
    return words(" ".join(f"Step{i}" for i in range(count)))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--words", type=int, default=40)
    parser.add_argument("--chunk-delay", type=float, default=0.05)
    args = parser.parse_args()
    text = "".join(chunks(args.words))
    fake = FakeProviderServer()
    fake.script(*[Behaviour.ok(text, chunk_delay=args.chunk_delay) for _ in range(5000)])
    timings = Timings(fake.app)

    async def report(_: Request) -> JSONResponse:
        return JSONResponse(timings.records)

    fake.app.add_route("/bench/timings", report, methods=["GET"])
    fake.app = timings  # type: ignore[assignment]
    with fake:
        print("port", fake.port, flush=True)
        sys.stdin.read()  # until the benchmark closes our stdin (or ends)


if __name__ == "__main__":
    main()
