"""services/templates.py: the one renderer of {placeholders}, as the generation flow and the
admin's Preview use it. It substitutes known names and nothing else."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from ai_planner.services import templates
from ai_planner.services.templates import (
    KNOWN_VARIABLES,
    MissingTemplateValues,
    TemplateTextError,
    check_placeholders,
    context_values,
    placeholders,
    render_messages,
    render_user_prompt,
)


@dataclass
class Texts:
    system_prompt: str
    user_prompt_template: str


def test_known_variables_are_the_specs_context_variables() -> None:
    assert list(KNOWN_VARIABLES) == [
        "prompt", "grade_level", "subject", "course_name", "unit_title", "unit_summary",
        "essential_questions", "lesson_title", "objectives", "activities", "materials",
        "assessment",
    ]


def test_render_substitutes_names_and_unescapes_braces() -> None:
    text = "Grade {grade_level}: {unit_title}. JSON like {{\"a\": 1}} and }} stay. {prompt}"
    values = {"grade_level": "4", "unit_title": "Fractions", "prompt": "Be brief."}
    assert render_user_prompt(text, values) == (
        'Grade 4: Fractions. JSON like {"a": 1} and } stay. Be brief.')


def test_values_are_inserted_as_they_are_never_rendered_again() -> None:
    values = {"prompt": "{unit_title} {{x}} {0.__class__}", "unit_title": "Secret"}
    assert render_user_prompt("Ask: {prompt}", values) == "Ask: {unit_title} {{x}} {0.__class__}"


@pytest.mark.parametrize("text", [
    "{0}", "{prompt.__class__}", "{prompt[0]}", "{prompt!r}", "{prompt:>10}", "{ prompt }",
    "{}", "{", "}", "a { b", "{{prompt}", "{prompt}}}}", "{pro-mpt}",
])
def test_format_syntax_is_refused_never_evaluated(text: str) -> None:
    with pytest.raises(TemplateTextError):
        placeholders(text)
    with pytest.raises(TemplateTextError):
        render_user_prompt(text, {"prompt": "x"})


def test_str_format_is_never_called(monkeypatch: pytest.MonkeyPatch) -> None:
    class Boom(str):
        def format(self, *args: object, **kwargs: object) -> str:  # pragma: no cover
            raise AssertionError("str.format was called")

    assert render_user_prompt(Boom("{prompt}"), {"prompt": "ok"}) == "ok"


def test_a_missing_value_names_every_missing_placeholder() -> None:
    with pytest.raises(MissingTemplateValues) as missing:
        render_user_prompt("{unit_title} {lesson_title} {unit_title} {prompt}",
                           {"prompt": "hi"})
    assert missing.value.names == ["unit_title", "lesson_title"]
    assert "{unit_title}, {lesson_title}" in missing.value.message
    assert render_user_prompt("[{unit_summary}]", {"unit_summary": ""}) == "[]"


def test_placeholders_in_order_of_first_use() -> None:
    assert placeholders("{b} {a} {b} {{c}}") == ["b", "a"]
    assert placeholders("") == []


@pytest.mark.parametrize("text,declared,errors", [
    ("{unit_title} {prompt}", [], {}),
    ("{topic} {prompt}", ["topic"], {}),
    ("{topic}", [], {"user_prompt_template": "{topic} is neither declared in Variables nor "
                     "filled in by the planner. Add it to Variables, or use a known name."}),
    ("{unit_title}", ["topic", "level"], {"variables": "topic, level are declared but the "
                                          "user prompt template never uses {topic}, {level}: "
                                          "remove them or use them."}),
    ("{a} {b}", ["b", "c"], {"user_prompt_template": "{a} is neither declared in Variables "
                             "nor filled in by the planner. Add it to Variables, or use a "
                             "known name.",
                             "variables": "c is declared but the user prompt template never "
                             "uses {c}: remove it or use it."}),
    ("{x", ["x"], {"user_prompt_template": "Line 1 has a “{” that is not a placeholder: write "
                   "{name} with letters, digits and underscores (e.g. {unit_title}), or {{ "
                   "for a literal brace."}),
])
def test_check_placeholders(text: str, declared: list[str], errors: dict[str, str]) -> None:
    assert check_placeholders(text, declared) == errors


def test_the_line_of_a_stray_brace_is_named() -> None:
    with pytest.raises(TemplateTextError) as error:
        placeholders("fine {prompt}\nstill fine\nbroken } here")
    assert error.value.message.startswith("Line 3 has a “}” that closes nothing")


def test_render_messages_system_then_user() -> None:
    texts = Texts("You are a planner. {not rendered}", "Plan {unit_title}.")
    assert render_messages(texts, {"unit_title": "Weather"}) == [
        {"role": "system", "content": "You are a planner. {not rendered}"},
        {"role": "user", "content": "Plan Weather."},
    ]


def test_context_values_from_rows() -> None:
    @dataclass
    class Row:
        name: str = "Grade 4 Math"
        subject: str | None = "Math"
        grade_level: str = "4"
        title: str = "Fractions"
        summary: str | None = None
        essential_questions: str = "Why?"
        objectives: str = "o"
        activities: str = "a"
        materials: str = "m"
        assessment: str = "x"

    row = Row()
    values = context_values(prompt="p", course=row, unit=row, lesson=row)
    assert set(values) == set(KNOWN_VARIABLES)
    assert values["unit_summary"] == "" and values["lesson_title"] == "Fractions"
    assert "lesson_title" not in context_values(prompt="p", course=row, unit=row)
    assert templates.context_values() == {}
