"""/ai/approvals: the approval queue for admins and curriculum leads."""

from __future__ import annotations

import reflex as rx

from ai_planner import routes
from ai_planner.components.forms import field_box
from ai_planner.components.ui import empty_state, error_callout, loading_panel, page_header
from ai_planner.pages import page
from ai_planner.state.approvals import ApprovalsState as S


def _request(request: rx.Var) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.heading(request["task"], " for ", request["requester"], size="3", as_="h2"),
                rx.text(request["when"], size="2", color_scheme="gray"),
                justify="between", width="100%", wrap="wrap",
            ),
            rx.text(rx.text("Asked: ", weight="bold", as_="span"), request["prompt"], size="2"),
            rx.cond(request["plan_href"], rx.link("Open the plan it is for",
                                                  href=request["plan_href"], size="2")),
            rx.el.details(
                rx.el.summary("What would be sent to the AI", style={"cursor": "pointer"}),
                rx.vstack(rx.foreach(request["messages"], lambda m: rx.box(
                    rx.text(m["role"], weight="bold", size="1"),
                    rx.text(m["content"], size="2", white_space="pre-wrap"),
                )), spacing="2", padding_top="var(--space-2)"),
            ),
            rx.hstack(
                rx.button(rx.icon("check", size=16), "Approve",
                          on_click=S.approve(request["id"]), data_testid="approve"),
                rx.button(rx.icon("x", size=16), "Reject", variant="soft", color_scheme="red",
                          high_contrast=True, on_click=S.open_reject(request["id"]),
                          data_testid="reject"),
                spacing="2",
            ),
            spacing="3", width="100%",
        ),
        width="100%", data_testid="approval-request",
    )


def _reject_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title("Reject this request?"),
            rx.dialog.description("The teacher sees your reason in their AI assist panel.",
                                  size="2", color_scheme="gray"),
            rx.vstack(
                error_callout(S.reject_errors["form"]),
                field_box("Reason", "reason", rx.text_area(
                    id="reject-reason", value=S.reason, on_change=S.set_reason,
                    placeholder="e.g. Please name the standard you are working on first.",
                    rows="3", width="100%"), S.reject_errors, control_id="reject-reason"),
                rx.hstack(
                    rx.dialog.close(rx.button("Cancel", variant="soft", color_scheme="gray")),
                    rx.button("Reject request", color_scheme="red", on_click=S.confirm_reject),
                    justify="end", spacing="3", width="100%",
                ),
                spacing="3", width="100%", padding_top="var(--space-3)",
            ),
            max_width="30rem",
        ),
        open=S.rejecting, on_open_change=S.set_reject_open,
    )


@page(routes.AI_APPROVALS, "Approvals", roles=("admin", "curriculum_lead"), on_load=S.load)
def approvals_page() -> rx.Component:
    empty = empty_state("check-check", "Nothing waits for approval",
                        "When a task type needs approval, teachers' requests appear here. "
                        "You approve them (the answer is generated for the teacher) or reject "
                        "them with a reason.")
    return rx.vstack(
        page_header("Approvals", subtitle="Requests that wait for an admin or curriculum lead."),
        error_callout(S.message),
        rx.cond(S.loaded, rx.cond(S.requests.length() > 0,
                                  rx.vstack(rx.foreach(S.requests, _request), spacing="3",
                                            width="100%"), empty), loading_panel()),
        _reject_dialog(),
        spacing="4", width="100%",
    )
