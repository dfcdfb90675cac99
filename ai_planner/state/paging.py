"""The keyset pager of every paged list page (units, AI activity): where "Next" and
"Previous" go, the "Showing 51 to 100 of ..." line, and the link for a changed question.

The question lives in the URL (``query.url_params(**changes)``), so a reload or a shared
link shows the same page.
"""

from __future__ import annotations

from typing import Any, Protocol

from ai_planner import routes


class ListQuery(Protocol):
    def url_params(self, **changes: Any) -> dict[str, str]: ...


def showing(first_number: int, shown: int, of: str) -> str:
    """"Showing 51 to 100 of 22,004 units" ("" for an empty page)."""
    return f"Showing {first_number:,} to {first_number + shown - 1:,} of {of}" if shown else ""


def page_links(route: str, query: ListQuery, *, next_cursor: str, previous_cursor: str
               ) -> tuple[str, str]:
    """(next href, previous href) of this page; "" where there is no such page."""
    following = (routes.with_query(route, query.url_params(after=next_cursor, before=""))
                 if next_cursor else "")
    preceding = (routes.with_query(route, query.url_params(before=previous_cursor, after=""))
                 if previous_cursor else "")
    return following, preceding


def changed_question_href(route: str, query: ListQuery, changes: dict[str, Any]) -> str:
    """The list with the question changed; a new question starts at page 1 (unless the
    change is itself a page cursor)."""
    if not {"after", "before"} & changes.keys():
        changes = {**changes, "after": "", "before": ""}
    return routes.with_query(route, query.url_params(**changes))
