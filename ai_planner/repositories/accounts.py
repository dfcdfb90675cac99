"""Users and server-side sessions, as sign-in and session checks need them.

Why some look-ups here are NOT tenant-scoped: sign-in happens before anyone is known, so
there is no acting user whose tenant could filter the query. ``users_by_email`` therefore
searches every tenant by the typed email (emails are unique per tenant, not globally), and
``session_with_user`` finds a session by the hash of the browser's token. Both are called
only by ``services.auth``, which verifies a password or a live session before anything of
those rows leaves it; nothing here takes a tenant id or a user id from request input.
Everything after sign-in goes through the actor-scoped repositories.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session, col, select

from ai_planner.models import User, UserSession


def users_by_email(session: Session, email: str) -> Sequence[User]:
    """Every user with this email, across tenants (sign-in only: see the module docstring)."""
    normalized = email.strip().lower()
    if not normalized:
        return []
    return session.exec(
        select(User).where(User.email == normalized).order_by(col(User.id))
    ).all()


_MOST_SHARED_TTL = 300.0  # seconds between recounts
_most_shared: tuple[float, int] = (-_MOST_SHARED_TTL, 1)


def most_accounts_per_email(session: Session) -> int:
    """How many accounts the install's most-shared email has (1 when no email is in two
    tenants). Not about any typed email: sign-in spends this many password checks on every
    attempt. Recounted at most every five minutes."""
    global _most_shared
    checked_at, count = _most_shared
    now = time.monotonic()
    if now - checked_at < _MOST_SHARED_TTL:
        return count
    per_email = select(sa.func.count(col(User.id)).label("n")).group_by(col(User.email))
    found = session.exec(select(sa.func.max(per_email.subquery().c.n))).one()
    _most_shared = (now, max(1, int(found or 1)))
    return _most_shared[1]


def replace_password_hash(session: Session, *, user: User, new_hash: str) -> None:
    """Store a re-computed hash (parameters upgraded at sign-in)."""
    user.password_hash = new_hash
    session.add(user)
    session.flush()


def create_session(
    session: Session, *, user: User, token_hash: str, expires_at: datetime
) -> UserSession:
    row = UserSession(user_id=user.id, token_hash=token_hash, expires_at=expires_at)
    session.add(row)
    session.flush()
    return row


def session_with_user(session: Session, token_hash: str) -> tuple[UserSession, User] | None:
    """The session row for this token hash and its user, whatever their state; the caller
    decides whether it is still valid (expiry, revocation, active user)."""
    row = session.exec(
        select(UserSession, User)
        .join(User, col(User.id) == col(UserSession.user_id))
        .where(UserSession.token_hash == token_hash)
    ).first()
    if row is None:
        return None
    user_session, user = row
    return user_session, user


def revoke_session(session: Session, token_hash: str, *, now: datetime) -> bool:
    """Mark the session revoked; True when a live one was found."""
    user_session = session.exec(
        select(UserSession).where(
            UserSession.token_hash == token_hash, col(UserSession.revoked_at).is_(None)
        )
    ).first()
    if user_session is None:
        return False
    user_session.revoked_at = now
    session.add(user_session)
    session.flush()
    return True


def purge_stale_sessions(session: Session, *, user: User, older_than: datetime) -> int:
    """Delete ``user``'s sessions that expired or were revoked before ``older_than`` (they can
    never resolve again); live sessions stay. Returns how many rows were deleted."""
    result = session.execute(
        sa.delete(UserSession).where(
            col(UserSession.user_id) == user.id,
            sa.or_(
                col(UserSession.expires_at) < older_than,
                col(UserSession.revoked_at) < older_than,
            ),
        )
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
