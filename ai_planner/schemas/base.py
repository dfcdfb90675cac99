"""Shared schema plumbing: readable validation errors and form-friendly coercions."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, TypeAdapter, model_validator
from pydantic import ValidationError as PydanticValidationError

from ai_planner.errors import FORM_ERROR, ValidationFailed

SchemaT = TypeVar("SchemaT", bound=BaseModel)
T = TypeVar("T")

_FRIENDLY = {
    "int_parsing": "must be a whole number",
    "int_from_float": "must be a whole number",
    "float_parsing": "must be a number",
    "bool_parsing": "must be yes or no",
    "missing": "is required",
    "list_type": "must be a list",
    "dict_type": "must be a set of key/value pairs",
    "string_type": "must be text",
    "date_from_datetime_parsing": "must be a date like 2026-09-01",
    "date_parsing": "must be a date like 2026-09-01",
    "extra_forbidden": "is not a field you can set",
}


class InputSchema(BaseModel):
    """Base for Create/Update bodies: strips text, refuses unknown fields."""

    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")

    @model_validator(mode="before")
    @classmethod
    def _strip_text(cls, data: Any) -> Any:
        """Strip every text value, also of fields that are not ``str`` (a ``Literal`` choice
        typed with a space is still that choice)."""
        if isinstance(data, dict):
            return {k: v.strip() if isinstance(v, str) else v for k, v in data.items()}
        return data


class PublicSchema(BaseModel):
    """Base for what leaves the server (states, JSON API)."""

    model_config = ConfigDict(from_attributes=True)


class NumberedPage(BaseModel):
    """Where a numbered page of a list is: its number, its size and the list's total."""

    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


_LABELS = {
    "ai_provider_config_id": "Provider config",
    "ai_template_id": "Template",
    "max_tokens_limit": "Max tokens",
    "temperature_limit": "Temperature",
    "api_key": "API key",
    "per_page": "Rows per page",
    "date_from": "Start date",
    "date_to": "End date",
}


def _label(field: str) -> str:
    return _LABELS.get(field, field.replace("_", " ").capitalize())


_BOUNDS = {
    "greater_than_equal": ("at least", "ge"),
    "less_than_equal": ("at most", "le"),
    "greater_than": ("greater than", "gt"),
    "less_than": ("less than", "lt"),
}


def _message(label: str, error: Any) -> str:
    """One pydantic error in words: "Max tokens must be at least 1." """
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind in _BOUNDS:
        words, key = _BOUNDS[kind]
        return f"{label} must be {words} {ctx.get(key)}."
    if kind == "string_too_long":
        return f"{label} must be {ctx.get('max_length'):,} characters or fewer."
    if kind == "string_too_short" and ctx.get("min_length") == 1:
        return f"{label} can't be blank."
    if kind == "literal_error":
        return f"{label} must be one of: {ctx.get('expected', '')}."
    if kind == "value_error":  # our own validators say the whole sentence (why, what to do)
        return str(error.get("msg", "")).removeprefix("Value error, ")
    message = _FRIENDLY.get(kind)
    if message is None:
        text = str(error.get("msg", "is invalid")).removeprefix("Value error, ")
        return f"{label}: {text[:1].lower()}{text[1:]}."
    return f"{label} {message}."


def _field_words(schema: type[BaseModel] | None, field: str) -> tuple[str, str | None]:
    """(label, the field's own message if it declares one) from the schema's Field:
    ``title="Course name"`` and ``json_schema_extra={"message": "..."}``."""
    info = schema.model_fields.get(field) if schema is not None else None
    if info is None:
        return _label(field), None
    extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
    own = extra.get("message")
    return info.title or _label(field), own if isinstance(own, str) else None


def readable(
    error: PydanticValidationError, schema: type[BaseModel] | None = None
) -> ValidationFailed:
    """Every pydantic error, one message per field (the first for that field), as
    ``ValidationFailed`` with ``errors = {field: "Field must be ..."}``. With ``schema``, a
    field is named by its ``Field(title=...)`` and a broken rule uses the field's own
    ``json_schema_extra={"message": ...}`` when it declares one."""
    errors: dict[str, str] = {}
    for item in error.errors():
        location = [str(part) for part in item.get("loc", ()) if not isinstance(part, int)]
        field = location[0] if location else FORM_ERROR
        if field in errors:
            continue
        label, own = _field_words(schema, field)
        errors[field] = own or _message(label, item)
    return ValidationFailed.of(errors or {FORM_ERROR: "Please check the form."})


def parse(schema: type[SchemaT], data: Mapping[str, Any] | SchemaT) -> SchemaT:
    """Validate raw input into ``schema``; pydantic errors become ``ValidationFailed``."""
    if isinstance(data, schema):
        return data
    try:
        return schema.model_validate(dict(data))  # type: ignore[arg-type]
    except PydanticValidationError as exc:
        raise readable(exc, schema) from None


def split_list(value: Any) -> Any:
    """Accept ``"a, b,c"`` from a text field as ``["a", "b", "c"]`` (blank items dropped)."""
    if value is None:
        return []
    if isinstance(value, str):
        return [item.strip() for item in value.split(",") if item.strip()]
    if isinstance(value, list | tuple):
        return [str(item).strip() for item in value if str(item).strip()]
    return value


def split_list_or_none(value: Any) -> Any:
    """``split_list`` for Update bodies: ``None`` stays ``None`` ("leave unchanged")."""
    return None if value is None else split_list(value)


def blank_to_none(value: Any) -> Any:
    """An empty form field means "not given"."""
    if isinstance(value, str) and not value.strip():
        return None
    return value


def parse_value(adapter: TypeAdapter[T], value: Any, *, field: str, label: str) -> T:
    """One value outside a form body (a URL filter, a lookup argument) checked against the
    same type a schema field uses, with the same wording as ``parse``."""
    try:
        return adapter.validate_python(value)
    except PydanticValidationError as exc:
        raise ValidationFailed(field, _message(label, exc.errors()[0])) from None
