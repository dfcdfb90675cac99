"""Ids as they arrive from URLs and websocket events (strings, or anything a crafted message
carries): a positive integer id, or NotFound, exactly like a missing record."""

from __future__ import annotations

from ai_planner.errors import NotFound
from ai_planner.repositories._common import valid_id


def parse_id(raw: object, what: str = "record") -> int:
    if isinstance(raw, str) and raw.strip().isascii() and raw.strip().isdigit():
        raw = int(raw.strip())
    if not valid_id(raw):
        raise NotFound(what)
    return raw  # type: ignore[return-value]
