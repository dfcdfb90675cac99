"""Server-sent events, read from an httpx response: the one parser for the providers'
streams and for the gateway's own stream (read by ``services/gateway_client.py``)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import httpx


def _sse_event(block: bytes) -> tuple[str, str] | None:
    """(event, data) of one event block (its lines without the blank line ending it)."""
    event, data_lines = "", []
    for line in block.decode("utf-8", "replace").split("\n"):
        if not line or line.startswith(":"):
            continue
        name, _, value = line.partition(":")
        value = value.removeprefix(" ")
        if name == "event":
            event = value
        elif name == "data":
            data_lines.append(value)
    return (event or "message", "\n".join(data_lines)) if data_lines else None


async def iter_sse(response: httpx.Response) -> AsyncIterator[tuple[str, str]]:
    """(event, data) pairs of a server-sent-events body.

    Parsed from the raw bytes: events end at a blank line, so the body is split there and
    only whole events are decoded (cheaper than httpx's text and line layers per chunk).
    """
    buffer = b""
    # Without a content encoding the raw bytes are the body: skip httpx's decoding layer
    # (unless the body was read already: then only aiter_bytes replays it).
    encoded = response.headers.get("content-encoding", "identity") != "identity"
    raw = not encoded and not response.is_stream_consumed
    chunks = response.aiter_raw() if raw else response.aiter_bytes()
    async for chunk in chunks:
        buffer += chunk
        if b"\r" in buffer:
            # CRLF and lone CR end lines too. A CR at the very end waits: its LF may follow.
            held = b"\r" if buffer.endswith(b"\r") else b""
            body = buffer[: len(buffer) - len(held)]
            buffer = body.replace(b"\r\n", b"\n").replace(b"\r", b"\n") + held
        start = 0
        while (end := buffer.find(b"\n\n", start)) >= 0:
            event = _sse_event(buffer[start:end])
            start = end + 2
            if event is not None:
                yield event
        buffer = buffer[start:]
    event = _sse_event(buffer.replace(b"\r", b"\n"))
    if event is not None:
        yield event


# How long to wait for the rest of a body after the end-of-stream event.
FINISH_BODY_SECONDS = 0.05


async def finish_body(events: AsyncIterator[tuple[str, str]]) -> None:
    """Read what follows the end-of-stream event (normally only the body's terminating chunk)
    so the connection goes back to the pool: a body left unread closes it, and the next call
    pays for a new connection. Anything after the end is ignored."""
    try:
        async with asyncio.timeout(FINISH_BODY_SECONDS):
            async for _ in events:
                pass
    except (TimeoutError, httpx.HTTPError):
        pass  # the connection is simply not reused
