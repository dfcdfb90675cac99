"""The templates page's state: admins write, leads read, teachers get nothing; the list is a
bounded page filtered from the URL; Preview renders with a real unit of the tenant only."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from ai_planner.db import get_engine
from ai_planner.models import AiTemplate
from ai_planner.schemas.ai_template import TEMPLATES_PER_PAGE
from ai_planner.state.admin.templates import TemplatesState
from tests.admin.helpers import audit_rows, call, fresh, signed_in
from tests.factories import World, make_template

ROUTE = "/admin/ai/templates"


def templates(email: str = "admin@maple.test", query: str = "") -> TemplatesState:
    tree = signed_in(email, ROUTE + (f"?{query}" if query else ""))
    state = tree.get(TemplatesState)
    call(TemplatesState.load, state)
    return state


def fill(state: TemplatesState, **values: str) -> None:
    for field, value in values.items():
        call(TemplatesState.edit, state, field, value)


def template_names(tenant_id: int) -> list[str]:
    with Session(get_engine()) as db:
        query = select(AiTemplate.name).where(AiTemplate.tenant_id == tenant_id)
        return sorted(db.exec(query).all())


def test_admin_adds_a_template(world: World) -> None:
    state = templates()
    call(TemplatesState.open_create, state)
    fill(state, name="Exit ticket", task_type="assessment", status="active",
         system_prompt="You write short checks.",
         user_prompt_template="Three questions on {lesson_title} about {{fractions}}: {prompt}")
    call(TemplatesState.save, state)
    assert state.errors == {} and not state.form_open
    assert "Exit ticket" in [r.name for r in state.rows]
    assert audit_rows(world.maple.tenant.id)[-1].changes["label"] == "Exit ticket"


@pytest.mark.parametrize("values,field,message", [
    ({"name": ""}, "name", "Name can't be blank."),
    ({"user_prompt_template": "Plan {topic} for {grade_level}"}, "user_prompt_template",
     "{topic} is neither declared in Variables nor filled in by the planner."),
    ({"variables": "topic"}, "variables", "topic is declared but the user prompt template"),
    ({"user_prompt_template": "Plan {0.__class__}"}, "user_prompt_template",
     "Line 1 has a “{” that is not a placeholder"),
    ({"status": "published"}, "status", "Status must be one of:"),
])
def test_bad_input_shows_next_to_its_field(world: World, values: dict, field: str,
                                           message: str) -> None:
    state = templates()
    call(TemplatesState.open_create, state)
    fill(state, **{"name": "Plan", "task_type": "lesson_plan", "system_prompt": "Be kind.",
                   "user_prompt_template": "Plan {unit_title}", **values})
    call(TemplatesState.save, state)
    assert state.form_open and state.errors[field].startswith(message)
    assert state.form["user_prompt_template"] == values.get("user_prompt_template",
                                                            "Plan {unit_title}")
    assert template_names(world.maple.tenant.id) == ["lesson_plan template"]


def test_archive_and_delete(world: World) -> None:
    state = templates()
    template_id = world.maple.template.id
    call(TemplatesState.archive, state, template_id)
    assert fresh(AiTemplate, template_id).status == "archived"
    call(TemplatesState.request_delete, state, template_id)
    call(TemplatesState.confirm_delete, state)
    assert fresh(AiTemplate, template_id) is None
    assert [r.action for r in audit_rows(world.maple.tenant.id)] == ["update", "delete"]


def test_lead_reads_but_every_write_is_refused(world: World) -> None:
    state = templates("lead@maple.test")
    assert [r.name for r in state.rows] == ["lesson_plan template"] and not state.can_write
    call(TemplatesState.open_template, state, world.maple.template.id)
    assert state.form_open and state.form["user_prompt_template"] == "Plan a lesson on {topic}."
    fill(state, name="Changed by a lead")
    call(TemplatesState.save, state)
    assert state.errors == {"form": "You are not allowed to do that."}  # shown in the dialog
    call(TemplatesState.archive, state, world.maple.template.id)
    state._pending_id = world.maple.template.id
    call(TemplatesState.confirm_delete, state)
    state.form_open, state.editing_id = True, 0
    state.form = {"name": "New", "task_type": "rewrite", "system_prompt": "x",
                  "user_prompt_template": "y"}
    call(TemplatesState.save, state)
    row = fresh(AiTemplate, world.maple.template.id)
    assert (row.name, row.status) == ("lesson_plan template", "active")
    assert template_names(world.maple.tenant.id) == ["lesson_plan template"]
    assert audit_rows(world.maple.tenant.id) == []


def test_teacher_gets_nothing(world: World) -> None:
    state = templates("teacher@maple.test")
    assert state.rows == [] and state.message == "You are not allowed to do that."
    call(TemplatesState.open_template, state, world.maple.template.id)
    assert not state.form_open


def test_another_tenants_admin_cannot_reach_them(world: World) -> None:
    state = templates("admin@cedar.test")
    maple_id = world.maple.template.id
    for handler in (TemplatesState.open_template, TemplatesState.archive):
        call(handler, state, maple_id)
        assert state.message == "That template was not found."
    state.editing_id, state.form_open = maple_id, True
    state.form = {"name": "Hijacked"}
    call(TemplatesState.save, state)
    state._pending_id = maple_id
    call(TemplatesState.confirm_delete, state)
    assert fresh(AiTemplate, maple_id).name == "lesson_plan template"
    assert audit_rows(world.maple.tenant.id) == []


def test_the_list_is_paged_and_filtered_from_the_url(world: World, session: Session) -> None:
    for i in range(TEMPLATES_PER_PAGE + 5):
        make_template(session, world.maple.admin, task_type="rewrite", status="draft",
                      name=f"Rewrite {i:02d}")
    first = templates()
    assert (len(first.rows), first.total, first.pages) == (TEMPLATES_PER_PAGE, 31, 2)
    assert first.next_href == "/admin/ai/templates?page=2"
    second = templates(query="page=2")
    assert len(second.rows) == 6 and second.page_number == 2
    drafts = templates(query="task_type=rewrite&status=draft&page=9")
    assert (drafts.total, drafts.page_number, drafts.filtering) == (30, 2, True)
    assert drafts.prev_href == "/admin/ai/templates?task_type=rewrite&status=draft"
    crafted = templates(query="task_type=__class__&status=x")
    assert crafted.total == 31 and crafted.filter_task_type == ""
    redirect = call(TemplatesState.set_filter, first, "status", "archived")[0]
    assert "status=archived" in str(redirect)


def test_preview_renders_with_a_real_unit_and_lesson(world: World) -> None:
    state = templates()
    call(TemplatesState.open_create, state)
    fill(state, system_prompt="You plan lessons.",
         user_prompt_template="{grade_level} {unit_title} / {lesson_title}: {prompt} {{ok}}")
    call(TemplatesState.open_preview, state)
    assert [c.label for c in state.unit_choices] == ["Ecosystems (Grade 5 Science)",
                                                      "Weather and climate (Grade 5 Science)"]
    call(TemplatesState.search_units, state, "eco")
    call(TemplatesState.choose_unit, state, str(world.maple.unit.id))
    assert [c.label for c in state.lesson_choices] == ["Food webs"]
    call(TemplatesState.render_preview, state)
    assert "lesson_title" in state.preview_error  # no lesson picked yet
    call(TemplatesState.choose_lesson, state, str(world.maple.lesson.id))
    call(TemplatesState.set_sample_prompt, state, "Keep it short.")
    call(TemplatesState.render_preview, state)
    assert state.preview_error == ""
    assert [(m.role, m.content) for m in state.preview_messages] == [
        ("system", "You plan lessons."),
        ("user", "5 Ecosystems / Food webs: Keep it short. {ok}"),
    ]


def test_preview_never_reads_another_tenants_unit(world: World) -> None:
    state = templates()
    call(TemplatesState.open_create, state)
    fill(state, system_prompt="S", user_prompt_template="{unit_title}")
    call(TemplatesState.open_preview, state)
    call(TemplatesState.choose_unit, state, str(world.cedar.unit.id))
    assert state.preview_error == "That unit was not found." and state.lesson_choices == []
    state.sample_unit_id = str(world.cedar.unit.id)  # crafted
    call(TemplatesState.render_preview, state)
    assert state.preview_messages == [] and state.preview_error == "That unit was not found."
