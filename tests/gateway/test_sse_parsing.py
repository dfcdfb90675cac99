"""The providers' server-sent-events reader, on bodies cut at awkward places."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from starlette.types import Message, Receive, Scope, Send

from ai_planner.gateway.providers.sse import iter_sse
from tests.fakes.provider_server import Behaviour
from tests.gateway.conftest import body, http_client

BODY = (
    b": a comment\n"
    b"event: message_start\ndata: {\"a\": 1}\n\n"
    b"data: first line\ndata: second line\n\n"
    b"event: ping\n\n"  # no data: no event
    b"data: caf\xc3\xa9\n\n"
    b"data:no space\n\n"
    b"data: [DONE]"  # the last event without its blank line
)
EXPECTED = [
    ("message_start", '{"a": 1}'),
    ("message", "first line\nsecond line"),
    ("message", "café"),
    ("message", "no space"),
    ("message", "[DONE]"),
]


async def events_of(chunks: list[bytes]) -> list[tuple[str, str]]:
    async def stream() -> AsyncIterator[bytes]:
        for chunk in chunks:
            yield chunk

    response = httpx.Response(200, content=stream())
    return [event async for event in iter_sse(response)]


@pytest.mark.parametrize("newline", [b"\n", b"\r\n", b"\r"])
@pytest.mark.parametrize("size", [1, 2, 3, 7, 1000])
async def test_events_survive_any_chunking_and_line_ending(newline: bytes, size: int) -> None:
    body = BODY.replace(b"\n", newline)
    chunks = [body[i : i + size] for i in range(0, len(body), size)]
    assert await events_of(chunks) == EXPECTED


async def test_crlf_split_between_chunks_is_one_line_end() -> None:
    chunks = [b"data: one\r", b"\ndata: two\r\n\r", b"\n", b"data: three\r\n\r\n"]
    assert await events_of(chunks) == [("message", "one\ntwo"), ("message", "three")]


async def sent_messages(app: FastAPI, payload: dict[str, Any]) -> list[Message]:
    """The ASGI messages the gateway sends for one /v1/generate_stream request."""
    sent: list[Message] = []

    async def recording(scope: Scope, receive: Receive, send: Send) -> None:
        async def record(message: Message) -> None:
            sent.append(message)
            await send(message)

        await app(scope, receive, record)

    async with http_client(recording) as http:  # type: ignore[arg-type]
        assert (await http.post("/v1/generate_stream", json=payload)).status_code == 200
    return sent


@pytest.mark.parametrize("cut", [False, True])
async def test_the_last_event_ends_the_body_in_the_same_write(app, fake, cut: bool) -> None:
    if cut:
        fake.script(Behaviour.cut(after=3))
    sent = await sent_messages(app, body("openai"))
    assert sent[0]["type"] == "http.response.start" and sent[0]["status"] == 200
    bodies = [m for m in sent[1:] if m["type"] == "http.response.body"]
    assert [m["more_body"] for m in bodies] == [True] * (len(bodies) - 1) + [False]
    last = bodies[-1]["body"].decode()
    assert ("event: error" if cut else "event: done") in last
    if not cut:  # the whole (short) answer and its result: one write
        assert len(bodies) == 1 and last.startswith("event: delta")


async def test_a_compressed_body_is_decoded_first() -> None:
    import gzip

    packed = gzip.compress(BODY)

    async def stream() -> AsyncIterator[bytes]:
        for i in range(0, len(packed), 5):
            yield packed[i : i + 5]

    response = httpx.Response(200, headers={"content-encoding": "gzip"}, content=stream())
    assert [event async for event in iter_sse(response)] == EXPECTED
