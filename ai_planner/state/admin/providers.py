"""/admin/ai: the provider registry, its add/edit dialog, (de)activation, deletion,
"Test connection" and the change log's "Recent changes".

The API key is never a var of this state: the key field is not bound, its value arrives only
with the form's submit event and goes straight to the repository (which encrypts it). What
the browser gets back is the mask (``sk-…f3a9``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator, Iterator
from typing import Any

import reflex as rx
from reflex.event import EventSpec
from sqlmodel import Session

from ai_planner import routes
from ai_planner.actor import Actor
from ai_planner.repositories import ai_provider_configs as configs
from ai_planner.repositories import audit_logs
from ai_planner.schemas.ai_provider_config import ProviderConfigPublic
from ai_planner.services import provider_connection
from ai_planner.state.admin.common import (
    AdminFormMixin,
    ChangeRow,
    DeleteConfirmMixin,
    change_row,
)
from ai_planner.state.base import FeedbackMixin, SessionState, page_state
from ai_planner.state.words import PROVIDER_LABELS, when_label

FIELDS = ("provider_name", "display_name", "default_model", "base_url", "available_models")


@dataclasses.dataclass
class ProviderRow:
    """One provider config as the table shows it (display strings; no key, only its mask)."""

    id: int = 0
    display_name: str = ""
    provider_name: str = ""
    provider_label: str = ""
    status: str = ""
    default_model: str = ""
    policy_count: int = 0
    policies_label: str = ""
    last_change: str = ""
    key_mask: str = ""


def _row(config: ProviderConfigPublic) -> ProviderRow:
    count = config.task_policy_count
    return ProviderRow(
        id=config.id,
        display_name=config.display_name,
        provider_name=config.provider_name,
        provider_label=PROVIDER_LABELS.get(config.provider_name, config.provider_name),
        status=config.status,
        default_model=config.default_model,
        policy_count=count,
        policies_label=f"{count} task polic{'y' if count == 1 else 'ies'}",
        last_change=when_label(config.updated_at),
        key_mask=config.api_key_mask,
    )


def _form_values(config: ProviderConfigPublic) -> dict[str, str]:
    return {
        "provider_name": config.provider_name,
        "display_name": config.display_name,
        "default_model": config.default_model,
        "base_url": config.base_url,
        "available_models": ", ".join(config.available_models),
    }


def _names(labels: list[str]) -> str:
    return labels[0] if len(labels) == 1 else f"{', '.join(labels[:-1])} and {labels[-1]}"


@page_state(routes.ADMIN_AI)
class ProvidersState(SessionState, FeedbackMixin, AdminFormMixin, DeleteConfirmMixin):
    rows: list[ProviderRow] = []
    changes: list[ChangeRow] = []
    loaded: bool = False

    # The add/edit dialog beyond ``form``: the stored key's mask and "Remove key".
    stored_key_mask: str = ""
    remove_key: bool = False

    # Confirmations: deactivating a config in use, deleting.
    deactivate_open: bool = False
    deactivate_warning: str = ""

    # "Test connection": which row is being tested, then its answer.
    testing_id: int = 0
    test_open: bool = False
    test_ok: bool = False
    test_name: str = ""
    test_message: str = ""
    test_models: list[str] = []
    _tested_id: int = 0

    @rx.var
    def taken_providers(self) -> list[str]:
        """Providers this school already has (the one being edited stays selectable)."""
        return [row.provider_name for row in self.rows if row.id != self.editing_id]

    @rx.var
    def needs_base_url(self) -> bool:
        return self.form.get("provider_name", "") == "openai_compatible"

    def _form_fields(self) -> tuple[str, ...]:
        return FIELDS

    # --- loading -----------------------------------------------------------------------

    def _refresh(self) -> None:
        loaded = self._reload(lambda db, actor: (
            configs.list_public(db, actor=actor), audit_logs.recent(db, actor=actor)
        ))
        if loaded is None:
            self.rows, self.changes = [], []
            return
        found, recent = loaded
        self.rows = [_row(config) for config in found]
        self.changes = [change_row(entry) for entry in recent]
        self.loaded = True

    @rx.event
    def load(self) -> EventSpec | None:
        """on_load of /admin/ai."""
        self.message = ""
        self._close_form()
        self.deactivate_open = self.delete_open = self.test_open = False
        self.testing_id = 0
        self._refresh()
        return self._to_login_if_signed_out()

    # --- add / edit ----------------------------------------------------------------------

    @rx.event
    def open_create(self) -> None:
        self.stored_key_mask, self.remove_key = "", False
        self._show_form({"provider_name": "", "available_models": ""})

    @rx.event
    def open_edit(self, config_id: int) -> EventSpec | None:
        return self._open_edit(config_id)

    def _open_edit(self, config_id: int, models: list[str] | None = None) -> EventSpec | None:
        """Edit a config; ``models`` (from "Test connection") pre-fills Available models."""
        config = self._act(
            lambda db, actor: configs.get_public(db, actor=actor, config_id=config_id)
        )
        if config is None:
            return self._to_login_if_signed_out()
        values = _form_values(config)
        if models:
            values["available_models"] = ", ".join(models)
        self.stored_key_mask, self.remove_key = config.api_key_mask, False
        self._show_form(values, editing_id=config.id)
        return None

    @rx.event
    def set_remove_key(self, checked: bool) -> None:
        self.remove_key = bool(checked) and self.form_open and self.editing_id > 0

    @rx.event
    def save(self, form_data: dict[str, Any]) -> Iterator[EventSpec | None]:
        """Save the dialog: the typed fields from ``form``, the key from the submitted form
        data only (it is never stored on this state)."""
        data: dict[str, Any] = {**self.form, "api_key": form_data.get("api_key")}
        yield from self._save_form(
            create=lambda db, actor: configs.create(
                db, actor=actor, data={**data, "base_url": data.get("base_url") or None}),
            update=lambda db, actor, row_id: configs.update(
                db, actor=actor, config_id=row_id,
                data={**data, "remove_api_key": self.remove_key}),
        )

    def _saved_message(self, saved: Any, edited: bool) -> str:
        if edited:
            return f"Saved “{saved.display_name}”."
        return f"Added “{saved.display_name}”. Test the connection, then activate it."

    # --- activate / deactivate -------------------------------------------------------------

    @rx.event
    def activate(self, config_id: int) -> EventSpec | None:
        done = self._act(lambda db, actor: configs.activate(db, actor=actor, config_id=config_id))
        self._refresh()
        if done is None:
            return self._to_login_if_signed_out()
        return rx.toast.success(f"“{done.display_name}” is active.")

    @rx.event
    def request_deactivate(self, config_id: int) -> EventSpec | None:
        """Deactivate at once, or first ask when enabled task policies use the config."""
        using = self._act(lambda db, actor: configs.enabled_task_types_using(
            db, actor=actor, config_id=config_id))
        if using is None:
            return self._to_login_if_signed_out()
        if not using:
            return self._deactivate(config_id)
        one = len(using) == 1
        self._pending_id = config_id
        self.deactivate_warning = (
            f"{_names(using)} will stop working for everyone until you activate this provider "
            f"again or give {'that task policy' if one else 'those task policies'} another "
            "provider."
        )
        self.deactivate_open = True
        return None

    @rx.event
    def confirm_deactivate(self) -> EventSpec | None:
        config_id, self._pending_id = self._pending_id, 0
        self.deactivate_open = False
        return self._deactivate(config_id) if config_id else None

    def _deactivate(self, config_id: int) -> EventSpec | None:
        done = self._act(
            lambda db, actor: configs.deactivate(db, actor=actor, config_id=config_id)
        )
        self._refresh()
        if done is None:
            return self._to_login_if_signed_out()
        return rx.toast.success(f"“{done.display_name}” is inactive.")

    @rx.event
    def set_deactivate_open(self, is_open: bool) -> None:
        self.deactivate_open = bool(is_open) and self._pending_id > 0
        if not self.deactivate_open:
            self._pending_id = 0

    # --- delete (DeleteConfirmMixin) -------------------------------------------------------

    def _row_label(self, row_id: int) -> str | None:
        return next((r.display_name for r in self.rows if r.id == row_id), None)

    def _delete_row(self, db: Session, actor: Actor, row_id: int) -> None:
        # Refused while task policies use it: "Lesson Plan uses this provider: ..."
        configs.delete(db, actor=actor, config_id=row_id)

    # --- test connection ---------------------------------------------------------------------

    @rx.event
    async def test_connection(self, config_id: int) -> AsyncIterator[EventSpec | None]:
        """Ask the provider for its models with this config's key and base URL (<= 10 s)."""
        if self.testing_id:
            return
        self.testing_id = config_id if isinstance(config_id, int) else -1
        yield None  # the row shows "Testing…" while the gateway works
        target = self._act(lambda db, actor: provider_connection.connection_target(
            db, actor=actor, config_id=config_id))
        if target is None:
            self.testing_id = 0
            yield self._to_login_if_signed_out()
            return
        result = await provider_connection.check_connection(target)
        self.testing_id = 0
        self._tested_id = target.config_id
        self.test_name = target.display_name
        self.test_ok, self.test_message = result.ok, result.message
        self.test_models = result.models
        self.test_open = True

    @rx.event
    def set_test_open(self, is_open: bool) -> None:
        self.test_open = bool(is_open)

    @rx.event
    def use_tested_models(self) -> EventSpec | None:
        """Open the edit dialog with Available models filled from the test's answer."""
        self.test_open = False
        if not self._tested_id or not self.test_models:
            return None
        return self._open_edit(self._tested_id, self.test_models)
