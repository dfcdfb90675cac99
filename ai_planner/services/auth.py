"""Sign-in, sign-out and "who is this session?": plain Python, testable without Reflex.

- A session is a random token kept in the browser's cookie; the database keeps only its
  sha256 hash, an expiry (``settings.session_hours``) and a revocation time.
- Unknown email, wrong password and a password too long to be anyone's give the same
  message and spend the same hashing work: every attempt verifies as many argon2 hashes as
  the install's most-shared email has accounts (``accounts.most_accounts_per_email``), real
  ones first, so timing tells nothing about how many tenants know an email.
- Failures are counted per email and address, per email, per address and for the whole
  install (``services/signin_throttle.py``).
- Deactivated users cannot sign in, and their live sessions stop resolving to an actor. The
  "deactivated" message is shown only after the right password: whoever sees it knows the
  password already, so it reveals nothing to a guesser, and it tells the real person why
  (and whom to ask) instead of leaving them to retry a correct password.
- Each sign-in deletes that user's sessions that expired or were revoked more than
  ``STALE_SESSION_GRACE`` ago, so ``user_sessions`` does not grow forever.

Nothing here commits: the caller's ``session_scope()`` owns the transaction.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session

from ai_planner.actor import Actor
from ai_planner.errors import AppError
from ai_planner.models import User, utcnow
from ai_planner.repositories import accounts
from ai_planner.services import passwords, signin_throttle
from ai_planner.services.signin_throttle import LoginThrottle, get_throttle
from ai_planner.settings import get_settings

BAD_CREDENTIALS = "That email and password don't match an account."
DEACTIVATED = "This account has been deactivated. Ask your school's administrator."
log = logging.getLogger(__name__)

# How long an expired or revoked session row stays before its user's next sign-in deletes it.
STALE_SESSION_GRACE = timedelta(days=1)


class SignInFailed(AppError):
    """Sign-in refused; ``message`` is safe to show."""


class LockedOut(SignInFailed):
    def __init__(self, lock: signin_throttle.Lock) -> None:
        super().__init__(lock.message)
        self.seconds_left = lock.seconds


@dataclass(frozen=True)
class SignedIn:
    token: str  # the raw token: goes into the cookie, never into the database
    actor: Actor
    expires_at: datetime


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _actor(user: User) -> Actor:
    assert user.id is not None
    return Actor(id=user.id, tenant_id=user.tenant_id, role=user.role, name=user.name,
                 email=user.email)


def _matching_user(password: str, candidates: list[User], checks: int
                   ) -> tuple[User | None, str | None]:
    """The candidate whose password matches (re-hashing it when its parameters are old),
    after exactly ``checks`` argon2 verifications whatever was found (dummy ones pad).

    Emails are unique per tenant, not globally: when several tenants have a user with this
    email, each one's hash is tried and the first match (lowest id) wins. Two accounts with
    the same email AND the same password would be ambiguous; the lowest id is chosen.
    """
    found: tuple[User | None, str | None] = (None, None)
    for user in candidates:
        ok, new_hash = passwords.verify_password(password, user.password_hash)
        if ok and found[0] is None:
            found = (user, new_hash)
    for _ in range(checks - len(candidates)):
        passwords.burn_time_for_unknown_user(password)
    return found


def sign_in(
    session: Session,
    *,
    email: str,
    password: str,
    address: str = "",
    throttle: LoginThrottle | None = None,
    now: datetime | None = None,
) -> SignedIn:
    """Check the credentials and open a session; raises SignInFailed / LockedOut.
    ``address`` is the client's address, for the throttle."""
    throttle = throttle or get_throttle()
    normalized = email.strip().lower()[:passwords.MAX_EMAIL_LENGTH]
    if not normalized or not password:
        raise SignInFailed("Enter your email and password.")
    lock = throttle.locked(normalized, address)
    if lock is not None:
        raise LockedOut(lock)

    candidates = list(accounts.users_by_email(session, normalized))
    checks = max(1, accounts.most_accounts_per_email(session), len(candidates))
    if passwords.too_long(password):
        # No account has such a password (they are capped when set): the same answer and
        # the same work as any wrong password, and it counts as a failure.
        user, new_hash = _matching_user("", [], checks)
    else:
        user, new_hash = _matching_user(password, candidates, checks)
    if user is None:
        lock = throttle.record_failure(normalized, address)
        if lock is not None:
            raise LockedOut(lock)
        raise SignInFailed(BAD_CREDENTIALS)
    if not user.active:
        throttle.record_failure(normalized, address)
        raise SignInFailed(DEACTIVATED)

    throttle.record_success(normalized, address)
    if new_hash:
        accounts.replace_password_hash(session, user=user, new_hash=new_hash)
    now = now or utcnow()
    token = secrets.token_urlsafe(32)
    expires_at = now + timedelta(hours=get_settings().session_hours)
    accounts.purge_stale_sessions(session, user=user, older_than=now - STALE_SESSION_GRACE)
    accounts.create_session(session, user=user, token_hash=hash_token(token),
                            expires_at=expires_at)
    return SignedIn(token=token, actor=_actor(user), expires_at=expires_at)


def actor_for_token(session: Session, token: str | None, *, now: datetime | None = None
                    ) -> Actor | None:
    """The acting user of a live session, or None (no token, unknown, expired, revoked,
    or the user was deactivated). Read from the database every time."""
    if not token:
        return None
    found = accounts.session_with_user(session, hash_token(token))
    if found is None:
        return None
    user_session, user = found
    now = now or utcnow()
    if user_session.revoked_at is not None or user_session.expires_at <= now:
        return None
    if not user.active:
        return None
    return _actor(user)


def sign_out(session: Session, token: str | None, *, now: datetime | None = None) -> bool:
    """Revoke the session behind this token; True when a live session was ended."""
    if not token:
        return False
    return accounts.revoke_session(session, hash_token(token), now=now or utcnow())


def session_max_age_seconds() -> int:
    return int(get_settings().session_hours * 3600)
