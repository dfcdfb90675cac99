"""One simulated teacher for ``concurrent_generations.py``: a socket.io client of the app
speaking what the browser's ``state.js`` speaks (Reflex 0.10).

- connect to ``/_event`` (socket.io path and namespace) with ``?token=<tab token>``, the
  boot event ``<root>.hydrate_and_load`` in the CONNECT packet's auth, carrying the session
  cookie as a client-storage var (``<session state>.session_token_rx_state_``) and the
  page's ``router_data`` (the lesson editor's URL); the server then runs the page's on_load
  events (sign-in check, the lesson);
- send events as ``{"name": "<state>.<handler>", "payload": {...}, "router_data": {...}}``;
- read ``event`` messages: ``{"delta": {state: {var_rx_state_: value}}, "events", "final"}``.

The browser's first hydrate also sends hashes of its compiled defaults (to be sent less);
this client does not, so it receives the full state, as a reconnecting tab does.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import socketio

NAMESPACE = "/_event"
FIELD_MARKER = "_rx_state_"
ENDED = ("done", "failed", "stopped", "waiting")


@dataclass
class Outcome:
    marker: str
    sent: float = 0.0  # time.monotonic() when Generate was sent
    first_text: float | None = None  # the first delta with answer text
    final: float | None = None  # the delta that ended the run (phase done/failed/...)
    phase: str = ""
    error: str = ""


class TeacherClient:
    def __init__(self, base_url: str, states: dict[str, str], teacher: dict[str, Any],
                 marker: str) -> None:
        self.base_url, self.states, self.teacher = base_url, states, teacher
        self.path = f"/plan/units/{teacher['unit_id']}/lessons/{teacher['lesson_id']}"
        self.tab_token = str(uuid.uuid4())
        self.outcome = Outcome(marker)
        self.vars: dict[str, dict[str, Any]] = {}  # state -> var -> latest value
        self._changed = asyncio.Event()
        self.sio = socketio.AsyncClient(reconnection=False)
        self.sio.on("event", self._on_update, namespace=NAMESPACE)

    # --- the protocol -----------------------------------------------------------------------
    def _event(self, state: str, handler: str, payload: dict[str, Any] | None = None
               ) -> dict[str, Any]:
        return {"name": f"{self.states[state]}.{handler}", "payload": payload or {},
                "router_data": {"pathname": self.path, "asPath": self.path, "query": {}}}

    async def _on_update(self, update: dict[str, Any]) -> None:
        now = time.monotonic()
        for state, changes in (update.get("delta") or {}).items():
            store = self.vars.setdefault(state, {})
            for key, value in changes.items():
                store[key.removesuffix(FIELD_MARKER)] = value
        out = self.outcome
        if out.sent and out.final is None:
            assist = self.vars.get(self.states["assist"], {})
            if out.first_text is None and assist.get("answer"):
                out.first_text = now
            if assist.get("phase") in ENDED:
                out.final, out.phase = now, str(assist.get("phase"))
        self._changed.set()

    def var(self, state: str, name: str) -> Any:
        return self.vars.get(self.states[state], {}).get(name)

    async def _until(self, check: Callable[[], bool], what: str, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while not check():
            self._changed.clear()
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"no {what} within {timeout:.0f} s")
            try:
                await asyncio.wait_for(self._changed.wait(), left)
            except TimeoutError:
                continue

    # --- one teacher ------------------------------------------------------------------------
    async def prepare(self, timeout: float = 120) -> None:
        """Open the lesson editor signed in, open the assist panel, type the prompt."""
        try:
            cookie = f"{self.states['session']}.session_token{FIELD_MARKER}"
            boot = self._event("root", "hydrate_and_load",
                               {"vars": {cookie: self.teacher["session_token"]}})
            await self.sio.connect(f"{self.base_url}?token={self.tab_token}",
                                   socketio_path="/_event", namespaces=[NAMESPACE],
                                   transports=["websocket"], auth={"event": boot},
                                   wait_timeout=timeout)
            await self._until(lambda: self.var("session", "user_role") == "teacher",
                              "signed-in page", timeout)
            await self.sio.emit("event", self._event("assist", "open_panel"),
                                namespace=NAMESPACE)
            await self._until(lambda: self.var("assist", "task_type") == "lesson_plan",
                              "assist panel", timeout)
            prompt = f"Activities for this lesson, 45 minutes [bench:{self.outcome.marker}]"
            await self.sio.emit("event", self._event("assist", "set_prompt",
                                                     {"value": prompt}), namespace=NAMESPACE)
            await self._until(lambda: self.var("assist", "prompt") == prompt, "prompt", timeout)
        except Exception as exc:  # reported with the figures, never raised
            self.outcome.error = f"set-up: {type(exc).__name__}: {exc}"[:160]

    async def generate(self, at: float, timeout: float = 120) -> None:
        """Press Generate at ``at`` (time.monotonic()) and wait for the answer's end."""
        if self.outcome.error:
            return
        await asyncio.sleep(max(0.0, at - time.monotonic()))
        try:
            self.outcome.sent = time.monotonic()
            await self.sio.emit("event", self._event("assist", "generate"), namespace=NAMESPACE)
            await self._until(lambda: self.outcome.final is not None, "end of answer", timeout)
        except Exception as exc:
            self.outcome.error = f"generate: {type(exc).__name__}: {exc}"[:160]

    async def close(self) -> None:
        if self.sio.connected:
            await self.sio.disconnect()
