"""Templates repository: leads browse, admins write, teachers only reach active ones."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from ai_planner.errors import NotAllowed, NotFound, ValidationFailed
from ai_planner.models import AiInvocation, AiTemplate
from ai_planner.repositories import ai_templates as templates
from tests.factories import World, make_invocation, make_template

NEW = {"name": "Exit ticket", "task_type": "assessment", "status": "active",
       "system_prompt": "You write short formative checks.",
       "user_prompt_template": "Write three questions about {topic} for grade {grade_level}.",
       "variables": "topic"}


@pytest.mark.parametrize("who,statuses", [("admin", ["active", "draft"]),
                                          ("lead", ["active", "draft"])])
def test_admin_and_lead_list_every_template(world: World, session: Session, who: str,
                                            statuses: list[str]) -> None:
    make_template(session, world.maple.admin, status="draft", name="b draft")
    rows = templates.page(session, actor=world.maple.actor(who)).items
    assert sorted(r.status for r in rows) == statuses
    drafts = templates.page(session, actor=world.maple.actor(who), filters={"status": "draft"})
    assert [r.name for r in drafts.items] == ["b draft"]


def test_teachers_and_anonymous_cannot_browse(world: World, session: Session) -> None:
    for actor in (world.maple.actor("teacher"), None):
        with pytest.raises(NotAllowed):
            templates.page(session, actor=actor)
        with pytest.raises(NotAllowed):
            templates.get(session, actor=actor, template_id=world.maple.template.id)


def test_other_tenant_ids_are_not_found(world: World, session: Session) -> None:
    for who in ("admin", "lead"):
        with pytest.raises(NotFound):
            templates.get(session, actor=world.cedar.actor(who),
                          template_id=world.maple.template.id)
    cedar_admin = world.cedar.actor("admin")
    with pytest.raises(NotFound):
        templates.update(session, actor=cedar_admin, template_id=world.maple.template.id,
                         data={"name": "Hijacked"})
    with pytest.raises(NotFound):
        templates.delete(session, actor=cedar_admin, template_id=world.maple.template.id)
    with pytest.raises(NotFound):
        templates.active_for_task(session, actor=world.cedar.actor("teacher"),
                                  task_type="lesson_plan", template_id=world.maple.template.id)
    session.expire_all()
    assert session.get(AiTemplate, world.maple.template.id).name == "lesson_plan template"


@pytest.mark.parametrize("who", ["lead", "teacher"])
def test_only_admins_write(world: World, session: Session, who: str) -> None:
    actor = world.maple.actor(who)
    template_id = world.maple.template.id
    with pytest.raises(NotAllowed):
        templates.create(session, actor=actor, data=NEW)
    with pytest.raises(NotAllowed):
        templates.update(session, actor=actor, template_id=template_id, data={"name": "x"})
    with pytest.raises(NotAllowed):
        templates.delete(session, actor=actor, template_id=template_id)
    assert session.get(AiTemplate, template_id) is not None


def test_stored_variables_are_the_placeholders_used(world: World, session: Session) -> None:
    created = templates.create(session, actor=world.maple.actor("admin"), data=NEW)
    assert created.variables == ["topic", "grade_level"]
    assert created.tenant_id == world.maple.tenant.id
    explicit = templates.create(session, actor=world.maple.actor("admin"),
                                data={**NEW, "variables": "grade_level, topic, topic"})
    assert explicit.variables == ["topic", "grade_level"]
    known_only = templates.create(
        session, actor=world.maple.actor("admin"),
        data={**NEW, "variables": "", "user_prompt_template": "{unit_title}: {{literal}}"})
    assert known_only.variables == ["unit_title"]


@pytest.mark.parametrize("extra,field", [
    ({"task_type": "homework_machine"}, "task_type"),
    ({"status": "published"}, "status"),
    ({"name": "   "}, "name"),
    ({"system_prompt": ""}, "system_prompt"),
    ({"variables": ["ok", "not-ok"]}, "variables"),
    ({"tenant_id": 1}, "tenant_id"),
])
def test_tampered_input_is_refused(world: World, session: Session, extra: dict,
                                   field: str) -> None:
    with pytest.raises(ValidationFailed) as error:
        templates.create(session, actor=world.maple.actor("admin"), data={**NEW, **extra})
    assert error.value.field == field
    assert templates.page(session, actor=world.maple.actor("admin")).total == 1


def test_update_and_bad_update(world: World, session: Session) -> None:
    admin = world.maple.actor("admin")
    template_id = world.maple.template.id
    updated = templates.update(session, actor=admin, template_id=template_id,
                               data={"status": "archived", "name": "Old plan"})
    assert (updated.status, updated.name) == ("archived", "Old plan")
    with pytest.raises(ValidationFailed):
        templates.update(session, actor=admin, template_id=template_id,
                         data={"name": "New", "status": "gone"})
    session.commit()
    session.expire_all()
    assert session.get(AiTemplate, template_id).name == "Old plan"


def test_delete_nullifies_the_audit_log_link(world: World, session: Session) -> None:
    run = make_invocation(session, world.maple.teacher, world.maple.config,
                          ai_template_id=world.maple.template.id)
    templates.delete(session, actor=world.maple.actor("admin"),
                     template_id=world.maple.template.id)
    session.expire_all()
    assert session.get(AiTemplate, world.maple.template.id) is None
    assert session.get(AiInvocation, run.id).ai_template_id is None


# --- generation flow ------------------------------------------------------------------------

def test_active_for_task(world: World, session: Session) -> None:
    teacher = world.maple.actor("teacher")
    found = templates.active_for_task(session, actor=teacher, task_type="lesson_plan",
                                      template_id=world.maple.template.id)
    assert found.id == world.maple.template.id
    with pytest.raises(ValidationFailed) as wrong_type:
        templates.active_for_task(session, actor=teacher, task_type="unit_plan",
                                  template_id=world.maple.template.id)
    assert wrong_type.value.message == "That template is for Lesson Plan, not Unit Plan."
    draft = make_template(session, world.maple.admin, status="draft")
    for who in ("teacher", "admin"):
        with pytest.raises(NotFound):
            templates.active_for_task(session, actor=world.maple.actor(who),
                                      task_type="lesson_plan", template_id=draft.id)


def test_choices_for_task_shows_teachers_active_templates_only(world: World,
                                                               session: Session) -> None:
    make_template(session, world.maple.admin, status="draft", name="Draft")
    make_template(session, world.maple.admin, task_type="rewrite", name="Rewrite")
    rows = templates.choices_for_task(session, actor=world.maple.actor("teacher"),
                                      task_type="lesson_plan")
    assert [r.id for r in rows] == [world.maple.template.id]
