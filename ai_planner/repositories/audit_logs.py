"""The change log of the AI set-up (``models/audit.py``): one row per create, update,
activate, deactivate and delete of a provider config, task policy or template, written by
their repositories in the caller's transaction (so a refused or rolled-back change leaves no
row), and read by admins as "Recent changes"."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from sqlmodel import Session, select

from ai_planner.actor import Actor
from ai_planner.models import AuditLog, User
from ai_planner.policies import audit_log as policy
from ai_planner.policies.base import authorize
from ai_planner.repositories._common import add
from ai_planner.schemas.audit_log import AuditLogPublic

RECENT_LIMIT = 20
Snapshot = dict[str, Any]


def snapshot(row: Any, fields: Iterable[str]) -> Snapshot:
    """The values of ``fields`` as JSON (a copy: later changes to the row do not reach it)."""
    return {name: json.loads(json.dumps(getattr(row, name), default=str)) for name in fields}


def _changed(before: Snapshot, after: Snapshot) -> dict[str, dict[str, Any]]:
    names = list(dict.fromkeys([*before, *after]))
    return {
        name: {"old": before.get(name), "new": after.get(name)}
        for name in names
        if before.get(name) != after.get(name)
    }


def record(
    session: Session,
    *,
    actor: Actor,
    action: str,
    resource_type: str,
    resource_id: int,
    label: str,
    before: Snapshot,
    after: Snapshot,
    secret_notes: dict[str, str] | None = None,
) -> AuditLog | None:
    """Write the change of one resource (``before``/``after``: ``snapshot``s; empty for a
    create / a delete). ``secret_notes`` says what happened to a secret ("key changed"),
    never its value. An update that changed nothing writes nothing (None)."""
    fields: dict[str, Any] = _changed(before, after)
    for name, note in (secret_notes or {}).items():
        fields[name] = {"note": note}
    if not fields and action == "update":
        return None
    row = AuditLog(
        tenant_id=actor.tenant_id,
        actor_id=actor.id,
        action=action,
        resource_type=resource_type,
        resource_id=resource_id,
        changes={"label": label, "fields": fields},
    )
    row.validate()
    return add(session, row)


def _to_public(row: AuditLog, actor_name: str) -> AuditLogPublic:
    changes = row.changes or {}
    return AuditLogPublic(
        id=row.id or 0,
        action=row.action,
        resource_type=row.resource_type,
        resource_id=row.resource_id,
        label=str(changes.get("label", "")),
        fields=list((changes.get("fields") or {}).keys()),
        actor_name=actor_name,
        created_at=row.created_at,
    )


def recent(session: Session, *, actor: Actor, limit: int = RECENT_LIMIT) -> list[AuditLogPublic]:
    """The tenant's latest changes, newest first (admins)."""
    authorize(policy.can_list(actor))
    query = (
        policy.scope(actor, select(AuditLog, User.name))
        .join(User, User.id == AuditLog.actor_id)
        .order_by(AuditLog.created_at.desc(), AuditLog.id.desc())  # type: ignore[attr-defined]
        .limit(max(1, min(limit, RECENT_LIMIT)))
    )
    return [_to_public(row, name) for row, name in session.exec(query).all()]
