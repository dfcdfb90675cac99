"""Request and response bodies of the gateway's HTTP API (the OpenAPI schema comes from here)."""

from __future__ import annotations

import re
from typing import Annotated, Literal

import httpx
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
)

ProviderName = Literal["anthropic", "openai", "openai_compatible", "demo"]
TaskType = Literal["lesson_plan", "unit_plan", "differentiation", "assessment", "rewrite"]
Role = Literal["system", "user", "assistant"]

MAX_MESSAGES = 100
MAX_MESSAGE_CHARS = 100_000
MAX_TOTAL_CHARS = 200_000
MAX_TOKENS_LIMIT = 200_000
MAX_BODY_BYTES = 1_048_576  # the HTTP layer refuses bigger bodies with 413
MAX_API_KEY_CHARS = 500
# Printable ASCII without spaces: a key goes into an HTTP header.
API_KEY_CHARS = re.compile(r"[!-~]*")
# A provider key: secret from the moment it is parsed (repr, str and JSON dumps mask it).
ApiKey = Annotated[
    SecretStr,
    WithJsonSchema(
        {
            "type": "string",
            "format": "password",
            "writeOnly": True,
            "maxLength": MAX_API_KEY_CHARS,
            "pattern": f"^{API_KEY_CHARS.pattern}$",
        }
    ),
]


class ChatMessage(BaseModel):
    # Error texts name the field, never repeat the input (a student's words, or a key).
    model_config = ConfigDict(extra="forbid", hide_input_in_errors=True)

    role: Role
    content: str = Field(min_length=1, max_length=MAX_MESSAGE_CHARS)

    @field_validator("content")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be blank")
        return value


class GenerateRequest(BaseModel):
    """What a caller asks for; ``api_key``/``base_url`` are the tenant's provider settings."""

    model_config = ConfigDict(extra="forbid", hide_input_in_errors=True)

    provider: ProviderName
    model: str = Field(min_length=1, max_length=200, pattern=r"^[A-Za-z0-9][A-Za-z0-9._:/@+-]*$")
    messages: list[ChatMessage] = Field(min_length=1, max_length=MAX_MESSAGES)
    task_type: TaskType | None = None
    max_tokens: int = Field(default=1024, gt=0, le=MAX_TOKENS_LIMIT)
    temperature: float = Field(default=0.7, ge=0.0, le=2.0)
    api_key: ApiKey | None = Field(default=None, repr=False)
    base_url: str | None = Field(
        default=None,
        max_length=500,
        pattern=r"^https?://[A-Za-z0-9.\-_~%\[\]:@]+(?:/[A-Za-z0-9.\-_~%!$&'()*+,;=:@/]*)?$",
        validate_default=True,
    )

    @field_validator("messages")
    @classmethod
    def _total_size(cls, messages: list[ChatMessage]) -> list[ChatMessage]:
        total = sum(len(m.content) for m in messages)
        if total > MAX_TOTAL_CHARS:
            raise ValueError(f"total content is {total} characters; the limit is {MAX_TOTAL_CHARS}")
        if not any(m.role == "user" for m in messages):
            raise ValueError("at least one user message is required")
        return messages

    @field_validator("api_key", mode="before")
    @classmethod
    def _api_key_shape(cls, value: object) -> object:
        if isinstance(value, str):
            if len(value) > MAX_API_KEY_CHARS:
                raise ValueError(f"must have at most {MAX_API_KEY_CHARS} characters")
            if not API_KEY_CHARS.fullmatch(value):
                raise ValueError("must be printable ASCII without spaces")
        return value

    @field_validator("base_url")
    @classmethod
    def _base_url_usable(cls, value: str | None, info: ValidationInfo) -> str | None:
        if info.data.get("provider") == "openai_compatible" and not value:
            raise ValueError("is required for the openai_compatible provider")
        if value:
            try:
                url = httpx.URL(value)
            except httpx.InvalidURL as exc:
                raise ValueError("is not a valid URL") from exc
            if not url.host:
                raise ValueError("has no host")
        return value


class Usage(BaseModel):
    prompt_tokens: int = 0
    completion_tokens: int = 0
    total_tokens: int = 0
    # True when the provider did not report it (a cut stream): counted from the text seen.
    estimated: bool = False

    @classmethod
    def of(cls, prompt: int, completion: int, *, estimated: bool = False) -> Usage:
        return cls(
            prompt_tokens=prompt,
            completion_tokens=completion,
            total_tokens=prompt + completion,
            estimated=estimated,
        )


class SafetyAction(BaseModel):
    """One thing the safety filters did, for the caller's audit trail."""

    stage: Literal["input", "output"]
    action: Literal["redacted", "flagged", "blocked"]
    category: str
    count: int = 1


class GenerationResult(BaseModel):
    """What a finished generation reports besides its text."""

    model: str
    provider: ProviderName
    finish_reason: str | None
    usage: Usage
    safety: list[SafetyAction] = Field(default_factory=list)
    system_prompt: Literal["caller", "default", "none"] = "none"


class GenerateResponse(GenerationResult):
    content: str


class StreamDelta(BaseModel):
    """``event: delta`` of /v1/generate_stream."""

    text: str


class StreamDone(GenerationResult):
    """``event: done``: the last event of a complete stream (the text came as deltas)."""


class ErrorBody(BaseModel):
    code: str
    message: str
    usage: Usage | None = None
    retry_after: float | None = None
    errors: list[dict[str, str]] | None = None


class ProviderInfo(BaseModel):
    name: ProviderName
    label: str
    requires_api_key: bool
    has_gateway_key: bool
    requires_base_url: bool
    default_base_url: str | None
    models: list[str]


class ProvidersResponse(BaseModel):
    providers: list[ProviderInfo]


class HealthResponse(BaseModel):
    status: Literal["ok"] = "ok"
    version: str


PROBE_MESSAGE = "Reply with OK."


class ModelsRequest(GenerateRequest):
    """/v1/models: the provider and the tenant's credentials, as for a generation. ``model``
    is used only for a server without a model list: it then gets a one-token call."""

    messages: list[ChatMessage] = Field(
        default_factory=lambda: [ChatMessage(role="user", content=PROBE_MESSAGE)],
        min_length=1,
        max_length=1,
    )
    max_tokens: int = Field(default=1, ge=1, le=1)
    temperature: float = Field(default=0.0, ge=0.0, le=0.0)


class ModelsResponse(BaseModel):
    provider: ProviderName
    # The provider's models; empty when it has no list and answered the one-token call.
    models: list[str]
    probed: bool = False
