"""What every repository shares (private to this package).

The transaction rule: a repository adds, changes and ``flush``es rows; it never commits or
rolls back. The caller's ``session_scope()`` (a state handler, a CLI command, an API route)
owns the transaction and rolls everything back when an error escapes it, so a refused
write leaves nothing behind. The one exception, the generation flow's invocation status
writes, is documented where it happens (``services/generation.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import update as sql_update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from ai_planner.actor import Actor
from ai_planner.errors import FORM_ERROR, NotFound, ValidationFailed
from ai_planner.models import TASK_TYPE_LABELS, AiInvocation
from ai_planner.policies.base import authorize

T = TypeVar("T")

# An id from a URL or a websocket event: anything but a positive bigint is "missing" (and
# must never reach the database, where PostgreSQL would reject it loudly).
MAX_ID = 2**63


def valid_id(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value < MAX_ID


def contains_pattern(text: str) -> str:
    """A LIKE pattern (escape character ``\\``) matching ``text`` anywhere, literally."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def task_label(task_type: str) -> str:
    return TASK_TYPE_LABELS.get(task_type, task_type)


def flush(session: Session, conflict: Callable[[], ValidationFailed] | None = None) -> None:
    """Flush, turning a unique-index race into the same readable error as the pre-check.
    The session is left for the caller's ``session_scope()`` to roll back."""
    try:
        session.flush()
    except IntegrityError as exc:
        if conflict is not None:
            raise conflict() from exc
        raise ValidationFailed(FORM_ERROR, "That change conflicts with existing data.") from exc


def add(session: Session, row: T, conflict: Callable[[], ValidationFailed] | None = None) -> T:
    """Add (or keep) ``row`` in the session and flush it (ids and defaults filled in)."""
    session.add(row)
    flush(session, conflict)
    return row


def get_visible(
    session: Session,
    *,
    actor: Actor,
    policy: Any,
    model: type[T],
    row_id: object,
    what: str,
) -> T:
    """One row through ``policy`` (a ``policies`` module), by the rule of
    ``policies.base.authorize``: NotAllowed when the actor may not list ``model`` rows at
    all, NotFound for a missing id, another tenant's or one outside the actor's scope."""
    authorize(policy.can_list(actor))
    if not valid_id(row_id):
        raise NotFound(what)
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
    flush(session)


def validated(obj: T) -> T:
    """Run the model's own validation now, so nothing half-written reaches the session."""
    obj.validate()  # type: ignore[attr-defined]
    return obj


def plural(count: int, singular: str, plural_form: str) -> str:
    return f"{count} {singular if count == 1 else plural_form}"


def apply_changes(obj: Any, changes: dict[str, Any]) -> None:
    """Set ``changes`` on a loaded row and validate it (a bad value raises; the caller's
    transaction then rolls the row back)."""
    for name, value in changes.items():
        setattr(obj, name, value)
    obj.validate()
