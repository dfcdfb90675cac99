"""Sign-in, sign-out and "who is this session?": plain Python, testable without Reflex.

- A session is a random token kept in the browser's cookie; the database keeps only its
  sha256 hash, an expiry (``settings.session_hours``) and a revocation time.
- Unknown email and wrong password give the same message and spend the same hashing work.
- Five failed attempts for one email within a minute lock that email for a minute (counted
  in this process, or in Redis when REDIS_URL is set: see ``get_throttle``).
- Deactivated users cannot sign in, and their live sessions stop resolving to an actor.
- Each sign-in deletes that user's sessions that expired or were revoked more than
  ``STALE_SESSION_GRACE`` ago, so ``user_sessions`` does not grow forever.

Nothing here commits: the caller's ``session_scope()`` owns the transaction.
"""

from __future__ import annotations

import hashlib
import logging
import math
import secrets
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from redis.exceptions import RedisError
from sqlmodel import Session

from ai_planner.actor import Actor
from ai_planner.errors import AppError
from ai_planner.models import User, utcnow
from ai_planner.repositories import accounts
from ai_planner.services import passwords
from ai_planner.settings import get_settings

BAD_CREDENTIALS = "That email and password don't match an account."
DEACTIVATED = "This account has been deactivated. Ask your school's administrator."
log = logging.getLogger(__name__)

MAX_FAILURES = 5
FAILURE_WINDOW_SECONDS = 60.0
LOCKOUT_SECONDS = 60.0
# How long an expired or revoked session row stays before its user's next sign-in deletes it.
STALE_SESSION_GRACE = timedelta(days=1)


class SignInFailed(AppError):
    """Sign-in refused; ``message`` is safe to show."""


class LockedOut(SignInFailed):
    def __init__(self, seconds_left: int) -> None:
        super().__init__(
            "Too many failed sign-in attempts for this email. "
            f"It is locked for a minute; try again in {seconds_left} seconds."
        )
        self.seconds_left = seconds_left


@dataclass(frozen=True)
class SignedIn:
    token: str  # the raw token: goes into the cookie, never into the database
    actor: Actor
    expires_at: datetime


class LoginThrottle:
    """Failed attempts per email, kept in this process's memory.

    One backend process (the default ``reflex run`` without Redis) sees every attempt, so a
    dict is enough. With several backend processes (REDIS_URL set) ``RedisLoginThrottle``
    shares the count instead. ``clock`` returns monotonic seconds and is injectable.
    """

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._failures: dict[str, deque[float]] = {}
        self._locked_until: dict[str, float] = {}
        self._lock = threading.Lock()

    def seconds_locked(self, email: str) -> int:
        """Seconds left on this email's lock-out (0 when it may try)."""
        with self._lock:
            until = self._locked_until.get(email)
            if until is None:
                return 0
            left = until - self._clock()
            if left <= 0:
                del self._locked_until[email]
                return 0
            return max(1, math.ceil(left))

    def record_failure(self, email: str) -> bool:
        """Count a failure; True when this one locks the email."""
        with self._lock:
            now = self._clock()
            failures = self._failures.setdefault(email, deque())
            failures.append(now)
            while failures and now - failures[0] > FAILURE_WINDOW_SECONDS:
                failures.popleft()
            if len(failures) >= MAX_FAILURES:
                self._locked_until[email] = now + LOCKOUT_SECONDS
                failures.clear()
                return True
            return False

    def record_success(self, email: str) -> None:
        with self._lock:
            self._failures.pop(email, None)

    def reset(self) -> None:
        with self._lock:
            self._failures.clear()
            self._locked_until.clear()


class RedisLoginThrottle:
    """The same rules, counted in Redis so every backend process shares them.

    Keys hold a hash of the email, not the email. If Redis cannot be reached, the count
    falls back to this process's memory (logged) rather than locking everybody out.
    """

    def __init__(self, client: Any, prefix: str = "ai_planner:signin:") -> None:
        self._redis = client
        self._prefix = prefix
        self._fallback = LoginThrottle()

    def _key(self, kind: str, email: str) -> str:
        return f"{self._prefix}{kind}:{hashlib.sha256(email.encode()).hexdigest()}"

    def seconds_locked(self, email: str) -> int:
        try:
            ttl_ms = int(self._redis.pttl(self._key("lock", email)))
        except RedisError:
            log.warning("sign-in throttle: Redis unavailable, counting in memory")
            return self._fallback.seconds_locked(email)
        return math.ceil(ttl_ms / 1000) if ttl_ms > 0 else 0

    def record_failure(self, email: str) -> bool:
        key = self._key("fail", email)
        now = time.time()
        try:
            pipe = self._redis.pipeline()
            pipe.zadd(key, {f"{now:.6f}:{secrets.token_hex(4)}": now})
            pipe.zremrangebyscore(key, 0, now - FAILURE_WINDOW_SECONDS)
            pipe.zcard(key)
            pipe.expire(key, int(FAILURE_WINDOW_SECONDS) + 1)
            count = int(pipe.execute()[2])
            if count >= MAX_FAILURES:
                self._redis.set(self._key("lock", email), "1", px=int(LOCKOUT_SECONDS * 1000))
                self._redis.delete(key)
                return True
            return False
        except RedisError:
            log.warning("sign-in throttle: Redis unavailable, counting in memory")
            return self._fallback.record_failure(email)

    def record_success(self, email: str) -> None:
        try:
            self._redis.delete(self._key("fail", email))
        except RedisError:
            self._fallback.record_success(email)

    def reset(self) -> None:
        self._fallback.reset()
        try:
            for key in self._redis.scan_iter(match=f"{self._prefix}*"):
                self._redis.delete(key)
        except RedisError:
            pass


Throttle = LoginThrottle | RedisLoginThrottle
_throttle: Throttle | None = None
_throttle_lock = threading.Lock()


def get_throttle() -> Throttle:
    """The process-wide throttle: Redis when REDIS_URL is set, else this process's memory."""
    global _throttle
    with _throttle_lock:
        if _throttle is None:
            redis_url = get_settings().redis_url
            if redis_url:
                import redis

                client = redis.Redis.from_url(redis_url, socket_timeout=2,
                                              socket_connect_timeout=2)
                _throttle = RedisLoginThrottle(client)
            else:
                _throttle = LoginThrottle()
        return _throttle


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _actor(user: User) -> Actor:
    assert user.id is not None
    return Actor(id=user.id, tenant_id=user.tenant_id, role=user.role, name=user.name,
                 email=user.email)


def _matching_user(password: str, candidates: list[User]) -> tuple[User | None, str | None]:
    """The candidate whose password matches (re-hashing it when its parameters are old).

    Emails are unique per tenant, not globally: when several tenants have a user with this
    email, each one's hash is tried and the first match (lowest id) wins. Two accounts with
    the same email AND the same password would be ambiguous; the lowest id is chosen.
    """
    if not candidates:
        passwords.burn_time_for_unknown_user(password)
        return None, None
    for user in candidates:
        ok, new_hash = passwords.verify_password(password, user.password_hash)
        if ok:
            return user, new_hash
    return None, None


def sign_in(
    session: Session,
    *,
    email: str,
    password: str,
    throttle: Throttle | None = None,
    now: datetime | None = None,
) -> SignedIn:
    """Check the credentials and open a session; raises SignInFailed / LockedOut."""
    throttle = throttle or get_throttle()
    normalized = email.strip().lower()
    if not normalized or not password:
        raise SignInFailed("Enter your email and password.")
    seconds = throttle.seconds_locked(normalized)
    if seconds:
        raise LockedOut(seconds)

    candidates = list(accounts.users_by_email(session, normalized))
    user, new_hash = _matching_user(password, candidates)
    if user is None:
        if throttle.record_failure(normalized):
            raise LockedOut(int(LOCKOUT_SECONDS))
        raise SignInFailed(BAD_CREDENTIALS)
    if not user.active:
        throttle.record_failure(normalized)
        raise SignInFailed(DEACTIVATED)

    throttle.record_success(normalized)
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
