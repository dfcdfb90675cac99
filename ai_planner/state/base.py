"""The shared base state: who is acting, resolved on the server from the session cookie.

Every planner/admin state subclasses ``SessionState`` (and ``FeedbackMixin``). An event
handler does its work through ``self._act(lambda db, actor: service.f(db, actor=actor, ...))``:
one transaction, the actor read from the database for that very call (session expired,
revoked or user deactivated -> no actor), never from a var the browser could set, and every
error turned into what the user sees in one place.

The public vars below (``user_name``, ``user_role``...) are for display only: they are
written by the server from the resolved actor, no handler lets the browser set them, and no
authorization decision reads them.

About the cookie: Reflex writes cookies from the browser's JavaScript (the state delta
carries the value), so it cannot be HttpOnly. What we can do honestly: the token is random
(256 bits) and only its sha256 hash is stored; ``same_site="strict"`` keeps it off cross-site
requests; ``secure`` is set in production (served over https); ``path="/"``; ``max_age``
equals the server-side expiry, and the server checks expiry and revocation on every event,
so a copied token stops working at sign-out or expiry whatever the browser keeps.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from collections.abc import Callable
from typing import TypeVar

import reflex as rx
from reflex.event import EventSpec
from sqlmodel import Session

from ai_planner import routes
from ai_planner.actor import Actor
from ai_planner.db import session_scope
from ai_planner.errors import FORM_ERROR, AppError, NotFound, SessionEnded, ValidationFailed
from ai_planner.repositories import approvals, tenants
from ai_planner.services import auth
from ai_planner.settings import get_settings

log = logging.getLogger(__name__)
T = TypeVar("T")
S = TypeVar("S", bound=rx.State)

SESSION_COOKIE = "ai_planner_session"
ROLE_LABELS = {"admin": "Admin", "curriculum_lead": "Curriculum lead", "teacher": "Teacher"}
UNEXPECTED = (
    "Something went wrong on our side and this action did not finish; what you saved before "
    "is safe. Try again in a moment, and if it keeps happening tell your administrator "
    "(reference {reference})."
)

def _perform(token: str, action: Callable[[Session, Actor], T]) -> T:
    """One user action in ONE transaction: the actor from the session token, then
    ``action(db, actor)``; committed when it returns, rolled back when it raises."""
    with session_scope() as db:
        actor = auth.actor_for_token(db, token)
        if actor is None:
            raise SessionEnded()
        return action(db, actor)


# Re-exported for the states that build links and redirects.
login_url = routes.login_url
safe_next_path = routes.safe_next_path


# The states that hold one page's data, by route (``@page_state(routes.X)``): leaving the
# page drops their vars (``SessionState.drop_other_pages``), so one page's list is not
# carried in the tab's state into the next page (and sent again on every reload).
_PAGE_STATES: dict[str, type[rx.State]] = {}


def page_state(route: str) -> Callable[[type[S]], type[S]]:
    def register(cls: type[S]) -> type[S]:
        _PAGE_STATES[route] = cls
        return cls

    return register


def _app_states(root: type[rx.State]) -> list[type[rx.State]]:
    """Every state class of this app below ``root`` (Reflex's own states left alone)."""
    found: list[type[rx.State]] = []
    for sub in sorted(root.get_substates(), key=lambda cls: cls.get_full_name()):
        if sub.__module__.startswith("ai_planner."):
            found.append(sub)  # type: ignore[arg-type]
        found += _app_states(sub)  # type: ignore[arg-type]
    return list(dict.fromkeys(found))


def _at_defaults(state: rx.State) -> bool:
    """Whether every var the state itself defines still has its default value."""
    cls = type(state)
    return all(getattr(state, name) == field.default_value()
               for name, field in cls.__fields__.items() if field._owner is cls)


class FeedbackMixin(rx.State, mixin=True):
    """What ``SessionState._act`` writes: a page-level message and the form's field errors
    (field -> message; ``errors.FORM_ERROR`` for the form as a whole)."""

    message: str = ""
    errors: dict[str, str] = {}


class SessionState(rx.State):
    """Base of every signed-in state. Display vars only; the actor comes from the DB."""

    # The raw session token. The only thing the browser supplies; the server looks it up.
    session_token: str = rx.Cookie(
        "",
        name=SESSION_COOKIE,
        path="/",
        max_age=auth.session_max_age_seconds(),
        same_site="strict",
        secure=True if get_settings().is_production else None,
    )
    user_name: str = ""
    user_email: str = ""
    user_role: str = ""
    tenant_name: str = ""
    approvals_waiting: int = 0  # requests waiting for approval (admins and leads)
    _session_ended: bool = False  # set by _act: the action found no live session

    @rx.var
    def signed_in(self) -> bool:
        return self.user_role != ""

    @rx.var
    def is_admin(self) -> bool:
        return self.user_role == "admin"

    @rx.var
    def decides_approvals(self) -> bool:
        return self.user_role in ("admin", "curriculum_lead")

    @rx.var
    def role_label(self) -> str:
        return ROLE_LABELS.get(self.user_role, self.user_role)

    @rx.var
    def user_initials(self) -> str:
        parts = [p for p in self.user_name.split() if p]
        return "".join(p[0] for p in parts[:2]).upper() or "?"

    # --- helpers for handlers: underscore names, so Reflex never exposes them as events -----

    def _current_actor(self) -> Actor | None:
        """The acting user for this event, re-validated in the database (None if none)."""
        with session_scope() as db:
            return auth.actor_for_token(db, self.session_token)

    def _require_actor(self) -> Actor:
        """The acting user, or SessionEnded when the session is missing or no longer valid."""
        actor = self._current_actor()
        if actor is None:
            raise SessionEnded()
        return actor

    def _act(
        self, action: Callable[[Session, Actor], T], *, errors: str | None = None,
        in_dialog: bool = False,
    ) -> T | None:
        """Run one user action: resolve the actor from the session cookie and call
        ``action(db, actor)`` in ONE transaction (committed when it returns, rolled back when
        it raises). Returns its result, or None when it failed, after showing why:

        - ``ValidationFailed``: every field's message into the form's errors var named by
          ``errors`` (cleared when the action succeeds); without one, into ``self.message``;
        - ``NotFound``: ``self._on_not_found()`` (the page's not-found view);
        - ``SessionEnded``, ``NotAllowed`` and other ``AppError``: ``self.message``, or with
          ``in_dialog`` the form's whole-form error (``errors[FORM_ERROR]``), which the dialog
          shows above its fields (the page message would be hidden behind it);
        - anything else: a generic ``self.message`` with a reference, and the traceback in
          the server log under that reference.

        The state must have a ``message`` var (``FeedbackMixin``). An action with nothing to
        return returns True, so None always means "failed".
        """
        self._start_action()
        try:
            result = _perform(self.session_token, action)
        except Exception as exc:  # worded for the user in one place: _explain
            self._explain(exc, action, errors, in_dialog)
            return None
        if errors is not None:
            setattr(self, errors, {})
        return result

    async def _act_in_thread(self, action: Callable[[Session, Actor], T]) -> T | None:
        """``_act`` for a background event, called outside ``async with self``: the database
        work runs in a worker thread, so a burst of generations (each a few commits) does not
        stall the event loop that serves every other tab; the state changes (the message,
        the error) happen under the state's lock."""
        async with self:
            self._start_action()
            token = self.session_token
        try:
            return await asyncio.to_thread(_perform, token, action)
        except Exception as exc:
            async with self:
                self._explain(exc, action, None, False)
            return None

    def _start_action(self) -> None:
        """The last action's message and session-ended flag do not outlive the next one."""
        self.message = ""  # type: ignore[attr-defined]
        self._session_ended = False

    def _explain(self, exc: Exception, action: Callable[..., object], errors: str | None,
                 in_dialog: bool) -> None:
        """Show why an action failed, as ``_act``'s docstring lists."""
        if isinstance(exc, ValidationFailed):
            if errors is not None:
                setattr(self, errors, dict(exc.errors))
            else:
                self.message = " ".join(exc.errors.values())  # type: ignore[attr-defined]
        elif isinstance(exc, NotFound):
            self._on_not_found(exc)
        elif isinstance(exc, AppError):
            self._session_ended = isinstance(exc, SessionEnded)
            self._say(exc.message, errors if in_dialog else None)
        else:  # the one place an unexpected error is logged and worded
            reference = secrets.token_hex(4)
            log.error("unexpected error in %s (reference %s)",
                      getattr(action, "__qualname__", "an action"), reference, exc_info=exc)
            self._say(UNEXPECTED.format(reference=reference), errors if in_dialog else None)

    def _say(self, text: str, form_errors: str | None) -> None:
        if form_errors is not None:
            setattr(self, form_errors, {FORM_ERROR: text})
        else:
            self.message = text  # type: ignore[attr-defined]

    def _on_not_found(self, exc: NotFound) -> None:
        """Where ``_act`` shows a NotFound: the page message, unless a page has a view."""
        self.message = exc.message  # type: ignore[attr-defined]

    def _to_login_if_signed_out(self) -> EventSpec | None:
        """After a failed ``_act``: the way to /login when the session had ended."""
        if self._session_ended:
            return rx.redirect(login_url(self._current_path()))
        return None

    async def _forget_everything(self) -> None:
        """Reset every app state of this tab: on sign-out, and before a sign-in (maybe as
        someone else, on a shared classroom computer), nothing of the previous user's units,
        lessons or forms stays in the tab or is sent to its next page."""
        for state_cls in _app_states(rx.State):
            (await self.get_state(state_cls)).reset()

    def _show_identity(self, db: Session, actor: Actor | None) -> None:
        if actor is None:
            self.user_name = self.user_email = self.user_role = self.tenant_name = ""
            self.approvals_waiting = 0
            return
        self.tenant_name = tenants.current_tenant(db, actor=actor).name
        self.approvals_waiting = approvals.count_waiting(db, actor=actor)
        self.user_name = actor.name
        self.user_email = actor.email
        self.user_role = actor.role

    def _current_path(self) -> str:
        url = self.router.url
        path = url.path or "/"
        return f"{path}?{url.query}" if url.query else path

    # --- events --------------------------------------------------------------------------

    @rx.event
    def check_login(self) -> EventSpec | None:
        """on_load of every protected page: refresh who is signed in, or go to /login."""
        with session_scope() as db:
            actor = auth.actor_for_token(db, self.session_token)
            self._show_identity(db, actor)
        if actor is None:
            if self.session_token:
                self.session_token = ""  # a dead token: forget it in the browser too
            return rx.redirect(login_url(self._current_path()))
        return None

    @rx.event
    async def drop_other_pages(self, route: str) -> None:
        """on_load of every signed-in page (before its own): reset the data states of the
        other pages. Harmless if a crafted message calls it: it only forgets."""
        for page_route, state_cls in _PAGE_STATES.items():
            if page_route != route:
                state = await self.get_state(state_cls)
                if not _at_defaults(state):  # resetting sends every var: only when needed
                    state.reset()

    @rx.event
    async def sign_out(self) -> EventSpec:
        """End the session on the server (revoked in the DB), then forget the cookie and
        everything the tab held."""
        with session_scope() as db:
            auth.sign_out(db, self.session_token)
        await self._forget_everything()
        return rx.redirect(routes.signed_out_url())
