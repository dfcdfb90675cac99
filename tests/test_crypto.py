"""Secrets at rest: AES-256-GCM, per-row associated data, key ids and rotation."""

from __future__ import annotations

import base64
from typing import Any

import pytest

from ai_planner.errors import SecretUnavailable
from ai_planner.services.crypto import (
    KeyRing,
    decrypt_secret,
    encrypt_secret,
    key_id_of,
    mask_secret,
    needs_rotation,
)

SECRET = "sk-live-0123456789abcdef3a9"
WHERE: dict[str, Any] = {"table": "ai_provider_configs", "column": "api_key", "row_id": 7}
OLD = KeyRing.of([("old", b"o" * 32)])
NEW_THEN_OLD = KeyRing.of([("new", b"n" * 32), ("old", b"o" * 32)])


def seal(plaintext: str = SECRET, ring: KeyRing = OLD, **where: Any) -> str:
    return encrypt_secret(plaintext, keyring=ring, **{**WHERE, **where})


def unseal(stored: str, ring: KeyRing = OLD, **where: Any) -> str:
    return decrypt_secret(stored, keyring=ring, **{**WHERE, **where})


def flip_last_byte(stored: str) -> str:
    version, key_id, nonce, sealed = stored.split(":")
    raw = bytearray(base64.b64decode(sealed))
    raw[-1] ^= 0x01
    return ":".join((version, key_id, nonce, base64.b64encode(bytes(raw)).decode()))


def test_round_trip_and_stored_form() -> None:
    stored = seal()
    assert unseal(stored) == SECRET
    assert SECRET not in stored
    assert stored.startswith("v1:old:")
    assert key_id_of(stored) == "old"


def test_unicode_and_empty_values_round_trip() -> None:
    for value in ("", "clé-secrète-😀"):
        assert unseal(seal(value)) == value


def test_a_random_nonce_makes_every_encryption_different() -> None:
    first, second = seal(), seal()
    assert first != second
    assert first.split(":")[2] != second.split(":")[2]
    assert unseal(first) == unseal(second) == SECRET


def test_the_settings_key_ring_is_used_by_default() -> None:
    stored = encrypt_secret(SECRET, **WHERE)
    assert key_id_of(stored) == "test2"  # conftest: the first key encrypts
    assert decrypt_secret(stored, **WHERE) == SECRET


@pytest.mark.parametrize(
    "tamper",
    [
        flip_last_byte,
        lambda s: s.replace(s.split(":")[2], base64.b64encode(b"\0" * 12).decode()),
    ],
    ids=["ciphertext", "nonce"],
)
def test_tampering_is_detected(tamper: Any) -> None:
    with pytest.raises(SecretUnavailable, match="key 'old'"):
        unseal(tamper(seal()))


@pytest.mark.parametrize(
    "elsewhere",
    [{"row_id": 8}, {"column": "settings"}, {"table": "ai_templates"}],
    ids=["other row", "other column", "other table"],
)
def test_a_value_moved_elsewhere_does_not_decrypt(elsewhere: dict[str, Any]) -> None:
    stored = seal()
    with pytest.raises(SecretUnavailable) as raised:
        unseal(stored, **elsewhere)
    assert "belongs to another row" in raised.value.message
    assert SECRET not in raised.value.message


def test_swapping_the_key_id_does_not_help() -> None:
    stored = seal(ring=NEW_THEN_OLD).replace("v1:new:", "v1:old:")
    with pytest.raises(SecretUnavailable, match="key 'old'"):
        unseal(stored, ring=NEW_THEN_OLD)


def test_an_unknown_key_id_names_the_key() -> None:
    stored = seal(ring=OLD)
    with pytest.raises(SecretUnavailable) as raised:
        unseal(stored, ring=KeyRing.of([("new", b"n" * 32)]))
    assert "'old'" in raised.value.message
    assert "AI_PLANNER_ENCRYPTION_KEYS" in raised.value.message


def test_a_wrong_key_under_the_same_id_names_the_key() -> None:
    stored = seal(ring=OLD)
    with pytest.raises(SecretUnavailable, match="key 'old'"):
        unseal(stored, ring=KeyRing.of([("old", b"x" * 32)]))


@pytest.mark.parametrize(
    "stored",
    [
        "",
        "sk-plaintext-that-was-never-encrypted",
        "v2:old:AAAA:AAAA",
        "v1:old:not base64!:AAAA",
        "v1:old::",
        f"v1:old:{base64.b64encode(b'short').decode()}:{base64.b64encode(b'x' * 32).decode()}",
        f"v1:old:{base64.b64encode(b'n' * 12).decode()}:{base64.b64encode(b'x').decode()}",
    ],
)
def test_damaged_values_are_a_clear_error_not_a_crash(stored: str) -> None:
    with pytest.raises(SecretUnavailable):
        unseal(stored)


def test_rotation_keeps_old_rows_readable() -> None:
    old_value = seal(ring=OLD)
    # The new key goes first; the old one stays in the ring for reading.
    assert unseal(old_value, ring=NEW_THEN_OLD) == SECRET
    assert needs_rotation(old_value, NEW_THEN_OLD)
    new_value = seal(ring=NEW_THEN_OLD)
    assert key_id_of(new_value) == "new"
    assert not needs_rotation(new_value, NEW_THEN_OLD)
    with pytest.raises(SecretUnavailable, match="'new'"):
        unseal(new_value, ring=OLD)


def test_an_empty_key_ring_is_a_clear_error() -> None:
    with pytest.raises(SecretUnavailable, match="AI_PLANNER_ENCRYPTION_KEYS"):
        seal(ring=KeyRing.of([]))


@pytest.mark.parametrize(
    ("plaintext", "masked"),
    [
        (None, ""),
        ("", ""),
        ("sk-live-0123456789abcdef3a9", "sk-…f3a9"),
        ("sk-ant-api03-abcdefghijklmnopqrstuvwxyz-1234", "sk-…1234"),
        ("short-key-12345", "…45"),
        ("short", "…"),
    ],
)
def test_mask(plaintext: str | None, masked: str) -> None:
    assert mask_secret(plaintext) == masked


def test_mask_never_shows_most_of_a_key() -> None:
    for length in range(1, 60):
        key = "".join(chr(ord("a") + i % 26) for i in range(length))
        shown = mask_secret(key).replace("…", "")
        assert len(shown) <= length * 2 // 5
