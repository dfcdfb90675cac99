"""The audit log's detail of one invocation (found only in scope; the unit, lesson and
template named only where the viewer may open them; safety notes read defensively), the
admin's user search, and the list's question in the URL (junk dropped)."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from ai_planner.errors import NotFound
from ai_planner.models import User
from ai_planner.repositories import invocation_log
from ai_planner.schemas.invocation_log import InvocationLogQuery
from ai_planner.schemas.keyset import encode_cursor
from ai_planner.services import ai_activity
from tests.factories import World, make_invocation, make_lesson

# --- one invocation ---------------------------------------------------------------------------


def test_detail_is_found_only_in_scope(session: Session, world: World) -> None:
    m, c = world.maple, world.cedar
    own = m.invocation.id
    assert invocation_log.detail(session, actor=m.actor("teacher"), invocation_id=own).id == own
    assert invocation_log.detail(session, actor=m.actor("admin"), invocation_id=own).id == own
    for actor in (m.actor("teacher2"), m.actor("lead"), c.actor("admin"), c.actor("teacher")):
        with pytest.raises(NotFound):
            invocation_log.detail(session, actor=actor, invocation_id=own)
    for junk in ("12", "1 OR 1=1", -1, 0, 2**63, True, None, 1.5, [own], {"id": own}):
        with pytest.raises(NotFound):
            ai_activity.activity_detail(session, actor=m.actor("admin"), invocation_id=junk)
    assert ai_activity.activity_detail(session, actor=m.actor("teacher"),
                                       invocation_id=str(own)).id == own


def test_detail_words_and_links_only_what_the_viewer_may_open(session: Session,
                                                              world: World) -> None:
    m = world.maple
    lesson = make_lesson(session, m.teacher, m.unit, title="Decomposers", position=2)
    safety = [
        {"stage": "input", "action": "redacted", "category": "email", "count": 2},
        {"stage": "output", "action": "flagged", "category": "prompt_injection:jailbreak"},
        {"stage": "input", "action": "<b>", "category": "x", "count": "many"},  # malformed
        "not a dict", {"stage": None},
    ]
    row = make_invocation(session, m.teacher, m.config, status="failed",
                          error_message="The provider timed out after 60 s.",
                          ai_template_id=m.template.id,
                          context={"unit_id": m.unit.id, "lesson_id": lesson.id,
                                   "safety": safety})
    for role in ("teacher", "admin"):
        found = invocation_log.detail(session, actor=m.actor(role), invocation_id=row.id)
        assert found.user_name == m.teacher.name and found.user_email == m.teacher.email
        assert found.error_message == "The provider timed out after 60 s."
        assert found.unit is not None and found.unit.title == "Ecosystems"
        assert found.lesson is not None and (found.lesson.title, found.lesson.unit_id) == (
            "Decomposers", m.unit.id)
        assert [(n.stage, n.category, n.count) for n in found.safety] == [
            ("input", "email", 2), ("output", "prompt_injection:jailbreak", 1)]
        assert found.has_template and found.template_name == m.template.name

    # Context ids the viewer may not open (teacher2's unit, another tenant's lesson, junk)
    # are named without a title, so nothing of them leaks.
    foreign = make_invocation(session, m.teacher, m.config, context={
        "unit_id": m.other_unit.id, "lesson_id": world.cedar.lesson.id})
    found = invocation_log.detail(session, actor=m.actor("teacher"), invocation_id=foreign.id)
    assert found.unit is not None and found.unit.title == ""
    assert found.lesson is not None and found.lesson.title == ""
    junk = make_invocation(session, m.teacher, m.config, context={"unit_id": "1; drop",
                                                                  "lesson_id": True,
                                                                  "safety": "lots"})
    found = invocation_log.detail(session, actor=m.actor("teacher"), invocation_id=junk.id)
    assert (found.unit, found.lesson, found.safety) == (None, None, [])


def test_an_archived_template_is_not_named_to_a_teacher(session: Session, world: World) -> None:
    m = world.maple
    m.template.status = "archived"
    session.add(m.template)
    session.commit()
    row = make_invocation(session, m.teacher, m.config, ai_template_id=m.template.id)
    teacher_view = invocation_log.detail(session, actor=m.actor("teacher"), invocation_id=row.id)
    admin_view = invocation_log.detail(session, actor=m.actor("admin"), invocation_id=row.id)
    assert teacher_view.has_template and teacher_view.template_name == ""
    assert admin_view.template_name == m.template.name


# --- the user filter's search ----------------------------------------------------------------


def test_user_search_is_for_admins_bounded_and_in_tenant(session: Session, world: World) -> None:
    m = world.maple
    admin = m.actor("admin")
    found = ai_activity.user_choices(session, actor=admin, text="teacher")
    assert {u.id for u in found} == {m.teacher.id, m.teacher2.id}
    assert [u.id for u in ai_activity.user_choices(session, actor=admin, text="LEAD@")] == [
        m.lead.id]
    assert ai_activity.user_choices(session, actor=admin, text="%") == []  # literal, not LIKE
    assert ai_activity.user_choices(session, actor=admin, text="   ") == []
    for role in ("teacher", "lead"):
        assert ai_activity.user_choices(session, actor=m.actor(role), text="teacher") == []
    assert ai_activity.user_choices(session, actor=admin, text=["teacher"]) == []
    cedar_ids = {world.cedar.teacher.id, world.cedar.admin.id}
    assert not {u.id for u in ai_activity.user_choices(session, actor=admin, text="@")} & (
        cedar_ids)
    for i in range(12):
        session.add(User(tenant_id=m.tenant.id, email=f"sub{i}@maple.test",
                         name=f"Substitute {i:02d}", role="teacher", password_hash="x"))
    session.commit()
    assert len(ai_activity.user_choices(session, actor=admin, text="substitute")) == 8
    chosen = ai_activity.activity_page(session, actor=admin,
                                       query=InvocationLogQuery(user=m.teacher.id))
    assert chosen.user is not None and chosen.user.name == m.teacher.name
    foreign = ai_activity.activity_page(session, actor=admin,
                                        query=InvocationLogQuery(user=world.cedar.teacher.id))
    assert foreign.user is None and foreign.query.user == world.cedar.teacher.id
    assert foreign.page.rows == []
    teacher = ai_activity.activity_page(session, actor=m.actor("teacher"),
                                        query=InvocationLogQuery(user=m.teacher2.id))
    assert teacher.user is None and teacher.query.user is None
    assert [row.id for row in teacher.page.rows] == [m.invocation.id]


# --- the question in the URL -----------------------------------------------------------------


def test_the_url_round_trip_and_junk_values() -> None:
    cursor = encode_cursor(["2026-03-10T09:00:00", 42])
    params = {"task": "rewrite", "status": "failed", "user": "7", "from": "2026-03-01",
              "to": "2026-03-31", "after": cursor}
    query = InvocationLogQuery.from_url(params)
    assert query.url_params() == params
    assert InvocationLogQuery.from_url(query.url_params()) == query
    assert query.filtered
    assert query.url_params(after="", user=None) == {
        "task": "rewrite", "status": "failed", "from": "2026-03-01", "to": "2026-03-31"}
    junk = InvocationLogQuery.from_url({
        "task": "DROP TABLE", "status": ["failed"], "user": "-1", "from": "2026-02-30",
        "to": "99999-01-01", "after": "bm90IGEgY3Vyc29y", "before": encode_cursor(["x", 1]),
    })
    assert junk == InvocationLogQuery() and not junk.filtered
    assert InvocationLogQuery.from_url({"user": "٣"}).user is None  # not ASCII digits
    assert InvocationLogQuery.from_url({"user": str(2**63)}).user is None
    for bad in (["2026-03-10T09:00:00+02:00", 1], ["2026-03-10", True], ["2026", 1, 2], [],
                {"a": 1}):
        assert InvocationLogQuery.from_url({"after": encode_cursor(bad)}).after == ""  # type: ignore[arg-type]
