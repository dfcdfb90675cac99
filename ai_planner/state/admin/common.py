"""What the three AI Settings states share: the add/edit dialog's form cycle, and how dates,
task types, roles and change-log rows read on screen.

Module functions and underscore methods only: a public method on a state would become an
event handler the browser could call.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import reflex as rx
from reflex.event import EventSpec
from sqlmodel import Session

from ai_planner.actor import Actor
from ai_planner.schemas.audit_log import AuditLogPublic
from ai_planner.state.planner.common import capped
from ai_planner.state.words import when_label

T = TypeVar("T")
# How a dialog's save runs through ``SessionState._act``: field errors beside their fields,
# a refusal (not allowed, not found...) above the fields, inside the dialog.
IN_FORM: dict[str, Any] = {"errors": "errors", "in_dialog": True}

RESOURCE_WORDS: dict[str, str] = {
    "ai_provider_config": "provider",
    "ai_task_policy": "task policy",
    "ai_template": "template",
}
ACTION_WORDS: dict[str, str] = {
    "create": "Added",
    "update": "Changed",
    "delete": "Deleted",
    "activate": "Activated",
    "deactivate": "Deactivated",
}
FIELD_WORDS: dict[str, str] = {
    "api_key": "API key",
    "ai_provider_config_id": "provider",
    "available_models": "available models",
    "max_tokens_limit": "max tokens",
    "temperature_limit": "temperature limit",
    "settings": "settings (base URL)",
    "user_prompt_template": "user prompt template",
}


@dataclasses.dataclass
class ChangeRow:
    """One line of "Recent changes" (display strings only: it is sent to the browser)."""

    id: int = 0
    when: str = ""
    who: str = ""
    what: str = ""


def change_row(entry: AuditLogPublic) -> ChangeRow:
    noun = RESOURCE_WORDS.get(entry.resource_type, entry.resource_type)
    what = f"{ACTION_WORDS.get(entry.action, entry.action)} {noun} “{entry.label}”"
    if entry.action == "update" and entry.fields:
        words = [FIELD_WORDS.get(name, name.replace("_", " ")) for name in entry.fields]
        what += ": " + ", ".join(words)
    return ChangeRow(id=entry.id, when=when_label(entry.created_at), who=entry.actor_name,
                     what=what)


class AdminFormMixin(rx.State, mixin=True):
    """An add/edit dialog: ``form`` holds what is typed (kept after a failed save, errors go
    next to their field), ``editing_id`` is 0 for a new record, ``saving`` disables Save
    while the server works. The state says which fields the form edits (``_form_fields``)."""

    form: dict[str, str] = {}
    form_open: bool = False
    editing_id: int = 0
    saving: bool = False

    def _form_fields(self) -> tuple[str, ...]:
        raise NotImplementedError

    def _show_form(self, values: dict[str, str], editing_id: int = 0) -> None:
        self.form = {name: values.get(name, "") for name in self._form_fields()}
        self.editing_id = editing_id
        self.errors = {}  # type: ignore[attr-defined]  # FeedbackMixin's
        self.saving = False
        self.form_open = True

    def _reload(self, action: Callable[[Session, Actor], T], **how: Any) -> T | None:
        """``_act`` for re-reading the page after an action: the action's message (why it
        was refused) stays on screen when the re-read itself succeeds."""
        message = self.message  # type: ignore[attr-defined]  # FeedbackMixin's
        result = self._act(action, **how)  # type: ignore[attr-defined]  # SessionState's
        if result is not None and message:
            self.message = message
        return result

    def _saved_message(self, saved: Any, edited: bool) -> str:
        """The toast after a save."""
        raise NotImplementedError

    def _save_form(
        self,
        *,
        create: Callable[[Session, Actor], Any],
        update: Callable[[Session, Actor, int], Any],
    ) -> Iterator[EventSpec | None]:
        """The dialog's save (a handler ``yield from``s it): Save disabled while the server
        works, errors beside their fields and the typed input kept, else the dialog closes,
        the page re-reads and a toast confirms."""
        if not self.form_open or self.saving:
            return
        self.saving = True
        yield None  # this delta shows Save disabled
        editing_id = self.editing_id
        if editing_id:
            saved = self._act(  # type: ignore[attr-defined]  # SessionState's
                lambda db, actor: update(db, actor, editing_id), **IN_FORM)
        else:
            saved = self._act(lambda db, actor: create(db, actor), **IN_FORM)  # type: ignore[attr-defined]
        self.saving = False
        if saved is None:
            yield self._to_login_if_signed_out()  # type: ignore[attr-defined]
            return
        self._close_form()
        self._refresh()  # type: ignore[attr-defined]  # the page's re-read
        yield rx.toast.success(self._saved_message(saved, bool(editing_id)))

    def _close_form(self) -> None:
        self.form_open = False
        self.form, self.errors, self.editing_id = {}, {}, 0  # type: ignore[attr-defined]
        self.saving = False

    @rx.event
    def edit(self, field: str, value: str) -> None:
        """One form field changed; its error goes away until the next save."""
        if not self.form_open or field not in self._form_fields():
            return
        self.form = {**self.form, field: capped(value)}
        self.errors = {k: v for k, v in self.errors.items() if k != field}  # type: ignore[attr-defined]

    @rx.event
    def set_form_open(self, is_open: bool) -> None:
        """The dialog's open state (Escape, Cancel and the close button close it)."""
        if not is_open:
            self._close_form()


class DeleteConfirmMixin(rx.State, mixin=True):
    """"Delete …?" for a row of the page's table: ``request_delete(id)`` opens the
    confirmation naming the row, ``confirm_delete`` deletes it through the state's
    ``_delete_row`` and re-reads the page (a refusal becomes the page message)."""

    delete_open: bool = False
    delete_name: str = ""
    _pending_id: int = 0  # the row the open confirmation is about (set by the server only)

    def _row_label(self, row_id: int) -> str | None:
        """The name of the row with this id on the page (None: not on it)."""
        raise NotImplementedError

    def _delete_row(self, db: Session, actor: Actor, row_id: int) -> None:
        raise NotImplementedError

    def _deleted_message(self, name: str) -> str:
        return f"Deleted “{name}”."

    @rx.event
    def request_delete(self, row_id: int) -> None:
        name = self._row_label(row_id)
        if name is None:
            return
        self._pending_id, self.delete_name = row_id, name
        self.delete_open = True

    @rx.event
    def set_delete_open(self, is_open: bool) -> None:
        self.delete_open = bool(is_open) and self._pending_id > 0
        if not self.delete_open:
            self._pending_id = 0

    @rx.event
    def confirm_delete(self) -> EventSpec | None:
        row_id, self._pending_id = self._pending_id, 0
        self.delete_open = False
        if not row_id:
            return None
        done = self._act(  # type: ignore[attr-defined]  # SessionState's
            lambda db, actor: self._delete_row(db, actor, row_id) or True
        )
        self._refresh()  # type: ignore[attr-defined]  # the page's re-read
        if done is None:
            return self._to_login_if_signed_out()  # type: ignore[attr-defined]
        return rx.toast.success(self._deleted_message(self.delete_name))
