"""The demo data of SPEC.md, as plain data. ``services/demo_seed.py`` writes it.

Two tenants: Maple Grove School District (admin, curriculum lead, two teachers) and Cedar Ridge
Academy (admin, teacher). Every account uses the password ``planner-demo``. The planning
content is what a K-12 teacher would recognise; the AI side uses only the built-in ``demo``
provider, so every flow can be tried with no key and no network.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ai_planner.services.demo_activity import CEDAR_ACTIVITY, MAPLE_ACTIVITY, InvocationSeed

DEMO_PASSWORD = "planner-demo"


@dataclass(frozen=True)
class UserSeed:
    email: str
    name: str
    role: str


@dataclass(frozen=True)
class LessonSeed:
    title: str
    objectives: str
    activities: str
    materials: str
    assessment: str
    duration_minutes: int


@dataclass(frozen=True)
class UnitSeed:
    title: str
    owner_email: str
    status: str
    summary: str
    essential_questions: str
    lessons: tuple[LessonSeed, ...]


@dataclass(frozen=True)
class CourseSeed:
    name: str
    subject: str
    grade_level: str
    owner_email: str
    units: tuple[UnitSeed, ...]


@dataclass(frozen=True)
class TemplateSeed:
    name: str
    task_type: str
    status: str
    system_prompt: str
    user_prompt_template: str
    variables: tuple[str, ...]


@dataclass(frozen=True)
class PolicySeed:
    task_type: str
    max_tokens_limit: int
    temperature_limit: float
    allowed_roles: tuple[str, ...] = ()  # empty: every role may use the task type
    requires_approval: bool = False
    enabled: bool = True


@dataclass(frozen=True)
class ProviderSeed:
    provider_name: str
    display_name: str
    default_model: str
    available_models: tuple[str, ...]
    status: str = "active"
    settings: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class TenantSeed:
    slug: str
    name: str
    admin_email: str  # creates the tenant's AI configuration
    users: tuple[UserSeed, ...]
    courses: tuple[CourseSeed, ...]
    templates: tuple[TemplateSeed, ...]
    policies: tuple[PolicySeed, ...]  # one per task type
    invocations: tuple[InvocationSeed, ...]  # past AI activity (the audit log)


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


# --- Maple Grove School District -----------------------------------------------------------

_ECOSYSTEMS = UnitSeed(
    title="Ecosystems and Food Webs",
    owner_email="teacher@maple.test",
    status="published",
    summary=(
        "Students model how matter and energy move through an ecosystem, from the sun to "
        "producers, consumers and decomposers, and predict what happens when one population "
        "changes. Aligned to NGSS 5-LS2-1 and 5-PS3-1."
    ),
    essential_questions=(
        "Where does the energy in our food come from?\n"
        "How do living things in an ecosystem depend on one another?\n"
        "What happens to an ecosystem when one organism disappears?"
    ),
    lessons=(
        LessonSeed(
            title="Producers, Consumers and Decomposers",
            objectives=(
                "Students will classify organisms as producers, consumers or decomposers.\n"
                "Students will explain that plants get the energy they need from sunlight."
            ),
            activities=(
                "1. Warm-up (5 min): What did you eat for breakfast, and where did it come "
                "from? Trace one food back to the sun.\n"
                "2. Mini-lesson (10 min): the three roles, with pictures from a pond "
                "ecosystem.\n"
                "3. Card sort (20 min): in pairs, sort 24 organism cards into the three roles "
                "and justify one tricky card (mushroom, Venus flytrap).\n"
                "4. Share out and closure (10 min)."
            ),
            materials="Organism card sets (one per pair), pond ecosystem slide deck, "
            "science notebooks",
            assessment="Exit ticket: name one producer, one consumer and one decomposer from "
            "the schoolyard and explain where each gets its energy.",
            duration_minutes=45,
        ),
        LessonSeed(
            title="Building a Food Web",
            objectives=(
                "Students will construct a food web with arrows that show the direction "
                "energy flows.\n"
                "Students will distinguish a food chain from a food web."
            ),
            activities=(
                "1. Review (5 min): a single food chain on the board; what do the arrows "
                "mean?\n"
                "2. Yarn web (15 min): each student wears an organism tag; pass yarn from "
                "food to eater to build a class web.\n"
                "3. Small groups (20 min): draw a forest food web on chart paper with at least "
                "ten organisms.\n"
                "4. Gallery walk (10 min): sticky-note feedback on arrow direction."
            ),
            materials="Ball of yarn, organism name tags, chart paper, markers, sticky notes",
            assessment="Check each group's chart: arrows point from the organism eaten to the "
            "eater, and every consumer has at least one food source.",
            duration_minutes=50,
        ),
        LessonSeed(
            title="Energy Pyramids",
            objectives=(
                "Students will explain why there are fewer organisms at the top of an energy "
                "pyramid.\n"
                "Students will use a model to show that most energy is used or lost as heat at "
                "each level."
            ),
            activities=(
                "1. Hook (5 min): why are there more rabbits than foxes in a meadow?\n"
                "2. Cracker model (15 min): pass 1,000 'energy units' (crackers) up four "
                "levels, keeping only a tenth each time.\n"
                "3. Build the pyramid (15 min): label a pyramid template with the meadow "
                "organisms.\n"
                "4. Discussion and closure (10 min)."
            ),
            materials="Oyster crackers or counters, pyramid templates, calculators",
            assessment="Short response: use the pyramid to explain why a hawk needs a large "
            "hunting territory.",
            duration_minutes=45,
        ),
        LessonSeed(
            title="What Happens When a Species Disappears?",
            objectives=(
                "Students will predict how removing or adding one population affects the rest "
                "of a food web.\n"
                "Students will support a claim with evidence from the Yellowstone wolf case "
                "study."
            ),
            activities=(
                "1. Video (8 min): the return of wolves to Yellowstone.\n"
                "2. Jigsaw reading (20 min): elk, willows, beavers and songbirds expert "
                "groups.\n"
                "3. Claim-evidence-reasoning paragraph (15 min).\n"
                "4. Closure (7 min): one ripple effect you did not expect."
            ),
            materials="Yellowstone wolves video, four leveled jigsaw articles, CER graphic "
            "organizer",
            assessment="CER paragraph scored with the class rubric (claim, two pieces of "
            "evidence, reasoning).",
            duration_minutes=50,
        ),
    ),
)

_COMMUNITIES = UnitSeed(
    title="Communities Then and Now",
    owner_email="teacher@maple.test",
    status="draft",
    summary=(
        "Third graders compare their community today with the way it looked 100 years ago, "
        "using photographs, maps and an interview with a community member, and describe how "
        "people, jobs and transportation have changed."
    ),
    essential_questions=(
        "What makes a place a community?\n"
        "How has our community changed over time, and what has stayed the same?"
    ),
    lessons=(
        LessonSeed(
            title="What Makes a Community?",
            objectives="Students will define community and name places and people that "
            "meet a community's needs.",
            activities=(
                "1. Read-aloud (10 min): a picture book about a neighborhood.\n"
                "2. Brainstorm (10 min): needs and wants, and who in town helps meet them.\n"
                "3. Community map (20 min): draw and label five places near school."
            ),
            materials="Picture book, chart paper, blank map outlines, crayons",
            assessment="Map labels include at least three places that meet needs (food, "
            "safety, learning).",
            duration_minutes=40,
        ),
        LessonSeed(
            title="Urban, Suburban and Rural",
            objectives="Students will compare urban, suburban and rural communities using a "
            "three-column chart.",
            activities=(
                "1. Photo sort (15 min): sort photographs into the three community types.\n"
                "2. Three-column chart (15 min): homes, transportation, jobs.\n"
                "3. Turn and talk (10 min): which type is Maple Grove, and why?"
            ),
            materials="Photograph sets, three-column chart handout",
            assessment="Completed chart with two correct details in each column.",
            duration_minutes=40,
        ),
        LessonSeed(
            title="Reading Old Photographs and Maps",
            objectives="Students will use a primary source to describe how a place has "
            "changed over time.",
            activities=(
                "1. See-think-wonder (15 min) with a 1920s photo of Main Street.\n"
                "2. Then-and-now comparison (15 min) with today's photo of the same corner.\n"
                "3. Class list of changes and things that stayed the same (10 min)."
            ),
            materials="Historical society photographs, current photographs, see-think-wonder "
            "sheet",
            assessment="Students write two sentences: one change and one thing that stayed "
            "the same, with evidence from the photos.",
            duration_minutes=45,
        ),
        LessonSeed(
            title="Interviewing a Community Member",
            objectives="Students will write open-ended interview questions and record answers "
            "from a longtime resident.",
            activities=(
                "1. Model (10 min): open versus closed questions.\n"
                "2. Write questions in pairs (15 min).\n"
                "3. Guest interview (20 min) with a retired shop owner.\n"
                "4. Thank-you notes (10 min)."
            ),
            materials="Question planning sheet, clipboards, thank-you note paper",
            assessment="Each pair submits three open-ended questions and one answer they "
            "recorded.",
            duration_minutes=55,
        ),
    ),
)

_ARGUMENT_WRITING = UnitSeed(
    title="Argument Writing",
    owner_email="teacher2@maple.test",
    status="published",
    summary=(
        "Eighth graders write an argumentative essay on whether middle schools should start "
        "later, supporting a clear claim with relevant evidence from credible sources and "
        "acknowledging counterclaims. Aligned to CCSS W.8.1 and RI.8.8."
    ),
    essential_questions=(
        "What makes an argument convincing?\n"
        "How do writers use evidence and address the other side fairly?"
    ),
    lessons=(
        LessonSeed(
            title="Claims, Reasons and Evidence",
            objectives="Students will identify the claim, reasons and evidence in a model "
            "argument and explain how each supports the claim.",
            activities=(
                "1. Four corners (10 min): agree or disagree with 'Homework should be "
                "banned.'\n"
                "2. Annotate a model op-ed (20 min): claim in blue, reasons in green, "
                "evidence in yellow.\n"
                "3. Debrief (15 min): which piece of evidence is strongest, and why?"
            ),
            materials="Model op-ed, highlighters, annotation guide",
            assessment="Annotated op-ed collected; exit slip restating the claim in the "
            "student's own words.",
            duration_minutes=45,
        ),
        LessonSeed(
            title="Evaluating Sources",
            objectives="Students will evaluate the credibility and relevance of sources using "
            "a checklist.",
            activities=(
                "1. Mini-lesson (10 min): author, date, purpose, evidence.\n"
                "2. Source stations (25 min): rate four articles on later school start times.\n"
                "3. Reflection (10 min): which source would you cite, and why?"
            ),
            materials="Source credibility checklist, four article printouts or links, "
            "Chromebooks",
            assessment="Checklist ratings with a one-sentence justification for each source.",
            duration_minutes=45,
        ),
        LessonSeed(
            title="Counterclaims and Rebuttals",
            objectives="Students will write a counterclaim paragraph that fairly states an "
            "opposing view and rebuts it with evidence.",
            activities=(
                "1. Sentence frames (10 min): 'Some people argue... However...'.\n"
                "2. Partner debate (15 min) on later start times.\n"
                "3. Draft the counterclaim paragraph (20 min)."
            ),
            materials="Sentence frame bookmark, debate cards, drafting template",
            assessment="Counterclaim paragraph checked against the rubric row for "
            "counterclaims.",
            duration_minutes=45,
        ),
        LessonSeed(
            title="Drafting the Argumentative Essay",
            objectives="Students will draft a five-paragraph argument with an introduction, "
            "two body paragraphs, a counterclaim and a conclusion.",
            activities=(
                "1. Outline check-in (10 min).\n"
                "2. Writing workshop (35 min) with teacher conferences.\n"
                "3. Share a strong sentence (5 min)."
            ),
            materials="Completed outlines, essay organizer, Chromebooks",
            assessment="Conference notes; full draft due at the end of the next class.",
            duration_minutes=50,
        ),
        LessonSeed(
            title="Peer Review and Revision",
            objectives="Students will give specific, rubric-based feedback and revise their "
            "drafts for stronger evidence and transitions.",
            activities=(
                "1. Model feedback (10 min): kind, specific, helpful.\n"
                "2. Peer review (20 min) with the argument rubric.\n"
                "3. Revision time (15 min): revise at least two flagged sentences."
            ),
            materials="Argument writing rubric, peer review form, colored pens",
            assessment="Revised draft with tracked changes and the completed peer review "
            "form.",
            duration_minutes=45,
        ),
    ),
)

_LINEAR_FUNCTIONS = UnitSeed(
    title="Linear Functions",
    owner_email="teacher2@maple.test",
    status="draft",
    summary=(
        "Students represent linear relationships with tables, graphs, equations and verbal "
        "descriptions, interpret slope as a rate of change and the y-intercept as a starting "
        "value, and build linear models from real situations. Aligned to CCSS F-LE.1 and "
        "F-IF.6."
    ),
    essential_questions=(
        "How can we tell from a table, a graph or a story that a relationship is linear?\n"
        "What do slope and y-intercept mean in a real situation?"
    ),
    lessons=(
        LessonSeed(
            title="Rate of Change from Tables and Graphs",
            objectives="Students will calculate a constant rate of change from a table and a "
            "graph and decide whether a relationship is linear.",
            activities=(
                "1. Warm-up (5 min): phone plan costs by month.\n"
                "2. Notes (15 min): change in y over change in x.\n"
                "3. Partner practice (20 min): six tables, linear or not?\n"
                "4. Closure (5 min)."
            ),
            materials="Graph paper, guided notes, practice set",
            assessment="Exit ticket: find the rate of change in a table and say whether the "
            "relationship is linear.",
            duration_minutes=45,
        ),
        LessonSeed(
            title="Slope-Intercept Form",
            objectives="Students will write equations in the form y = mx + b and graph them "
            "from the slope and y-intercept.",
            activities=(
                "1. Desmos exploration (15 min): move the m and b sliders.\n"
                "2. Notes and examples (15 min).\n"
                "3. Matching activity (15 min): equations, graphs and tables."
            ),
            materials="Chromebooks with Desmos, matching card sets",
            assessment="Matching cards checked; three graphing problems for homework.",
            duration_minutes=45,
        ),
        LessonSeed(
            title="Writing Linear Models from Context",
            objectives="Students will write a linear equation from a word problem and "
            "interpret the slope and y-intercept in context.",
            activities=(
                "1. Taxi fare problem (10 min).\n"
                "2. Gallery of situations (25 min): gym memberships, candle height, savings.\n"
                "3. Closure (10 min): explain what b means in one situation."
            ),
            materials="Situation posters, recording sheet",
            assessment="Recording sheet: equation plus an interpretation sentence for slope "
            "and intercept in each situation.",
            duration_minutes=45,
        ),
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
                   (_ECOSYSTEMS,)),
        CourseSeed("Grade 3 Social Studies", "Social Studies", "Grade 3", "teacher@maple.test",
                   (_COMMUNITIES,)),
        CourseSeed("Grade 8 English Language Arts", "English Language Arts", "Grade 8",
                   "teacher2@maple.test", (_ARGUMENT_WRITING,)),
        CourseSeed("Algebra I", "Mathematics", "Grade 9", "teacher2@maple.test",
                   (_LINEAR_FUNCTIONS,)),
    ),
    templates=_templates(),
    policies=MAPLE_POLICIES,
    invocations=MAPLE_ACTIVITY,
)

# --- Cedar Ridge Academy -------------------------------------------------------------------

_CELLS = UnitSeed(
    title="Cells: The Building Blocks of Life",
    owner_email="teacher@cedar.test",
    status="published",
    summary=(
        "Seventh graders use microscopes and models to show that living things are made of "
        "cells, compare plant and animal cells, and explain how organelles work together. "
        "Aligned to NGSS MS-LS1-1 and MS-LS1-2."
    ),
    essential_questions=(
        "What are all living things made of?\n"
        "How do the parts of a cell work together to keep it alive?"
    ),
    lessons=(
        LessonSeed(
            title="Using a Compound Microscope",
            objectives="Students will identify the parts of a compound microscope and focus "
            "a prepared slide at low and medium power.",
            activities=(
                "1. Safety and carrying demo (10 min).\n"
                "2. Label the parts (10 min).\n"
                "3. Letter 'e' slide lab (25 min): what happens to the image?"
            ),
            materials="Compound microscopes, letter 'e' slides, lens paper, lab sheet",
            assessment="Lab sheet sketch at two magnifications with total magnification "
            "calculated.",
            duration_minutes=45,
        ),
        LessonSeed(
            title="Plant and Animal Cells",
            objectives="Students will compare plant and animal cells and explain the roles of "
            "the cell wall and chloroplasts.",
            activities=(
                "1. Onion skin and cheek cell wet mounts (25 min).\n"
                "2. Venn diagram (15 min).\n"
                "3. Closure (5 min): why don't animal cells need chloroplasts?"
            ),
            materials="Onion, iodine stain, cotton swabs, methylene blue, slides, cover slips",
            assessment="Venn diagram with at least three similarities and three differences.",
            duration_minutes=50,
        ),
        LessonSeed(
            title="Organelles and Their Jobs",
            objectives="Students will describe the function of the nucleus, cell membrane, "
            "mitochondria, chloroplasts and vacuole.",
            activities=(
                "1. Cell-as-a-city analogy (15 min).\n"
                "2. Build a 3-D cell model in groups (25 min).\n"
                "3. Model presentations (10 min)."
            ),
            materials="Organelle cards, modeling clay, paper plates, labels",
            assessment="Model rubric: five organelles labeled with an accurate function.",
            duration_minutes=50,
        ),
        LessonSeed(
            title="Levels of Organization",
            objectives="Students will order cells, tissues, organs, organ systems and "
            "organisms, with an example of each.",
            activities=(
                "1. Nesting-dolls demo (5 min).\n"
                "2. Card sequence (15 min).\n"
                "3. Digestive system case study (20 min)."
            ),
            materials="Nesting dolls, level-of-organization card sets, case study handout",
            assessment="Quiz: five multiple-choice items and one short response.",
            duration_minutes=40,
        ),
    ),
)

_FRACTIONS = UnitSeed(
    title="Fractions on a Number Line",
    owner_email="teacher@cedar.test",
    status="draft",
    summary=(
        "Fourth graders place fractions on number lines, generate equivalent fractions with "
        "area models, and compare fractions using benchmarks such as 1/2 and 1. Aligned to "
        "CCSS 4.NF.A.1 and 4.NF.A.2."
    ),
    essential_questions=(
        "How can two different fractions name the same amount?\n"
        "How can we decide which of two fractions is greater?"
    ),
    lessons=(
        LessonSeed(
            title="Unit Fractions on a Number Line",
            objectives="Students will partition a number line from 0 to 1 into equal parts "
            "and place unit fractions.",
            activities=(
                "1. Paper strip folding (15 min): halves, fourths, eighths.\n"
                "2. Floor number line (15 min): students stand at fractions.\n"
                "3. Independent practice (15 min)."
            ),
            materials="Paper strips, masking tape number line, practice page",
            assessment="Practice page: place 1/3, 1/4 and 1/6 correctly on separate lines.",
            duration_minutes=45,
        ),
        LessonSeed(
            title="Equivalent Fractions with Area Models",
            objectives="Students will use area models to generate equivalent fractions and "
            "explain why multiplying by n/n keeps the value.",
            activities=(
                "1. Pan-of-brownies problem (10 min).\n"
                "2. Fraction tiles exploration (20 min).\n"
                "3. Math talk (10 min): what pattern do you notice?"
            ),
            materials="Fraction tiles, area model grid paper",
            assessment="Exit ticket: draw an area model showing 2/3 = 4/6.",
            duration_minutes=40,
        ),
        LessonSeed(
            title="Comparing Fractions with Benchmarks",
            objectives="Students will compare two fractions using 0, 1/2 and 1 as benchmarks "
            "and record the result with >, = or <.",
            activities=(
                "1. Number talk (10 min): is 5/8 more or less than 1/2?\n"
                "2. Fraction war card game (20 min).\n"
                "3. Closure (10 min): justify one comparison in writing."
            ),
            materials="Fraction war card decks, benchmark number lines",
            assessment="Six comparison problems with a written justification for two of "
            "them.",
            duration_minutes=40,
        ),
    ),
)

_REVOLUTION = UnitSeed(
    title="Road to the American Revolution",
    owner_email="teacher@cedar.test",
    status="draft",
    summary=(
        "Eighth graders trace the causes of the American Revolution from the French and "
        "Indian War to the Declaration of Independence, analyzing primary sources to explain "
        "growing colonial resistance to British rule."
    ),
    essential_questions=(
        "Why did colonists who once called themselves British decide to break away?\n"
        "How do primary sources show different points of view on the same event?"
    ),
    lessons=(
        LessonSeed(
            title="The French and Indian War and Its Costs",
            objectives="Students will explain how the war's debt led Britain to tax the "
            "colonies.",
            activities=(
                "1. Map analysis (15 min): North America in 1754 and 1763.\n"
                "2. Cause-and-effect chain (20 min).\n"
                "3. Closure (10 min)."
            ),
            materials="Historical maps, cause-and-effect organizer",
            assessment="Cause-and-effect chain with three linked events.",
            duration_minutes=45,
        ),
        LessonSeed(
            title="Taxation Without Representation",
            objectives="Students will compare the Stamp Act, Townshend Acts and Tea Act and "
            "colonial responses to each.",
            activities=(
                "1. Simulation (15 min): the teacher taxes pencils without a vote.\n"
                "2. Act comparison chart (20 min).\n"
                "3. Debrief (10 min): was the simulation fair?"
            ),
            materials="Tokens for the simulation, comparison chart, textbook chapter 6",
            assessment="Completed chart and a paragraph on which act angered colonists most.",
            duration_minutes=45,
        ),
        LessonSeed(
            title="The Boston Massacre: Analyzing Primary Sources",
            objectives="Students will analyze Paul Revere's engraving and Captain Preston's "
            "account to identify point of view and bias.",
            activities=(
                "1. Image analysis (15 min): Revere's engraving.\n"
                "2. Document reading (20 min): Preston's deposition.\n"
                "3. Socratic seminar (15 min): what really happened on King Street?"
            ),
            materials="Revere engraving print, Preston deposition excerpt, sourcing "
            "worksheet",
            assessment="Sourcing worksheet and seminar participation checklist.",
            duration_minutes=50,
        ),
    ),
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
                   (_CELLS,)),
        CourseSeed("Grade 4 Mathematics", "Mathematics", "Grade 4", "teacher@cedar.test",
                   (_FRACTIONS,)),
        CourseSeed("Grade 8 U.S. History", "Social Studies", "Grade 8", "teacher@cedar.test",
                   (_REVOLUTION,)),
    ),
    templates=_templates(),
    policies=DEMO_POLICIES,
    invocations=CEDAR_ACTIVITY,
)

DEMO_TENANTS: tuple[TenantSeed, ...] = (MAPLE, CEDAR)
