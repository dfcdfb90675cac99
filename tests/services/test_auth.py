"""Sign-in, sessions, lock-out and re-hash, without Reflex."""

from __future__ import annotations

from datetime import timedelta

import pytest
from passlib.context import CryptContext
from sqlmodel import Session, select

from ai_planner.models import User, UserSession, utcnow
from ai_planner.repositories import accounts
from ai_planner.services import auth, passwords
from ai_planner.settings import get_settings
from tests.factories import PASSWORD, make_tenant, make_user


def _sessions(session: Session, user: User) -> list[UserSession]:
    return list(session.exec(select(UserSession).where(UserSession.user_id == user.id)).all())


def test_sign_in_opens_a_session_storing_only_the_token_hash(session, world, throttle):
    teacher = world.maple.teacher
    result = auth.sign_in(session, email="  Teacher@Maple.test ", password=PASSWORD,
                          throttle=throttle)

    assert result.actor.id == teacher.id
    assert result.actor.tenant_id == world.maple.tenant.id
    assert result.actor.role == "teacher"
    rows = _sessions(session, teacher)
    assert len(rows) == 1
    assert rows[0].token_hash == auth.hash_token(result.token) != result.token
    assert result.token not in rows[0].token_hash
    expected = timedelta(hours=get_settings().session_hours)
    assert abs((rows[0].expires_at - rows[0].created_at) - expected) < timedelta(seconds=5)
    assert auth.actor_for_token(session, result.token) == result.actor


def test_tokens_are_random_per_sign_in(session, world, throttle):
    first = auth.sign_in(session, email="teacher@maple.test", password=PASSWORD,
                         throttle=throttle)
    second = auth.sign_in(session, email="teacher@maple.test", password=PASSWORD,
                          throttle=throttle)
    assert first.token != second.token
    assert len(first.token) >= 40


def test_wrong_password_and_unknown_email_say_the_same(session, world, throttle, monkeypatch):
    calls: list[str] = []
    real_burn = passwords.burn_time_for_unknown_user
    real_verify = passwords.verify_password
    monkeypatch.setattr(passwords, "burn_time_for_unknown_user",
                        lambda pw: (calls.append("burn"), real_burn(pw))[1])
    monkeypatch.setattr(passwords, "verify_password",
                        lambda pw, h: (calls.append("verify"), real_verify(pw, h))[1])

    with pytest.raises(auth.SignInFailed) as wrong:
        auth.sign_in(session, email="teacher@maple.test", password="not-it-at-all",
                     throttle=throttle)
    with pytest.raises(auth.SignInFailed) as unknown:
        auth.sign_in(session, email="nobody@maple.test", password="not-it-at-all",
                     throttle=throttle)

    assert wrong.value.message == unknown.value.message == auth.BAD_CREDENTIALS
    assert type(wrong.value) is type(unknown.value) is auth.SignInFailed
    # Both paths spend exactly one argon2 verification.
    assert calls == ["verify", "burn"]
    assert session.exec(select(UserSession)).all() == []


def test_empty_credentials_are_refused(session, world, throttle):
    with pytest.raises(auth.SignInFailed):
        auth.sign_in(session, email="", password=PASSWORD, throttle=throttle)
    with pytest.raises(auth.SignInFailed):
        auth.sign_in(session, email="teacher@maple.test", password="", throttle=throttle)


def test_five_failures_in_a_minute_lock_the_email_for_a_minute(session, world, throttle, clock):
    for _ in range(4):
        with pytest.raises(auth.SignInFailed) as exc:
            auth.sign_in(session, email="teacher@maple.test", password="wrong-password",
                         throttle=throttle)
        assert not isinstance(exc.value, auth.LockedOut)
        clock.advance(5)
    with pytest.raises(auth.LockedOut) as locked:
        auth.sign_in(session, email="teacher@maple.test", password="wrong-password",
                     throttle=throttle)
    assert "locked" in locked.value.message.lower()

    # Even the right password is refused while locked; other emails are not affected.
    clock.advance(30)
    with pytest.raises(auth.LockedOut) as still:
        auth.sign_in(session, email="TEACHER@maple.test", password=PASSWORD, throttle=throttle)
    assert 1 <= still.value.seconds_left <= 30
    assert auth.sign_in(session, email="teacher2@maple.test", password=PASSWORD,
                        throttle=throttle).actor.id == world.maple.teacher2.id

    clock.advance(31)
    result = auth.sign_in(session, email="teacher@maple.test", password=PASSWORD,
                          throttle=throttle)
    assert result.actor.id == world.maple.teacher.id


def test_unknown_emails_lock_out_too(session, world, throttle):
    for _ in range(4):
        with pytest.raises(auth.SignInFailed):
            auth.sign_in(session, email="ghost@maple.test", password="x" * 10, throttle=throttle)
    with pytest.raises(auth.LockedOut):
        auth.sign_in(session, email="ghost@maple.test", password="x" * 10, throttle=throttle)


def test_failures_spread_over_more_than_a_minute_do_not_lock(session, world, throttle, clock):
    for _ in range(8):
        with pytest.raises(auth.SignInFailed) as exc:
            auth.sign_in(session, email="teacher@maple.test", password="wrong-password",
                         throttle=throttle)
        assert not isinstance(exc.value, auth.LockedOut)
        clock.advance(16)  # at most four failures in any 60 s window
    assert auth.sign_in(session, email="teacher@maple.test", password=PASSWORD,
                        throttle=throttle).actor.id == world.maple.teacher.id


def test_a_success_resets_the_failure_count(session, world, throttle):
    for _ in range(4):
        with pytest.raises(auth.SignInFailed):
            auth.sign_in(session, email="teacher@maple.test", password="wrong-password",
                         throttle=throttle)
    auth.sign_in(session, email="teacher@maple.test", password=PASSWORD, throttle=throttle)
    with pytest.raises(auth.SignInFailed) as exc:
        auth.sign_in(session, email="teacher@maple.test", password="wrong-password",
                     throttle=throttle)
    assert not isinstance(exc.value, auth.LockedOut)


def test_deactivated_user_cannot_sign_in_and_sessions_stop_working(session, world, throttle):
    teacher = world.maple.teacher
    live = auth.sign_in(session, email="teacher@maple.test", password=PASSWORD,
                        throttle=throttle)
    assert auth.actor_for_token(session, live.token) is not None

    teacher.active = False
    session.add(teacher)
    session.commit()

    assert auth.actor_for_token(session, live.token) is None
    with pytest.raises(auth.SignInFailed) as exc:
        auth.sign_in(session, email="teacher@maple.test", password=PASSWORD, throttle=throttle)
    assert exc.value.message == auth.DEACTIVATED
    assert len(_sessions(session, teacher)) == 1  # no new session


def test_deactivated_user_with_wrong_password_gets_the_generic_message(session, world,
                                                                         throttle):
    world.maple.teacher.active = False
    session.add(world.maple.teacher)
    session.commit()
    with pytest.raises(auth.SignInFailed) as exc:
        auth.sign_in(session, email="teacher@maple.test", password="wrong-password",
                     throttle=throttle)
    assert exc.value.message == auth.BAD_CREDENTIALS


def test_expired_session_no_longer_resolves(session, world, throttle):
    start = utcnow()
    result = auth.sign_in(session, email="teacher@maple.test", password=PASSWORD,
                          throttle=throttle, now=start)
    hours = get_settings().session_hours
    assert auth.actor_for_token(session, result.token,
                                now=start + timedelta(hours=hours, seconds=-1)) is not None
    assert auth.actor_for_token(session, result.token,
                                now=start + timedelta(hours=hours)) is None


def test_session_hours_setting_sets_the_expiry(session, world, throttle, monkeypatch):
    monkeypatch.setattr(get_settings(), "session_hours", 2.0)
    start = utcnow()
    result = auth.sign_in(session, email="teacher@maple.test", password=PASSWORD,
                          throttle=throttle, now=start)
    assert result.expires_at == start + timedelta(hours=2)
    assert auth.session_max_age_seconds() == 7200


def test_sign_out_revokes_the_session(session, world, throttle):
    result = auth.sign_in(session, email="teacher@maple.test", password=PASSWORD,
                          throttle=throttle)
    other = auth.sign_in(session, email="teacher@maple.test", password=PASSWORD,
                         throttle=throttle)

    assert auth.sign_out(session, result.token) is True
    assert auth.actor_for_token(session, result.token) is None
    row = session.exec(select(UserSession).where(
        UserSession.token_hash == auth.hash_token(result.token))).one()
    assert row.revoked_at is not None
    # Signing out twice is harmless; the other device's session is untouched.
    assert auth.sign_out(session, result.token) is False
    assert auth.actor_for_token(session, other.token) is not None


def _add_session(session: Session, user: User, token: str, expires_at, revoked_at=None) -> None:
    session.add(UserSession(user_id=user.id, token_hash=auth.hash_token(token),
                            expires_at=expires_at, revoked_at=revoked_at))
    session.commit()


def test_sign_in_deletes_the_users_long_dead_sessions_and_keeps_the_rest(session, world,
                                                                           throttle):
    teacher, teacher2 = world.maple.teacher, world.maple.teacher2
    now = utcnow()
    long_ago = now - timedelta(days=2)
    lately = now - timedelta(hours=1)
    later = now + timedelta(days=1)
    _add_session(session, teacher, "expired-long-ago", long_ago)
    _add_session(session, teacher, "revoked-long-ago", later, revoked_at=long_ago)
    _add_session(session, teacher, "expired-lately", lately)
    _add_session(session, teacher, "revoked-lately", later, revoked_at=lately)
    _add_session(session, teacher, "live", later)
    _add_session(session, teacher2, "other-user-expired-long-ago", long_ago)

    result = auth.sign_in(session, email="teacher@maple.test", password=PASSWORD,
                          throttle=throttle, now=now)

    session.expire_all()
    kept = {row.token_hash for row in _sessions(session, teacher)}
    assert kept == {auth.hash_token(token) for token in
                    ("expired-lately", "revoked-lately", "live", result.token)}
    # Another user's rows wait for that user's own sign-in.
    assert [row.token_hash for row in _sessions(session, teacher2)] == [
        auth.hash_token("other-user-expired-long-ago")]
    assert auth.actor_for_token(session, "live", now=now) == result.actor
    assert auth.actor_for_token(session, result.token, now=now) == result.actor


def test_purge_stale_sessions_counts_what_it_deleted(session, world):
    teacher = world.maple.teacher
    cutoff = utcnow()
    _add_session(session, teacher, "expired-before", cutoff - timedelta(seconds=1))
    _add_session(session, teacher, "expires-at-cutoff", cutoff)
    _add_session(session, teacher, "revoked-before", cutoff + timedelta(days=1),
                 revoked_at=cutoff - timedelta(seconds=1))

    assert accounts.purge_stale_sessions(session, user=teacher, older_than=cutoff) == 2
    session.commit()
    assert [row.token_hash for row in _sessions(session, teacher)] == [
        auth.hash_token("expires-at-cutoff")]


@pytest.mark.parametrize("token", [None, "", "garbage", "x" * 200])
def test_unknown_tokens_resolve_to_nobody(session, world, token):
    assert auth.actor_for_token(session, token) is None
    assert auth.sign_out(session, token) is False


def test_a_token_hash_in_the_cookie_does_not_work(session, world, throttle):
    """Someone who read the database must not be able to use a stored hash as a token."""
    result = auth.sign_in(session, email="teacher@maple.test", password=PASSWORD,
                          throttle=throttle)
    assert auth.actor_for_token(session, auth.hash_token(result.token)) is None


def test_outdated_hash_is_replaced_on_sign_in(session, world, throttle):
    old = CryptContext(schemes=["argon2"], argon2__memory_cost=1024, argon2__rounds=1,
                       argon2__parallelism=1).hash(PASSWORD)
    teacher = world.maple.teacher
    teacher.password_hash = old
    session.add(teacher)
    session.commit()

    auth.sign_in(session, email="teacher@maple.test", password=PASSWORD, throttle=throttle)

    session.expire_all()
    stored = session.get(User, teacher.id).password_hash
    assert stored != old
    assert passwords.verify_password(PASSWORD, stored) == (True, None)


def test_same_email_in_two_tenants_signs_into_the_one_whose_password_matches(session, throttle):
    oak = make_tenant(session, "oak")
    elm = make_tenant(session, "elm")
    oak_user = make_user(session, oak, "shared@school.test")
    elm_user = make_user(session, elm, "shared@school.test")
    elm_user.password_hash = passwords.hash_password("elm-password-1")
    session.add(elm_user)
    session.commit()

    assert auth.sign_in(session, email="shared@school.test", password=PASSWORD,
                        throttle=throttle).actor.tenant_id == oak.id
    result = auth.sign_in(session, email="shared@school.test", password="elm-password-1",
                          throttle=throttle)
    assert result.actor.id == elm_user.id and result.actor.tenant_id == elm.id
    assert oak_user.id != elm_user.id
