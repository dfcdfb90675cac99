"""The AI activity states driven the way a crafted websocket message or a typed URL could
drive them: another user's or another tenant's invocation id in the URL, junk ids and
cursors, filters a role may not use, handlers called with any arguments."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

import pytest
from sqlmodel import Session

from ai_planner import routes
from ai_planner.models import AiInvocation
from ai_planner.schemas.keyset import encode_cursor
from ai_planner.state.ai_activity import InvocationDetailState, InvocationLogState
from ai_planner.state.base import SessionState
from tests.factories import World, make_invocation
from tests.state.conftest import StateTree, redirect_target
from tests.state.planner_helpers import signed_in_tree


def _visit(tree: StateTree, path: str) -> None:
    """What the browser reports for a typed or clicked URL (query parsed as it would be)."""
    tree.visit(path, dict(parse_qsl(urlsplit(path).query)))


def open_log(tree: StateTree, path: str = routes.AI_INVOCATIONS) -> InvocationLogState:
    _visit(tree, path)
    state = tree.get(InvocationLogState)
    InvocationLogState.load.fn(state)
    return state


def open_detail(tree: StateTree, invocation_id: object, query: str = ""
                ) -> InvocationDetailState:
    _visit(tree, f"/ai/invocations/{invocation_id}/" + (f"?{query}" if query else ""))
    state = tree.get(InvocationDetailState)
    InvocationDetailState.load.fn(state)
    return state


def _ids(state: InvocationLogState) -> set[int]:
    return {int(row["id"]) for row in state.rows}


@pytest.fixture
def runs(world: World, session: Session) -> dict[str, AiInvocation]:
    m, c = world.maple, world.cedar
    return {
        "teacher": m.invocation,
        "teacher_failed": make_invocation(session, m.teacher, m.config, task_type="rewrite",
                                          status="failed", error_message="Provider down."),
        "teacher2": make_invocation(session, m.teacher2, m.config, task_type="rewrite"),
        "lead": make_invocation(session, m.lead, m.config, task_type="unit_plan"),
        "cedar": c.invocation,
    }


# --- the list ------------------------------------------------------------------------------


def test_each_role_sees_its_scope(world: World, runs: dict[str, AiInvocation]) -> None:
    teacher = open_log(signed_in_tree("teacher@maple.test"))
    assert _ids(teacher) == {runs["teacher"].id, runs["teacher_failed"].id}
    assert teacher.range_label == "Showing 1 to 2 of 2 generations"
    assert teacher.rows[0]["status_label"] == "Failed" and teacher.rows[0]["task"] == "Rewrite"
    assert teacher.rows[0]["href"] == f"/ai/invocations/{runs['teacher_failed'].id}"
    lead = open_log(signed_in_tree("lead@maple.test"))
    assert _ids(lead) == {runs["lead"].id}
    admin = open_log(signed_in_tree("admin@maple.test"))
    assert _ids(admin) == {runs[k].id for k in ("teacher", "teacher_failed", "teacher2", "lead")}
    cedar = open_log(signed_in_tree("admin@cedar.test"))
    assert _ids(cedar) == {runs["cedar"].id}


def test_a_teacher_cannot_filter_by_another_user(world: World,
                                                 runs: dict[str, AiInvocation]) -> None:
    tree = signed_in_tree("teacher@maple.test")
    state = open_log(tree, f"/ai/invocations?user={world.maple.teacher2.id}")
    assert _ids(state) == {runs["teacher"].id, runs["teacher_failed"].id}
    assert state.user_filter_name == ""
    # The search behind the admin's user filter answers a teacher with nothing.
    InvocationLogState.search_users.fn(state, "teacher")
    assert state.user_matches == []
    assert InvocationLogState.choose_user.fn(state, str(world.maple.teacher2.id)) is None


def test_crafted_cursors_show_only_own_rows(world: World, runs: dict[str, AiInvocation]) -> None:
    tree = signed_in_tree("teacher@maple.test")
    own = {runs["teacher"].id, runs["teacher_failed"].id}
    for victim in ("teacher2", "cedar", "lead"):
        row = runs[victim]
        cursor = encode_cursor([row.created_at.isoformat(), row.id])
        for name in ("after", "before"):
            assert _ids(open_log(tree, f"/ai/invocations?{name}={cursor}")) <= own
    for junk in ("%27%20OR%201%3D1", "x" * 700, encode_cursor(["2026-01-01", "1"]), "e30"):
        state = open_log(tree, f"/ai/invocations?after={junk}")
        assert _ids(state) == own and state.message == ""


def test_without_a_session_nothing_loads(world: World, runs: dict[str, AiInvocation]) -> None:
    tree = StateTree()
    _visit(tree, "/ai/invocations?status=failed")
    state = tree.get(InvocationLogState)
    result = InvocationLogState.load.fn(state)
    assert redirect_target(result) == "/login?next=/ai/invocations%3Fstatus%3Dfailed"
    assert state.rows == [] and not state.loaded
    tree.set_cookie("forged-token")
    assert redirect_target(InvocationLogState.load.fn(state)) is not None
    assert state.rows == []


def test_filters_go_into_the_url_and_come_back(world: World,
                                              runs: dict[str, AiInvocation]) -> None:
    tree = signed_in_tree("teacher@maple.test")
    state = open_log(tree)
    target = redirect_target(InvocationLogState.filter_task.fn(state, "rewrite"))
    assert target == "/ai/invocations?task=rewrite"
    state = open_log(tree, target)
    assert state.task_filter == "rewrite" and state.filtered
    assert _ids(state) == {runs["teacher_failed"].id}
    target = redirect_target(InvocationLogState.filter_status.fn(state, "failed"))
    assert target == "/ai/invocations?task=rewrite&status=failed"
    # Crafted values are dropped, not passed on.
    assert redirect_target(InvocationLogState.filter_task.fn(state, "'; DROP")) == (
        "/ai/invocations")
    assert redirect_target(InvocationLogState.filter_status.fn(state, {"x": 1})) == (
        "/ai/invocations?task=rewrite")
    assert redirect_target(InvocationLogState.clear_filters.fn(state)) == "/ai/invocations"


def test_dates_are_checked_before_they_reach_the_url(world: World,
                                                    runs: dict[str, AiInvocation]) -> None:
    tree = signed_in_tree("teacher@maple.test")
    state = open_log(tree)
    today = runs["teacher"].created_at.date().isoformat()
    target = redirect_target(InvocationLogState.apply_dates.fn(
        state, {"from": today, "to": today}))
    assert target == f"/ai/invocations?from={today}&to={today}"
    state = open_log(tree, target)
    assert (state.from_text, state.to_text) == (today, today)
    assert _ids(state) == {runs["teacher"].id, runs["teacher_failed"].id}

    assert InvocationLogState.apply_dates.fn(state, {"from": "2026-05-02",
                                                     "to": "2026-05-01"}) is None
    assert state.errors == {"to": "“To” must be the same day as “From” or later."}
    assert InvocationLogState.apply_dates.fn(state, {"from": "yesterday", "to": ["x"]}) is None
    assert state.errors == {"from": "Dates look like 2026-09-01."}
    assert redirect_target(InvocationLogState.apply_dates.fn(state, {"to": "2026-05-01"})) == (
        "/ai/invocations?to=2026-05-01")
    assert redirect_target(InvocationLogState.clear_dates.fn(state)) == "/ai/invocations"


def test_admin_user_filter_searches_on_the_server(world: World,
                                                 runs: dict[str, AiInvocation]) -> None:
    m = world.maple
    tree = signed_in_tree("admin@maple.test")
    state = open_log(tree)
    InvocationLogState.search_users.fn(state, "teacher2")
    assert [u["id"] for u in state.user_matches] == [str(m.teacher2.id)]
    # Only an offered match can be chosen (a crafted id of another tenant is not).
    assert InvocationLogState.choose_user.fn(state, str(world.cedar.teacher.id)) is None
    target = redirect_target(InvocationLogState.choose_user.fn(state, str(m.teacher2.id)))
    assert target == f"/ai/invocations?user={m.teacher2.id}"
    state = open_log(tree, target)
    assert _ids(state) == {runs["teacher2"].id}
    assert state.user_filter_name == m.teacher2.name and state.user_matches == []
    assert redirect_target(InvocationLogState.clear_user.fn(state)) == "/ai/invocations"
    # Another tenant's user id typed into the URL: nothing of theirs, and no name.
    state = open_log(tree, f"/ai/invocations?user={world.cedar.teacher.id}")
    assert state.rows == [] and state.user_filter_name == "Unknown user"
    InvocationLogState.search_users.fn(state, {"not": "text"})
    assert state.user_matches == []


def test_paging_links_keep_the_question(world: World, session: Session) -> None:
    m = world.maple
    for _ in range(55):
        make_invocation(session, m.teacher, m.config, task_type="rewrite", status="failed")
    tree = signed_in_tree("teacher@maple.test")
    state = open_log(tree, "/ai/invocations?status=failed")
    assert len(state.rows) == 50 and state.range_label == "Showing 1 to 50 of 55 generations"
    assert state.next_href.startswith("/ai/invocations?status=failed&after=")
    assert state.previous_href == ""
    first_page = _ids(state)
    state = open_log(tree, state.next_href)
    assert len(state.rows) == 5 and state.range_label == "Showing 51 to 55 of 55 generations"
    assert not _ids(state) & first_page and state.next_href == ""
    assert _ids(open_log(tree, state.previous_href)) == first_page
    # Each row's detail link carries the list's question, for "Back".
    assert "status=failed" in state.rows[0]["href"]


# --- one generation --------------------------------------------------------------------------


def test_detail_of_own_generation(world: World, runs: dict[str, AiInvocation],
                                  session: Session) -> None:
    m = world.maple
    row = make_invocation(session, m.teacher, m.config, status="failed",
                          error_message="The provider answered 500.", duration_ms=1234,
                          context={"unit_id": m.unit.id, "lesson_id": m.lesson.id,
                                   "safety": [{"stage": "input", "action": "redacted",
                                               "category": "email", "count": 2}],
                                   "approval": {"state": "rejected", "by": m.lead.id,
                                                "by_name": "Marcus Bell"}})
    state = open_detail(signed_in_tree("teacher@maple.test"), row.id, "status=failed&page=9")
    assert state.page_status == "ready"
    assert state.detail["error"] == "The provider answered 500."
    assert state.detail["duration"] == "1.2 s" and state.detail["status_label"] == "Failed"
    assert state.detail["unit_href"] == routes.unit_href(m.unit.id)
    assert state.detail["lesson_href"] == routes.lesson_href(m.unit.id, m.lesson.id)
    assert state.safety == ["Request: 2 email addresses redacted"]
    assert state.detail["approval"] == "Rejected by Marcus Bell"
    assert state.back_href == "/ai/invocations?status=failed"  # only the list's own params


@pytest.mark.parametrize("who", ["teacher2@maple.test", "lead@maple.test", "admin@cedar.test",
                                 "teacher@cedar.test"])
def test_someone_elses_generation_is_not_found(world: World, runs: dict[str, AiInvocation],
                                               who: str) -> None:
    state = open_detail(signed_in_tree(who), runs["teacher"].id)
    assert state.page_status == "not_found"
    assert state.detail["id"] == "" and state.safety == []


@pytest.mark.parametrize("raw", ["abc", "-1", "0", "1e3", "99999999999999999999999", "%20",
                                 "1%3B%20DROP"])
def test_junk_ids_are_not_found(world: World, runs: dict[str, AiInvocation], raw: str) -> None:
    state = open_detail(signed_in_tree("admin@maple.test"), raw)
    assert state.page_status == "not_found"


def test_an_admin_opens_any_generation_of_the_school(world: World,
                                                     runs: dict[str, AiInvocation]) -> None:
    state = open_detail(signed_in_tree("admin@maple.test"), runs["teacher2"].id)
    assert state.page_status == "ready"
    assert state.detail["user"] == world.maple.teacher2.name
    cedar = open_detail(signed_in_tree("admin@maple.test"), runs["cedar"].id)
    assert cedar.page_status == "not_found"


def test_detail_without_a_session(world: World, runs: dict[str, AiInvocation]) -> None:
    tree = StateTree()
    _visit(tree, f"/ai/invocations/{runs['teacher'].id}/")
    state = tree.get(InvocationDetailState)
    assert redirect_target(InvocationDetailState.load.fn(state)) is not None
    assert state.page_status == "loading" and state.detail["id"] == ""


async def test_leaving_the_log_drops_its_rows(world: World,
                                              runs: dict[str, AiInvocation]) -> None:
    tree = signed_in_tree("admin@maple.test")
    log = open_log(tree)
    assert log.rows
    detail = open_detail(tree, runs["teacher"].id)
    await SessionState.drop_other_pages.fn(tree.session, routes.AI_INVOCATION)
    assert log.rows == [] and not log.loaded
    await SessionState.drop_other_pages.fn(tree.session, routes.AI_INVOCATIONS)
    assert detail.detail["id"] == "" and detail.page_status == "loading"
