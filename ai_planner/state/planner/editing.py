"""The form cycle the unit planner and the lesson editor share: edit, apply text, discard,
save with a "Saved" confirmation, and the AI assist toggle.

What the teacher typed stays in ``form`` until it is saved or discarded; ``dirty`` says
whether it differs from the saved record. A state using the mixin says which record is the
saved one and which fields the form edits (underscore hooks: not callable from the browser).
"""

from __future__ import annotations

from collections.abc import Callable

import reflex as rx
from sqlmodel import Session

from ai_planner.actor import Actor
from ai_planner.db import session_scope
from ai_planner.errors import AppError, ValidationFailed
from ai_planner.state.planner.common import LOADING, READY, capped

# Choices or numbers, never free text: "Apply to Plan" cannot write into them.
NOT_FREE_TEXT = ("course_id", "status", "duration_minutes")


class PlanFormMixin(rx.State, mixin=True):
    page_status: str = LOADING
    form: dict[str, str] = {}  # as being edited
    errors: dict[str, str] = {}
    dirty: bool = False
    saved_message: str = ""
    message: str = ""
    assist_open: bool = False

    @rx.var
    def error_summary(self) -> str:
        """Shown beside Save: the form is long and the field in error may be out of view."""
        if not self.errors:
            return ""
        return "Not saved: " + next(iter(self.errors.values()))

    # --- hooks and helpers (underscore: not callable from the browser) -----------------

    def _form_fields(self) -> tuple[str, ...]:
        raise NotImplementedError

    def _saved_record(self) -> dict[str, str]:
        """The record as saved, which ``form`` is compared with."""
        raise NotImplementedError

    def _fail(self, exc: AppError) -> None:
        """Turn a typed error into what the page shows."""
        raise NotImplementedError

    def _editable(self, record: dict[str, str]) -> dict[str, str]:
        return {name: record.get(name, "") for name in self._form_fields()}

    def _reset_form(self) -> None:
        """Back to the saved record: no errors, nothing unsaved."""
        self.form = self._editable(self._saved_record())
        self.errors, self.dirty = {}, False

    def _set_field(self, field: str, value: str) -> None:
        self.form = {**self.form, field: capped(value)}
        self.errors = {k: v for k, v in self.errors.items() if k != field}
        self.dirty = self.form != self._editable(self._saved_record())
        self.saved_message = ""

    def _save_form(
        self, persist: Callable[[Session, Actor], dict[str, str]]
    ) -> dict[str, str] | None:
        """Run ``persist(db, actor)``; the saved record, or None when it failed (a
        validation error then points at its field and every typed value is kept)."""
        self.message = self.saved_message = ""
        try:
            actor = self._require_actor()  # type: ignore[attr-defined]  # SessionState's
            with session_scope() as db:
                return persist(db, actor)
        except ValidationFailed as exc:
            self.errors = {exc.field: exc.message}
        except AppError as exc:
            self._fail(exc)
        return None

    def _mark_saved(self) -> None:
        """After the state stored the saved record: the form shows it, "Saved"."""
        self._reset_form()
        self.saved_message = "Saved"

    # --- events ------------------------------------------------------------------------

    @rx.event
    def edit(self, field: str, value: str) -> None:
        """One form field changed (typed text is kept as typed until saved)."""
        if field not in self._form_fields() or self.page_status != READY:
            return
        self._set_field(field, value)

    @rx.event
    def apply_text(self, field: str, text: str, mode: str = "append") -> None:
        """Put text (e.g. an AI assist answer, "Apply to Plan") into a form field, after
        what is there (``mode="append"``) or instead of it (``"replace"``). Like typing: the
        teacher sees it and nothing is stored until Save."""
        if self.page_status != READY or field not in self._form_fields():
            return
        if field in NOT_FREE_TEXT:
            return
        addition = capped(text).strip()
        if not addition:
            return
        current = self.form.get(field, "").rstrip()
        value = addition if mode == "replace" or not current else f"{current}\n\n{addition}"
        self._set_field(field, value)

    @rx.event
    def discard(self) -> None:
        self._reset_form()
        self.saved_message = ""

    @rx.event
    def toggle_assist(self) -> None:
        self.assist_open = not self.assist_open
