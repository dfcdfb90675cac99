"""API keys are secrets from end to end: no representation, validation error or provider
error text shows one, and every place that holds one holds a ``SecretStr``."""

from __future__ import annotations

import pytest
from pydantic import SecretStr, ValidationError

from ai_planner.gateway.errors import scrub_secrets
from ai_planner.gateway.providers.anthropic import AnthropicProvider
from ai_planner.gateway.providers.base import ProviderCall
from ai_planner.gateway.providers.connections import ClientPool
from ai_planner.gateway.providers.openai import OpenAICompatibleProvider, OpenAIProvider
from ai_planner.gateway.schemas import ChatMessage, GenerateRequest
from ai_planner.services.gateway_client import GatewayRequest
from ai_planner.settings import Settings

KEY = "sk-live-key-Zq81xW0pLm"


def _call(**overrides) -> ProviderCall:
    values = {
        "model": "m",
        "system": "Be brief.",
        "messages": [ChatMessage(role="user", content="Plan fractions")],
        "max_tokens": 10,
        "temperature": 0.2,
        "api_key": SecretStr(KEY),
    }
    return ProviderCall(**{**values, **overrides})


@pytest.mark.parametrize("stream", [False, True])
def test_a_provider_request_never_shows_its_key(stream: bool) -> None:
    import httpx

    pool = ClientPool(httpx.Timeout(1.0))
    providers = [
        AnthropicProvider(pool, base_url="https://api.anthropic.com", env_key=""),
        OpenAIProvider(pool, base_url="https://api.openai.com/v1", env_key=""),
        OpenAICompatibleProvider(pool),
    ]
    for provider in providers:
        call = _call(base_url="https://llm.example.org/v1") if provider.requires_base_url else (
            _call()
        )
        request = provider._request(call, stream=stream)
        assert KEY in str(request.headers)  # it is there, to be sent ...
        assert KEY not in repr(request) and KEY not in str(request)  # ... and never shown
        assert isinstance(request.key, SecretStr)
    assert KEY not in repr(_call())


@pytest.mark.parametrize(
    "bad",
    [
        {"api_key": KEY + " with a space"},  # the key itself is invalid
        {"api_key": KEY + "x" * 500},
        {"api_key": KEY, "model": "not a model"},  # another field is
        {"api_key": KEY, "messages": []},
        {"api_key": KEY, "surprise": True},
    ],
)
def test_a_validation_error_never_shows_the_key(bad: dict) -> None:
    payload = {
        "provider": "openai",
        "model": "gpt-test",
        "messages": [{"role": "user", "content": "Plan fractions"}],
        **bad,
    }
    with pytest.raises(ValidationError) as caught:
        GenerateRequest.model_validate(payload)
    assert KEY not in str(caught.value) and KEY not in repr(caught.value)


def test_a_valid_request_keeps_the_key_secret() -> None:
    request = GenerateRequest.model_validate(
        {
            "provider": "openai",
            "model": "gpt-test",
            "messages": [{"role": "user", "content": "Plan fractions"}],
            "api_key": KEY,
        }
    )
    assert isinstance(request.api_key, SecretStr)
    assert request.api_key.get_secret_value() == KEY
    assert KEY not in repr(request) and KEY not in request.model_dump_json()


def test_gateway_client_request_keeps_the_key_secret_until_sent() -> None:
    request = GatewayRequest(
        provider="openai", model="gpt-test", messages=[{"role": "user", "content": "Hi"}],
        api_key=KEY,
    )
    assert isinstance(request.api_key, SecretStr)
    assert KEY not in repr(request) and KEY not in str(request)
    assert request.to_json()["api_key"] == KEY  # the body that goes to the gateway
    assert "api_key" not in GatewayRequest(provider="demo", model="d", messages=[]).to_json()


def test_settings_hold_keys_and_the_service_token_as_secrets() -> None:
    settings = Settings(
        ANTHROPIC_API_KEY="sk-ant-settings-secret-1",
        OPENAI_API_KEY="sk-settings-secret-2",
        AI_GATEWAY_SERVICE_TOKEN="service-token-secret-3",
    )
    for name, value in [
        ("anthropic_api_key", "sk-ant-settings-secret-1"),
        ("openai_api_key", "sk-settings-secret-2"),
        ("gateway_service_token", "service-token-secret-3"),
    ]:
        field = getattr(settings, name)
        assert isinstance(field, SecretStr) and field.get_secret_value() == value
        assert value not in repr(settings) and value not in str(settings)
        assert value not in settings.model_dump_json()


SHORT_KEY = "loc-key-91"


@pytest.mark.parametrize(
    "echo",
    [
        f"Invalid key {SHORT_KEY.upper()}",  # upper-cased
        f"Invalid key {SHORT_KEY.capitalize()}.",
        "key 'loc-****-91' was rejected",  # masked, short key
        "key loc-k… is unknown",  # cut
        "the key ending in y-91 is wrong",  # its last characters
        f"auth failed (key={SHORT_KEY})",
    ],
)
def test_the_scrubber_catches_case_and_partial_echoes_of_short_keys(echo: str) -> None:
    scrubbed = scrub_secrets(echo, (SecretStr(SHORT_KEY),))
    assert "[redacted key]" in scrubbed
    lowered = scrubbed.lower()
    for part in ("loc-k", "y-91", "loc-****"):
        assert part not in lowered, scrubbed


def test_the_scrubber_leaves_ordinary_words() -> None:
    text = "Overloaded: the model is busy, retry in 20 seconds (request 4e1c)."
    assert scrub_secrets(text, (SecretStr(SHORT_KEY), SecretStr(KEY))) == text
