"""Sign-in from the attacker's side: over-long passwords, equal work whatever the email,
spraying from one address or many, bounded lock-outs, and the shared (Redis) counters."""

from __future__ import annotations

import uuid

import pytest

from ai_planner.repositories import accounts
from ai_planner.services import auth, passwords, signin_throttle
from ai_planner.services.signin_throttle import LoginThrottle, MemoryCounters, RedisCounters
from ai_planner.settings import get_settings
from tests.factories import PASSWORD, make_tenant, make_user


@pytest.fixture
def hash_checks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every argon2 verification sign-in makes ("real" or "dummy")."""
    calls: list[str] = []
    real_verify, real_burn = passwords.verify_password, passwords.burn_time_for_unknown_user

    def verify(password: str, password_hash: str | None):  # type: ignore[no-untyped-def]
        calls.append("real")
        return real_verify(password, password_hash)

    def burn(password: str) -> None:
        calls.append("dummy")
        real_burn(password)

    monkeypatch.setattr(passwords, "verify_password", verify)
    monkeypatch.setattr(passwords, "burn_time_for_unknown_user", burn)
    monkeypatch.setattr(accounts, "_most_shared", (-1e9, 1))  # recount for this test's data
    return calls


def _fails(session, email: str, password: str, throttle: LoginThrottle,  # type: ignore[no-untyped-def]
           address: str = "10.0.0.1") -> auth.SignInFailed:
    with pytest.raises(auth.SignInFailed) as exc:
        auth.sign_in(session, email=email, password=password, address=address,
                     throttle=throttle)
    return exc.value


@pytest.mark.parametrize("email", ["teacher@maple.test", "ghost@maple.test"])
def test_an_over_long_password_gets_the_usual_answer_and_counts(session, world, throttle,
                                                                email):
    """Before: 5,000 bytes raised PasswordSizeError for an unknown email (uncounted), and a
    normal message for a known one."""
    failure = _fails(session, email, "x" * 5000, throttle)
    assert type(failure) is auth.SignInFailed
    assert failure.message == auth.BAD_CREDENTIALS
    for _ in range(4):
        _fails(session, email, "y" * 5000, throttle)
    assert isinstance(_fails(session, email, "z" * 5000, throttle), auth.LockedOut)


def test_new_passwords_are_capped_too() -> None:
    assert passwords.validate_new_password("p" * 256) is None
    assert passwords.validate_new_password("p" * 257) == "Password must be at most 256 characters."
    assert passwords.too_long("é" * 600)  # 1,200 bytes


def test_every_attempt_costs_the_same_hashing_work(session, world, throttle, hash_checks):
    """Before: an email in two tenants cost two argon2 checks, an unknown one one."""
    oak, elm = make_tenant(session, "oak"), make_tenant(session, "elm")
    make_user(session, oak, "shared@school.test")
    make_user(session, elm, "shared@school.test")
    counts = {}
    for email in ("shared@school.test", "teacher@maple.test", "ghost@nowhere.test"):
        hash_checks.clear()
        _fails(session, email, "wrong-password", throttle, address=email)
        counts[email] = len(hash_checks)
    hash_checks.clear()
    auth.sign_in(session, email="teacher@maple.test", password=PASSWORD, throttle=throttle)
    counts["right password"] = len(hash_checks)
    hash_checks.clear()
    _fails(session, "teacher@maple.test", "x" * 5000, throttle, address="long")
    counts["too long"] = len(hash_checks)
    assert set(counts.values()) == {2}, counts


def test_one_address_spraying_many_emails_is_locked(session, world, throttle):
    for i in range(29):
        failure = _fails(session, f"user{i}@maple.test", "Spring2026!", throttle, "10.9.9.9")
        assert not isinstance(failure, auth.LockedOut)
    locked = _fails(session, "user29@maple.test", "Spring2026!", throttle, "10.9.9.9")
    assert isinstance(locked, auth.LockedOut) and "your network" in locked.message
    # ... even for a real account with its right password, from that address only.
    assert isinstance(_fails(session, "teacher@maple.test", PASSWORD, throttle, "10.9.9.9"),
                      auth.LockedOut)
    assert auth.sign_in(session, email="teacher@maple.test", password=PASSWORD,
                        address="10.1.1.1", throttle=throttle).actor.id == world.maple.teacher.id


def test_a_spray_from_everywhere_pauses_failing_sign_ins(clock):
    throttle = LoginThrottle(clock=clock)
    for i in range(999):
        assert throttle.record_failure(f"user{i}@x.test", f"10.0.{i // 250}.{i % 250}") is None
    lock = throttle.record_failure("last@x.test", "10.7.7.7")
    assert lock is not None and "unusual activity" in lock.message
    assert throttle.locked("anyone@x.test", "10.8.8.8") is not None
    clock.advance(61)
    assert throttle.locked("anyone@x.test", "10.8.8.8") is None


def test_a_victim_is_locked_out_for_a_bounded_time_that_backs_off(clock):
    """Strangers from many addresses guessing one email: the email locks for 1 minute, then
    2, 4, 8 … never more than 15 minutes; the owner can always sign in again after that."""
    throttle = LoginThrottle(clock=clock)
    locks = []
    for round_ in range(7):
        lock = None
        for i in range(20):
            lock = throttle.record_failure("victim@maple.test", f"10.{round_}.{i}.1") or lock
        assert lock is not None
        locks.append(lock.seconds)
        clock.advance(lock.seconds + 1)
        assert throttle.locked("victim@maple.test", "192.0.2.1") is None
    assert locks == [60, 120, 240, 480, 900, 900, 900]


def test_a_mistyping_person_locks_only_their_own_pair(clock):
    throttle = LoginThrottle(clock=clock)
    for _ in range(5):
        throttle.record_failure("teacher@maple.test", "10.0.0.1")
    assert throttle.locked("teacher@maple.test", "10.0.0.1") is not None
    assert throttle.locked("teacher@maple.test", "10.0.0.2") is None  # the victim elsewhere


# --- the shared (Redis) counters used with several backend processes ------------------------


@pytest.fixture
def redis_throttle():
    import redis

    client = redis.Redis.from_url("redis://127.0.0.1:6379/0", socket_timeout=2)
    try:
        client.ping()
    except redis.RedisError as exc:
        pytest.skip(f"Redis is not reachable on 127.0.0.1:6379: {exc}")
    counters = RedisCounters(client, prefix=f"ai_planner_test:{uuid.uuid4().hex}:")
    throttle = LoginThrottle(counters)
    yield throttle
    throttle.reset()
    client.close()


def test_redis_throttle_locks_after_five_failures_for_a_minute(session, world, redis_throttle):
    for _ in range(4):
        assert not isinstance(_fails(session, "teacher@maple.test", "wrong", redis_throttle),
                              auth.LockedOut)
    assert isinstance(_fails(session, "teacher@maple.test", "wrong", redis_throttle),
                      auth.LockedOut)
    lock = redis_throttle.locked("teacher@maple.test", "10.0.0.1")
    assert lock is not None and 55 <= lock.seconds <= 60
    assert isinstance(_fails(session, "teacher@maple.test", PASSWORD, redis_throttle),
                      auth.LockedOut)
    # The lock is a key with a one-minute expiry; once it is gone the right password works.
    redis_throttle.reset()
    assert auth.sign_in(session, email="teacher@maple.test", password=PASSWORD,
                        address="10.0.0.1", throttle=redis_throttle).actor.id == \
        world.maple.teacher.id


def test_redis_keys_hold_neither_the_email_nor_the_address(redis_throttle):
    redis_throttle.record_failure("teacher@maple.test", "10.20.30.40")
    counters = redis_throttle.counters
    keys = [k.decode() for k in counters._redis.scan_iter(match=f"{counters._prefix}*")]
    assert keys and all("teacher" not in key and "10.20" not in key for key in keys)


class DeadRedis:
    """Every command fails the way redis-py fails when the server is gone."""

    def __getattr__(self, name: str):  # type: ignore[no-untyped-def]
        from redis.exceptions import ConnectionError as RedisConnectionError

        def fail(*args, **kwargs):  # type: ignore[no-untyped-def]
            raise RedisConnectionError("Connection refused")

        return fail


def test_redis_throttle_falls_back_to_memory_when_redis_is_down():
    throttle = LoginThrottle(RedisCounters(DeadRedis()))
    for _ in range(4):
        assert throttle.record_failure("x@maple.test", "10.0.0.1") is None
    assert throttle.record_failure("x@maple.test", "10.0.0.1") is not None
    assert throttle.locked("x@maple.test", "10.0.0.1") is not None
    assert throttle.locked("y@maple.test", "10.0.0.1") is None


def test_default_throttle_follows_redis_url(monkeypatch):
    monkeypatch.setattr(signin_throttle, "_throttle", None)
    monkeypatch.setattr(get_settings(), "redis_url", "")
    assert isinstance(signin_throttle.get_throttle().counters, MemoryCounters)
    monkeypatch.setattr(signin_throttle, "_throttle", None)
    monkeypatch.setattr(get_settings(), "redis_url", "redis://127.0.0.1:6379/0")
    assert isinstance(signin_throttle.get_throttle().counters, RedisCounters)
    monkeypatch.setattr(signin_throttle, "_throttle", None)
