"""How many failed sign-ins are allowed, per email, per client address and in all.

Four counters, each over a sliding window; reaching a limit locks that key for a while:

- an email from one address: 5 failures a minute lock that pair for a minute (a person
  mistyping is slowed, nobody else is);
- an email from anywhere: 20 failures in 15 minutes lock the email, for 1 minute the first
  time, doubling each time it happens again within a day, never more than 15 minutes. So
  strangers who guess from many addresses are slowed, and the victim is locked out for a
  bounded time, not until someone intervenes;
- an address: 30 failures in 10 minutes lock the address for 10 minutes (one password
  sprayed over many accounts from one place);
- the whole install: 1,000 failures a minute pause every sign-in attempt that fails for the
  rest of the minute (a spray from many places).

Counted in this process's memory, or in Redis when REDIS_URL is set (several backend
processes share it). Keys hold hashes, never an email or an address. If Redis cannot be
reached the counts fall back to this process's memory (logged) rather than locking
everybody out.
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
from typing import Any, Protocol

from redis.exceptions import RedisError

from ai_planner.settings import get_settings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Rule:
    scope: str  # "pair", "email", "address" or "install"
    limit: int  # failures within the window that lock
    window: float  # seconds
    lock: float  # seconds of the first lock
    max_lock: float  # doubling stops here
    message: str


RULES: tuple[Rule, ...] = (
    Rule("pair", 5, 60, 60, 60,
         "Too many failed sign-in attempts for this email: it is locked for now. "
         "Try again in {wait}."),
    Rule("email", 20, 900, 60, 900,
         "Too many failed sign-in attempts for this email: it is locked for now. "
         "Try again in {wait}."),
    Rule("address", 30, 600, 600, 600,
         "Too many failed sign-in attempts from your network: sign-in is locked for now. "
         "Try again in {wait}."),
    Rule("install", 1000, 60, 60, 60,
         "Sign-in is paused for a moment because of unusual activity. Try again in {wait}."),
)
STREAK_MEMORY = 86_400.0  # a lock within a day of the last one doubles


@dataclass(frozen=True)
class Lock:
    seconds: int
    message: str


def wait_words(seconds: int) -> str:
    if seconds < 90:
        return f"{seconds} seconds"
    return f"{math.ceil(seconds / 60)} minutes"


class Counters(Protocol):
    def add_failure(self, key: str, window: float) -> int: ...
    def locked_for(self, key: str) -> float: ...
    def lock(self, key: str, seconds: float) -> None: ...
    def next_streak(self, key: str) -> int: ...
    def clear(self, key: str) -> None: ...
    def reset(self) -> None: ...


class MemoryCounters:
    """Sliding windows and locks in this process (``clock``: monotonic seconds)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._hits: dict[str, deque[float]] = {}
        self._until: dict[str, float] = {}
        self._streaks: dict[str, tuple[int, float]] = {}
        self._mutex = threading.Lock()

    def add_failure(self, key: str, window: float) -> int:
        with self._mutex:
            now = self._clock()
            hits = self._hits.setdefault(key, deque())
            hits.append(now)
            while hits and now - hits[0] > window:
                hits.popleft()
            return len(hits)

    def locked_for(self, key: str) -> float:
        with self._mutex:
            left = self._until.get(key, 0.0) - self._clock()
            if left <= 0:
                self._until.pop(key, None)
                return 0.0
            return left

    def lock(self, key: str, seconds: float) -> None:
        with self._mutex:
            self._until[key] = self._clock() + seconds
            self._hits.pop(key, None)

    def next_streak(self, key: str) -> int:
        """How many locks this key had within STREAK_MEMORY before this one."""
        with self._mutex:
            now = self._clock()
            count, last = self._streaks.get(key, (0, -STREAK_MEMORY))
            count = count if now - last < STREAK_MEMORY else 0
            self._streaks[key] = (count + 1, now)
            return count

    def clear(self, key: str) -> None:
        with self._mutex:
            self._hits.pop(key, None)

    def reset(self) -> None:
        with self._mutex:
            self._hits.clear()
            self._until.clear()
            self._streaks.clear()


class RedisCounters:
    """The same counters in Redis (sorted sets for windows, keys with a TTL for locks)."""

    def __init__(self, client: Any, prefix: str = "ai_planner:signin:") -> None:
        self._redis = client
        self._prefix = prefix
        self._fallback = MemoryCounters()

    def _key(self, kind: str, key: str) -> str:
        return f"{self._prefix}{kind}:{key}"

    def _guarded(self, redis_call: Callable[[], Any], memory_call: Callable[[], Any]) -> Any:
        try:
            return redis_call()
        except RedisError:
            log.warning("sign-in throttle: Redis unavailable, counting in memory")
            return memory_call()

    def add_failure(self, key: str, window: float) -> int:
        def in_redis() -> int:
            now, name = time.time(), self._key("fail", key)
            pipe = self._redis.pipeline()
            pipe.zadd(name, {f"{now:.6f}:{secrets.token_hex(4)}": now})
            pipe.zremrangebyscore(name, 0, now - window)
            pipe.zcard(name)
            pipe.expire(name, int(window) + 1)
            return int(pipe.execute()[2])

        return int(self._guarded(in_redis, lambda: self._fallback.add_failure(key, window)))

    def locked_for(self, key: str) -> float:
        def in_redis() -> float:
            ttl_ms = int(self._redis.pttl(self._key("lock", key)))
            return ttl_ms / 1000 if ttl_ms > 0 else 0.0

        return float(self._guarded(in_redis, lambda: self._fallback.locked_for(key)))

    def lock(self, key: str, seconds: float) -> None:
        def in_redis() -> None:
            self._redis.set(self._key("lock", key), "1", px=int(seconds * 1000))
            self._redis.delete(self._key("fail", key))

        self._guarded(in_redis, lambda: self._fallback.lock(key, seconds))

    def next_streak(self, key: str) -> int:
        def in_redis() -> int:
            name = self._key("streak", key)
            pipe = self._redis.pipeline()
            pipe.incr(name)
            pipe.expire(name, int(STREAK_MEMORY))
            return int(pipe.execute()[0]) - 1

        return int(self._guarded(in_redis, lambda: self._fallback.next_streak(key)))

    def clear(self, key: str) -> None:
        self._guarded(lambda: self._redis.delete(self._key("fail", key)),
                      lambda: self._fallback.clear(key))

    def reset(self) -> None:
        self._fallback.reset()
        try:
            for name in self._redis.scan_iter(match=f"{self._prefix}*"):
                self._redis.delete(name)
        except RedisError:
            pass


def _hashed(*parts: str) -> str:
    return hashlib.sha256("\x00".join(parts).encode()).hexdigest()[:32]


class LoginThrottle:
    """The rules of this module over a ``Counters`` store (in memory by default)."""

    def __init__(self, counters: Counters | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.counters: Counters = counters or MemoryCounters(clock)

    @staticmethod
    def _keys(email: str, address: str) -> dict[str, str]:
        return {"pair": _hashed("pair", email, address), "email": _hashed("email", email),
                "address": _hashed("address", address), "install": "install"}

    def locked(self, email: str, address: str = "") -> Lock | None:
        """The longest lock that applies to this attempt, if any."""
        keys = self._keys(email, address)
        found: Lock | None = None
        for rule in RULES:
            left = self.counters.locked_for(f"{rule.scope}:{keys[rule.scope]}")
            if left > 0 and (found is None or left > found.seconds):
                seconds = max(1, math.ceil(left))
                found = Lock(seconds, rule.message.format(wait=wait_words(seconds)))
        return found

    def record_failure(self, email: str, address: str = "") -> Lock | None:
        """Count a failure under every rule; the lock it caused, if any."""
        keys = self._keys(email, address)
        caused: Lock | None = None
        for rule in RULES:
            key = f"{rule.scope}:{keys[rule.scope]}"
            if self.counters.add_failure(key, rule.window) < rule.limit:
                continue
            streak = self.counters.next_streak(key) if rule.max_lock > rule.lock else 0
            seconds = min(rule.max_lock, rule.lock * 2**streak)
            self.counters.lock(key, seconds)
            if caused is None or seconds > caused.seconds:
                caused = Lock(int(seconds), rule.message.format(wait=wait_words(int(seconds))))
        return caused

    def record_success(self, email: str, address: str = "") -> None:
        keys = self._keys(email, address)
        self.counters.clear(f"pair:{keys['pair']}")
        self.counters.clear(f"email:{keys['email']}")

    def reset(self) -> None:
        self.counters.reset()


_throttle: LoginThrottle | None = None
_throttle_mutex = threading.Lock()


def get_throttle() -> LoginThrottle:
    """The process-wide throttle: Redis when REDIS_URL is set, else this process's memory."""
    global _throttle
    with _throttle_mutex:
        if _throttle is None:
            redis_url = get_settings().redis_url
            if redis_url:
                import redis

                client = redis.Redis.from_url(redis_url, socket_timeout=2,
                                              socket_connect_timeout=2)
                _throttle = LoginThrottle(RedisCounters(client))
            else:
                _throttle = LoginThrottle()
        return _throttle
