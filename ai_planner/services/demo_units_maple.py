"""Maple Grove School District's demo units: what a K-12 teacher would recognise."""

from __future__ import annotations

from ai_planner.services.demo_seeds import LessonSeed, UnitSeed

ECOSYSTEMS = UnitSeed(
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

COMMUNITIES = UnitSeed(
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

ARGUMENT_WRITING = UnitSeed(
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

LINEAR_FUNCTIONS = UnitSeed(
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
