"""Prompt templates: the one place that reads and renders ``{name}`` placeholders.

A user prompt template is plain text with ``{name}`` placeholders (letters, digits and
underscores); ``{{`` and ``}}`` stand for literal braces. Rendering substitutes known values
by name and nothing else: it never runs ``str.format`` (whose ``{x.attr}`` and ``{x[0]}``
reach into objects), and a value is inserted as it is, never read as a template again.

    check_placeholders(text, declared)   -> {field: message} to show on the form ({} = fine)
    render_messages(template, values)    -> [{"role": "system", ...}, {"role": "user", ...}]
    context_values(prompt=..., course=..., unit=..., lesson=...) -> the values by name

The generation flow and the admin's "Preview" call the same ``render_messages``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from ai_planner.errors import AppError

# The context variables the generation flow fills (SPEC.md "Templates and context
# variables"), with what each holds; the template form lists them beside the prompts.
KNOWN_VARIABLES: dict[str, str] = {
    "prompt": "what the teacher asked for in the assist panel",
    "grade_level": "the course's grade level",
    "subject": "the course's subject",
    "course_name": "the course's name",
    "unit_title": "the unit's title",
    "unit_summary": "the unit's summary",
    "essential_questions": "the unit's essential questions",
    "lesson_title": "the lesson's title",
    "objectives": "the lesson's objectives",
    "activities": "the lesson's activities",
    "materials": "the lesson's materials",
    "assessment": "the lesson's assessment",
}

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_USER_FIELD = "user_prompt_template"
_VARIABLES_FIELD = "variables"


class TemplateTextError(AppError):
    """A brace that is neither a placeholder nor an escaped literal brace."""


class MissingTemplateValues(AppError):
    """Rendering needs values the request does not have; ``names`` lists them."""

    def __init__(self, names: list[str]) -> None:
        listed = ", ".join(f"{{{name}}}" for name in names)
        super().__init__(
            f"This template needs {listed}, which this request does not provide. Use it "
            "from a page that has them (a unit or a lesson), or choose another template."
        )
        self.names = names


@dataclass(frozen=True)
class _Placeholder:
    name: str


def _line_of(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1


def _pieces(text: str) -> list[str | _Placeholder]:
    """The template as literal text and placeholders; TemplateTextError for a stray brace."""
    pieces: list[str | _Placeholder] = []
    literal: list[str] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char in "{}" and text.startswith(char * 2, i):
            literal.append(char)
            i += 2
            continue
        if char == "}":
            raise TemplateTextError(
                f"Line {_line_of(text, i)} has a “}}” that closes nothing: write }}}} for a "
                "literal brace."
            )
        if char == "{":
            match = _NAME.match(text, i + 1)
            end = match.end() if match else i + 1
            if match is None or not text.startswith("}", end):
                raise TemplateTextError(
                    f"Line {_line_of(text, i)} has a “{{” that is not a placeholder: write "
                    "{name} with letters, digits and underscores (e.g. {unit_title}), or {{ "
                    "for a literal brace."
                )
            if literal:
                pieces.append("".join(literal))
                literal = []
            pieces.append(_Placeholder(match.group()))
            i = end + 1
            continue
        literal.append(char)
        i += 1
    if literal:
        pieces.append("".join(literal))
    return pieces


def placeholders(text: str) -> list[str]:
    """The names a template uses, in order of first appearance (TemplateTextError if the
    text has a stray brace)."""
    names = (piece.name for piece in _pieces(text or "") if isinstance(piece, _Placeholder))
    return list(dict.fromkeys(names))


def _quoted(names: Iterable[str]) -> str:
    return ", ".join(f"{{{name}}}" for name in names)


def check_placeholders(user_prompt_template: str, declared: Iterable[str]) -> dict[str, str]:
    """What is wrong with a template's placeholders, by form field ({} when nothing):
    a stray brace; a placeholder neither declared nor known; a declared variable never used."""
    try:
        used = placeholders(user_prompt_template)
    except TemplateTextError as exc:
        return {_USER_FIELD: exc.message}
    declared = list(declared)
    errors: dict[str, str] = {}
    unknown = [name for name in used if name not in declared and name not in KNOWN_VARIABLES]
    if unknown:
        errors[_USER_FIELD] = (
            f"{_quoted(unknown)} {'is' if len(unknown) == 1 else 'are'} neither declared in "
            "Variables nor filled in by the planner. Add "
            f"{'it' if len(unknown) == 1 else 'them'} to Variables, or use a known name."
        )
    unused = [name for name in declared if name not in used]
    if unused:
        errors[_VARIABLES_FIELD] = (
            f"{', '.join(unused)} {'is' if len(unused) == 1 else 'are'} declared but the user "
            f"prompt template never uses {_quoted(unused)}: remove "
            f"{'it' if len(unused) == 1 else 'them'} or use {'it' if len(unused) == 1 else 'them'}."
        )
    return errors


def render_user_prompt(text: str, values: Mapping[str, str]) -> str:
    """``text`` with each ``{name}`` replaced by ``values[name]`` and ``{{``/``}}`` by braces.
    MissingTemplateValues names every placeholder without a value."""
    pieces = _pieces(text)
    missing = [
        piece.name for piece in pieces if isinstance(piece, _Placeholder)
        and values.get(piece.name) is None
    ]
    if missing:
        raise MissingTemplateValues(list(dict.fromkeys(missing)))
    return "".join(
        str(values[piece.name]) if isinstance(piece, _Placeholder) else piece for piece in pieces
    )


class PromptTemplate(Protocol):
    system_prompt: str
    user_prompt_template: str


def render_messages(template: PromptTemplate, values: Mapping[str, str]) -> list[dict[str, str]]:
    """The messages a template sends: its system prompt as it is, then its user prompt
    template rendered with ``values``."""
    return [
        {"role": "system", "content": template.system_prompt},
        {"role": "user", "content": render_user_prompt(template.user_prompt_template, values)},
    ]


def context_values(
    *, prompt: str | None = None, course: Any = None, unit: Any = None, lesson: Any = None
) -> dict[str, str]:
    """The known variables a request can fill: the teacher's prompt and the fields of the
    course, unit and lesson it is about (those given; a missing one leaves its names out,
    so a template needing them fails with MissingTemplateValues)."""
    values: dict[str, str] = {}
    if prompt is not None:
        values["prompt"] = prompt
    if course is not None:
        values.update(
            course_name=course.name or "",
            subject=course.subject or "",
            grade_level=course.grade_level or "",
        )
    if unit is not None:
        values.update(
            unit_title=unit.title or "",
            unit_summary=unit.summary or "",
            essential_questions=unit.essential_questions or "",
        )
    if lesson is not None:
        values.update(
            lesson_title=lesson.title or "",
            objectives=lesson.objectives or "",
            activities=lesson.activities or "",
            materials=lesson.materials or "",
            assessment=lesson.assessment or "",
        )
    return values
