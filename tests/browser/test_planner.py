"""The planner as a teacher uses it in Chromium: units list, unit planner, lesson editor.

Each test works on its own unit (created through the UI) or on demo data it does not
change for the others, because the app's database lives for the whole session.
"""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import Session, select

from ai_planner.models import Course, Lesson, Unit, User, utcnow
from tests.browser.a11y import assert_accessible

pytestmark = pytest.mark.browser

DEMO_UNIT = "Ecosystems and Food Webs"  # teacher@maple.test's, in "Grade 5 Science"
DURATION_MESSAGE = "Duration must be a whole number of minutes from 1 to 600 (or left empty)."


def _unit(db: Session, title: str) -> Unit:
    db.expire_all()
    unit = db.exec(select(Unit).where(Unit.title == title)).first()
    assert unit is not None, title
    return unit


def _lessons(db: Session, unit_id: int) -> list[Lesson]:
    db.expire_all()
    return list(
        db.exec(select(Lesson).where(Lesson.unit_id == unit_id).order_by(Lesson.position)).all()
    )


def _shoot(screenshot, name: str, page: Page) -> None:  # type: ignore[no-untyped-def]
    """A full-page screenshot from the top (sticky header and sidebar stay in place)."""
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(name, page)


def _create_unit(page: Page, title: str, course: str = "Grade 5 Science", screenshot=None) -> None:  # type: ignore[no-untyped-def]
    """From /plan: "New unit", title and course, then the unit planner opens."""
    page.goto("/plan")
    page.get_by_test_id("new-unit").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Title").fill(title)
    dialog.get_by_role("combobox").click()
    page.get_by_role("option", name=course, exact=True).click()
    if screenshot is not None:
        _shoot(screenshot, "plan-new-unit-dialog", page)
    dialog.get_by_role("button", name="Create unit").click()
    page.wait_for_url(re.compile(r".*/plan/units/\d+/?$"))
    expect(page.get_by_test_id("unit-title")).to_have_text(title)


def test_units_list_groups_by_course_and_searches(signed_in_page, screenshot):
    page = signed_in_page("teacher@maple.test")
    page.goto("/plan")
    groups = page.get_by_test_id("course-group")
    expect(groups.first).to_be_visible()
    science = groups.filter(has_text="Grade 5 Science")
    card = science.get_by_test_id("unit-card").filter(has_text=DEMO_UNIT)
    expect(card).to_be_visible()
    expect(card).to_contain_text("4 lessons")
    expect(card).to_contain_text("Updated")
    expect(card.get_by_test_id("unit-status")).to_have_text("Published")
    # A teacher sees only their own units: teacher2's "Argument Writing" is not listed.
    expect(page.get_by_text("Argument Writing")).to_have_count(0)
    assert_accessible(page, "the units list")
    _shoot(screenshot, "plan-units-list", page)

    page.get_by_placeholder("Search units by title or summary").fill("communities")
    page.wait_for_url(re.compile(r".*/plan/?\?q=communities$"))
    expect(page.get_by_test_id("unit-card")).to_have_count(1)
    expect(page.get_by_test_id("unit-card")).to_contain_text("Communities Then and Now")
    # The search lives in the URL: a reload (or a shared link) shows the same list.
    page.reload()
    expect(page.get_by_placeholder("Search units by title or summary")).to_have_value(
        "communities")
    expect(page.get_by_test_id("unit-card")).to_have_count(1)
    page.get_by_placeholder("Search units by title or summary").fill("zzz-no-such-unit")
    expect(page.get_by_text("No units match")).to_be_visible()
    assert_accessible(page, "the units list with no match")
    _shoot(screenshot, "plan-units-search-empty", page)


def test_lead_sees_every_unit_of_the_school_and_who_plans_it(
    signed_in_page, screenshot, db_session
):
    teacher2 = db_session.exec(select(User).where(User.email == "teacher2@maple.test")).one()
    page = signed_in_page("lead@maple.test")
    page.goto("/plan")
    # "Planned by: me" first; the school's units are one choice away.
    page.get_by_label("Planned by").click()
    page.get_by_role("option", name="Everyone").click()
    page.wait_for_url(re.compile(r".*author=everyone"))
    argument = page.get_by_test_id("unit-card").filter(has_text="Argument Writing")
    expect(argument).to_be_visible()
    expect(argument).to_contain_text(teacher2.name)
    _shoot(screenshot, "plan-units-list-lead", page)
    expect(page.get_by_test_id("unit-card").filter(has_text=DEMO_UNIT)).to_be_visible()
    expect(page.get_by_text("Cells: The Building Blocks of Life")).to_have_count(0)


def test_teacher_edits_a_lesson_saves_and_it_persists(signed_in_page, screenshot, db_session):
    page = signed_in_page("teacher@maple.test")
    page.goto("/plan")
    page.get_by_test_id("unit-card").filter(has_text=DEMO_UNIT).click()
    expect(page.get_by_test_id("unit-title")).to_have_text(DEMO_UNIT)
    expect(page.get_by_test_id("lesson-row")).to_have_count(4)
    assert_accessible(page, "the unit planner")
    _shoot(screenshot, "unit-planner", page)

    unit = _unit(db_session, DEMO_UNIT)
    first = _lessons(db_session, unit.id)[0]  # type: ignore[arg-type]
    page.get_by_test_id("lesson-link").filter(has_text=first.title).click()
    page.wait_for_url(re.compile(rf".*/plan/units/{unit.id}/lessons/{first.id}/?$"))
    expect(page.get_by_test_id("lesson-title")).to_have_text(first.title)
    assert_accessible(page, "the lesson editor")

    marker = f"Sort picture cards into producers and consumers ({uuid.uuid4().hex[:6]})"
    page.get_by_label("Objectives").fill(marker)
    page.get_by_label("Duration").fill("55")
    expect(page.get_by_test_id("unsaved")).to_be_visible()
    _shoot(screenshot, "lesson-editor-unsaved", page)
    page.get_by_test_id("save-lesson").click()
    expect(page.get_by_test_id("saved")).to_have_text("Saved")
    _shoot(screenshot, "lesson-editor-saved", page)

    stored = _lessons(db_session, unit.id)[0]  # type: ignore[arg-type]
    assert (stored.id, stored.objectives, stored.duration_minutes) == (first.id, marker, 55)

    page.reload()
    expect(page.get_by_label("Objectives")).to_have_value(marker)
    expect(page.get_by_label("Duration")).to_have_value("55")


def test_validation_error_keeps_what_was_typed(signed_in_page, screenshot, db_session):
    page = signed_in_page("teacher@maple.test")
    unit = _unit(db_session, DEMO_UNIT)
    lesson = _lessons(db_session, unit.id)[1]  # type: ignore[arg-type]
    before = (lesson.activities, lesson.duration_minutes)
    page.goto(f"/plan/units/{unit.id}/lessons/{lesson.id}")
    expect(page.get_by_test_id("lesson-title")).to_have_text(lesson.title)

    page.get_by_label("Activities").fill("Gallery walk of student food webs")
    page.get_by_label("Duration").fill("ninety")
    expect(page.get_by_test_id("unsaved")).to_be_visible()
    page.get_by_test_id("save-lesson").click()

    expect(page.get_by_test_id("error-duration_minutes")).to_have_text(DURATION_MESSAGE)
    expect(page.get_by_label("Duration")).to_have_value("ninety")
    expect(page.get_by_label("Activities")).to_have_value("Gallery walk of student food webs")
    expect(page.get_by_test_id("error-summary")).to_have_text("Not saved: " + DURATION_MESSAGE)
    assert_accessible(page, "the lesson editor with a validation error")
    _shoot(screenshot, "lesson-editor-validation-error", page)
    stored = _lessons(db_session, unit.id)[1]  # type: ignore[arg-type]
    assert (stored.activities, stored.duration_minutes) == before


def test_leaving_with_unsaved_changes_asks_first(signed_in_page, screenshot, db_session):
    page = signed_in_page("teacher@maple.test")
    unit = _unit(db_session, DEMO_UNIT)
    lesson = _lessons(db_session, unit.id)[2]  # type: ignore[arg-type]
    page.goto(f"/plan/units/{unit.id}/lessons/{lesson.id}")
    expect(page.get_by_test_id("lesson-title")).to_have_text(lesson.title)
    page.get_by_label("Materials").fill("Not meant to be kept")
    expect(page.get_by_test_id("unsaved")).to_be_visible()

    page.get_by_role("button", name="Back to unit").click()
    dialog = page.get_by_role("alertdialog")
    expect(dialog).to_contain_text("Leave without saving?")
    _shoot(screenshot, "lesson-editor-leave-warning", page)
    dialog.get_by_role("button", name="Stay and keep editing").click()
    expect(page.get_by_label("Materials")).to_have_value("Not meant to be kept")

    page.get_by_role("button", name="Back to unit").click()
    page.get_by_role("alertdialog").get_by_role("button", name="Leave without saving").click()
    page.wait_for_url(re.compile(rf".*/plan/units/{unit.id}/?$"))
    assert _lessons(db_session, unit.id)[2].materials == lesson.materials  # type: ignore[arg-type]


def test_add_move_and_delete_lessons(signed_in_page, screenshot, db_session):
    page = signed_in_page("teacher@maple.test")
    title = f"Weather stations {uuid.uuid4().hex[:6]}"
    _create_unit(page, title, screenshot=screenshot)
    expect(page.get_by_text("No lessons yet.")).to_be_visible()
    _shoot(screenshot, "unit-planner-new-unit", page)

    for lesson_title in ("Measuring temperature", "Rain gauges", "Wind vanes"):
        page.get_by_label("New lesson title").fill(lesson_title)
        page.get_by_role("button", name="Add lesson").click()
        expect(page.get_by_test_id("lesson-row").filter(has_text=lesson_title)).to_be_visible()
    unit = _unit(db_session, title)
    assert [(x.title, x.position) for x in _lessons(db_session, unit.id)] == [  # type: ignore[arg-type]
        ("Measuring temperature", 1),
        ("Rain gauges", 2),
        ("Wind vanes", 3),
    ]

    page.get_by_role("button", name="Move Wind vanes up").click()
    expect(page.get_by_test_id("lesson-row").nth(1)).to_contain_text("Wind vanes")
    assert [x.title for x in _lessons(db_session, unit.id)] == [  # type: ignore[arg-type]
        "Measuring temperature",
        "Wind vanes",
        "Rain gauges",
    ]

    page.get_by_role("button", name="Delete Rain gauges").click()
    dialog = page.get_by_role("alertdialog")
    expect(dialog).to_contain_text("Rain gauges")
    _shoot(screenshot, "unit-planner-delete-lesson", page)
    dialog.get_by_role("button", name="Keep lesson").click()
    expect(page.get_by_test_id("lesson-row")).to_have_count(3)
    page.get_by_role("button", name="Delete Rain gauges").click()
    page.get_by_role("alertdialog").get_by_role("button", name="Delete lesson").click()
    expect(page.get_by_test_id("lesson-row")).to_have_count(2)
    assert [(x.title, x.position) for x in _lessons(db_session, unit.id)] == [  # type: ignore[arg-type]
        ("Measuring temperature", 1),
        ("Wind vanes", 2),
    ]


def test_unit_details_save_and_blank_title_message(signed_in_page, screenshot, db_session):
    page = signed_in_page("teacher@maple.test")
    title = f"Simple machines {uuid.uuid4().hex[:6]}"
    _create_unit(page, title)
    page.get_by_label("Summary").fill("Levers, pulleys and inclined planes.")
    page.get_by_label("Title", exact=True).fill("")
    page.get_by_test_id("save-unit").click()
    expect(page.get_by_test_id("error-title")).to_have_text("Title can't be blank.")
    expect(page.get_by_label("Summary")).to_have_value("Levers, pulleys and inclined planes.")
    assert _unit(db_session, title).summary == ""

    page.get_by_label("Title", exact=True).fill(title)
    page.get_by_test_id("save-unit").click()
    expect(page.get_by_test_id("saved")).to_be_visible()
    assert _unit(db_session, title).summary == "Levers, pulleys and inclined planes."
    _shoot(screenshot, "unit-planner-saved", page)


@pytest.mark.parametrize("width", [1280, 768])
def test_assist_slot_toggles(signed_in_page, screenshot, db_session, width):
    page = signed_in_page("teacher@maple.test", width=width)
    unit = _unit(db_session, DEMO_UNIT)
    page.goto(f"/plan/units/{unit.id}")
    expect(page.get_by_test_id("unit-title")).to_be_visible()
    expect(page.get_by_test_id("assist-panel")).to_have_count(0)
    page.get_by_test_id("assist-toggle").click()
    expect(page.get_by_test_id("assist-banner")).to_contain_text("Unit Plan")
    _shoot(screenshot, f"unit-planner-assist-open-{width}", page)
    page.get_by_role("button", name="Close AI assist").click()
    expect(page.get_by_test_id("assist-panel")).to_have_count(0)


def test_cedar_user_gets_not_found_for_maple_urls(signed_in_page, screenshot, db_session):
    unit = _unit(db_session, DEMO_UNIT)
    lesson = _lessons(db_session, unit.id)[0]  # type: ignore[arg-type]
    page = signed_in_page("teacher@cedar.test")
    for path in (
        f"/plan/units/{unit.id}",
        f"/plan/units/{unit.id}/lessons/{lesson.id}",
        "/plan/units/999999",
        "/plan/units/not-a-number",
    ):
        page.goto(path)
        expect(page.get_by_test_id("not-found")).to_be_visible()
        expect(page.get_by_text(DEMO_UNIT)).to_have_count(0)
        expect(page.get_by_text(lesson.title)).to_have_count(0)
    _shoot(screenshot, "unit-not-found-other-tenant", page)


def test_other_teacher_gets_the_same_not_found(signed_in_page, db_session):
    unit = _unit(db_session, DEMO_UNIT)
    teacher = db_session.exec(select(User).where(User.email == "teacher2@maple.test")).first()
    assert teacher is not None and teacher.id != unit.created_by_id
    page = signed_in_page("teacher2@maple.test")
    page.goto(f"/plan/units/{unit.id}")
    expect(page.get_by_test_id("not-found")).to_be_visible()
    expect(page.get_by_text(DEMO_UNIT)).to_have_count(0)


def test_reload_with_unsaved_changes_triggers_the_browsers_leave_prompt(signed_in_page, db_session):
    page = signed_in_page("teacher@maple.test")
    unit = _unit(db_session, DEMO_UNIT)
    lesson = _lessons(db_session, unit.id)[3]  # type: ignore[arg-type]
    page.goto(f"/plan/units/{unit.id}/lessons/{lesson.id}")
    expect(page.get_by_test_id("lesson-title")).to_have_text(lesson.title)
    prompts: list[str] = []

    def answer(dialog) -> None:  # type: ignore[no-untyped-def]
        prompts.append(dialog.type)
        dialog.accept()  # "Leave": the reload goes ahead

    page.on("dialog", answer)
    page.reload()  # nothing changed yet: no prompt
    expect(page.get_by_test_id("lesson-title")).to_have_text(lesson.title)
    assert prompts == []

    page.get_by_label("Assessment").click()
    page.get_by_label("Assessment").press_sequentially(" Draft note")
    expect(page.get_by_test_id("unsaved")).to_be_visible()
    page.reload()
    expect(page.get_by_test_id("lesson-title")).to_have_text(lesson.title)
    assert prompts == ["beforeunload"]
    # Leaving discarded the unsaved text; the saved lesson is untouched.
    expect(page.get_by_label("Assessment")).to_have_value(lesson.assessment)
    assert _lessons(db_session, unit.id)[3].assessment == lesson.assessment  # type: ignore[arg-type]


def test_new_course_then_a_unit_in_it(signed_in_page, screenshot, db_session):
    from ai_planner.models import Course, Tenant

    page = signed_in_page("teacher@cedar.test")
    name = f"Robotics Club {uuid.uuid4().hex[:6]}"
    page.goto("/plan")
    page.get_by_test_id("new-course").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Course name").fill(name)
    dialog.get_by_label("Subject").fill("Engineering")
    dialog.get_by_label("Grade level").fill("7")
    _shoot(screenshot, "plan-new-course-dialog", page)
    dialog.get_by_role("button", name="Create course").click()

    # Straight on to a unit in that course: the dialog opens with it chosen.
    unit_dialog = page.get_by_role("dialog").filter(has_text="New unit")
    expect(unit_dialog.get_by_role("combobox")).to_have_text(name)
    unit_dialog.get_by_label("Title").fill("Line-following robots")
    unit_dialog.get_by_role("button", name="Create unit").click()
    page.wait_for_url(re.compile(r".*/plan/units/\d+/?$"))
    expect(page.get_by_test_id("unit-title")).to_have_text("Line-following robots")
    expect(page.get_by_label("Breadcrumb")).to_contain_text(name)

    db_session.expire_all()
    course = db_session.exec(select(Course).where(Course.name == name)).one()
    cedar = db_session.exec(select(Tenant).where(Tenant.slug == "cedar")).one()
    assert (course.tenant_id, course.subject, course.grade_level) == (cedar.id, "Engineering", "7")
    unit = _unit(db_session, "Line-following robots")
    assert unit.course_id == course.id and unit.tenant_id == cedar.id


def test_pages_through_a_big_list_of_units(signed_in_page, screenshot, db_session):
    """A teacher with 120 units of their own: 50 cards a page, Next and Previous, every unit
    once, and the page in the URL (a reload shows the same page)."""
    teacher = db_session.exec(select(User).where(User.email == "teacher2@maple.test")).one()
    course = db_session.exec(select(Course).where(Course.tenant_id == teacher.tenant_id)).first()
    assert course is not None
    tag = uuid.uuid4().hex[:6]
    db_session.add_all([
        Unit(tenant_id=teacher.tenant_id, course_id=course.id, created_by_id=teacher.id,
             title=f"Paged {tag} {i:03d}", updated_at=utcnow())
        for i in range(120)
    ])
    db_session.commit()
    page = signed_in_page("teacher2@maple.test")
    page.goto(f"/plan?q={tag}&sort=title")
    cards = page.get_by_test_id("unit-card")
    expect(cards).to_have_count(50)
    expect(page.get_by_test_id("range")).to_have_text("Showing 1 to 50 of 120 units")
    seen = cards.all_inner_texts()
    page.get_by_test_id("next-page").click()
    expect(page.get_by_test_id("range")).to_have_text("Showing 51 to 100 of 120 units")
    page.reload()
    expect(page.get_by_test_id("range")).to_have_text("Showing 51 to 100 of 120 units")
    seen += cards.all_inner_texts()
    page.get_by_test_id("next-page").click()
    expect(page.get_by_test_id("range")).to_have_text("Showing 101 to 120 of 120 units")
    expect(page.get_by_test_id("next-page")).to_have_count(0)
    seen += cards.all_inner_texts()
    titles = [re.search(rf"Paged {tag} \d+", text).group(0) for text in seen]  # type: ignore[union-attr]
    assert titles == [f"Paged {tag} {i:03d}" for i in range(120)]
    assert_accessible(page, "the last page of units")
    page.get_by_test_id("previous-page").click()
    expect(page.get_by_test_id("range")).to_have_text("Showing 51 to 100 of 120 units")
