"""SessionState._act, the one place that turns errors into what the user sees: each kind of
failure to its view, one transaction per action, and unexpected errors logged with a
reference (never shown as a traceback)."""

from __future__ import annotations

import logging
import re

import pytest
from sqlmodel import Session, select

from ai_planner.errors import NotAllowed, NotFound, ValidationFailed
from ai_planner.models import Course
from ai_planner.state.base import FeedbackMixin, SessionState
from tests.factories import World
from tests.state.conftest import StateTree
from tests.state.planner_helpers import signed_in_tree


class ActProbeState(SessionState, FeedbackMixin):
    """A page state for these tests only (its module is not the app's: nothing resets it)."""

    not_found_view: bool = False
    dialog_errors: dict[str, str] = {}

    def _on_not_found(self, exc: NotFound) -> None:
        self.not_found_view = True


def _probe(tree: StateTree) -> ActProbeState:
    state = tree.get(ActProbeState)
    state.message, state.errors, state.not_found_view = "", {}, False
    return state


def test_a_validation_failure_shows_every_field(world: World) -> None:
    state = _probe(signed_in_tree("teacher@maple.test"))

    def fail(db, actor):  # type: ignore[no-untyped-def]
        raise ValidationFailed.of({"title": "Title can't be blank.", "summary": "Too long."})

    assert state._act(fail, errors="errors") is None
    assert state.errors == {"title": "Title can't be blank.", "summary": "Too long."}
    assert state.message == ""
    assert state._act(lambda db, actor: True, errors="errors") is True
    assert state.errors == {}  # cleared by the next success


def test_not_found_goes_to_the_pages_view_and_others_to_the_message(world: World) -> None:
    state = _probe(signed_in_tree("teacher@maple.test"))
    state._act(lambda db, actor: (_ for _ in ()).throw(NotFound("unit")))
    assert state.not_found_view and state.message == ""
    state._act(lambda db, actor: (_ for _ in ()).throw(NotAllowed("Admins only.")))
    assert state.message == "Admins only."
    state._act(lambda db, actor: (_ for _ in ()).throw(NotAllowed("Inside.")),
               errors="dialog_errors", in_dialog=True)
    assert state.dialog_errors == {"form": "Inside."}


def test_no_session_ends_with_the_sign_in_message_and_a_way_to_login(world: World) -> None:
    state = _probe(StateTree())
    assert state._act(lambda db, actor: True) is None
    assert "sign in again" in state.message
    assert state._to_login_if_signed_out() is not None


def test_one_transaction_rolled_back_as_a_whole(world: World, session: Session) -> None:
    state = _probe(signed_in_tree("teacher@maple.test"))

    def half_way(db, actor):  # type: ignore[no-untyped-def]
        db.add(Course(tenant_id=actor.tenant_id, name="Half way", created_by_id=actor.id))
        db.flush()
        raise ValidationFailed("name", "Refused after the first write.")

    state._act(half_way, errors="errors")
    assert session.exec(select(Course).where(Course.name == "Half way")).first() is None


def test_an_unexpected_error_is_worded_and_logged_with_a_reference(
        world: World, caplog: pytest.LogCaptureFixture) -> None:
    state = _probe(signed_in_tree("teacher@maple.test"))

    def boom(db, actor):  # type: ignore[no-untyped-def]
        raise RuntimeError("database driver exploded: password=hunter2")

    with caplog.at_level(logging.ERROR, logger="ai_planner.state.base"):
        assert state._act(boom) is None
    reference = re.search(r"reference ([0-9a-f]{8})", state.message)
    assert reference is not None and "what you saved before is safe" in state.message
    assert "exploded" not in state.message and "hunter2" not in state.message
    assert any(reference.group(1) in record.getMessage() for record in caplog.records)


