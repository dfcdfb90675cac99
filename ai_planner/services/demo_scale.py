"""District-scale demo data on demand: ``ai-planner seed-demo --scale N``.

Adds N realistic units (three lessons each) to each demo tenant, so anyone can reproduce
the planner's scale figures (``bench/planner_scale.py``): a tenth go to the tenant's first
teacher (teacher@…: "own units"), the rest to its other members, over a few dozen courses,
with dates spread over the last school year. Each tenant's first teacher also gets one unit
with 200 lessons. Every run adds N more (it is a load generator, not a fixture).
Rows go in with bulk inserts: 20,000 units take seconds, not minutes.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from ai_planner.models import Course, Lesson, Tenant, Unit, User, utcnow
from ai_planner.services.demo_content import DEMO_TENANTS

BIG_UNIT_LESSONS = 200
LESSONS_PER_UNIT = 3
BATCH = 2_000

_SUBJECTS = {
    "Science": ["Ecosystems", "Weather and Climate", "Forces and Motion", "Matter", "Cells",
                "Plate Tectonics", "Electricity", "The Water Cycle", "Genetics", "Energy"],
    "Mathematics": ["Fractions", "Ratios and Rates", "Linear Equations", "Geometry",
                    "Statistics", "Place Value", "Measurement", "Probability", "Functions"],
    "English Language Arts": ["Argument Writing", "Poetry", "Narrative Writing",
                              "Informational Texts", "Research Skills", "Literature Circles"],
    "Social Studies": ["Communities", "Ancient Civilizations", "Civics", "Map Skills",
                       "The American Revolution", "World Geography", "Economics"],
}
_GRADES = ["Grade 3", "Grade 4", "Grade 5", "Grade 6", "Grade 7", "Grade 8"]
_ANGLES = ["Foundations", "Investigations", "Project", "Deep Dive", "Review", "Inquiry"]
_LESSON_KINDS = ["Launch", "Explore", "Practice", "Apply", "Assess", "Reflect"]


@dataclass
class ScaleReport:
    units: int = 0
    lessons: int = 0
    courses: int = 0

    def line(self) -> str:
        return (f"Scale data: added {self.units:,} units, {self.lessons:,} lessons and "
                f"{self.courses} courses.")


def _courses(session: Session, tenant: Tenant, owner: User, report: ScaleReport) -> list[int]:
    """The tenant's courses, adding one per subject and grade that is missing."""
    existing = {name: cid for cid, name in session.exec(
        select(Course.id, Course.name).where(col(Course.tenant_id) == tenant.id)).all()}
    for subject in _SUBJECTS:
        for grade in _GRADES:
            name = f"{grade} {subject}"
            if name not in existing:
                course = Course(tenant_id=tenant.id, name=name, subject=subject,
                                grade_level=grade, created_by_id=owner.id)
                session.add(course)
                session.flush()
                existing[name] = course.id  # type: ignore[assignment]
                report.courses += 1
    return list(existing.values())


def _unit_row(rng: random.Random, number: int, tenant_id: int, course_id: int, owner_id: int
              ) -> dict[str, Any]:
    subject = rng.choice(list(_SUBJECTS))
    topic = rng.choice(_SUBJECTS[subject])
    when = utcnow() - timedelta(minutes=rng.randrange(0, 365 * 24 * 60))
    return {
        "tenant_id": tenant_id, "course_id": course_id, "created_by_id": owner_id,
        "title": f"{topic}: {rng.choice(_ANGLES)} {number}",
        "summary": (f"Students explore {topic.lower()} through hands-on tasks, discussion "
                    f"and a short project, then show what they learned in a final task."),
        "essential_questions": f"What matters most about {topic.lower()}?\nHow do we know?",
        "status": rng.choice(("draft", "published")),
        "created_at": when, "updated_at": when,
    }


def _lesson_rows(unit_id: int, tenant_id: int, owner_id: int, count: int
                 ) -> list[dict[str, Any]]:
    now = utcnow()
    return [{
        "tenant_id": tenant_id, "unit_id": unit_id, "created_by_id": owner_id,
        "title": f"{_LESSON_KINDS[i % len(_LESSON_KINDS)]} {i + 1}",
        "objectives": "Students will be able to explain the key idea in their own words.",
        "activities": "Warm-up (5 min), guided practice (20 min), pairs task (15 min).",
        "materials": "Slides, handout, mini whiteboards", "assessment": "Exit ticket",
        "duration_minutes": 45, "position": i + 1, "created_at": now, "updated_at": now,
    } for i in range(count)]


def _insert_units(session: Session, rows: list[dict[str, Any]]) -> list[int]:
    ids: list[int] = []
    for start in range(0, len(rows), BATCH):
        batch = rows[start:start + BATCH]
        ids += list(session.scalars(sa.insert(Unit).returning(col(Unit.id)), batch))
    return ids


def _insert_lessons(session: Session, rows: list[dict[str, Any]]) -> None:
    for start in range(0, len(rows), BATCH * LESSONS_PER_UNIT):
        session.execute(sa.insert(Lesson), rows[start:start + BATCH * LESSONS_PER_UNIT])


def seed_scale(session: Session, *, units: int, seed: int = 2026) -> ScaleReport:
    """Add ``units`` units to each demo tenant (flushed; the caller's transaction commits)."""
    report = ScaleReport()
    rng = random.Random(seed)
    for tenant_seed in DEMO_TENANTS:
        tenant = session.exec(select(Tenant).where(Tenant.slug == tenant_seed.slug)).first()
        if tenant is None:
            continue
        members = list(session.exec(
            select(User).where(col(User.tenant_id) == tenant.id).order_by(col(User.id))).all())
        teacher = next(u for u in members if u.role == "teacher")
        others = [u for u in members if u.id != teacher.id] or [teacher]
        course_ids = _courses(session, tenant, teacher, report)
        rows = [
            _unit_row(rng, i + 1, tenant.id, rng.choice(course_ids),  # type: ignore[arg-type]
                      teacher.id if i % 10 == 0 else rng.choice(others).id)  # type: ignore[arg-type]
            for i in range(units)
        ]
        owners = [row["created_by_id"] for row in rows]
        ids = _insert_units(session, rows)
        lessons: list[dict[str, Any]] = []
        for unit_id, owner_id in zip(ids, owners, strict=True):
            lessons += _lesson_rows(unit_id, tenant.id, owner_id, LESSONS_PER_UNIT)  # type: ignore[arg-type]
        big = _unit_row(rng, 0, tenant.id, course_ids[0], teacher.id)  # type: ignore[arg-type]
        big["title"] = f"Year-long lab notebook ({BIG_UNIT_LESSONS} lessons)"
        big_id = _insert_units(session, [big])[0]
        lessons += _lesson_rows(big_id, tenant.id, teacher.id, BIG_UNIT_LESSONS)  # type: ignore[arg-type]
        _insert_lessons(session, lessons)
        report.units += len(ids) + 1
        report.lessons += len(lessons)
    session.flush()
    return report
