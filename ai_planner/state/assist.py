"""The AI assist panel beside the unit planner and the lesson editor.

The unit and lesson come from the page's URL on the server (never an event argument), and
every handler goes through ``_act`` (actor from the session, one transaction, one error
mapping). ``generate`` is a background event: it records the invocation, then streams the
answer into ``answer`` in batches (a long answer does not flood the socket) while the rest
of the page stays usable; ``stop`` cancels the provider call. A closed tab does not stop a
generation: it runs to its end and the answer is kept (the panel's history, the audit log).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TypedDict

import reflex as rx
from reflex.event import EventSpec
from sqlmodel import Session

from ai_planner import routes
from ai_planner.actor import Actor
from ai_planner.services import assist, generation
from ai_planner.state.base import FeedbackMixin, SessionState
from ai_planner.state.planner.common import capped
from ai_planner.state.planner.editing import PlanFormMixin
from ai_planner.state.planner.lesson_editor import LessonEditorState
from ai_planner.state.planner.unit_planner import UnitPlannerState
from ai_planner.state.words import task_label, when_label

BATCH_SECONDS = 0.25  # between updates of a streaming answer (after its first text)
UNIT_FIELDS = {"summary": "Summary", "essential_questions": "Essential questions"}
LESSON_FIELDS = {"objectives": "Objectives", "activities": "Activities",
                 "materials": "Materials", "assessment": "Assessment"}


async def _text_or_end(task: asyncio.Task[None], arrived: asyncio.Event) -> None:
    """Until the first text arrived or the run ended."""
    waiter = asyncio.get_running_loop().create_task(arrived.wait())
    try:
        await asyncio.wait({task, waiter}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        waiter.cancel()


class TaskChoice(TypedDict):
    task_type: str
    label: str
    usable: bool
    note: str  # why not, or "needs approval"


class Choice(TypedDict):
    value: str
    label: str


class PastItem(TypedDict):
    id: str
    label: str  # "Lesson Plan · 2 Dec 2026, 14:05 UTC"
    status: str
    prompt: str
    awaiting: bool


class AssistState(SessionState, FeedbackMixin):
    tasks: list[TaskChoice] = []
    task_type: str = ""
    templates: list[Choice] = []
    template_id: str = ""
    prompt: str = ""

    phase: str = "idle"  # idle | starting | streaming | waiting | done | stopped | failed
    answer: str = ""
    error_title: str = ""
    viewing_id: str = ""  # the history item shown, if any
    history: list[PastItem] = []

    fields: list[Choice] = []  # where "Apply to Plan" can write on this page
    apply_field: str = ""
    apply_mode: str = "append"
    can_undo: bool = False

    _invocation_id: int = 0
    _undo: dict[str, str] = {}

    @rx.var
    def busy(self) -> bool:
        return self.phase in ("starting", "streaming")

    @rx.var
    def selected_usable(self) -> bool:
        return any(t["task_type"] == self.task_type and t["usable"] for t in self.tasks)

    # --- helpers --------------------------------------------------------------------------

    def _ids(self) -> tuple[int | None, int | None]:
        unit, lesson = routes.planner_ids(self.router.url.path)
        as_int = lambda raw: int(raw) if raw.isascii() and raw.isdigit() else None  # noqa: E731
        return as_int(unit), as_int(lesson)

    def _show_panel(self, panel: assist.PanelData) -> None:
        self.tasks = [TaskChoice(**task) for task in panel.tasks]
        self.task_type = panel.task_type
        self.templates = [Choice(value=str(t.id), label=t.name) for t in panel.templates]
        if self.template_id not in {t["value"] for t in self.templates}:
            self.template_id = ""
        self.history = [
            PastItem(id=str(past.id), status=past.status, prompt=past.prompt[:160],
                     label=f"{task_label(past.task_type)} · {when_label(past.created_at)}",
                     awaiting=past.awaiting_approval)
            for past in panel.history
        ]

    def _panel_query(self) -> Callable[[Session, Actor], assist.PanelData]:
        """What the panel shows for this page and task type, as an action for ``_act``."""
        unit_id, lesson_id = self._ids()
        task_type = self.task_type
        return lambda db, actor: assist.panel(db, actor=actor, unit_id=unit_id,
                                              lesson_id=lesson_id, task_type=task_type)

    def _refresh(self) -> None:
        panel = self._act(self._panel_query())
        if panel is not None:
            self._show_panel(panel)

    # --- events ---------------------------------------------------------------------------

    @rx.event
    def open_panel(self) -> None:
        """on_mount of the panel: the task types this user may use now, templates, history."""
        _, lesson_id = self._ids()
        if self._invocation_id and self.busy:
            return  # a generation of this tab is still streaming: keep showing it
        self.phase, self.answer, self.error_title, self.viewing_id = "idle", "", "", ""
        self.task_type, self.can_undo, self._undo = "", False, {}
        page_fields = LESSON_FIELDS if lesson_id else UNIT_FIELDS
        self.fields = [Choice(value=k, label=v) for k, v in page_fields.items()]
        self.apply_field = next(iter(page_fields))
        self._refresh()

    @rx.event
    def choose_task(self, value: str) -> None:
        if value in {t["task_type"] for t in self.tasks}:
            self.task_type = value
            self.template_id = ""
            self._refresh()

    @rx.event
    def choose_template(self, value: str) -> None:
        self.template_id = value if value in {t["value"] for t in self.templates} else ""

    @rx.event
    def set_prompt(self, value: str) -> None:
        self.prompt = capped(value, 8_000)

    @rx.event
    def choose_apply_field(self, value: str) -> None:
        if value in {f["value"] for f in self.fields}:
            self.apply_field = value

    @rx.event
    def choose_apply_mode(self, value: str) -> None:
        self.apply_mode = "replace" if value == "replace" else "append"

    @rx.event(background=True)
    async def generate(self):  # type: ignore[no-untyped-def]
        async with self:
            if self.busy:
                self.message = "A generation is already running. Wait for it or press Stop."
                return
            unit_id, lesson_id = self._ids()
            form = {"task_type": self.task_type, "prompt": self.prompt, "unit_id": unit_id,
                    "lesson_id": lesson_id, "template_id": self.template_id}
            self.phase, self.answer, self.error_title, self.viewing_id = "starting", "", "", ""
        started = await self._act_in_thread(lambda db, actor: generation.prepare(
            db, actor=actor, data=form))
        async with self:
            if started is None:
                self.phase, self.error_title = "failed", "Not started"
                return
            self._invocation_id = started.invocation_id
            if isinstance(started, generation.Waiting):
                self.phase = "waiting"
        if isinstance(started, generation.Waiting):
            await self._refresh_in_thread()
            return
        await self._stream(started)

    async def _refresh_in_thread(self) -> None:
        """``_refresh`` for a background event (outside ``async with self``)."""
        async with self:
            query = self._panel_query()
        panel = await self._act_in_thread(query)
        if panel is not None:
            async with self:
                self._show_panel(panel)

    async def _stream(self, prepared: generation.Prepared) -> None:
        """Consume the run in a task of its own (so Stop can cancel it) and show the text:
        the first text at once, then in batches (about four updates a second, fewer as the
        answer grows)."""
        parts: list[str] = []
        arrived = asyncio.Event()

        async def consume() -> None:
            async for text in generation.run(prepared):
                parts.append(text)
                if text:
                    arrived.set()

        task = asyncio.get_running_loop().create_task(consume())
        generation.track(prepared.invocation_id, task)
        shown = 0
        while not task.done():
            if shown:
                await asyncio.wait({task}, timeout=BATCH_SECONDS + sum(map(len, parts)) / 40_000)
            else:
                await _text_or_end(task, arrived)
            if sum(map(len, parts)) != shown:
                shown = sum(map(len, parts))
                async with self:
                    self.phase, self.answer = "streaming", "".join(parts)
        await self._refresh_in_thread()  # the history shows this run settled
        async with self:
            self.answer = "".join(parts)
            self._finish(task)  # after the refresh, which clears the message

    def _finish(self, task: asyncio.Task[None]) -> None:
        if task.cancelled():
            self.phase, self.error_title = "stopped", "Stopped"
            self.message = "You stopped the generation. What arrived is shown; nothing was saved."
            return
        error = task.exception()
        if error is None:
            self.phase = "done"
            return
        self.phase = "failed"
        self.error_title, self.message = assist.explain(error)

    @rx.event
    def stop(self) -> None:
        invocation_id = self._invocation_id
        if self.busy and invocation_id:
            self._act(lambda db, actor: generation.stop(db, actor=actor,
                                                         invocation_id=invocation_id))

    @rx.event
    def show_past(self, invocation_id: str) -> None:
        if self.busy:
            return
        found = self._act(lambda db, actor: assist.past(db, actor=actor,
                                                        invocation_id=capped(invocation_id, 24)))
        if found is not None:
            self.viewing_id, self.answer = str(found[0]), found[1]
            self.phase, self.error_title = "done", ""

    @rx.event
    def withdraw(self, invocation_id: str) -> None:
        done = self._act(lambda db, actor: assist.withdraw(db, actor=actor,
                                                           invocation_id=capped(invocation_id,
                                                                                24)))
        if done is not None:
            self.phase = "idle"
            self._refresh()

    # --- the answer into the plan ------------------------------------------------------------

    async def _page(self) -> PlanFormMixin:
        _, lesson_id = self._ids()
        state_cls = LessonEditorState if lesson_id else UnitPlannerState
        return await self.get_state(state_cls)  # type: ignore[return-value]

    @rx.event
    async def apply_to_plan(self) -> EventSpec | None:
        if not self.answer or self.busy:
            return None
        page = await self._page()
        previous = page._apply_text(self.apply_field, self.answer, self.apply_mode)
        if previous is None:
            return rx.toast.error("This page can't take the answer right now.")
        self._undo, self.can_undo = {"field": self.apply_field, "value": previous}, True
        label = next((f["label"] for f in self.fields if f["value"] == self.apply_field), "")
        return rx.toast.success(f"Added to {label}. Review it, then Save.")

    @rx.event
    async def undo_apply(self) -> None:
        if not self.can_undo:
            return
        page = await self._page()
        page._restore_field(self._undo.get("field", ""), self._undo.get("value", ""))
        self._undo, self.can_undo = {}, False

    @rx.event
    def copy_answer(self) -> EventSpec | list[EventSpec] | None:
        if not self.answer:
            return None
        return [rx.set_clipboard(self.answer), rx.toast.success("Copied to the clipboard.")]

