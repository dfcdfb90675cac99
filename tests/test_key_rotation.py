"""rotate_secrets: every stored API key moves to the newest key, all or nothing."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa
from sqlmodel import Session

import ai_planner.services.key_rotation as key_rotation
from ai_planner.db import get_engine, session_scope
from ai_planner.errors import SecretUnavailable
from ai_planner.models import AiProviderConfig
from ai_planner.services.crypto import KeyRing, decrypt_secret, encrypt_secret, key_id_of
from ai_planner.services.key_rotation import RotationFailed, RotationReport, rotate_secrets
from tests.factories import World, make_provider_config

OLD_KEY = ("old", b"o" * 32)
NEW_KEY = ("new", b"n" * 32)
OLD_RING = KeyRing.of([OLD_KEY])
NEW_RING = KeyRing.of([NEW_KEY, OLD_KEY])
NEW_ONLY = KeyRing.of([NEW_KEY])
WHERE = {"table": "ai_provider_configs", "column": "api_key"}


def raw_keys() -> dict[int, str | None]:
    """The api_key column exactly as stored, read outside the ORM."""
    with get_engine().connect() as conn:
        rows = conn.execute(sa.text("SELECT id, api_key FROM ai_provider_configs ORDER BY id"))
        return {row.id: row.api_key for row in rows}


def store(session: Session, config: AiProviderConfig, plaintext: str, ring: KeyRing) -> None:
    assert config.id is not None
    config.api_key = encrypt_secret(plaintext, row_id=config.id, keyring=ring, **WHERE)
    session.add(config)
    session.commit()


def rotate(**options: KeyRing) -> RotationReport:
    """Rotate in one transaction of its own, as ``ai-planner rotate-key`` does."""
    with session_scope() as db:
        return rotate_secrets(db, **options)


def read(config_id: int, stored: str | None, ring: KeyRing) -> str:
    assert stored is not None
    return decrypt_secret(stored, row_id=config_id, keyring=ring, **WHERE)


@pytest.fixture
def keyed(session: Session, world: World) -> dict[int, str]:
    """Four provider configs over both tenants: two under the old key, one under the new key,
    and the demo configs without a key. Returns {config id: plaintext} for the keyed ones."""
    maple_openai = make_provider_config(session, world.maple.admin, "openai",
                                        default_model="gpt-4o-mini")
    cedar_anthropic = make_provider_config(session, world.cedar.admin, "anthropic",
                                           default_model="claude-sonnet-4")
    maple_compat = make_provider_config(session, world.maple.admin, "openai_compatible",
                                        default_model="llama-3.1-8b")
    secrets = {
        maple_openai.id: "sk-maple-openai-0123456789abcdef",
        cedar_anthropic.id: "sk-ant-cedar-0123456789abcdef",
        maple_compat.id: "local-server-token-0123456789",
    }
    store(session, maple_openai, secrets[maple_openai.id], OLD_RING)  # type: ignore[index]
    store(session, cedar_anthropic, secrets[cedar_anthropic.id], OLD_RING)  # type: ignore[index]
    store(session, maple_compat, secrets[maple_compat.id], NEW_RING)  # type: ignore[index]
    return secrets  # type: ignore[return-value]


def test_old_rows_move_to_the_new_key(session: Session, world: World,
                                      keyed: dict[int, str]) -> None:
    before = raw_keys()

    report = rotate(keyring=NEW_RING)

    after = raw_keys()
    assert (report.checked, report.rotated, report.already_current) == (3, 2, 1)
    assert report.rotated_from == {"old": 2}
    assert "re-encrypted 2 with key 'new' (2 from 'old'); 1 already used it" in report.summary()
    for config_id, plaintext in keyed.items():
        stored = after[config_id]
        assert stored is not None
        assert key_id_of(stored) == "new"
        assert plaintext not in stored
        # Readable without the old key: the old key can now be retired.
        assert read(config_id, stored, NEW_ONLY) == plaintext
    rotated = [cid for cid in keyed if key_id_of(before[cid] or "") == "old"]
    assert all(before[cid] != after[cid] for cid in rotated)
    already_new = [cid for cid in keyed if cid not in rotated]
    assert all(before[cid] == after[cid] for cid in already_new)  # left alone
    # Rows without a key stay without one.
    assert after[world.maple.config.id] is None  # type: ignore[index]
    assert after[world.cedar.config.id] is None  # type: ignore[index]


def test_rotating_again_changes_nothing(session: Session, keyed: dict[int, str]) -> None:
    rotate(keyring=NEW_RING)
    once = raw_keys()
    report = rotate(keyring=NEW_RING)
    assert report.rotated == 0 and report.checked == 3
    assert raw_keys() == once


def test_default_key_ring_comes_from_settings(session: Session, world: World) -> None:
    config = make_provider_config(session, world.maple.admin, "openai", default_model="gpt-4o")
    test1_only = KeyRing.of([k for k in KeyRing.from_settings().keys if k[0] == "test1"])
    store(session, config, "sk-settings-ring-0123456789", test1_only)

    report = rotate()

    stored = raw_keys()[config.id]  # type: ignore[index]
    assert report.current_key_id == "test2"  # conftest's first key
    assert stored is not None and key_id_of(stored) == "test2"
    assert read(config.id, stored, KeyRing.from_settings()) == (  # type: ignore[arg-type]
        "sk-settings-ring-0123456789"
    )


def test_an_unreadable_value_aborts_before_anything_changes(
    session: Session, world: World, keyed: dict[int, str]
) -> None:
    # Created last, so the readable old-key rows come first in the rotation order.
    lost = make_provider_config(session, world.cedar.admin, "openai", default_model="gpt-4o")
    store(session, lost, "sk-lost-0123456789abcdef", KeyRing.of([("retired", b"r" * 32)]))
    before = raw_keys()

    with pytest.raises(RotationFailed) as raised:
        rotate(keyring=NEW_RING)

    message = raised.value.message
    assert "'retired'" in message
    assert f"provider config #{lost.id}" in message
    assert "Nothing was changed" in message
    assert "sk-lost" not in message
    assert isinstance(raised.value, SecretUnavailable)
    assert raw_keys() == before


def test_a_value_copied_from_another_row_aborts(
    session: Session, world: World, keyed: dict[int, str]
) -> None:
    source_id = next(iter(keyed))
    copy = make_provider_config(session, world.cedar.admin, "openai", default_model="gpt-4o",
                                api_key=raw_keys()[source_id])
    before = raw_keys()
    with pytest.raises(RotationFailed, match=f"#{copy.id}"):
        rotate(keyring=NEW_RING)
    assert raw_keys() == before


def test_a_failure_while_writing_rolls_everything_back(
    session: Session, keyed: dict[int, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    before = raw_keys()
    real_encrypt = key_rotation.encrypt_secret
    calls: list[int] = []

    def encrypt_then_fail(*args: Any, **kwargs: Any) -> str:
        calls.append(kwargs["row_id"])
        if len(calls) == 2:
            raise RuntimeError("database went away")
        return real_encrypt(*args, **kwargs)

    monkeypatch.setattr(key_rotation, "encrypt_secret", encrypt_then_fail)
    with pytest.raises(RuntimeError):
        rotate(keyring=NEW_RING)
    assert len(calls) == 2  # the first row had been re-encrypted in the session...
    assert raw_keys() == before  # ...and none of it reached the database


def test_the_caller_owns_the_transaction(session: Session, keyed: dict[int, str]) -> None:
    before = raw_keys()
    report = rotate_secrets(session, keyring=NEW_RING)
    assert report.rotated == 2
    session.rollback()
    assert raw_keys() == before
