"""Secrets at rest: AES-256-GCM with per-row associated data and key rotation.

Stored form: ``v1:<key_id>:<base64 nonce>:<base64 ciphertext+tag>``. The associated data
binds a value to ``table.column#row_id``, so a ciphertext copied into another row does not
decrypt. The first key of ``AI_PLANNER_ENCRYPTION_KEYS`` encrypts; every key decrypts.
"""

from __future__ import annotations

import base64
import os
from collections.abc import Sequence
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from ai_planner.errors import SecretUnavailable
from ai_planner.settings import get_settings

FORMAT_VERSION = "v1"
NONCE_BYTES = 12
TAG_BYTES = 16
# Shorter secrets show only their last two characters: prefix + suffix would give most away.
MASK_MIN_LENGTH = 20


@dataclass(frozen=True)
class KeyRing:
    keys: tuple[tuple[str, bytes], ...]

    @classmethod
    def from_settings(cls) -> KeyRing:
        return cls(tuple(get_settings().encryption_key_ring))

    @classmethod
    def of(cls, keys: Sequence[tuple[str, bytes]]) -> KeyRing:
        return cls(tuple(keys))

    @property
    def current_id(self) -> str:
        if not self.keys:
            raise SecretUnavailable("No encryption key is configured (AI_PLANNER_ENCRYPTION_KEYS).")
        return self.keys[0][0]

    def key(self, key_id: str) -> bytes:
        for candidate_id, key in self.keys:
            if candidate_id == key_id:
                return key
        raise SecretUnavailable(
            f"The stored secret was encrypted with key '{key_id}', which is not in "
            "AI_PLANNER_ENCRYPTION_KEYS. Add that key back (after the current one) to read it."
        )


def _aad(table: str, column: str, row_id: int) -> bytes:
    return f"{table}.{column}#{row_id}".encode()


def encrypt_secret(
    plaintext: str, *, table: str, column: str, row_id: int, keyring: KeyRing | None = None
) -> str:
    ring = keyring or KeyRing.from_settings()
    key_id = ring.current_id
    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(ring.key(key_id)).encrypt(
        nonce, plaintext.encode(), _aad(table, column, row_id)
    )
    return ":".join(
        (
            FORMAT_VERSION,
            key_id,
            base64.b64encode(nonce).decode(),
            base64.b64encode(sealed).decode(),
        )
    )


def parse_stored(stored: str) -> tuple[str, bytes, bytes]:
    """Split a stored value into (key_id, nonce, sealed) or raise SecretUnavailable."""
    parts = stored.split(":")
    if len(parts) != 4 or parts[0] != FORMAT_VERSION:
        raise SecretUnavailable("The stored secret is not in a recognised encrypted format.")
    _, key_id, nonce_b64, sealed_b64 = parts
    try:
        nonce = base64.b64decode(nonce_b64, validate=True)
        sealed = base64.b64decode(sealed_b64, validate=True)
    except ValueError as exc:
        raise SecretUnavailable(
            f"The stored secret (key '{key_id}') is damaged (bad base64)."
        ) from exc
    # AESGCM accepts other nonce sizes and raises ValueError on a short one: check here so a
    # damaged value is a SecretUnavailable, never a crash.
    if len(nonce) != NONCE_BYTES or len(sealed) < TAG_BYTES:
        raise SecretUnavailable(f"The stored secret (key '{key_id}') is damaged (bad length).")
    return key_id, nonce, sealed


def key_id_of(stored: str) -> str:
    return parse_stored(stored)[0]


def decrypt_secret(
    stored: str, *, table: str, column: str, row_id: int, keyring: KeyRing | None = None
) -> str:
    ring = keyring or KeyRing.from_settings()
    key_id, nonce, sealed = parse_stored(stored)
    try:
        plain = AESGCM(ring.key(key_id)).decrypt(nonce, sealed, _aad(table, column, row_id))
    except InvalidTag as exc:
        raise SecretUnavailable(
            f"The stored secret could not be decrypted with key '{key_id}': the key is wrong, "
            "or the value was altered or belongs to another row."
        ) from exc
    return plain.decode()


def needs_rotation(stored: str, keyring: KeyRing | None = None) -> bool:
    ring = keyring or KeyRing.from_settings()
    return key_id_of(stored) != ring.current_id


def mask_secret(plaintext: str | None) -> str:
    """What the UI shows instead of a key: ``sk-…f3a9``."""
    if not plaintext:
        return ""
    if len(plaintext) < 8:
        return "…"
    if len(plaintext) < MASK_MIN_LENGTH:
        return "…" + plaintext[-2:]
    return f"{plaintext[:3]}…{plaintext[-4:]}"
