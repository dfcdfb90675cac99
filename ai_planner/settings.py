"""One settings object, read from the environment and validated at start-up.

Development mode (the default) fills in what it safely can: a SQLite database and a
generated encryption key in the git-ignored instance folder, a random service token.
Production mode (``AI_PLANNER_ENV=production``) refuses to start when a required value is
missing or still a known placeholder, naming the variable.
"""

from __future__ import annotations

import base64
import logging
import os
import secrets
from functools import lru_cache
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from ai_planner.secret_values import reveal

log = logging.getLogger(__name__)

REPO_ROOT = Path(__file__).resolve().parent.parent
MIN_SERVICE_TOKEN_CHARS = 32
PLACEHOLDERS = frozenset({"", "changeme", "change-me", "secret", "placeholder", "xxx", "todo"})
ANTHROPIC_DEFAULT_BASE_URL = "https://api.anthropic.com"
OPENAI_DEFAULT_BASE_URL = "https://api.openai.com/v1"


class SettingsError(RuntimeError):
    """A setting is missing or invalid; the message names the environment variable."""


def instance_dir() -> Path:
    """The git-ignored folder for local, machine-specific files (SQLite db, dev key)."""
    path = Path(os.environ.get("AI_PLANNER_INSTANCE_DIR", REPO_ROOT / "instance"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def parse_encryption_keys(raw: str) -> list[tuple[str, bytes]]:
    """Parse ``key_id:base64_32_bytes,...``; the first key encrypts, all decrypt."""
    keys: list[tuple[str, bytes]] = []
    for part in (p.strip() for p in raw.split(",")):
        if not part:
            continue
        key_id, sep, encoded = part.partition(":")
        if not sep or not key_id:
            raise SettingsError(
                "AI_PLANNER_ENCRYPTION_KEYS: each entry must look like 'key_id:base64key'"
            )
        try:
            key = base64.b64decode(encoded, validate=True)
        except ValueError as exc:
            raise SettingsError(
                f"AI_PLANNER_ENCRYPTION_KEYS: key '{key_id}' is not valid base64"
            ) from exc
        if len(key) != 32:
            raise SettingsError(
                f"AI_PLANNER_ENCRYPTION_KEYS: key '{key_id}' must decode to 32 bytes "
                f"(AES-256), got {len(key)}"
            )
        if any(existing == key_id for existing, _ in keys):
            raise SettingsError(f"AI_PLANNER_ENCRYPTION_KEYS: key id '{key_id}' appears twice")
        keys.append((key_id, key))
    if not keys:
        raise SettingsError("AI_PLANNER_ENCRYPTION_KEYS: no key given (expected key_id:base64key)")
    return keys


def generate_encryption_key_entry(key_id: str) -> str:
    return f"{key_id}:{base64.b64encode(secrets.token_bytes(32)).decode()}"


def _dev_key_file() -> Path:
    return instance_dir() / "encryption_keys"


def _load_or_create_dev_keys() -> str:
    path = _dev_key_file()
    if path.exists():
        return path.read_text().strip()
    entry = generate_encryption_key_entry("dev1")
    path.write_text(entry + "\n")
    path.chmod(0o600)
    log.warning(
        "AI_PLANNER_ENCRYPTION_KEYS is not set: generated a development key in %s. "
        "Set AI_PLANNER_ENCRYPTION_KEYS in production.",
        path,
    )
    return entry


class Settings(BaseSettings):
    # Secrets (and the database URL, which may carry a password) stay out of repr and logs.
    model_config = SettingsConfigDict(env_file=None, extra="ignore", populate_by_name=True)

    env: Literal["development", "production", "test"] = Field(
        default="development", alias="AI_PLANNER_ENV"
    )
    database_url: str = Field(default="", alias="DATABASE_URL", repr=False)
    encryption_keys: str = Field(default="", alias="AI_PLANNER_ENCRYPTION_KEYS", repr=False)
    gateway_url: str = Field(default="", alias="AI_GATEWAY_URL")
    gateway_service_token: SecretStr = Field(
        default=SecretStr(""), alias="AI_GATEWAY_SERVICE_TOKEN", repr=False
    )
    anthropic_base_url: str = Field(default=ANTHROPIC_DEFAULT_BASE_URL, alias="ANTHROPIC_BASE_URL")
    openai_base_url: str = Field(default=OPENAI_DEFAULT_BASE_URL, alias="OPENAI_BASE_URL")
    anthropic_api_key: SecretStr = Field(
        default=SecretStr(""), alias="ANTHROPIC_API_KEY", repr=False
    )
    openai_api_key: SecretStr = Field(default=SecretStr(""), alias="OPENAI_API_KEY", repr=False)
    redis_url: str = Field(default="", alias="REDIS_URL", repr=False)  # may carry a password
    # Production runs on PostgreSQL; SQLite there only when the operator says so knowingly.
    allow_sqlite: bool = Field(default=False, alias="AI_PLANNER_ALLOW_SQLITE")
    # Private or loopback hosts (names, addresses, CIDR networks; comma-separated) a tenant's
    # provider base URL may point at. Link-local and metadata addresses are always refused.
    provider_allowed_hosts: str = Field(default="", alias="AI_PROVIDER_ALLOWED_HOSTS")

    session_hours: float = Field(default=12.0, alias="AI_PLANNER_SESSION_HOURS", ge=1, le=168)
    provider_connect_timeout: float = Field(default=5.0, alias="AI_PROVIDER_CONNECT_TIMEOUT", gt=0)
    provider_read_timeout: float = Field(default=120.0, alias="AI_PROVIDER_READ_TIMEOUT", gt=0)
    provider_max_retries: int = Field(default=2, alias="AI_PROVIDER_MAX_RETRIES", ge=0, le=10)
    provider_retry_after_cap: float = Field(
        default=20.0, alias="AI_PROVIDER_RETRY_AFTER_CAP", ge=0
    )

    # Gateway safety filters: extra redaction patterns as a JSON object {name: regex}
    # (e.g. a district's student ID format), and what to do with prompt-injection attempts.
    safety_redact_patterns: dict[str, str] = Field(
        default_factory=dict, alias="AI_SAFETY_REDACT_PATTERNS"
    )
    safety_injection_action: Literal["flag", "block"] = Field(
        default="flag", alias="AI_SAFETY_INJECTION_ACTION"
    )

    @field_validator("anthropic_base_url", "openai_base_url", "gateway_url")
    @classmethod
    def _strip_trailing_slash(cls, value: str) -> str:
        return value.rstrip("/")

    @field_validator("provider_allowed_hosts")
    @classmethod
    def _allowed_hosts_parse(cls, value: str) -> str:
        from ai_planner.outbound import OutboundPolicy  # (imports nothing of ours back)

        OutboundPolicy.parse(value)  # raises OutboundConfigError (a ValueError) naming it
        return value

    @property
    def is_production(self) -> bool:
        return self.env == "production"

    @model_validator(mode="after")
    def _fill_and_check(self) -> Settings:
        key_file: Path | None = None
        if self.is_production:
            self._require("database_url", "DATABASE_URL")
            self._require("encryption_keys", "AI_PLANNER_ENCRYPTION_KEYS")
            self._require("gateway_service_token", "AI_GATEWAY_SERVICE_TOKEN")
            self._check_service_token()
            self._check_production_database()
            self._check_gateway_url()
            # Optional, but a placeholder left in place is a mistake, not "unset".
            self._reject_placeholder("anthropic_api_key", "ANTHROPIC_API_KEY")
            self._reject_placeholder("openai_api_key", "OPENAI_API_KEY")
        else:
            if not self.database_url:
                self.database_url = f"sqlite:///{instance_dir() / 'ai_planner.db'}"
            if not self.encryption_keys:
                self.encryption_keys = _load_or_create_dev_keys()
                key_file = _dev_key_file()
            if not self.gateway_service_token.get_secret_value():
                # In-process gateway only: a per-process random token is enough.
                self.gateway_service_token = SecretStr(secrets.token_urlsafe(32))
        try:
            parse_encryption_keys(self.encryption_keys)  # validates, raises SettingsError
        except SettingsError as exc:
            if key_file is None:
                raise
            raise SettingsError(f"{exc} (read from {key_file}: fix or delete that file)") from exc
        return self

    def _require(self, attr: str, variable: str) -> None:
        value = reveal(getattr(self, attr))
        if value.strip().lower() in PLACEHOLDERS:
            raise SettingsError(
                f"{variable} must be set in production (it is missing or a placeholder)."
            )

    def _check_service_token(self) -> None:
        """At least 32 characters, not a known or repeated pattern: it guards the gateway."""
        token = self.gateway_service_token.get_secret_value().strip()
        weak = (
            len(token) < MIN_SERVICE_TOKEN_CHARS
            or len(set(token)) < 8
            or any(word in token.lower() for word in ("changeme", "change-me", "secret",
                                                        "placeholder", "password", "token"))
        )
        if weak:
            raise SettingsError(
                f"AI_GATEWAY_SERVICE_TOKEN must be at least {MIN_SERVICE_TOKEN_CHARS} random "
                "characters in production (e.g. `python -c \"import secrets; "
                "print(secrets.token_urlsafe(32))\"`)."
            )

    def _check_production_database(self) -> None:
        if self.database_url.strip().lower().startswith("sqlite") and not self.allow_sqlite:
            raise SettingsError(
                "DATABASE_URL is SQLite: production needs PostgreSQL (postgresql://…). "
                "Set AI_PLANNER_ALLOW_SQLITE=1 to run on SQLite anyway (one process only)."
            )

    def _check_gateway_url(self) -> None:
        """A remote gateway gets the tenants' API keys: only over https (loopback aside)."""
        if not self.gateway_url:
            return
        url = urlsplit(self.gateway_url)
        loopback = (url.hostname or "") in ("localhost", "127.0.0.1", "::1")
        if url.scheme != "https" and not (url.scheme == "http" and loopback):
            raise SettingsError(
                "AI_GATEWAY_URL must use https in production (plain http only to a gateway on "
                "this machine: localhost, 127.0.0.1 or ::1)."
            )

    def _reject_placeholder(self, attr: str, variable: str) -> None:
        value = reveal(getattr(self, attr)).strip()
        if value and value.lower() in PLACEHOLDERS:
            raise SettingsError(
                f"{variable} is set to a placeholder; set the real value or leave it unset."
            )

    @property
    def encryption_key_ring(self) -> list[tuple[str, bytes]]:
        return parse_encryption_keys(self.encryption_keys)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    try:
        return Settings()
    except ValidationError as exc:
        # e.g. AI_PLANNER_ENV=prod or AI_PLANNER_SESSION_HOURS=abc: name the variable.
        problems = "; ".join(
            f"{'.'.join(str(part) for part in error['loc'])}: {error['msg']}"
            for error in exc.errors()
        )
        raise SettingsError(problems) from None


def reset_settings_cache() -> None:
    """For tests and the CLI after changing the environment."""
    get_settings.cache_clear()
