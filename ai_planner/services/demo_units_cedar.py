"""Cedar Ridge Academy's demo units."""

from __future__ import annotations

from ai_planner.services.demo_seeds import LessonSeed, UnitSeed

CELLS = UnitSeed(
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

FRACTIONS = UnitSeed(
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

REVOLUTION = UnitSeed(
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
