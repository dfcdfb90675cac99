"""The form cycle the unit planner and the lesson editor share: edit, apply text, discard,
save with a "Saved" confirmation, and the AI assist toggle.

What the teacher typed stays in ``form`` until it is saved or discarded; ``dirty`` says
whether it differs from the saved record, kept form-shaped in the backend-only ``_saved``.
A state using the mixin says which fields the form edits (``_form_fields``, an underscore
hook: not callable from the browser) and calls ``_keep_saved`` with each saved row.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import reflex as rx
from pydantic import BaseModel
from sqlmodel import Session

from ai_planner.actor import Actor
from ai_planner.state.base import FeedbackMixin
from ai_planner.state.planner.common import LOADING, READY, capped

# Choices or numbers, never free text: "Apply to Plan" cannot write into them.
NOT_FREE_TEXT = ("course_id", "status", "duration_minutes")


def form_values(row: BaseModel, fields: tuple[str, ...]) -> dict[str, str]:
    """A saved row as the form shows it: every field a string ("" for nothing)."""
    data = row.model_dump()
    return {name: "" if data.get(name) is None else str(data[name]) for name in fields}


class PlanFormMixin(FeedbackMixin, mixin=True):
    page_status: str = LOADING
    form: dict[str, str] = {}  # as being edited
    dirty: bool = False
    saved_message: str = ""
    assist_open: bool = False
    _saved: dict[str, str] = {}  # the record as saved, form-shaped

    @rx.var
    def error_summary(self) -> str:
        """Shown beside Save: the form is long and the field in error may be out of view."""
        if not self.errors:
            return ""
        return "Not saved: " + next(iter(self.errors.values()))

    # --- hooks and helpers (underscore: not callable from the browser) -----------------

    def _form_fields(self) -> tuple[str, ...]:
        raise NotImplementedError

    def _keep_saved(self, row: BaseModel) -> None:
        """After a load or a save: the form shows ``row``, nothing unsaved, no errors."""
        self._saved = form_values(row, self._form_fields())
        self._reset_form()

    def _reset_form(self) -> None:
        self.form = dict(self._saved)
        self.errors, self.dirty = {}, False

    def _set_field(self, field: str, value: str) -> None:
        self.form = {**self.form, field: capped(value)}
        self.errors = {k: v for k, v in self.errors.items() if k != field}
        self.dirty = self.form != self._saved
        self.saved_message = ""

    def _save_form(self, persist: Callable[[Session, Actor], Any]) -> Any:
        """Run ``persist(db, actor)`` through ``_act``; the saved row, or None when it failed
        (each field in error then shows its message and every typed value is kept)."""
        self.saved_message = ""
        saved = self._act(persist, errors="errors")  # type: ignore[attr-defined]
        if saved is not None:
            self._keep_saved(saved)
            self.saved_message = "Saved"
        return saved

    def _clear_page(self) -> None:
        """Forget the record (not found, deleted): nothing of it stays in the tab."""
        self.form, self._saved, self.errors, self.dirty = {}, {}, {}, False

    # --- events ------------------------------------------------------------------------

    @rx.event
    def edit(self, field: str, value: str) -> None:
        """One form field changed (typed text is kept as typed until saved)."""
        if field not in self._form_fields() or self.page_status != READY:
            return
        self._set_field(field, value)

    def _apply_text(self, field: str, text: str, mode: str = "append") -> str | None:
        """Put text (e.g. an AI assist answer, "Apply to Plan") into a form field, after
        what is there (``mode="append"``) or instead of it (``"replace"``). Like typing: the
        teacher sees it and nothing is stored until Save. Returns the field's previous
        value (for "Undo"), or None when nothing changed."""
        if self.page_status != READY or field not in self._form_fields():
            return None
        if field in NOT_FREE_TEXT:
            return None
        addition = capped(text).strip()
        if not addition:
            return None
        previous = self.form.get(field, "")
        current = previous.rstrip()
        value = addition if mode == "replace" or not current else f"{current}\n\n{addition}"
        self._set_field(field, value)
        return previous

    def _restore_field(self, field: str, value: str) -> None:
        """Undo an "Apply to Plan": the field as it was (still unsaved if it differs)."""
        if self.page_status == READY and field in self._form_fields():
            self._set_field(field, value)

    @rx.event
    def apply_text(self, field: str, text: str, mode: str = "append") -> None:
        """``_apply_text`` for the browser (the assist panel applies on the server)."""
        self._apply_text(field, text, mode)

    @rx.event
    def discard(self) -> None:
        self._reset_form()
        self.saved_message = ""

    @rx.event
    def toggle_assist(self) -> None:
        self.assist_open = not self.assist_open
