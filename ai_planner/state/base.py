"""The shared base state: who is acting, resolved on the server from the session cookie.

Every planner/admin state subclasses ``SessionState``. Inside an event handler call
``self._require_actor()`` (or ``self._current_actor()``) and pass the returned ``Actor`` to the
service or repository: it is read from the database for that very call (session expired,
revoked or user deactivated -> no actor), never from a var the browser could set.

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

from urllib.parse import quote

import reflex as rx
from reflex.event import EventSpec

from ai_planner.actor import Actor
from ai_planner.db import session_scope
from ai_planner.errors import NotAllowed
from ai_planner.repositories import tenants
from ai_planner.services import auth
from ai_planner.settings import get_settings

SESSION_COOKIE = "ai_planner_session"
LOGIN_ROUTE = "/login"
HOME_ROUTE = "/plan"
ROLE_LABELS = {"admin": "Admin", "curriculum_lead": "Curriculum lead", "teacher": "Teacher"}

def safe_next_path(raw: str | None, default: str = HOME_ROUTE) -> str:
    """Only a local absolute path may be a redirect target (no scheme, host or '//')."""
    if not raw:
        return default
    candidate = raw.strip()
    if (
        not candidate.startswith("/")
        or candidate.startswith("//")
        or "\\" in candidate
        or any(ord(ch) < 32 for ch in candidate)
        or "://" in candidate.split("?", 1)[0]
    ):
        return default
    if candidate.rstrip("/").startswith(LOGIN_ROUTE):
        return default
    return candidate


def login_url(next_path: str | None) -> str:
    """``/login?next=<path>`` for a local path, plain ``/login`` otherwise."""
    target = safe_next_path(next_path, default="")
    if target in ("", "/"):
        return LOGIN_ROUTE
    return f"{LOGIN_ROUTE}?next={quote(target, safe='/')}"


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

    @rx.var
    def signed_in(self) -> bool:
        return self.user_role != ""

    @rx.var
    def is_admin(self) -> bool:
        return self.user_role == "admin"

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
        """The acting user, or NotAllowed when the session is missing or no longer valid."""
        actor = self._current_actor()
        if actor is None:
            raise NotAllowed("Your session has ended. Please sign in again.")
        return actor

    def _show_identity(self, actor: Actor | None) -> None:
        if actor is None:
            self.user_name = self.user_email = self.user_role = self.tenant_name = ""
            return
        with session_scope() as db:
            tenant = tenants.current_tenant(db, actor=actor)
            self.tenant_name = tenant.name
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
        actor = self._current_actor()
        self._show_identity(actor)
        if actor is None:
            if self.session_token:
                self.session_token = ""  # a dead token: forget it in the browser too
            return rx.redirect(login_url(self._current_path()))
        return None

    @rx.event
    def sign_out(self) -> EventSpec:
        """End the session on the server (revoked in the DB), then forget the cookie."""
        with session_scope() as db:
            auth.sign_out(db, self.session_token)
        self.session_token = ""
        self._show_identity(None)
        return rx.redirect(f"{LOGIN_ROUTE}?signed_out=1")
