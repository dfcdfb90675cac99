"""Provider configs of the actor's tenant (admins), and the generation flow's lookups.

The API key is stored only as ciphertext (``services/crypto.py``, bound to this table, column
and row). ``decrypted_api_key`` is the one way back to the plaintext, for the generation flow
at the last moment; nothing here returns the plaintext otherwise.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, select

from ai_planner.actor import Actor
from ai_planner.errors import FORM_ERROR, NotFound, SecretUnavailable, ValidationFailed
from ai_planner.models import (
    PROVIDER_NAMES,
    PROVIDER_STATUSES,
    AiInvocation,
    AiProviderConfig,
    AiTaskPolicy,
)
from ai_planner.policies import ai_provider_config as policy
from ai_planner.policies.base import authorize
from ai_planner.repositories._common import (
    add,
    apply_changes,
    flush,
    get_visible,
    plural,
    validated,
)
from ai_planner.schemas.ai_provider_config import (
    ProviderConfigCreate,
    ProviderConfigPublic,
    ProviderConfigUpdate,
)
from ai_planner.schemas.base import parse
from ai_planner.services.crypto import decrypt_secret, encrypt_secret, mask_secret

TABLE = "ai_provider_configs"
COLUMN = "api_key"
UNREADABLE_MASK = "(stored key unreadable: enter it again)"


def _duplicate(provider_name: str) -> ValidationFailed:
    return ValidationFailed(
        "provider_name", f"This school already has a provider config for {provider_name}."
    )


def _check_choices(provider_name: str | None, status: str | None) -> None:
    if provider_name is not None and provider_name not in PROVIDER_NAMES:
        raise ValidationFailed(
            "provider_name", f"Provider must be one of: {', '.join(PROVIDER_NAMES)}."
        )
    if status is not None and status not in PROVIDER_STATUSES:
        raise ValidationFailed("status", "Status must be active or inactive.")


SECRET_LIKE_SETTINGS = ("api_key", "apikey", "key", "token", "secret", "password")


def _check_settings(provider_name: str, settings: Mapping[str, Any]) -> None:
    """Settings are stored in plain JSON: no secrets there, and a usable base URL."""
    for name in settings:
        if str(name).lower().replace("-", "_") in SECRET_LIKE_SETTINGS:
            raise ValidationFailed(
                "settings",
                f"Don't put '{name}' in settings (they are stored unencrypted); "
                "use the API key field.",
            )
    base_url = settings.get("base_url")
    if base_url is not None and (
        not isinstance(base_url, str) or not base_url.startswith(("http://", "https://"))
    ):
        raise ValidationFailed("settings", "The base URL must start with http:// or https://.")
    if provider_name == "openai_compatible" and not base_url:
        raise ValidationFailed(
            "settings",
            "An OpenAI-compatible provider needs a base URL (settings.base_url), "
            "e.g. http://localhost:8080/v1.",
        )


def _provider_taken(session: Session, actor: Actor, provider_name: str, except_id: int | None
                    ) -> bool:
    query = policy.scope(actor, select(AiProviderConfig.id)).where(
        AiProviderConfig.provider_name == provider_name
    )
    if except_id is not None:
        query = query.where(AiProviderConfig.id != except_id)
    return session.exec(query).first() is not None


def _encrypt(plaintext: str, config: AiProviderConfig) -> str:
    assert config.id is not None, "flush before encrypting: the row id is in the AAD"
    return encrypt_secret(plaintext, table=TABLE, column=COLUMN, row_id=config.id)


def _mask(config: AiProviderConfig) -> str:
    if not config.api_key:
        return ""
    try:
        return mask_secret(
            decrypt_secret(config.api_key, table=TABLE, column=COLUMN, row_id=config.id or 0)
        )
    except SecretUnavailable:
        return UNREADABLE_MASK


def _task_policy_count(session: Session, config_id: int) -> int:
    query = select(func.count(AiTaskPolicy.id)).where(
        AiTaskPolicy.ai_provider_config_id == config_id
    )
    return int(session.exec(query).one())


def to_public(config: AiProviderConfig, task_policy_count: int = 0) -> ProviderConfigPublic:
    """The shape states and the API show: a masked key, never the key."""
    return ProviderConfigPublic(
        id=config.id or 0,
        provider_name=config.provider_name,
        display_name=config.display_name,
        default_model=config.default_model,
        available_models=list(config.available_models or []),
        settings=dict(config.settings or {}),
        status=config.status,
        has_api_key=bool(config.api_key),
        api_key_mask=_mask(config),
        task_policy_count=task_policy_count,
        created_at=config.created_at,
        updated_at=config.updated_at,
    )


# --- reads ---------------------------------------------------------------------------------


def list_public(session: Session, *, actor: Actor) -> list[ProviderConfigPublic]:
    """Every config of the tenant with the number of task policies using it (admins)."""
    authorize(policy.can_list(actor))
    policy_count = (
        select(func.count(AiTaskPolicy.id))
        .where(AiTaskPolicy.ai_provider_config_id == AiProviderConfig.id)
        .correlate(AiProviderConfig)
        .scalar_subquery()
    )
    query = policy.scope(actor, select(AiProviderConfig, policy_count)).order_by(
        AiProviderConfig.display_name, AiProviderConfig.id
    )
    return [to_public(config, int(count)) for config, count in session.exec(query).all()]


def get(session: Session, *, actor: Actor, config_id: int) -> AiProviderConfig:
    return get_visible(
        session, actor=actor, policy=policy, model=AiProviderConfig, row_id=config_id,
        what="provider config",
    )


def get_public(session: Session, *, actor: Actor, config_id: int) -> ProviderConfigPublic:
    config = get(session, actor=actor, config_id=config_id)
    return to_public(config, _task_policy_count(session, config_id))


def for_generation(session: Session, *, actor: Actor, config_id: int) -> AiProviderConfig:
    """The generation flow's lookup (any role): the tenant's config, active or not."""
    query = policy.generation_scope(actor, select(AiProviderConfig)).where(
        AiProviderConfig.id == config_id
    )
    config = session.exec(query).first()
    if config is None:
        raise NotFound("provider config")
    return config


def decrypted_api_key(
    session: Session, *, actor: Actor, config: AiProviderConfig
) -> str | None:
    """The plaintext key, for building the gateway request at the last moment.

    Reloads the row through the actor's tenant, so a config of another tenant is NotFound.
    None when no key is stored (the gateway may fall back to its own key). A key that does
    not decrypt raises ``SecretUnavailable`` naming the key id, never an empty key.
    """
    stored = for_generation(session, actor=actor, config_id=config.id or 0)
    if not stored.api_key:
        return None
    return decrypt_secret(stored.api_key, table=TABLE, column=COLUMN, row_id=stored.id or 0)


# --- writes (admins) ------------------------------------------------------------------------


def create(
    session: Session, *, actor: Actor, data: ProviderConfigCreate | Mapping[str, Any]
) -> AiProviderConfig:
    authorize(policy.can_create(actor))
    values = parse(ProviderConfigCreate, data)
    _check_choices(values.provider_name, values.status)
    _check_settings(values.provider_name, values.settings)
    if _provider_taken(session, actor, values.provider_name, None):
        raise _duplicate(values.provider_name)
    config = validated(
        AiProviderConfig(
            tenant_id=actor.tenant_id,
            created_by_id=actor.id,
            provider_name=values.provider_name,
            display_name=values.display_name,
            default_model=values.default_model,
            available_models=values.available_models,
            settings=values.settings,
            status=values.status,
        )
    )
    session.add(config)
    flush(session, lambda: _duplicate(values.provider_name))  # the id goes into the key's AAD
    if values.api_key:
        config.api_key = _encrypt(values.api_key, config)
    return add(session, config, lambda: _duplicate(values.provider_name))


def update(
    session: Session,
    *,
    actor: Actor,
    config_id: int,
    data: ProviderConfigUpdate | Mapping[str, Any],
) -> AiProviderConfig:
    """Change the given fields; ``api_key`` None or "" keeps the stored key."""
    config = get(session, actor=actor, config_id=config_id)
    authorize(policy.can_update(actor, config))
    values = parse(ProviderConfigUpdate, data)
    _check_choices(values.provider_name, values.status)
    changes = values.model_dump(exclude_none=True, exclude={"api_key"})
    provider_name = changes.get("provider_name", config.provider_name)
    _check_settings(provider_name, changes.get("settings", config.settings or {}))
    if "provider_name" in changes and _provider_taken(session, actor, provider_name, config.id):
        raise _duplicate(provider_name)
    if values.api_key:
        changes["api_key"] = _encrypt(values.api_key, config)
    apply_changes(config, changes)
    return add(session, config, lambda: _duplicate(provider_name))


def _set_status(session: Session, actor: Actor, config_id: int, status: str
                ) -> AiProviderConfig:
    config = get(session, actor=actor, config_id=config_id)
    authorize(policy.can_update(actor, config))
    apply_changes(config, {"status": status})
    return add(session, config)


def activate(session: Session, *, actor: Actor, config_id: int) -> AiProviderConfig:
    return _set_status(session, actor, config_id, "active")


def deactivate(session: Session, *, actor: Actor, config_id: int) -> AiProviderConfig:
    return _set_status(session, actor, config_id, "inactive")


def delete(session: Session, *, actor: Actor, config_id: int) -> None:
    """Delete a config no task policy and no audit-log row refers to."""
    config = get(session, actor=actor, config_id=config_id)
    authorize(policy.can_delete(actor, config))
    policies_using = _task_policy_count(session, config_id)
    if policies_using:
        raise ValidationFailed(
            FORM_ERROR,
            f"Remove or reassign the {plural(policies_using, 'task policy', 'task policies')} "
            f"that {'uses' if policies_using == 1 else 'use'} this provider first.",
        )
    runs = session.exec(
        select(func.count(AiInvocation.id)).where(AiInvocation.ai_provider_config_id == config_id)
    ).one()
    if runs:
        raise ValidationFailed(
            FORM_ERROR,
            f"This provider has {plural(int(runs), 'generation', 'generations')} in the audit "
            "log, so it can't be deleted. Deactivate it instead.",
        )
    session.delete(config)
    flush(session)
