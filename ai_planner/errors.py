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


class ValidationFailed(AppError):
    """Bad input; ``field`` names the form field so the UI can point at it."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


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
