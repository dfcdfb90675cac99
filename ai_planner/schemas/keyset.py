"""Keyset ("after this row") cursors, shared by every paged list.

A cursor is the sort key of one row, as URL-safe base64 of a JSON list. It is read from a
URL, so it is untrusted: ``cursor_values`` gives the decoded list or None, and each list
checks the shape of its own key before using it. A cursor only says where a page starts;
the actor's scope is applied to every query whatever it says.
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

CURSOR_MAX = 600  # characters; a real cursor is far shorter


def encode_cursor(values: list[Any]) -> str:
    raw = json.dumps(values, separators=(",", ":"), default=str).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def cursor_values(cursor: str) -> list[Any] | None:
    """The JSON list inside ``cursor``, or None when it is not one of ours."""
    if not cursor or len(cursor) > CURSOR_MAX:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw)
    except (binascii.Error, ValueError, UnicodeDecodeError, RecursionError):
        return None
    return values if isinstance(values, list) else None


def is_int_id(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value < 2**63
