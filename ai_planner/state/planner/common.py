"""What the planner states share: page status words, the input cap, and how typed rows
are worded for the page (dates, labels). Module functions rather than state methods: a
public method on a state would become an event handler the browser could call."""

from __future__ import annotations

from datetime import datetime

# page_status of the unit planner and the lesson editor.
LOADING, READY, NOT_FOUND = "loading", "ready", "not_found"

# A websocket message can carry any string; nothing legitimate is longer than this.
MAX_INPUT_CHARS = 25_000

STATUS_LABELS: dict[str, str] = {"draft": "Draft", "published": "Published"}


def capped(value: object, limit: int = MAX_INPUT_CHARS) -> str:
    """A string event argument, cut to a sane size; anything else becomes ""."""
    return value[:limit] if isinstance(value, str) else ""


def date_label(moment: datetime) -> str:
    return f"{moment.day} {moment:%b %Y}"


def status_label(status: str) -> str:
    return STATUS_LABELS.get(status, status.title())


def grade_label(grade_level: str) -> str:
    """ "5" reads as "Grade 5"; anything already worded ("Grade 5", "K-2") stays as it is."""
    return f"Grade {grade_level}" if grade_level.isdigit() else grade_level


def lesson_count_label(count: int) -> str:
    return "No lessons yet" if count == 0 else f"{count} lesson" + ("" if count == 1 else "s")


def duration_label(minutes: int | None) -> str:
    return "" if minutes is None else f"{minutes} min"


def unit_count_label(count: int) -> str:
    return f"{count:,} unit" + ("" if count == 1 else "s")
