"""The demo data of SPEC.md, as plain data. ``services/demo_seed.py`` writes it.

Two tenants: Maple Grove School District (admin, curriculum lead, two teachers) and Cedar Ridge
Academy (admin, teacher). Every account uses the password ``planner-demo``. The planning
content is what a K-12 teacher would recognise; the AI side uses only the built-in ``demo``
provider, so every flow can be tried with no key and no network.
"""

from __future__ import annotations

from ai_planner.services.demo_activity import CEDAR_ACTIVITY, MAPLE_ACTIVITY
from ai_planner.services.demo_seeds import (
    CourseSeed,
    PolicySeed,
    ProviderSeed,
    TemplateSeed,
    TenantSeed,
    UserSeed,
)
from ai_planner.services.demo_units_cedar import CELLS, FRACTIONS, REVOLUTION
from ai_planner.services.demo_units_maple import (
    ARGUMENT_WRITING,
    COMMUNITIES,
    ECOSYSTEMS,
    LINEAR_FUNCTIONS,
)

DEMO_PASSWORD = "planner-demo"



DEMO_PROVIDER = ProviderSeed(
    provider_name="demo",
    display_name="Built-in sample drafts (no AI)",
    default_model="demo-planner",
    available_models=("demo-planner",),
)

DEMO_POLICIES: tuple[PolicySeed, ...] = (
    PolicySeed("lesson_plan", max_tokens_limit=2048, temperature_limit=1.0),
    PolicySeed("unit_plan", max_tokens_limit=4096, temperature_limit=1.0),
    PolicySeed("differentiation", max_tokens_limit=2048, temperature_limit=0.8),
    # Quizzes should be consistent from run to run: a lower temperature ceiling.
    PolicySeed("assessment", max_tokens_limit=2048, temperature_limit=0.5),
    PolicySeed("rewrite", max_tokens_limit=1024, temperature_limit=0.7),
)

# Maple's set-up exercises the assist panel's rules: differentiated material is checked by a
# lead or admin before a teacher gets it, and quizzes are written by leads and admins.
MAPLE_POLICIES: tuple[PolicySeed, ...] = (
    PolicySeed("lesson_plan", max_tokens_limit=2048, temperature_limit=1.0),
    PolicySeed("unit_plan", max_tokens_limit=4096, temperature_limit=1.0),
    PolicySeed("differentiation", max_tokens_limit=2048, temperature_limit=0.8,
               requires_approval=True),
    PolicySeed("assessment", max_tokens_limit=2048, temperature_limit=0.5,
               allowed_roles=("admin", "curriculum_lead")),
    PolicySeed("rewrite", max_tokens_limit=1024, temperature_limit=0.7),
)

_LESSON_PLAN_SYSTEM = (
    "You are an experienced K-12 curriculum designer. Write lesson plans a substitute teacher "
    "could follow: measurable objectives, a timed sequence of activities (warm-up, direct "
    "instruction, guided practice, independent practice, closure), materials, and a quick "
    "formative assessment. Use plain language and age-appropriate examples."
)
_LESSON_PLAN_USER = (
    "Grade level: {grade_level}\n"
    "Subject: {subject}\n"
    "Unit: {unit_title}\n"
    "Lesson: {lesson_title}\n\n"
    "Teacher's request: {prompt}"
)
_EXIT_TICKET_SYSTEM = (
    "You write short formative assessments. Produce a 3-question exit ticket: one recall "
    "question, one application question and one reflection prompt, with an answer key."
)
_EXIT_TICKET_USER = (
    "Write an exit ticket for the {grade_level} lesson \"{lesson_title}\" in the unit "
    "\"{unit_title}\". Notes from the teacher: {prompt}"
)


def _templates() -> tuple[TemplateSeed, ...]:
    return (
        TemplateSeed(
            name="Standards-aligned lesson plan",
            task_type="lesson_plan",
            status="active",
            system_prompt=_LESSON_PLAN_SYSTEM,
            user_prompt_template=_LESSON_PLAN_USER,
            variables=("grade_level", "subject", "unit_title", "lesson_title", "prompt"),
        ),
        TemplateSeed(
            name="Three-question exit ticket",
            task_type="assessment",
            status="draft",
            system_prompt=_EXIT_TICKET_SYSTEM,
            user_prompt_template=_EXIT_TICKET_USER,
            variables=("grade_level", "lesson_title", "unit_title", "prompt"),
        ),
    )



MAPLE = TenantSeed(
    slug="maple",
    name="Maple Grove School District",
    admin_email="admin@maple.test",
    users=(
        UserSeed("admin@maple.test", "Diane Okafor", "admin"),
        UserSeed("lead@maple.test", "Marcus Bell", "curriculum_lead"),
        UserSeed("teacher@maple.test", "Maya Patel", "teacher"),
        UserSeed("teacher2@maple.test", "Jordan Reyes", "teacher"),
    ),
    courses=(
        CourseSeed("Grade 5 Science", "Science", "Grade 5", "teacher@maple.test",
                   (ECOSYSTEMS,)),
        CourseSeed("Grade 3 Social Studies", "Social Studies", "Grade 3", "teacher@maple.test",
                   (COMMUNITIES,)),
        CourseSeed("Grade 8 English Language Arts", "English Language Arts", "Grade 8",
                   "teacher2@maple.test", (ARGUMENT_WRITING,)),
        CourseSeed("Algebra I", "Mathematics", "Grade 9", "teacher2@maple.test",
                   (LINEAR_FUNCTIONS,)),
    ),
    templates=_templates(),
    policies=MAPLE_POLICIES,
    invocations=MAPLE_ACTIVITY,
)



CEDAR = TenantSeed(
    slug="cedar",
    name="Cedar Ridge Academy",
    admin_email="admin@cedar.test",
    users=(
        UserSeed("admin@cedar.test", "Helen Cho", "admin"),
        UserSeed("teacher@cedar.test", "Samuel Ortiz", "teacher"),
    ),
    courses=(
        CourseSeed("Grade 7 Life Science", "Science", "Grade 7", "teacher@cedar.test",
                   (CELLS,)),
        CourseSeed("Grade 4 Mathematics", "Mathematics", "Grade 4", "teacher@cedar.test",
                   (FRACTIONS,)),
        CourseSeed("Grade 8 U.S. History", "Social Studies", "Grade 8", "teacher@cedar.test",
                   (REVOLUTION,)),
    ),
    templates=_templates(),
    policies=DEMO_POLICIES,
    invocations=CEDAR_ACTIVITY,
)

DEMO_TENANTS: tuple[TenantSeed, ...] = (MAPLE, CEDAR)
