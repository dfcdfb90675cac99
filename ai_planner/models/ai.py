"""The four AI tables, column for column as the seed document lists them."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal, get_args

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from ai_planner.actor import ROLES
from ai_planner.errors import ValidationFailed
from ai_planner.gateway.schemas import MAX_TOKENS_LIMIT
from ai_planner.models.base import (
    Validated,
    created_at_field,
    fk_field,
    id_field,
    json_field,
    require_choice,
    require_text,
    updated_at_field,
)

# The vocabularies of the AI tables, written once: the Create/Update schemas take these
# Literal types (so a form or API body gets a readable error), and ``validate()`` below checks
# the same tuples as the last line of defence for any other writer.
ProviderName = Literal["anthropic", "openai", "openai_compatible", "demo"]
ProviderStatus = Literal["active", "inactive"]
TaskType = Literal["lesson_plan", "unit_plan", "differentiation", "assessment", "rewrite"]
TemplateStatus = Literal["draft", "active", "archived"]
InvocationStatus = Literal["pending", "running", "completed", "failed"]

PROVIDER_NAMES: tuple[str, ...] = get_args(ProviderName)
PROVIDER_STATUSES: tuple[str, ...] = get_args(ProviderStatus)
TASK_TYPES: tuple[str, ...] = get_args(TaskType)
TEMPLATE_STATUSES: tuple[str, ...] = get_args(TemplateStatus)
INVOCATION_STATUSES: tuple[str, ...] = get_args(InvocationStatus)
TASK_TYPE_LABELS: dict[str, str] = {
    "lesson_plan": "Lesson Plan",
    "unit_plan": "Unit Plan",
    "differentiation": "Differentiation",
    "assessment": "Assessment",
    "rewrite": "Rewrite",
}

# A task policy's limits: max tokens above the floor and at most the ceiling (what the gateway
# accepts), temperature within the range.
MAX_TOKENS_FLOOR = 0
MAX_TOKENS_CEILING = MAX_TOKENS_LIMIT
TEMPERATURE_RANGE: tuple[float, float] = (0.0, 2.0)
MAX_TOKENS_MESSAGE = f"Max tokens must be a whole number from 1 to {MAX_TOKENS_CEILING:,}."
TEMPERATURE_MESSAGE = "Temperature limit must be a number from 0 to 2."


def _string(*, nullable: bool = True, default: str | None = None) -> Any:
    return sa.Column(
        sa.String,
        nullable=nullable,
        default=default,
        server_default=default,
    )


class AiProviderConfig(Validated, SQLModel, table=True):
    __tablename__ = "ai_provider_configs"
    __table_args__ = (
        sa.Index(
            "index_ai_provider_configs_on_tenant_id_and_provider_name",
            "tenant_id",
            "provider_name",
            unique=True,
        ),
        sa.Index("index_ai_provider_configs_on_tenant_id", "tenant_id"),
        sa.Index("index_ai_provider_configs_on_created_by_id", "created_by_id"),
    )

    id: int | None = id_field()
    # Only ciphertext is stored here (services/crypto.py); never read it directly.
    api_key: str | None = Field(default=None, sa_column=sa.Column(sa.Text))
    available_models: list[str] = json_field(list, "[]")
    created_at: datetime = created_at_field()
    created_by_id: int = fk_field("users.id")
    default_model: str = Field(sa_column=_string(nullable=False))
    display_name: str = Field(sa_column=_string(nullable=False))
    provider_name: str = Field(sa_column=_string(nullable=False))
    settings: dict[str, Any] = json_field(dict, "{}")
    status: str = Field(default="inactive", sa_column=_string(nullable=False, default="inactive"))
    tenant_id: int = fk_field("tenants.id")
    updated_at: datetime = updated_at_field()

    def validate(self) -> None:
        require_text("provider_name", self.provider_name, "Provider")
        require_choice("provider_name", self.provider_name, PROVIDER_NAMES, "Provider")
        require_text("display_name", self.display_name, "Display name")
        require_text("default_model", self.default_model, "Default model")
        require_choice("status", self.status, PROVIDER_STATUSES, "Status")
        if not isinstance(self.available_models or [], list):
            raise ValidationFailed("available_models", "Available models must be a list.")

    @property
    def is_active(self) -> bool:
        return self.status == "active"


class AiTaskPolicy(Validated, SQLModel, table=True):
    __tablename__ = "ai_task_policies"
    __table_args__ = (
        sa.Index(
            "index_ai_task_policies_on_tenant_id_and_task_type",
            "tenant_id",
            "task_type",
            unique=True,
        ),
        sa.Index("index_ai_task_policies_on_tenant_id", "tenant_id"),
        sa.Index("index_ai_task_policies_on_ai_provider_config_id", "ai_provider_config_id"),
        sa.Index("index_ai_task_policies_on_created_by_id", "created_by_id"),
    )

    id: int | None = id_field()
    ai_provider_config_id: int = fk_field("ai_provider_configs.id")
    allowed_roles: list[str] = json_field(list, "[]")
    created_at: datetime = created_at_field()
    created_by_id: int = fk_field("users.id")
    enabled: bool | None = Field(
        default=True, sa_column=sa.Column(sa.Boolean, default=True, server_default=sa.true())
    )
    max_tokens_limit: int | None = Field(
        default=4096, sa_column=sa.Column(sa.Integer, default=4096, server_default="4096")
    )
    model_override: str | None = Field(default=None, sa_column=_string())
    requires_approval: bool | None = Field(
        default=False,
        sa_column=sa.Column(sa.Boolean, default=False, server_default=sa.false()),
    )
    settings: dict[str, Any] = json_field(dict, "{}")
    task_type: str = Field(sa_column=_string(nullable=False))
    temperature_limit: float | None = Field(
        default=1.0, sa_column=sa.Column(sa.Float, default=1.0, server_default="1.0")
    )
    tenant_id: int = fk_field("tenants.id")
    updated_at: datetime = updated_at_field()

    def validate(self) -> None:
        require_choice("task_type", self.task_type, TASK_TYPES, "Task type")
        if self.max_tokens_limit is not None and not (
            MAX_TOKENS_FLOOR < self.max_tokens_limit <= MAX_TOKENS_CEILING
        ):
            raise ValidationFailed("max_tokens_limit", MAX_TOKENS_MESSAGE)
        low, high = TEMPERATURE_RANGE
        if self.temperature_limit is not None and not low <= self.temperature_limit <= high:
            raise ValidationFailed("temperature_limit", TEMPERATURE_MESSAGE)
        for role in self.allowed_roles or []:
            require_choice("allowed_roles", role, ROLES, "Allowed role")

    def allowed_for_role(self, role: str) -> bool:
        """An empty ``allowed_roles`` means every role may use the task type."""
        return not self.allowed_roles or role in self.allowed_roles


class AiTemplate(Validated, SQLModel, table=True):
    __tablename__ = "ai_templates"
    __table_args__ = (
        sa.Index(
            "index_ai_templates_on_tenant_id_and_task_type_and_status",
            "tenant_id",
            "task_type",
            "status",
        ),
        sa.Index("index_ai_templates_on_tenant_id", "tenant_id"),
        sa.Index("index_ai_templates_on_created_by_id", "created_by_id"),
    )

    id: int | None = id_field()
    created_at: datetime = created_at_field()
    created_by_id: int = fk_field("users.id")
    name: str = Field(sa_column=_string(nullable=False))
    status: str | None = Field(default="draft", sa_column=_string(default="draft"))
    system_prompt: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    task_type: str = Field(sa_column=_string(nullable=False))
    tenant_id: int = fk_field("tenants.id")
    updated_at: datetime = updated_at_field()
    user_prompt_template: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    variables: list[str] = json_field(list, "[]")

    def validate(self) -> None:
        require_text("name", self.name, "Name")
        require_choice("task_type", self.task_type, TASK_TYPES, "Task type")
        require_text("system_prompt", self.system_prompt, "System prompt")
        require_text("user_prompt_template", self.user_prompt_template, "User prompt template")
        require_choice("status", self.status, TEMPLATE_STATUSES, "Status")


class AiInvocation(Validated, SQLModel, table=True):
    __tablename__ = "ai_invocations"
    __table_args__ = (
        sa.Index("index_ai_invocations_on_ai_provider_config_id", "ai_provider_config_id"),
        sa.Index("index_ai_invocations_on_ai_task_policy_id", "ai_task_policy_id"),
        sa.Index("index_ai_invocations_on_ai_template_id", "ai_template_id"),
        sa.Index(
            "index_ai_invocations_on_tenant_id_and_task_type_and_created_at",
            "tenant_id",
            "task_type",
            "created_at",
        ),
        sa.Index("index_ai_invocations_on_tenant_id", "tenant_id"),
        sa.Index("index_ai_invocations_on_user_id", "user_id"),
    )

    id: int | None = id_field()
    ai_provider_config_id: int = fk_field("ai_provider_configs.id")
    ai_task_policy_id: int | None = fk_field("ai_task_policies.id", nullable=True)
    ai_template_id: int | None = fk_field("ai_templates.id", nullable=True)
    completed_at: datetime | None = Field(default=None, sa_column=sa.Column(sa.DateTime))
    completion_tokens: int | None = Field(default=None, sa_column=sa.Column(sa.Integer))
    context: dict[str, Any] = json_field(dict, "{}")
    created_at: datetime = created_at_field()
    duration_ms: int | None = Field(default=None, sa_column=sa.Column(sa.Integer))
    error_message: str | None = Field(default=None, sa_column=sa.Column(sa.Text))
    input_hash: str | None = Field(default=None, sa_column=_string())
    model: str = Field(sa_column=_string(nullable=False))
    prompt_tokens: int | None = Field(default=None, sa_column=sa.Column(sa.Integer))
    provider_name: str = Field(sa_column=_string(nullable=False))
    started_at: datetime | None = Field(default=None, sa_column=sa.Column(sa.DateTime))
    status: str = Field(default="pending", sa_column=_string(nullable=False, default="pending"))
    task_type: str = Field(sa_column=_string(nullable=False))
    tenant_id: int = fk_field("tenants.id")
    total_tokens: int | None = Field(default=None, sa_column=sa.Column(sa.Integer))
    updated_at: datetime = updated_at_field()
    user_id: int = fk_field("users.id")

    def validate(self) -> None:
        require_text("task_type", self.task_type, "Task type")
        require_text("provider_name", self.provider_name, "Provider")
        require_text("model", self.model, "Model")
        require_choice("status", self.status, INVOCATION_STATUSES, "Status")
