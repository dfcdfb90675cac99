"""Sign-in and the shared SessionState, driven the way an attacker could drive them."""

from __future__ import annotations

import pytest
from sqlmodel import select

from ai_planner.errors import NotAllowed
from ai_planner.models import UserSession
from ai_planner.services import auth
from ai_planner.state.auth import LoginState
from ai_planner.state.base import SESSION_COOKIE, SessionState, login_url, safe_next_path
from tests.factories import PASSWORD
from tests.state.conftest import StateTree, redirect_target, run

SIGN_IN = LoginState.sign_in.fn
CHECK_LOGIN = SessionState.check_login.fn
SIGN_OUT = SessionState.sign_out.fn


def sign_in(tree: StateTree, email: str, password: str = PASSWORD, **extra: str):
    return run(SIGN_IN(tree.get(LoginState), {"email": email, "password": password, **extra}))


def test_check_login_without_cookie_redirects_to_login_with_next(tree, world):
    tree.visit("/plan/units/3/?tab=lessons")
    result = CHECK_LOGIN(tree.get(SessionState))
    assert redirect_target(result) == "/login?next=/plan/units/3/%3Ftab%3Dlessons"
    assert tree.session.signed_in is False
    assert tree.session.user_role == ""


@pytest.mark.parametrize("cookie", ["forged", "a" * 64, "admin", "' OR 1=1 --"])
def test_check_login_with_a_forged_cookie_redirects_and_forgets_it(tree, world, cookie):
    tree.set_cookie(cookie)
    result = CHECK_LOGIN(tree.session)
    assert redirect_target(result) == "/login?next=/plan"
    assert tree.session.session_token == ""
    assert tree.session.user_name == ""


def test_sign_in_sets_cookie_identity_and_goes_to_next(tree, world, session):
    tree.visit("/login/?next=/plan/units/7", {"next": "/plan/units/7"})
    result = sign_in(tree, "teacher@maple.test")

    assert redirect_target(result) == "/plan/units/7"
    login = tree.get(LoginState)
    assert login.error == ""
    token = tree.session.session_token
    assert token
    # The database holds only the hash of what the browser got.
    row = session.exec(select(UserSession)).one()
    assert row.token_hash == auth.hash_token(token)
    assert tree.session.user_email == "teacher@maple.test"
    assert tree.session.user_role == "teacher"
    assert tree.session.tenant_name == world.maple.tenant.name
    assert tree.session.is_admin is False


def test_the_cookie_has_the_documented_name_and_flags():
    cookie = SessionState.get_fields()["session_token"].default
    assert cookie.name == SESSION_COOKIE == "ai_planner_session"
    assert cookie.same_site == "strict"
    assert cookie.path == "/"
    assert cookie.max_age == auth.session_max_age_seconds()


@pytest.mark.parametrize(
    "next_value",
    ["https://evil.example/phish", "//evil.example", "/\\evil.example", "javascript:alert(1)",
     "http:/evil", " //evil.example", "/login", "/login/?next=https://evil.example"],
)
def test_next_cannot_send_the_user_elsewhere(tree, world, next_value):
    tree.visit("/login/", {"next": next_value})
    result = sign_in(tree, "teacher@maple.test")
    assert redirect_target(result) == "/plan"


def test_safe_next_and_login_url():
    assert safe_next_path("/plan/units/1/lessons/2") == "/plan/units/1/lessons/2"
    assert safe_next_path(None) == "/plan"
    assert safe_next_path("/a\nb") == "/plan"
    assert login_url("/") == "/login"
    assert login_url("https://evil.example") == "/login"
    assert login_url("/admin/ai/") == "/login?next=/admin/ai/"


def test_wrong_password_and_unknown_email_show_the_same_message(new_tree, world):
    first, second = new_tree(), new_tree()
    assert sign_in(first, "teacher@maple.test", "wrong-password") is None
    assert sign_in(second, "nobody@maple.test", "wrong-password") is None
    assert first.get(LoginState).error == second.get(LoginState).error == auth.BAD_CREDENTIALS
    assert first.session.session_token == second.session.session_token == ""
    assert first.session.signed_in is False


def test_lockout_message_after_five_failures(tree, world):
    for _ in range(4):
        sign_in(tree, "teacher@maple.test", "wrong-password")
        assert tree.get(LoginState).locked is False
    sign_in(tree, "teacher@maple.test", "wrong-password")
    login = tree.get(LoginState)
    assert login.locked is True
    assert "locked" in login.error
    # The right password does not get in while locked.
    assert sign_in(tree, "teacher@maple.test") is None
    assert tree.session.session_token == ""


def test_forged_fields_in_the_sign_in_form_change_nothing(tree, world):
    """Extra form fields (role, tenant, user id) are ignored: identity comes from the DB."""
    sign_in(tree, "teacher@maple.test", role="admin", user_role="admin",
            tenant_id=str(world.cedar.tenant.id), user_id=str(world.maple.admin.id))
    assert tree.session.user_role == "teacher"
    assert tree.session.tenant_name == world.maple.tenant.name
    actor = tree.session._require_actor()
    assert (actor.id, actor.tenant_id, actor.role) == (
        world.maple.teacher.id, world.maple.tenant.id, "teacher")


def test_display_vars_cannot_be_set_by_the_browser(tree, world):
    sign_in(tree, "teacher@maple.test")
    state = tree.session
    # No auto setters: setvar refuses every identity var.
    for var in ("user_role", "user_name", "tenant_name", "user_email", "session_token"):
        with pytest.raises(AttributeError):
            SessionState.setvar.fn(state, var, "admin")
    # Handlers take no identity arguments.
    with pytest.raises(TypeError):
        CHECK_LOGIN(state, user_role="admin")
    assert state.user_role == "teacher"


async def test_client_storage_sync_only_accepts_the_cookie(tree, world):
    """The hydrate path (update_vars_internal) may set client-storage vars only."""
    from reflex.state import UpdateVarsInternalState

    sign_in(tree, "teacher@maple.test")
    updater = tree.get(UpdateVarsInternalState)
    prefix = SessionState.get_full_name()
    await UpdateVarsInternalState.update_vars_internal.fn(updater, {
        f"{prefix}.user_role": "admin",
        f"{prefix}.tenant_name": "Cedar",
        f"{prefix}.is_admin": True,
    })
    assert tree.session.user_role == "teacher"
    assert tree.session.tenant_name == world.maple.tenant.name


async def test_client_storage_sync_accepts_the_cookie(new_tree, world):
    """The positive case: the browser's cookie arrives through the same hydrate path and
    signs the tab in (while a forged display var in the same message is still ignored)."""
    from reflex.state import UpdateVarsInternalState

    signed = new_tree()
    sign_in(signed, "teacher@maple.test")
    token = signed.session.session_token
    tab = new_tree()  # a new tab of the same browser: only the cookie is known
    assert tab.session._current_actor() is None
    prefix = SessionState.get_full_name()
    await UpdateVarsInternalState.update_vars_internal.fn(tab.get(UpdateVarsInternalState), {
        f"{prefix}.session_token": token,
        f"{prefix}.user_role": "admin",
    })
    assert tab.session.session_token == token
    actor = tab.session._current_actor()
    assert actor is not None and actor.id == world.maple.teacher.id
    assert redirect_target(CHECK_LOGIN(tab.session)) is None
    assert tab.session.user_role == "teacher"


def test_display_vars_are_not_trusted_for_the_actor(tree, world):
    """Even if a display var were changed, the actor comes from the session row."""
    sign_in(tree, "teacher@maple.test")
    tree.session.user_role = "admin"  # simulate a tampered display var
    assert tree.session._require_actor().role == "teacher"
    CHECK_LOGIN(tree.session)
    assert tree.session.user_role == "teacher"


def test_helpers_are_not_event_handlers():
    for name in ("_current_actor", "_require_actor"):
        assert name not in SessionState.event_handlers
        assert name not in LoginState.event_handlers
    assert set(SessionState.event_handlers) == {"check_login", "drop_other_pages", "sign_out",
                                                "setvar"}


def test_no_secret_reaches_a_public_var(tree, world):
    sign_in(tree, "teacher@maple.test")
    public = tree.session.dict()
    flat = repr(public)
    assert world.maple.teacher.password_hash not in flat
    assert auth.hash_token(tree.session.session_token) not in flat
    for state_vars in public.values():
        for name in state_vars:
            assert "hash" not in name and "password" not in name


def test_require_actor_refuses_without_session(tree, world):
    assert tree.session._current_actor() is None
    with pytest.raises(NotAllowed):
        tree.session._require_actor()


def test_sign_out_revokes_and_the_old_cookie_stops_working(tree, new_tree, world, session):
    sign_in(tree, "teacher@maple.test")
    old_token = tree.session.session_token

    result = run(SIGN_OUT(tree.session))

    assert redirect_target(result) == "/login?signed_out=1"
    assert tree.session.session_token == ""
    assert tree.session.signed_in is False
    row = session.exec(select(UserSession)).one()
    assert row.revoked_at is not None
    # Replaying the old cookie from another tab gets nowhere.
    attacker = new_tree()
    attacker.set_cookie(old_token)
    assert attacker.session._current_actor() is None
    assert redirect_target(CHECK_LOGIN(attacker.session)) == "/login?next=/plan"


def test_deactivation_ends_an_open_session_at_the_next_event(tree, world, session):
    sign_in(tree, "teacher@maple.test")
    assert tree.session._current_actor() is not None
    teacher = world.maple.teacher
    teacher.active = False
    session.add(teacher)
    session.commit()

    assert tree.session._current_actor() is None
    assert redirect_target(CHECK_LOGIN(tree.session)) == "/login?next=/plan"
    assert tree.session.user_role == ""


def test_login_load_sends_a_signed_in_user_on(tree, world):
    sign_in(tree, "admin@maple.test")
    tree.visit("/login/?next=/admin/ai", {"next": "/admin/ai"})
    assert redirect_target(LoginState.load.fn(tree.get(LoginState))) == "/admin/ai"
    assert tree.session.is_admin is True


def test_login_load_without_session_stays(tree, world):
    tree.visit("/login/")
    assert LoginState.load.fn(tree.get(LoginState)) is None
    assert tree.get(LoginState).notice == ""


def test_login_after_sign_out_says_so(tree, world):
    tree.visit("/login/?signed_out=1", {"signed_out": "1"})
    assert LoginState.load.fn(tree.get(LoginState)) is None
    assert tree.get(LoginState).notice == "You have signed out."


def test_every_page_but_login_checks_the_session_first():
    """Each registered page (planner pages included) starts its on_load with check_login."""
    import importlib
    import sys

    from reflex_base.registry import RegistrationContext

    token = RegistrationContext.set(RegistrationContext.ensure_context().fork())
    previous = sys.modules.pop("ai_planner.ai_planner", None)
    try:
        app = importlib.import_module("ai_planner.ai_planner").app
        pages = dict(app._unevaluated_pages)
    finally:
        RegistrationContext.reset(token)
        sys.modules.pop("ai_planner.ai_planner", None)
        if previous is not None:
            sys.modules["ai_planner.ai_planner"] = previous

    assert {"login", "index", "404", "plan", "admin/ai"} <= set(pages)
    for route, page in pages.items():
        on_load = page.on_load if isinstance(page.on_load, list) else [page.on_load]
        if route == "login":
            assert on_load == [LoginState.load]
        elif route == "index":
            assert redirect_target(on_load) == "/plan"  # and /plan checks the session
        else:
            assert on_load[0] == SessionState.check_login, route
