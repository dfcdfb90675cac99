"""Small helpers the AI-table repositories share (private to this package)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from ai_planner.actor import Actor
from ai_planner.errors import NotAllowed, ValidationFailed
from ai_planner.models import TASK_TYPE_LABELS, TASK_TYPES

T = TypeVar("T")


def require(allowed: bool, message: str = "You are not allowed to do that.") -> None:
    if not allowed:
        raise NotAllowed(message)


def require_signed_in(actor: Actor | None) -> Actor:
    if actor is None:
        raise NotAllowed("Please sign in first.")
    return actor


def check_task_type(task_type: Any, field: str = "task_type") -> str:
    if task_type not in TASK_TYPES:
        choices = ", ".join(TASK_TYPE_LABELS[t] for t in TASK_TYPES)
        raise ValidationFailed(field, f"Task type must be one of: {choices}.")
    return str(task_type)


def task_label(task_type: str) -> str:
    return TASK_TYPE_LABELS.get(task_type, task_type)


def commit(session: Session, conflict: Callable[[], ValidationFailed] | None = None) -> None:
    """Commit, turning a unique-index race into the same readable error as the pre-check."""
    try:
        session.commit()
    except IntegrityError as exc:
        session.rollback()
        if conflict is not None:
            raise conflict() from exc
        raise ValidationFailed("base", "That change conflicts with existing data.") from exc
    except BaseException:
        session.rollback()
        raise


def flush(session: Session, conflict: Callable[[], ValidationFailed] | None = None) -> None:
    try:
        session.flush()
    except IntegrityError as exc:
        session.rollback()
        if conflict is not None:
            raise conflict() from exc
        raise ValidationFailed("base", "That change conflicts with existing data.") from exc
    except BaseException:
        session.rollback()
        raise


def validated(obj: T) -> T:
    """Run the model's own validation now, so nothing half-written reaches the session."""
    obj.validate()  # type: ignore[attr-defined]
    return obj


def plural(count: int, singular: str, plural_form: str) -> str:
    return f"{count} {singular if count == 1 else plural_form}"


def apply_changes(session: Session, obj: Any, changes: dict[str, Any]) -> None:
    """Set ``changes`` on a loaded row and validate; on a bad value nothing stays changed."""
    try:
        for name, value in changes.items():
            setattr(obj, name, value)
        obj.validate()
    except BaseException:
        session.rollback()
        raise
