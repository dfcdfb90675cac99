"""A template's "Preview": the exact messages it would send, rendered by the generation
flow's own function with the fields of a real unit (and lesson) of the actor's tenant."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from ai_planner.actor import Actor
from ai_planner.policies import ai_template as template_policy
from ai_planner.policies.base import authorize
from ai_planner.repositories import template_samples
from ai_planner.services.templates import context_values, render_messages

SAMPLE_PROMPT = "Add a short warm-up activity."


@dataclass(frozen=True)
class PromptTexts:
    """A template's two texts as typed in the form (saved or not)."""

    system_prompt: str
    user_prompt_template: str


def preview(
    session: Session,
    *,
    actor: Actor,
    texts: PromptTexts,
    unit_id: object,
    lesson_id: object | None = None,
    prompt: str = SAMPLE_PROMPT,
) -> list[dict[str, str]]:
    """System then user message. NotAllowed for those who may not read templates; NotFound
    for a unit or lesson outside the actor's scope; TemplateTextError or
    MissingTemplateValues when the template can't be rendered with what was picked."""
    authorize(template_policy.can_list(actor))
    picked = template_samples.sample(session, actor=actor, unit_id=unit_id, lesson_id=lesson_id)
    values = context_values(prompt=prompt, course=picked.course, unit=picked.unit,
                            lesson=picked.lesson)
    return render_messages(texts, values)
