"""Password hashing: argon2 through passlib's CryptContext (the maintained libpass fork).

Never log a password or a hash.
"""

from __future__ import annotations

from passlib.context import CryptContext

MIN_PASSWORD_LENGTH = 8
# No password is longer (checked when one is set; the sign-in form caps its field too):
# argon2 through passlib refuses more than 4096 bytes, and hashing megabytes is a cheap way
# to burn the server's CPU.
MAX_PASSWORD_LENGTH = 256
MAX_PASSWORD_BYTES = 1024
MAX_EMAIL_LENGTH = 320

_context = CryptContext(schemes=["argon2"], deprecated="auto")

# A hash to verify against when the email is unknown, so both paths take the same time.
_DUMMY_HASH = _context.hash("not-a-real-password-just-for-timing")


def hash_password(password: str) -> str:
    return _context.hash(password)


def verify_password(password: str, password_hash: str | None) -> tuple[bool, str | None]:
    """Check a password. Returns (ok, new_hash); new_hash is set when the stored hash
    uses outdated parameters and should be replaced (re-hash on login)."""
    if not password_hash:
        _context.verify(password, _DUMMY_HASH)
        return False, None
    try:
        return _context.verify_and_update(password, password_hash)
    except (ValueError, TypeError):
        return False, None


def burn_time_for_unknown_user(password: str) -> None:
    """Spend the same work as a real verification (unknown email = wrong password)."""
    _context.verify(password, _DUMMY_HASH)


def too_long(password: str) -> bool:
    return len(password) > MAX_PASSWORD_LENGTH or len(password.encode()) > MAX_PASSWORD_BYTES


def validate_new_password(password: str) -> str | None:
    """A message saying what is wrong with a new password, or None when it is fine."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"Password must be at least {MIN_PASSWORD_LENGTH} characters."
    if too_long(password):
        return f"Password must be at most {MAX_PASSWORD_LENGTH} characters."
    return None
