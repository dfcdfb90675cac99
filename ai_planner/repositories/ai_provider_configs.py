"""Provider configs of the actor's tenant (admins), and the generation flow's lookups.

The API key is stored only as ciphertext (``services/crypto.py``, bound to this table, column
and row). ``decrypted_api_key`` is the one way back to the plaintext, for the gateway request
at the last moment; nothing here returns the plaintext otherwise. Every write records its
change in the change log (``audit_logs``) in the same transaction, the key only as a note.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, select

from ai_planner.actor import Actor
from ai_planner.errors import FORM_ERROR, NotFound, SecretUnavailable, ValidationFailed
from ai_planner.models import AiInvocation, AiProviderConfig, AiTaskPolicy
from ai_planner.policies import ai_provider_config as policy
from ai_planner.policies.base import authorize
from ai_planner.repositories import audit_logs
from ai_planner.repositories._common import (
    add,
    apply_changes,
    flush,
    get_visible,
    plural,
    task_label,
    validated,
)
from ai_planner.schemas.ai_provider_config import (
    ProviderConfigCreate,
    ProviderConfigPublic,
    ProviderConfigUpdate,
    models_with_default,
)
from ai_planner.schemas.base import parse
from ai_planner.services.crypto import decrypt_secret, encrypt_secret, mask_secret

TABLE = "ai_provider_configs"
COLUMN = "api_key"
RESOURCE = "ai_provider_config"
UNREADABLE_MASK = "(stored key unreadable: enter it again)"
# What the change log compares (the key is recorded as a note, never as a value).
AUDITED = ("provider_name", "display_name", "default_model", "available_models", "settings",
           "status")
# Providers whose gateway may hold a server-wide key: a custom base URL needs its own key.
SERVER_KEY_PROVIDERS = ("anthropic", "openai")


def _duplicate(provider_name: str) -> ValidationFailed:
    return ValidationFailed(
        "provider_name",
        f"This school already has a provider config for {provider_name}: edit that one "
        "instead.",
    )


def _with_base_url(
    provider_name: str, settings: Mapping[str, Any], base_url: str | None
) -> dict[str, Any]:
    """The settings to store, with the (schema-checked) base URL in ``settings["base_url"]``:
    ``base_url`` None keeps the one in ``settings``, "" removes it."""
    merged = dict(settings)
    if base_url is not None:
        merged["base_url"] = base_url
    if not merged.get("base_url"):
        merged.pop("base_url", None)
    if provider_name == "openai_compatible" and not merged.get("base_url"):
        raise ValidationFailed(
            "base_url",
            "An OpenAI-compatible provider needs its base URL, e.g. http://localhost:8080/v1.",
        )
    return merged


def _check_own_key(provider_name: str, settings: Mapping[str, Any], has_key: bool) -> None:
    """The server's own keys only ever go to the providers' official addresses."""
    if provider_name in SERVER_KEY_PROVIDERS and settings.get("base_url") and not has_key:
        raise ValidationFailed(
            "api_key",
            "With a custom base URL, enter the API key for that server: the school's "
            "requests never use the server's own key there.",
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


def _policies_using(session: Session, config_id: int, *, enabled_only: bool = False
                    ) -> list[str]:
    query = select(AiTaskPolicy.task_type).where(AiTaskPolicy.ai_provider_config_id == config_id)
    if enabled_only:
        query = query.where(AiTaskPolicy.enabled == True)  # noqa: E712  (SQL, not Python)
    return [task_label(task_type) for task_type in sorted(session.exec(query).all())]


def _names(labels: list[str]) -> str:
    return labels[0] if len(labels) == 1 else f"{', '.join(labels[:-1])} and {labels[-1]}"


def to_public(config: AiProviderConfig, task_policy_count: int = 0) -> ProviderConfigPublic:
    """The shape states and the API show: a masked key, never the key."""
    settings = dict(config.settings or {})
    return ProviderConfigPublic(
        id=config.id or 0,
        provider_name=config.provider_name,
        display_name=config.display_name,
        default_model=config.default_model,
        available_models=list(config.available_models or []),
        base_url=str(settings.get("base_url") or ""),
        settings=settings,
        status=config.status,
        has_api_key=bool(config.api_key),
        api_key_mask=_mask(config),
        task_policy_count=task_policy_count,
        created_at=config.created_at,
        updated_at=config.updated_at,
    )


def _record(session: Session, actor: Actor, action: str, config: AiProviderConfig,
            before: audit_logs.Snapshot, after: audit_logs.Snapshot,
            key_note: str | None = None) -> None:
    audit_logs.record(
        session, actor=actor, action=action, resource_type=RESOURCE,
        resource_id=config.id or 0, label=config.display_name, before=before, after=after,
        secret_notes={"api_key": key_note} if key_note else None,
    )


# --- reads ---------------------------------------------------------------------------------


def list_public(session: Session, *, actor: Actor) -> list[ProviderConfigPublic]:
    """Every config of the tenant with the number of task policies using it (admins). Few
    rows: one per provider at most (unique index)."""
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
    return to_public(config, len(_policies_using(session, config_id)))


def enabled_task_types_using(session: Session, *, actor: Actor, config_id: int) -> list[str]:
    """The labels of the enabled task policies that use the config (what stops working when
    it is deactivated)."""
    get(session, actor=actor, config_id=config_id)
    return _policies_using(session, config_id, enabled_only=True)


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
    settings = _with_base_url(values.provider_name, values.settings, values.base_url)
    _check_own_key(values.provider_name, settings, values.api_key is not None)
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
            settings=settings,
            status=values.status,
        )
    )
    session.add(config)
    flush(session, lambda: _duplicate(values.provider_name))  # the id goes into the key's AAD
    if values.api_key is not None:
        config.api_key = _encrypt(values.api_key.get_secret_value(), config)
    add(session, config, lambda: _duplicate(values.provider_name))
    _record(session, actor, "create", config, {}, audit_logs.snapshot(config, AUDITED),
            "key set" if values.api_key is not None else None)
    return config


def update(
    session: Session,
    *,
    actor: Actor,
    config_id: int,
    data: ProviderConfigUpdate | Mapping[str, Any],
) -> AiProviderConfig:
    """Change the given fields; no ``api_key`` keeps the stored key, ``remove_api_key``
    removes it."""
    config = get(session, actor=actor, config_id=config_id)
    authorize(policy.can_update(actor, config))
    values = parse(ProviderConfigUpdate, data)
    changes = values.model_dump(
        exclude_none=True, exclude={"api_key", "remove_api_key", "base_url", "settings"}
    )
    provider_name = changes.get("provider_name", config.provider_name)
    settings = _with_base_url(
        provider_name,
        values.settings if values.settings is not None else (config.settings or {}),
        values.base_url,
    )
    if settings != (config.settings or {}):
        changes["settings"] = settings
    if "available_models" in changes or "default_model" in changes:
        changes["available_models"] = models_with_default(
            changes.get("available_models", list(config.available_models or [])),
            changes.get("default_model", config.default_model),
        )
    if "provider_name" in changes and _provider_taken(session, actor, provider_name, config.id):
        raise _duplicate(provider_name)
    key_note = None
    if values.api_key is not None:
        changes["api_key"] = _encrypt(values.api_key.get_secret_value(), config)
        key_note = "key changed" if config.api_key else "key set"
    elif values.remove_api_key and config.api_key:
        changes["api_key"] = None
        key_note = "key removed"
    _check_own_key(provider_name, settings, bool(changes.get("api_key", config.api_key)))
    before = audit_logs.snapshot(config, AUDITED)
    apply_changes(config, changes)
    add(session, config, lambda: _duplicate(provider_name))
    _record(session, actor, "update", config, before, audit_logs.snapshot(config, AUDITED),
            key_note)
    return config


def _set_status(session: Session, actor: Actor, config_id: int, status: str
                ) -> AiProviderConfig:
    config = get(session, actor=actor, config_id=config_id)
    authorize(policy.can_update(actor, config))
    if config.status == status:
        return config  # nothing changes, nothing to record
    before = audit_logs.snapshot(config, AUDITED)
    apply_changes(config, {"status": status})
    add(session, config)
    action = "activate" if status == "active" else "deactivate"
    _record(session, actor, action, config, before, audit_logs.snapshot(config, AUDITED))
    return config


def activate(session: Session, *, actor: Actor, config_id: int) -> AiProviderConfig:
    return _set_status(session, actor, config_id, "active")


def deactivate(session: Session, *, actor: Actor, config_id: int) -> AiProviderConfig:
    return _set_status(session, actor, config_id, "inactive")


def delete(session: Session, *, actor: Actor, config_id: int) -> None:
    """Delete a config no task policy and no generation in the audit log refers to."""
    config = get(session, actor=actor, config_id=config_id)
    authorize(policy.can_delete(actor, config))
    using = _policies_using(session, config_id)
    if using:
        one = len(using) == 1
        raise ValidationFailed(
            FORM_ERROR,
            f"{_names(using)} {'uses' if one else 'use'} this provider: give "
            f"{'that task policy' if one else 'those task policies'} another provider or "
            f"delete {'it' if one else 'them'} first (Task policies).",
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
    _record(session, actor, "delete", config, audit_logs.snapshot(config, AUDITED), {})
    session.delete(config)
    flush(session)
