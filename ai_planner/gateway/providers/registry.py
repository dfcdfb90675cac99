"""Builds the four providers from settings and hands them out by name."""

from __future__ import annotations

import httpx

from ai_planner.gateway.errors import GatewayError
from ai_planner.gateway.providers.anthropic import AnthropicProvider
from ai_planner.gateway.providers.base import Provider
from ai_planner.gateway.providers.connections import ClientPool
from ai_planner.gateway.providers.demo import DemoProvider
from ai_planner.gateway.providers.openai import OpenAICompatibleProvider, OpenAIProvider
from ai_planner.gateway.schemas import ProviderInfo
from ai_planner.outbound import OutboundPolicy
from ai_planner.settings import Settings


class ProviderRegistry:
    def __init__(
        self,
        settings: Settings,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        demo_chunk_delay: float = 0.0,
    ) -> None:
        timeout = httpx.Timeout(
            settings.provider_read_timeout, connect=settings.provider_connect_timeout
        )
        self.pool = ClientPool(
            timeout, transport, policy=OutboundPolicy.from_settings(settings)
        )
        self._providers: dict[str, Provider] = {
            "anthropic": AnthropicProvider(
                self.pool,
                base_url=settings.anthropic_base_url,
                env_key=settings.anthropic_api_key,
            ),
            "openai": OpenAIProvider(
                self.pool, base_url=settings.openai_base_url, env_key=settings.openai_api_key
            ),
            "openai_compatible": OpenAICompatibleProvider(self.pool),
            "demo": DemoProvider(chunk_delay=demo_chunk_delay),
        }

    def get(self, name: str) -> Provider:
        try:
            return self._providers[name]
        except KeyError:
            message = f"Unknown provider {name!r}."
            raise GatewayError("unknown_provider", message, status=422) from None

    def describe(self) -> list[ProviderInfo]:
        return [
            ProviderInfo(
                name=name,  # type: ignore[arg-type]
                label=p.label,
                requires_api_key=p.requires_api_key,
                has_gateway_key=p.has_gateway_key,
                requires_base_url=p.requires_base_url,
                default_base_url=p.default_base_url,
                models=p.list_models(),
            )
            for name, p in self._providers.items()
        ]
