"""/admin/ai/policies: which provider serves each task type, who may use it, within which
limits. The rules are the schemas' (``schemas/ai_task_policy.py``); this state only turns the
form into a request body and the rows into display strings."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any

import reflex as rx
from reflex.event import EventSpec
from sqlmodel import Session

from ai_planner import routes
from ai_planner.actor import ROLES, Actor
from ai_planner.repositories import ai_provider_configs as configs
from ai_planner.repositories import ai_task_policies as task_policies
from ai_planner.schemas.ai_provider_config import ProviderConfigPublic
from ai_planner.schemas.ai_task_policy import TaskPolicyPublic
from ai_planner.state.admin.common import AdminFormMixin, DeleteConfirmMixin
from ai_planner.state.base import ROLE_LABELS, FeedbackMixin, SessionState, page_state
from ai_planner.state.words import task_label

FIELDS = ("task_type", "ai_provider_config_id", "max_tokens_limit", "temperature_limit",
          "model_override")
DEFAULTS = {"max_tokens_limit": "4096", "temperature_limit": "1.0"}


@dataclasses.dataclass
class PolicyRow:
    id: int = 0
    task_type: str = ""
    task_label: str = ""
    provider: str = ""
    enabled: bool = True
    roles: str = ""
    max_tokens: str = ""
    temperature: str = ""
    model: str = ""
    requires_approval: bool = False


@dataclasses.dataclass
class ProviderOption:
    id: str = ""
    label: str = ""
    models: list[str] = dataclasses.field(default_factory=list)


def _roles_label(roles: list[str]) -> str:
    return ", ".join(ROLE_LABELS.get(r, r) for r in roles) if roles else "Everyone"


def _row(policy: TaskPolicyPublic, default_models: dict[int, str]) -> PolicyRow:
    provider = policy.provider_display_name
    if not policy.provider_active:
        provider += " (inactive)"
    default = default_models.get(policy.ai_provider_config_id, "")
    return PolicyRow(
        id=policy.id,
        task_type=policy.task_type,
        task_label=policy.task_label,
        provider=provider,
        enabled=policy.enabled,
        roles=_roles_label(policy.allowed_roles),
        max_tokens="No limit" if policy.max_tokens_limit is None
        else f"{policy.max_tokens_limit:,}",
        temperature="No limit" if policy.temperature_limit is None
        else f"{policy.temperature_limit:g}",
        model=policy.model_override or f"Default ({default})",
        requires_approval=policy.requires_approval,
    )


def _option(config: ProviderConfigPublic) -> ProviderOption:
    label = config.display_name + ("" if config.status == "active" else " (inactive)")
    return ProviderOption(id=str(config.id), label=label, models=config.available_models)


def _form_values(policy: TaskPolicyPublic) -> dict[str, str]:
    return {
        "task_type": policy.task_type,
        "ai_provider_config_id": str(policy.ai_provider_config_id),
        "max_tokens_limit": "" if policy.max_tokens_limit is None
        else str(policy.max_tokens_limit),
        "temperature_limit": "" if policy.temperature_limit is None
        else f"{policy.temperature_limit:g}",
        "model_override": policy.model_override or "",
    }


@page_state(routes.ADMIN_AI_POLICIES)
class PoliciesState(SessionState, FeedbackMixin, AdminFormMixin, DeleteConfirmMixin):
    rows: list[PolicyRow] = []
    providers: list[ProviderOption] = []  # this school's configs (one per provider at most)
    loaded: bool = False

    # The form's toggles beside ``form``.
    enabled: bool = True
    requires_approval: bool = False
    roles: list[str] = []


    @rx.var
    def taken_task_types(self) -> list[str]:
        return [row.task_type for row in self.rows if row.id != self.editing_id]

    @rx.var
    def model_suggestions(self) -> list[str]:
        chosen = self.form.get("ai_provider_config_id", "")
        return next((p.models for p in self.providers if p.id == chosen), [])

    @rx.var
    def model_warning(self) -> str:
        """A model override the chosen provider does not list: a warning, not an error."""
        model = self.form.get("model_override", "").strip()
        suggestions = self.model_suggestions
        if not model or not suggestions or model in suggestions:
            return ""
        return (f"“{model}” is not in this provider's available models. Check the name: it "
                "is saved as typed.")

    def _form_fields(self) -> tuple[str, ...]:
        return FIELDS

    def _refresh(self) -> None:
        loaded = self._reload(lambda db, actor: (
            task_policies.list_public(db, actor=actor), configs.list_public(db, actor=actor)
        ))
        if loaded is None:
            self.rows, self.providers = [], []
            return
        found, provider_configs = loaded
        default_models = {c.id: c.default_model for c in provider_configs}
        self.rows = [_row(policy, default_models) for policy in found]
        self.providers = [_option(config) for config in provider_configs]
        self.loaded = True

    @rx.event
    def load(self) -> EventSpec | None:
        """on_load of /admin/ai/policies."""
        self.message = ""
        self._close_form()
        self.delete_open = False
        self._refresh()
        return self._to_login_if_signed_out()

    # --- add / edit ----------------------------------------------------------------------

    @rx.event
    def open_create(self) -> None:
        first = self.providers[0].id if len(self.providers) == 1 else ""
        self.enabled, self.requires_approval, self.roles = True, False, []
        self._show_form({**DEFAULTS, "ai_provider_config_id": first})

    @rx.event
    def open_edit(self, policy_id: int) -> EventSpec | None:
        policy = self._act(
            lambda db, actor: task_policies.get_public(db, actor=actor, policy_id=policy_id)
        )
        if policy is None:
            return self._to_login_if_signed_out()
        self.enabled, self.requires_approval = policy.enabled, policy.requires_approval
        self.roles = list(policy.allowed_roles)
        self._show_form(_form_values(policy), editing_id=policy.id)
        return None

    @rx.event
    def set_enabled(self, checked: bool) -> None:
        self.enabled = bool(checked)

    @rx.event
    def set_requires_approval(self, checked: bool) -> None:
        self.requires_approval = bool(checked)

    @rx.event
    def toggle_role(self, role: str, checked: bool) -> None:
        if role not in ROLES:
            return
        others = [r for r in self.roles if r != role]
        self.roles = [r for r in ROLES if r in others or (r == role and checked)]

    def _body(self) -> dict[str, Any]:
        """The request body: what the form shows (a choice left empty is simply absent, so
        the schema says it is required)."""
        body: dict[str, Any] = {name: value for name, value in self.form.items()
                                if value != "" or name in ("max_tokens_limit",
                                                           "temperature_limit",
                                                           "model_override")}
        body.update(enabled=self.enabled, requires_approval=self.requires_approval,
                    allowed_roles=list(self.roles))
        return body

    @rx.event
    def save(self) -> Iterator[EventSpec | None]:
        data = self._body()
        yield from self._save_form(
            create=lambda db, actor: task_policies.create(db, actor=actor, data=data),
            update=lambda db, actor, row_id: task_policies.update(
                db, actor=actor, policy_id=row_id, data=data),
        )

    def _saved_message(self, saved: Any, edited: bool) -> str:
        return f"Saved the task policy for {task_label(saved.task_type)}."

    # --- delete (DeleteConfirmMixin) -------------------------------------------------------

    def _row_label(self, row_id: int) -> str | None:
        return next((r.task_label for r in self.rows if r.id == row_id), None)

    def _delete_row(self, db: Session, actor: Actor, row_id: int) -> None:
        task_policies.delete(db, actor=actor, policy_id=row_id)

    def _deleted_message(self, name: str) -> str:
        return f"Deleted the task policy for {name}."
