"""How values read the same on every page: times, task types, providers. Module functions
and constants, not state methods (a public method on a state would become an event handler
the browser could call)."""

from __future__ import annotations

from datetime import datetime

from ai_planner.models import TASK_TYPE_LABELS

PROVIDER_LABELS: dict[str, str] = {
    "anthropic": "Anthropic",
    "openai": "OpenAI",
    "openai_compatible": "OpenAI-compatible server",
    "demo": "Built-in sample drafts (demo)",
}


def when_label(moment: datetime, *, zone: bool = True) -> str:
    """A stored (naive UTC) time as people read it: "2 Mar 2026, 14:05 UTC" (without the
    zone where a column header already says it)."""
    return f"{moment.day} {moment:%b %Y, %H:%M}" + (" UTC" if zone else "")


def task_label(task_type: str) -> str:
    return TASK_TYPE_LABELS.get(task_type, task_type)
