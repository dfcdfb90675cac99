"""Small helpers the AI-table repositories share (private to this package)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import update as sql_update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from ai_planner.actor import Actor
from ai_planner.errors import NotAllowed, NotFound, ValidationFailed
from ai_planner.models import TASK_TYPE_LABELS, TASK_TYPES, AiInvocation

T = TypeVar("T")


NOT_ALLOWED = "You are not allowed to do that."


def require(allowed: bool, message: str = NOT_ALLOWED) -> None:
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


def _guarded(
    session: Session, step: Callable[[], None], conflict: Callable[[], ValidationFailed] | None
) -> None:
    """Run ``session.commit``/``flush``, turning a unique-index race into the same readable
    error as the pre-check; on any failure the session is rolled back."""
    try:
        step()
    except IntegrityError as exc:
        session.rollback()
        if conflict is not None:
            raise conflict() from exc
        raise ValidationFailed("base", "That change conflicts with existing data.") from exc
    except BaseException:
        session.rollback()
        raise


def commit(session: Session, conflict: Callable[[], ValidationFailed] | None = None) -> None:
    _guarded(session, session.commit, conflict)


def flush(session: Session, conflict: Callable[[], ValidationFailed] | None = None) -> None:
    _guarded(session, session.flush, conflict)


def save(session: Session, row: T, conflict: Callable[[], ValidationFailed] | None = None) -> T:
    """Add (or keep) ``row`` in the session, commit and reload it for the caller to return."""
    session.add(row)
    commit(session, conflict)
    session.refresh(row)
    return row


def get_shown(
    session: Session,
    *,
    actor: Actor | None,
    policy: Any,
    model: type[T],
    row_id: int,
    what: str,
    refused: str = NOT_ALLOWED,
) -> T:
    """One row through ``policy`` (a ``policies`` module): ``NotAllowed(refused)`` unless the
    actor may list ``model`` rows, and ``NotFound(what)`` for a missing id, another tenant's
    or one outside the actor's scope alike."""
    require(policy.can_list(actor), refused)
    query = policy.scope(actor, select(model)).where(model.id == row_id)  # type: ignore[attr-defined]
    row = session.exec(query).first()
    if row is None or not policy.can_show(actor, row):
        raise NotFound(what)
    return row


def delete_keeping_audit(session: Session, *, actor: Actor, row: Any, link: Any) -> None:
    """Delete ``row``; audit-log rows keep their history with ``link`` (the invocation column
    pointing at it) cleared."""
    session.execute(
        sql_update(AiInvocation)
        .where(link == row.id)
        .where(AiInvocation.tenant_id == actor.tenant_id)
        .values({link.key: None})
    )
    session.delete(row)
    commit(session)


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
