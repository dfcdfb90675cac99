"""/ai/invocations ("AI activity", the audit log of generations) and one generation's
detail, for every signed-in role: teachers and curriculum leads see their own, admins the
whole school's (the services scope every query; the pages only lay out)."""

from __future__ import annotations

import reflex as rx

from ai_planner import routes
from ai_planner.components.ai_activity import (
    activity_table,
    detail_card,
    detail_error,
    filter_bar,
)
from ai_planner.components.ui import (
    empty_state,
    error_callout,
    loading_panel,
    page_for_status,
    page_header,
    pager,
)
from ai_planner.pages import page
from ai_planner.state.ai_activity import InvocationDetailState as D
from ai_planner.state.ai_activity import InvocationLogState as S


def _nothing_yet() -> rx.Component:
    return empty_state(
        "sparkles",
        "No AI activity yet",
        "Ask the AI assistant from a unit or lesson: open one in the Planner and use the AI "
        "assist panel beside it. Every generation is listed here, with its status, tokens "
        "and timing.",
        rx.link(rx.button("Open the Planner", variant="soft", tab_index=-1), href=routes.PLAN),
    )


def _no_match() -> rx.Component:
    return empty_state(
        "search-x",
        "No generations match",
        "Try another task type, status or date range, or clear the filters.",
        rx.button("Clear filters", variant="soft", on_click=S.clear_filters),
    )


def _activity() -> rx.Component:
    return rx.cond(
        S.total > 0,
        rx.vstack(
            activity_table(),
            pager(S.range_label, S.previous_href, S.next_href, "Pages of AI activity"),
            spacing="4",
            width="100%",
        ),
        rx.cond(S.filtered, _no_match(), _nothing_yet()),
    )


@page(routes.AI_INVOCATIONS, "AI activity", on_load=S.load)
def ai_activity_page() -> rx.Component:
    return rx.vstack(
        page_header(
            "AI activity",
            subtitle=rx.cond(
                S.is_admin,
                "Every generation in your school, newest first.",
                "Your generations with the AI assistant, newest first.",
            ),
        ),
        filter_bar(),
        rx.text(S.range_label, size="2", color_scheme="gray", aria_live="polite"),
        error_callout(S.message),
        rx.cond(S.loaded, _activity(), loading_panel()),
        spacing="5",
        width="100%",
    )


@page(routes.AI_INVOCATION, "AI activity", on_load=D.load)
def generation_page() -> rx.Component:
    return rx.vstack(
        rx.link(rx.hstack(rx.icon("arrow-left", size=16), rx.text("Back to AI activity"),
                       spacing="1", align="center"),
             href=D.back_href, data_testid="back-to-activity"),
        error_callout(D.message),
        page_for_status(D.page_status, rx.vstack(
            page_header("Generation details",
                        subtitle=D.detail["task"] + " · " + D.detail["created"]),
            detail_error(),
            detail_card(),
            spacing="4",
            width="100%",
        )),
        spacing="4",
        width="100%",
    )
