"""Re-encrypt every stored secret with the newest key (``ai-planner rotate-key``).

All or nothing: every secret is decrypted first (so a value no key in the ring can read
aborts the run before anything is written), then the ones under an older key are re-encrypted
with the current (first) key, all in the caller's one transaction. Secrets already under the
current key are verified but left alone.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sqlmodel import Session

from ai_planner.errors import SecretUnavailable
from ai_planner.models import AiProviderConfig
from ai_planner.repositories import bootstrap
from ai_planner.services.crypto import KeyRing, decrypt_secret, encrypt_secret, key_id_of

API_KEY_TABLE = "ai_provider_configs"
API_KEY_COLUMN = "api_key"


class RotationFailed(SecretUnavailable):
    """A stored secret could not be read; nothing was changed."""


@dataclass
class RotationReport:
    current_key_id: str
    checked: int = 0
    rotated: int = 0
    rotated_from: Counter[str] = field(default_factory=Counter)

    @property
    def already_current(self) -> int:
        return self.checked - self.rotated

    def summary(self) -> str:
        origins = ", ".join(f"{count} from '{key}'" for key, count in sorted(
            self.rotated_from.items()))
        detail = f" ({origins})" if origins else ""
        return (
            f"Checked {self.checked} stored secret(s): re-encrypted {self.rotated} with key "
            f"'{self.current_key_id}'{detail}; {self.already_current} already used it."
        )


def rotate_secrets(session: Session, *, keyring: KeyRing | None = None) -> RotationReport:
    """Re-encrypt (flushed; the caller's transaction commits all of it or none)."""
    ring = keyring or KeyRing.from_settings()
    report = RotationReport(current_key_id=ring.current_id)
    configs = bootstrap.provider_configs_with_secrets(session)
    pending: list[tuple[AiProviderConfig, str, str]] = []
    for config in configs:
        assert config.id is not None and config.api_key
        try:
            old_key_id = key_id_of(config.api_key)
            plaintext = decrypt_secret(
                config.api_key,
                table=API_KEY_TABLE,
                column=API_KEY_COLUMN,
                row_id=config.id,
                keyring=ring,
            )
        except SecretUnavailable as exc:
            raise RotationFailed(
                f"Cannot read the API key of provider config #{config.id} "
                f"(tenant #{config.tenant_id}): {exc.message} Nothing was changed."
            ) from exc
        report.checked += 1
        if old_key_id != ring.current_id:
            pending.append((config, old_key_id, plaintext))
    for config, old_key_id, plaintext in pending:
        assert config.id is not None
        config.api_key = encrypt_secret(
            plaintext,
            table=API_KEY_TABLE,
            column=API_KEY_COLUMN,
            row_id=config.id,
            keyring=ring,
        )
        session.add(config)
        report.rotated += 1
        report.rotated_from[old_key_id] += 1
    session.flush()
    return report
