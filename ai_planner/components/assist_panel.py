"""The AI assist panel (SPEC.md "The AI assist panel"): policy banner, task type, template,
prompt, Generate / Stop, the answer streaming in as Markdown (raw HTML off, only http(s)
links, no images), "Apply to Plan" with Undo, Copy, and the last answers for this plan.

Layout only: everything it does is an ``AssistState`` handler. The answer is model output,
so it is rendered with ``rehype-raw`` off: HTML in it shows as text and runs nothing.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from ai_planner.components.ui import error_callout, status_badge
from ai_planner.state.assist import AssistState as S

PLACEHOLDER = "Describe what you'd like the AI to help with..."


def _safe_link(*children: Any, href: Any = "", **props: Any) -> rx.Component:
    """Only http(s) links are links; anything else (javascript:, data:) stays text."""
    is_web = rx.Var.create(href).to(str).startswith("https://") | rx.Var.create(href).to(
        str).startswith("http://")
    return rx.cond(is_web, rx.link(*children, href=href, is_external=True, **props),
                   rx.text(*children, as_="span"))


def _no_image(*children: Any, alt: Any = "", **props: Any) -> rx.Component:
    """Images are not loaded (a model's answer must not make the browser fetch anything)."""
    return rx.text("[image: ", alt, "]", as_="span", color_scheme="gray")


def answer_markdown(text: rx.Var | str) -> rx.Component:
    return rx.markdown(text, use_raw=False, component_map={"a": _safe_link, "img": _no_image})


def _banner() -> rx.Component:
    chip = lambda task: rx.badge(  # noqa: E731
        task["label"], rx.cond(task["note"], rx.text(" · ", task["note"], as_="span")),
        color_scheme=rx.cond(task["usable"], "green", "gray"), variant="soft",
        high_contrast=True, opacity=rx.cond(task["usable"], "1", "0.75"),
    )
    return rx.vstack(
        rx.text("Available to you now", size="1", weight="bold", color_scheme="gray"),
        rx.flex(rx.foreach(S.tasks, chip), wrap="wrap", gap="var(--space-1)"),
        spacing="1", width="100%", data_testid="assist-banner",
    )


def _select(label: str, control_id: str, value: rx.Var, on_change: Any, items: rx.Component,
            placeholder: str = "") -> rx.Component:
    return rx.vstack(
        rx.el.label(label, html_for=control_id, style={"font_size": "13px", "font_weight": "600"}),
        rx.select.root(
            rx.select.trigger(id=control_id, placeholder=placeholder, width="100%"),
            rx.select.content(items),
            value=value, on_change=on_change, size="2",
        ),
        spacing="1", width="100%",
    )


def _form() -> rx.Component:
    task_items = rx.foreach(S.tasks, lambda t: rx.select.item(
        t["label"], value=t["task_type"], disabled=~t["usable"]))
    template_items = rx.fragment(
        rx.select.item("No template (the default instructions)", value="none"),
        rx.foreach(S.templates, lambda t: rx.select.item(t["label"], value=t["value"])),
    )
    return rx.vstack(
        _select("Task type", "assist-task", S.task_type, S.choose_task, task_items),
        _select("Template", "assist-template", rx.cond(S.template_id, S.template_id, "none"),
                S.choose_template, template_items),
        rx.vstack(
            rx.el.label("What do you need?", html_for="assist-prompt",
                        style={"font_size": "13px", "font_weight": "600"}),
            rx.text_area(id="assist-prompt", value=S.prompt, on_change=S.set_prompt,
                         placeholder=PLACEHOLDER, rows="4", width="100%", resize="vertical",
                         debounce_timeout=200),
            spacing="1", width="100%",
        ),
        rx.hstack(
            rx.button(rx.icon("sparkles", size=16), "Generate", on_click=S.generate,
                      loading=S.busy, disabled=~S.selected_usable | (S.prompt.length() == 0),
                      data_testid="assist-generate"),
            rx.cond(S.busy, rx.button(rx.icon("square", size=14), "Stop", on_click=S.stop,
                                      color_scheme="red", variant="soft", high_contrast=True,
                                      data_testid="assist-stop")),
            spacing="2",
        ),
        spacing="3", width="100%",
    )


def _apply_bar() -> rx.Component:
    return rx.vstack(
        rx.hstack(
            _select("Apply to", "assist-apply-field", S.apply_field, S.choose_apply_field,
                    rx.foreach(S.fields, lambda f: rx.select.item(f["label"],
                                                                  value=f["value"]))),
            _select("How", "assist-apply-mode", S.apply_mode, S.choose_apply_mode,
                    rx.fragment(rx.select.item("Add after the text", value="append"),
                                rx.select.item("Replace the text", value="replace"))),
            spacing="2", width="100%",
        ),
        rx.hstack(
            rx.button(rx.icon("file-input", size=16), "Apply to Plan", on_click=S.apply_to_plan,
                      data_testid="assist-apply"),
            rx.cond(S.can_undo, rx.button("Undo", variant="soft", on_click=S.undo_apply,
                                          data_testid="assist-undo")),
            rx.button(rx.icon("copy", size=16), "Copy", variant="soft", color_scheme="gray",
                      on_click=S.copy_answer),
            spacing="2", wrap="wrap",
        ),
        spacing="2", width="100%",
    )


def _answer() -> rx.Component:
    waiting = rx.callout(
        "Waiting for approval: an admin or curriculum lead will look at your request. You "
        "can leave this page; the answer will appear in the list below.",
        icon="hourglass", color_scheme="amber", role="status", data_testid="assist-waiting")
    body = rx.box(answer_markdown(S.answer), width="100%", max_height="28rem",
                  overflow_y="auto", padding="var(--space-3)",
                  border=f"1px solid {rx.color('gray', 5)}", border_radius="var(--radius-3)",
                  data_testid="assist-answer", aria_live="polite", role="region",
                  aria_label="The AI's answer", tab_index=0)  # scrollable: keyboard-reachable
    return rx.vstack(
        rx.cond(S.phase == "starting",
                rx.hstack(rx.spinner(size="2"), rx.text("Asking the AI…", size="2"),
                          role="status")),
        rx.cond(S.phase == "waiting", waiting),
        rx.cond(S.error_title, rx.text(S.error_title, weight="bold", size="2",
                                       color=rx.color("red", 11))),
        error_callout(S.message),
        rx.cond(S.answer != "", rx.vstack(body, rx.cond(~S.busy, _apply_bar()),
                                          spacing="3", width="100%")),
        spacing="3", width="100%",
    )


def _history() -> rx.Component:
    item = lambda p: rx.hstack(  # noqa: E731
        rx.button(p["label"], variant="ghost", size="1", on_click=S.show_past(p["id"]),
                  title=p["prompt"]),
        rx.cond(p["awaiting"], rx.badge("waiting", color_scheme="amber", variant="soft",
                                        high_contrast=True),
                status_badge(p["status"])),
        rx.cond(p["awaiting"], rx.button("Withdraw", size="1", variant="ghost",
                                         color_scheme="gray", on_click=S.withdraw(p["id"]))),
        spacing="2", align="center", wrap="wrap",
    )
    return rx.cond(
        S.history.length() > 0,
        rx.vstack(rx.text("Your last answers here", size="1", weight="bold",
                          color_scheme="gray"),
                  rx.vstack(rx.foreach(S.history, item), spacing="1"),
                  spacing="1", width="100%", data_testid="assist-history"),
    )


def assist_panel(on_close: Any) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.hstack(rx.icon("sparkles", size=18), rx.heading("AI assist", size="4",
                                                                   as_="h2"),
                          spacing="2", align="center"),
                rx.icon_button(rx.icon("x", size=16), variant="ghost", color_scheme="gray",
                               on_click=on_close, aria_label="Close AI assist"),
                justify="between", align="center", width="100%",
            ),
            _banner(), rx.separator(), _form(), _answer(), _history(),
            spacing="3", width="100%",
        ),
        width="100%", data_testid="assist-panel", on_mount=S.open_panel,
    )
