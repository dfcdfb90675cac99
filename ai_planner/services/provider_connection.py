"""An admin's "Test connection" for a provider config, through the gateway.

Two steps, so the database transaction is not held open while the network is waited for:

    target = connection_target(db, actor=actor, config_id=...)   # in the caller's transaction
    result = await check_connection(target)                      # the gateway, <= 10 s

``target`` holds the decrypted key as a ``SecretStr`` for the one call; it is never stored,
logged or returned. ``result.message`` says in plain words what happened and never contains
the key (the gateway scrubs provider text; it is scrubbed again here).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pydantic import SecretStr
from sqlmodel import Session

from ai_planner.actor import Actor
from ai_planner.gateway.errors import scrub_secrets
from ai_planner.repositories import ai_provider_configs
from ai_planner.services.gateway_client import GatewayCallError, get_gateway_client

MAX_MODELS_SHOWN = 200  # a provider may list hundreds; the answer stays bounded

_PLAIN: dict[str, str] = {
    "missing_api_key": "No API key is stored for this provider: edit it and enter the key.",
    "provider_auth_failed": "The provider rejected the API key: check it, or enter it again "
    "(Edit).",
    "provider_timeout": "The provider did not answer within 10 seconds: check the base URL, "
    "or try again later.",
    "gateway_timeout": "The provider did not answer within 10 seconds: check the base URL, "
    "or try again later.",
}


@dataclass(frozen=True)
class ConnectionTarget:
    config_id: int
    display_name: str
    provider: str
    model: str
    base_url: str | None
    api_key: SecretStr | None = field(default=None, repr=False)


@dataclass(frozen=True)
class ConnectionResult:
    ok: bool
    message: str
    models: list[str] = field(default_factory=list)  # at most MAX_MODELS_SHOWN


def connection_target(session: Session, *, actor: Actor, config_id: int) -> ConnectionTarget:
    """What the test needs, read for an admin of the config's tenant (NotAllowed /
    NotFound otherwise; SecretUnavailable when the stored key no longer decrypts)."""
    config = ai_provider_configs.get(session, actor=actor, config_id=config_id)
    key = ai_provider_configs.decrypted_api_key(session, actor=actor, config=config)
    return ConnectionTarget(
        config_id=config.id or 0,
        display_name=config.display_name,
        provider=config.provider_name,
        model=config.default_model,
        base_url=(config.settings or {}).get("base_url") or None,
        api_key=SecretStr(key) if key else None,
    )


def _in_plain_words(error: GatewayCallError, key: str | None) -> str:
    known = _PLAIN.get(error.code)
    if error.code == "provider_auth_failed":
        text = f"{known} {error.message}"
    else:
        text = known or error.message
    return scrub_secrets(text, (key,))


async def check_connection(target: ConnectionTarget) -> ConnectionResult:
    """Ask the gateway for the provider's models with the config's key and base URL."""
    key = target.api_key.get_secret_value() if target.api_key else None  # to scrub
    try:
        listing = await get_gateway_client().list_models(
            provider=target.provider, model=target.model, api_key=target.api_key,
            base_url=target.base_url,
        )
    except GatewayCallError as error:
        return ConnectionResult(ok=False, message=_in_plain_words(error, key))
    if listing.probed:
        return ConnectionResult(
            ok=True,
            message="Connected — the server answered (it does not list its models).",
        )
    models = [scrub_secrets(name, (key,)) for name in listing.models[:MAX_MODELS_SHOWN]]
    count = len(listing.models)
    return ConnectionResult(
        ok=True, message=f"Connected — {count} model{'' if count == 1 else 's'}", models=models
    )
