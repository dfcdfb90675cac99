"""The units list's question (search, filters, sort, page) and answer (one page of cards,
grouped by course, with totals).

The question lives in the page's URL (``/plan?q=ecosystem&status=draft&page=...``), so a
reload or a shared link shows the same list. A link is typed or pasted by people: a value
that makes no sense is dropped (the default applies), never an error.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, get_args

from pydantic import BaseModel, Field

from ai_planner.schemas.base import PublicSchema
from ai_planner.schemas.keyset import CURSOR_MAX, cursor_values
from ai_planner.schemas.planning import SEARCH_MAX, UNIT_STATUSES, CourseGroup

PAGE_SIZE = 50
SortKey = Literal["updated", "title"]
Author = Literal["mine", "everyone"]
SORT_KEYS: tuple[str, ...] = get_args(SortKey)
AUTHORS: tuple[str, ...] = get_args(Author)
# The URL query names, in the order links are written.
URL_PARAMS = ("q", "course", "status", "author", "sort", "after", "before")


class UnitListQuery(BaseModel):
    q: str = ""
    course: int | None = None
    status: str | None = None
    author: Author = "mine"
    sort: SortKey = "updated"
    after: str = ""  # cursor: the page after this row
    before: str = ""  # cursor: the page before this row

    @classmethod
    def from_url(cls, params: Mapping[str, Any]) -> UnitListQuery:
        """What a URL's query asks for; junk values fall back to the defaults."""

        def text(name: str, limit: int) -> str:
            value = params.get(name)
            return value.strip()[:limit] if isinstance(value, str) else ""

        course = text("course", 20)
        status = text("status", 20)
        author = text("author", 20)
        sort = text("sort", 20)
        after, before = text("after", CURSOR_MAX), text("before", CURSOR_MAX)
        return cls(
            q=text("q", SEARCH_MAX),
            course=int(course) if course.isascii() and course.isdigit() and 0 < int(
                course) < 2**63 else None,
            status=status if status in UNIT_STATUSES else None,
            author=author if author in AUTHORS else "mine",  # type: ignore[arg-type]
            sort=sort if sort in SORT_KEYS else "updated",  # type: ignore[arg-type]
            after=after if decode_cursor(after) else "",
            before="" if after else (before if decode_cursor(before) else ""),
        )

    def url_params(self, **changes: Any) -> dict[str, str]:
        """This question as URL query values (defaults left out), with ``changes``."""
        data = {**self.model_dump(), **changes}
        defaults = UnitListQuery().model_dump()
        return {
            name: str(data[name])
            for name in URL_PARAMS
            if data[name] not in (None, "") and data[name] != defaults[name]
        }

    @property
    def filtered(self) -> bool:
        """Whether anything narrows the list beyond the author choice."""
        return bool(self.q or self.course or self.status)


class UnitListPage(PublicSchema):
    groups: list[CourseGroup] = Field(default_factory=list)
    total: int = 0  # units matching the question, on every page
    first_number: int = 0  # the 1-based number of the page's first unit (0: empty page)
    shown: int = 0  # units on this page
    next_cursor: str = ""
    previous_cursor: str = ""


def decode_cursor(cursor: str) -> list[Any] | None:
    """The key values of a units-list cursor, or None when it is not one of ours."""
    values = cursor_values(cursor)
    ok = (
        values is not None
        and len(values) == 4
        and isinstance(values[0], str)
        and all(isinstance(v, int) and not isinstance(v, bool) for v in (values[1], values[3]))
        and isinstance(values[2], str)
    )
    return values if ok else None
