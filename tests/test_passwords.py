"""Passwords: argon2 via passlib's CryptContext (libpass), re-hash when parameters change."""

from __future__ import annotations

import logging

import pytest
from passlib.context import CryptContext

from ai_planner.services.passwords import (
    MIN_PASSWORD_LENGTH,
    burn_time_for_unknown_user,
    hash_password,
    validate_new_password,
    verify_password,
)

PASSWORD = "correct horse battery staple"


def test_hash_is_argon2_salted_and_verifies() -> None:
    first, second = hash_password(PASSWORD), hash_password(PASSWORD)
    assert first.startswith("$argon2id$")
    assert PASSWORD not in first
    assert first != second  # a fresh salt every time
    assert verify_password(PASSWORD, first) == (True, None)
    assert verify_password(PASSWORD, second) == (True, None)


@pytest.mark.parametrize(
    "attempt", ["correct horse battery stapl", "Correct horse battery staple", "", PASSWORD + " "]
)
def test_a_wrong_password_fails(attempt: str) -> None:
    assert verify_password(attempt, hash_password(PASSWORD)) == (False, None)


@pytest.mark.parametrize("stored", [None, "", "not-a-hash", "$2b$12$abcdefghijklmnopqrstuv"])
def test_missing_or_unknown_hashes_fail_without_crashing(stored: str | None) -> None:
    assert verify_password(PASSWORD, stored) == (False, None)


def test_a_hash_with_outdated_parameters_is_rehashed_on_login() -> None:
    weaker = CryptContext(
        schemes=["argon2"], argon2__time_cost=1, argon2__memory_cost=8192, argon2__parallelism=1
    )
    old_hash = weaker.hash(PASSWORD)

    ok, new_hash = verify_password(PASSWORD, old_hash)

    assert ok is True
    assert new_hash is not None and new_hash != old_hash
    assert "m=8192,t=1,p=1" in old_hash and "m=8192,t=1,p=1" not in new_hash
    assert verify_password(PASSWORD, new_hash) == (True, None)  # current: no further update
    # A wrong password never produces a new hash.
    assert verify_password("wrong password", old_hash) == (False, None)


def test_validate_new_password() -> None:
    assert validate_new_password("x" * MIN_PASSWORD_LENGTH) is None
    message = validate_new_password("x" * (MIN_PASSWORD_LENGTH - 1))
    assert message == f"Password must be at least {MIN_PASSWORD_LENGTH} characters."


def test_nothing_is_logged(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG):
        stored = hash_password(PASSWORD)
        verify_password(PASSWORD, stored)
        verify_password("wrong password", stored)
        verify_password(PASSWORD, None)
        burn_time_for_unknown_user(PASSWORD)
    assert PASSWORD not in caplog.text
    assert stored not in caplog.text
