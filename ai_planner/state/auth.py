"""Sign-in page state. The password arrives in the submitted form data and is never kept on
the state; the session token goes into the cookie var of ``SessionState``."""

from __future__ import annotations

from typing import Any

import reflex as rx
from reflex.event import EventSpec

from ai_planner.db import session_scope
from ai_planner.services import auth
from ai_planner.services.passwords import MAX_EMAIL_LENGTH, MAX_PASSWORD_LENGTH
from ai_planner.state.base import SessionState, safe_next_path


class LoginState(SessionState):
    error: str = ""
    locked: bool = False
    notice: str = ""

    def _next_path(self) -> str:
        return safe_next_path(self.router.url.query_parameters.get("next"))

    @rx.event
    def load(self) -> EventSpec | None:
        """on_load of /login: a visitor who is already signed in goes on to ``next``."""
        self.error = ""
        self.locked = False
        signed_out = self.router.url.query_parameters.get("signed_out") == "1"
        self.notice = "You have signed out." if signed_out else ""
        with session_scope() as db:
            actor = auth.actor_for_token(db, self.session_token)
            self._show_identity(db, actor)
        if actor is not None:
            return rx.redirect(self._next_path())
        return None

    @rx.event
    async def sign_in(self, form_data: dict[str, Any]) -> EventSpec | None:
        email = str(form_data.get("email") or "")[:MAX_EMAIL_LENGTH + 1]
        # Longer than any password: sign_in answers as for a wrong one (and counts it).
        password = str(form_data.get("password") or "")[:MAX_PASSWORD_LENGTH + 1]
        self.notice = ""
        next_path = self._next_path()
        try:
            with session_scope() as db:
                signed_in = auth.sign_in(db, email=email, password=password,
                                         address=self.router.session.client_ip)
        except auth.LockedOut as exc:
            self.error, self.locked = exc.message, True
            return None
        except auth.SignInFailed as exc:
            self.error, self.locked = exc.message, False
            return None
        # Whoever used this tab before (a shared computer): nothing of theirs stays.
        await self._forget_everything()
        with session_scope() as db:
            self._show_identity(db, signed_in.actor)
        self.session_token = signed_in.token
        return rx.redirect(next_path)
