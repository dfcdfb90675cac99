"""/admin/ai/templates: prompt templates. Admins create, edit, archive and delete; curriculum
leads list and open them read-only (every write handler refuses them in the repository).
The list is paged and filtered on the server, its filters and page in the URL query."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any

import reflex as rx
from reflex.event import EventSpec
from sqlmodel import Session

from ai_planner import routes
from ai_planner.actor import Actor
from ai_planner.repositories import ai_templates as templates
from ai_planner.repositories import template_samples
from ai_planner.schemas.ai_template import TemplatePublic, TemplateRow
from ai_planner.services.template_preview import SAMPLE_PROMPT, PromptTexts, preview
from ai_planner.state.admin.common import AdminFormMixin, DeleteConfirmMixin
from ai_planner.state.base import FeedbackMixin, SessionState, page_state
from ai_planner.state.planner.common import capped
from ai_planner.state.words import task_label, when_label

FIELDS = ("name", "task_type", "status", "system_prompt", "user_prompt_template", "variables")
FILTERS = ("task_type", "status")


@dataclasses.dataclass
class TemplateRowView:
    id: int = 0
    name: str = ""
    task_label: str = ""
    status: str = ""
    last_change: str = ""


@dataclasses.dataclass
class ChoiceView:
    id: str = ""
    label: str = ""


@dataclasses.dataclass
class MessageView:
    role: str = ""
    content: str = ""


def _row(row: TemplateRow) -> TemplateRowView:
    return TemplateRowView(id=row.id, name=row.name, task_label=task_label(row.task_type),
                           status=row.status or "draft", last_change=when_label(row.updated_at))


def _form_values(template: TemplatePublic) -> dict[str, str]:
    return {
        "name": template.name,
        "task_type": template.task_type,
        "status": template.status or "draft",
        "system_prompt": template.system_prompt,
        "user_prompt_template": template.user_prompt_template,
        "variables": ", ".join(template.variables),
    }


@page_state(routes.ADMIN_AI_TEMPLATES)
class TemplatesState(SessionState, FeedbackMixin, AdminFormMixin, DeleteConfirmMixin):
    rows: list[TemplateRowView] = []  # one page
    total: int = 0
    page_number: int = 1
    pages: int = 1
    filter_task_type: str = ""
    filter_status: str = ""
    _filter_errors: dict[str, str] = {}
    loaded: bool = False


    preview_open: bool = False
    unit_search: str = ""
    unit_choices: list[ChoiceView] = []  # at most template_samples.UNIT_CHOICES
    lesson_choices: list[ChoiceView] = []  # at most template_samples.LESSON_CHOICES
    sample_unit_id: str = ""
    sample_lesson_id: str = ""
    sample_prompt: str = SAMPLE_PROMPT
    preview_messages: list[MessageView] = []
    preview_error: str = ""

    @rx.var
    def can_write(self) -> bool:
        """Display only: the repository refuses every write of a non-admin."""
        return self.user_role == "admin"

    @rx.var
    def form_task_label(self) -> str:
        return task_label(self.form.get("task_type", ""))

    @rx.var
    def filtering(self) -> bool:
        return self.filter_task_type != "" or self.filter_status != ""

    def _form_fields(self) -> tuple[str, ...]:
        return FIELDS

    def _query(self, **changes: str | int) -> dict[str, str]:
        values: dict[str, str | int] = {"task_type": self.filter_task_type,
                                        "status": self.filter_status, "page": self.page_number}
        values.update(changes)
        return {k: str(v) for k, v in values.items() if v and not (k == "page" and v == 1)}

    @rx.var
    def prev_href(self) -> str:
        return routes.with_query(routes.ADMIN_AI_TEMPLATES, self._query(page=self.page_number - 1))

    @rx.var
    def next_href(self) -> str:
        return routes.with_query(routes.ADMIN_AI_TEMPLATES, self._query(page=self.page_number + 1))

    # --- loading -----------------------------------------------------------------------

    def _refresh(self) -> None:
        filters = {"task_type": self.filter_task_type, "status": self.filter_status,
                   "page": self.page_number}
        found = self._reload(lambda db, actor: templates.page(db, actor=actor, filters=filters),
                             errors="_filter_errors")
        if found is None and self._filter_errors:  # a filter from a hand-written URL: show all
            self._filter_errors = {}
            self.filter_task_type = self.filter_status = ""
            self.page_number = 1
            found = self._act(lambda db, actor: templates.page(db, actor=actor))
        if found is None:
            self.rows, self.total, self.pages = [], 0, 1
            return
        self.rows = [_row(row) for row in found.items]
        self.total, self.page_number, self.pages = found.total, found.page, found.pages
        self.loaded = True

    @rx.event
    def load(self) -> EventSpec | None:
        """on_load: the filters and page come from the URL query."""
        query = self.router.url.query_parameters
        self.filter_task_type = capped(query.get("task_type", ""), 40)
        self.filter_status = capped(query.get("status", ""), 40)
        page = capped(query.get("page", "1"), 6)
        self.page_number = int(page) if page.isdigit() and int(page) > 0 else 1
        self.message = ""
        self._close_form()
        self.delete_open = self.preview_open = False
        self._refresh()
        return self._to_login_if_signed_out()

    @rx.event
    def set_filter(self, name: str, value: str) -> EventSpec | None:
        """A filter changed: go to its URL (page 1), so reload and shared links keep it."""
        if name not in FILTERS:
            return None
        value = "" if value == "all" else capped(value, 40)
        return rx.redirect(routes.with_query(routes.ADMIN_AI_TEMPLATES,
                                             self._query(**{name: value}, page=1)))

    # --- open / add / edit ---------------------------------------------------------------

    @rx.event
    def open_create(self) -> None:
        self._show_form({"status": "draft", "task_type": self.filter_task_type})

    @rx.event
    def open_template(self, template_id: int) -> EventSpec | None:
        """Edit (admins) or read (leads) a template."""
        found = self._act(
            lambda db, actor: templates.get_public(db, actor=actor, template_id=template_id)
        )
        if found is None:
            return self._to_login_if_signed_out()
        self._show_form(_form_values(found), editing_id=found.id)
        return None

    @rx.event
    def save(self) -> Iterator[EventSpec | None]:
        # A choice left empty is absent (the schema says it is required); texts go as typed.
        data = {name: value for name, value in self.form.items()
                if value != "" or name not in ("task_type", "status")}
        yield from self._save_form(
            create=lambda db, actor: templates.create(db, actor=actor, data=data),
            update=lambda db, actor, row_id: templates.update(
                db, actor=actor, template_id=row_id, data=data),
        )

    def _saved_message(self, saved: Any, edited: bool) -> str:
        return f"Saved “{saved.name}”."

    @rx.event
    def archive(self, template_id: int) -> EventSpec | None:
        done = self._act(
            lambda db, actor: templates.archive(db, actor=actor, template_id=template_id)
        )
        self._refresh()
        if done is None:
            return self._to_login_if_signed_out()
        return rx.toast.success(f"Archived “{done.name}”: the assist panel no longer offers it.")

    # --- delete (DeleteConfirmMixin) -------------------------------------------------------

    def _row_label(self, row_id: int) -> str | None:
        return next((r.name for r in self.rows if r.id == row_id), None)

    def _delete_row(self, db: Session, actor: Actor, row_id: int) -> None:
        templates.delete(db, actor=actor, template_id=row_id)

    # --- preview -----------------------------------------------------------------------------

    def _show_preview_failure(self) -> None:
        """A failed preview says why inside its dialog (not behind it)."""
        self.preview_error, self.message, self.preview_messages = self.message, "", []

    @rx.event
    def open_preview(self) -> None:
        if not self.form_open:
            return
        self.preview_open, self.preview_error, self.preview_messages = True, "", []
        self._search_units("")

    @rx.event
    def set_preview_open(self, is_open: bool) -> None:
        self.preview_open = bool(is_open)

    def _search_units(self, text: str) -> None:
        self.unit_search = capped(text, template_samples.SEARCH_MAX)
        found = self._act(lambda db, actor: template_samples.unit_choices(
            db, actor=actor, search=self.unit_search))
        if found is None:
            self._show_preview_failure()
            return
        self.unit_choices = [ChoiceView(str(c.id), c.label) for c in found]

    @rx.event
    def search_units(self, text: str) -> None:
        self._search_units(text)

    @rx.event
    def choose_unit(self, unit_id: str) -> None:
        self.sample_unit_id, self.sample_lesson_id, self.lesson_choices = "", "", []
        wanted = int(unit_id) if isinstance(unit_id, str) and unit_id.isdigit() else 0
        found = self._act(lambda db, actor: template_samples.lesson_choices(
            db, actor=actor, unit_id=wanted))
        if found is None:
            self._show_preview_failure()
            return
        self.sample_unit_id = str(wanted)
        self.lesson_choices = [ChoiceView(str(c.id), c.label) for c in found]

    @rx.event
    def choose_lesson(self, lesson_id: str) -> None:
        self.sample_lesson_id = capped(lesson_id, 20)

    @rx.event
    def set_sample_prompt(self, text: str) -> None:
        self.sample_prompt = capped(text, 5000)

    @rx.event
    def render_preview(self) -> None:
        """The exact messages the form's template would send for the picked unit/lesson."""
        if not self.form_open:
            return
        texts = PromptTexts(self.form.get("system_prompt", ""),
                            self.form.get("user_prompt_template", ""))
        if not self.sample_unit_id.isdigit():
            self.preview_error = ("Pick a unit first (and one of its lessons if the template "
                                  "uses lesson fields).")
            return
        unit_id = int(self.sample_unit_id)
        lesson_id = int(self.sample_lesson_id) if self.sample_lesson_id.isdigit() else None
        self.preview_error = ""
        rendered = self._act(lambda db, actor: preview(
            db, actor=actor, texts=texts, unit_id=unit_id, lesson_id=lesson_id,
            prompt=self.sample_prompt))
        if rendered is None:
            self._show_preview_failure()
            return
        self.preview_messages = [MessageView(m["role"], m["content"]) for m in rendered]
