"""Typed errors shared by services, states and the JSON API.

States and API routes map them to UI messages / HTTP codes in one place each.
"""

from __future__ import annotations

from datetime import datetime


class AppError(Exception):
    """Base class: ``message`` is safe to show to the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(AppError):
    """Missing, in another tenant, or outside the actor's scope: all look the same."""

    def __init__(self, what: str = "record") -> None:
        super().__init__(f"That {what} was not found.")
        self.what = what


class NotAllowed(AppError):
    def __init__(self, message: str = "You are not allowed to do that.") -> None:
        super().__init__(message)


class SessionEnded(NotAllowed):
    """No live session behind the request (signed out, expired, revoked, deactivated)."""

    def __init__(self) -> None:
        super().__init__("Your session has ended. Please sign in again.")


# The key of a whole-form problem (not about one field) in ``ValidationFailed.errors``.
FORM_ERROR = "form"


class ValidationFailed(AppError):
    """Bad input. ``errors`` maps each form field in error to its message (``FORM_ERROR`` for
    the form as a whole), so the UI can point at every field at once; ``field`` and
    ``message`` are the first of them."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.errors: dict[str, str] = {field: message}

    @classmethod
    def of(cls, errors: dict[str, str]) -> ValidationFailed:
        """Several fields at once (``errors`` must not be empty)."""
        field, message = next(iter(errors.items()))
        failure = cls(field, message)
        failure.errors = dict(errors)
        return failure

    def __str__(self) -> str:
        return "; ".join(f"{field}: {message}" for field, message in self.errors.items())


class ProviderError(AppError):
    """The AI provider or gateway failed; ``code`` is stable, ``message`` is for people."""

    def __init__(self, code: str, message: str, *, status: int | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.status = status


class LimitReached(AppError):
    def __init__(self, message: str, resets_at: datetime | None = None) -> None:
        super().__init__(message)
        self.resets_at = resets_at


class SecretUnavailable(AppError):
    """A stored secret cannot be decrypted (unknown key id, wrong key, tampered value)."""
