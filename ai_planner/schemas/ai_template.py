"""Template schemas: every input rule of a template, once. Which ``{placeholders}`` a template
may use is checked against its text by ``services/templates.check_placeholders``."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import Field, StringConstraints, field_validator

from ai_planner.models.ai import TaskType, TemplateStatus
from ai_planner.schemas.base import (
    InputSchema,
    NumberedPage,
    PublicSchema,
    split_list,
    split_list_or_none,
)

NAME_MAX = 120
PROMPT_MAX = 20_000
MAX_VARIABLES = 30
VARIABLE_PATTERN = r"^[A-Za-z_][A-Za-z0-9_]{0,59}$"
VARIABLES_MESSAGE = (
    "Variables are names like grade_level (letters, digits and underscores, starting with a "
    f"letter), separated by commas; at most {MAX_VARIABLES}."
)
VariableName = Annotated[str, StringConstraints(pattern=VARIABLE_PATTERN)]
TEMPLATES_PER_PAGE = 25


def _name(**default: Any) -> Any:
    return Field(title="Name", min_length=1, max_length=NAME_MAX, **default)


def _task_type(**default: Any) -> Any:
    return Field(title="Task type", **default)


def _status(**default: Any) -> Any:
    return Field(title="Status", **default)


def _system_prompt(**default: Any) -> Any:
    return Field(title="System prompt", min_length=1, max_length=PROMPT_MAX, **default)


def _user_prompt(**default: Any) -> Any:
    return Field(title="User prompt template", min_length=1, max_length=PROMPT_MAX, **default)


def _variables(**default: Any) -> Any:
    return Field(
        title="Variables",
        max_length=MAX_VARIABLES,
        json_schema_extra={"message": VARIABLES_MESSAGE},
        **default,
    )


def _unique(names: Any) -> Any:
    return list(dict.fromkeys(names)) if isinstance(names, list) else names


class TemplateCreate(InputSchema):
    name: str = _name()
    task_type: TaskType = _task_type()
    status: TemplateStatus = _status(default="draft")
    system_prompt: str = _system_prompt()
    user_prompt_template: str = _user_prompt()
    # Empty: the {placeholders} of the user prompt template.
    variables: list[VariableName] = _variables(default_factory=list)

    _split_variables = field_validator("variables", mode="before")(split_list)
    _unique_variables = field_validator("variables")(_unique)


class TemplateUpdate(InputSchema):
    """``None`` leaves a field unchanged."""

    name: str | None = _name(default=None)
    task_type: TaskType | None = _task_type(default=None)
    status: TemplateStatus | None = _status(default=None)
    system_prompt: str | None = _system_prompt(default=None)
    user_prompt_template: str | None = _user_prompt(default=None)
    variables: list[VariableName] | None = _variables(default=None)

    _split_variables = field_validator("variables", mode="before")(split_list_or_none)
    _unique_variables = field_validator("variables")(_unique)


class TemplateFilters(InputSchema):
    """The templates list's filters and page (from the URL query)."""

    task_type: TaskType | None = Field(default=None, title="Task type")
    status: TemplateStatus | None = Field(default=None, title="Status")
    page: int = Field(default=1, ge=1, le=10_000, title="Page")

    @field_validator("task_type", "status", mode="before")
    @classmethod
    def _blank_is_any(cls, value: Any) -> Any:
        return None if value in ("", "all") else value


class TemplatePublic(PublicSchema):
    id: int
    name: str
    task_type: str
    status: str | None
    system_prompt: str
    user_prompt_template: str
    variables: list[str]
    created_at: datetime
    updated_at: datetime


class TemplateRow(PublicSchema):
    """A template in a list: no prompt texts (they can be long; the form loads them)."""

    id: int
    name: str
    task_type: str
    status: str | None
    updated_at: datetime


class TemplatePage(NumberedPage):
    items: list[TemplateRow]
