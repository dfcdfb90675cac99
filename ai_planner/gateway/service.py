"""What the gateway does with one request, independent of HTTP: safety on the way in, the
system prompt, credentials, the provider call with retries, safety on the way out."""

from __future__ import annotations

from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass

from ai_planner.gateway.errors import GatewayError
from ai_planner.gateway.prompts import default_system_prompt
from ai_planner.gateway.providers.base import Provider, ProviderCall, StreamEnd
from ai_planner.gateway.providers.registry import ProviderRegistry
from ai_planner.gateway.resilience import RetryPolicy, call_with_retries, stream_with_retries
from ai_planner.gateway.safety import SafetyFilter, StreamRedactor
from ai_planner.gateway.schemas import (
    GenerateRequest,
    GenerateResponse,
    ModelsRequest,
    ModelsResponse,
    SafetyAction,
    StreamDone,
)
from ai_planner.secret_values import as_secret


@dataclass(frozen=True)
class Finished:
    """The end of a complete stream: the last redacted text (may be empty) and the result,
    together so the HTTP layer can send them in one write."""

    tail: str
    done: StreamDone


@dataclass(frozen=True)
class Prepared:
    provider: Provider
    call: ProviderCall
    safety: list[SafetyAction]
    system_prompt: str  # "caller" | "default" | "none"


class GatewayService:
    def __init__(self, registry: ProviderRegistry, safety: SafetyFilter, retry: RetryPolicy):
        self.registry = registry
        self.safety = safety
        self.retry = retry

    def prepare(self, request: GenerateRequest) -> Prepared:
        provider = self.registry.get(request.provider)
        messages, actions = self.safety.check_input(request.messages)
        system_parts = [m.content for m in messages if m.role == "system"]
        if system_parts:
            system, source = "\n\n".join(system_parts), "caller"
        else:
            system = default_system_prompt(request.task_type)
            source = "default" if system else "none"
        call = ProviderCall(
            model=request.model,
            system=system,
            messages=[m for m in messages if m.role != "system"],
            max_tokens=request.max_tokens,
            temperature=request.temperature,
            api_key=as_secret(request.api_key),
            base_url=request.base_url or None,
            task_type=request.task_type,
        )
        return Prepared(provider, call, actions, source)

    async def list_models(self, request: ModelsRequest) -> ModelsResponse:
        """The provider's models with the request's credentials, or (a server without a
        model list) proof that it answers a one-token call. No retries: an admin is waiting."""
        prepared = self.prepare(request)
        try:
            models = await prepared.provider.fetch_models(prepared.call)
            return ModelsResponse(provider=request.provider, models=models)
        except GatewayError as error:
            if error.code != "provider_not_found":
                raise
        await prepared.provider.generate(prepared.call)
        return ModelsResponse(provider=request.provider, models=[], probed=True)

    async def generate(self, request: GenerateRequest) -> GenerateResponse:
        prepared = self.prepare(request)
        result = await call_with_retries(
            self.retry, lambda: prepared.provider.generate(prepared.call)
        )
        counts: Counter[str] = Counter()
        content = self.safety.redact(result.content, counts)
        return GenerateResponse(
            content=content,
            model=result.model,
            provider=request.provider,
            finish_reason=result.finish_reason,
            usage=result.usage,
            safety=prepared.safety + self.safety.output_actions(counts),
            system_prompt=prepared.system_prompt,  # type: ignore[arg-type]
        )

    async def stream(self, request: GenerateRequest) -> AsyncIterator[str | Finished]:
        """Redacted text pieces, then one :class:`Finished`; raises :class:`GatewayError`
        (with the usage known so far) when the stream fails."""
        prepared = self.prepare(request)
        redactor = StreamRedactor(self.safety)
        pieces = stream_with_retries(self.retry, lambda: prepared.provider.stream(prepared.call))
        end: StreamEnd | None = None
        try:
            async for piece in pieces:
                if isinstance(piece, StreamEnd):
                    end = piece
                    continue
                text = redactor.feed(piece.text)
                if text:
                    yield text
        except GatewayError:
            tail = redactor.flush()
            if tail:
                yield tail  # what arrived before the failure is still the caller's to see
            raise
        finally:
            await pieces.aclose()  # type: ignore[attr-defined]
        tail = redactor.flush()
        if end is None:  # a provider bug, not a provider answer
            if tail:
                yield tail
            raise GatewayError("stream_interrupted", "The stream ended without a result.")
        done = StreamDone(
            model=end.model,
            provider=request.provider,
            finish_reason=end.finish_reason,
            usage=end.usage,
            safety=prepared.safety + self.safety.output_actions(redactor.counts),
            system_prompt=prepared.system_prompt,  # type: ignore[arg-type]
        )
        yield Finished(tail, done)
