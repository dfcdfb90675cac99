"""The app shell: sidebar + header around every signed-in page.

``app_shell(*children, title=...)``: the sidebar (brand, tenant, navigation, and for admins
"Admin → AI Settings"), a header with the page title, the user's name and role and
"Sign out", then the page content. From tablet width (768 px) up the sidebar is visible;
below it the navigation moves into a menu in the header.

Hiding "AI Settings" from non-admins is presentation only: /admin/ai checks the role on the
server (``protected_page(..., roles=...)`` and the admin states' own handlers).
The AI assist panel is a right-hand column inside the planner pages' content
(``components/planner/assist.py``), so the shell stays the same on every page.
"""

from __future__ import annotations

import reflex as rx

from ai_planner import routes
from ai_planner.components.ui import brand_mark, role_badge
from ai_planner.state.base import SessionState

# Narrower at tablet width (768-1023 px) so the page keeps room for its content.
SIDEBAR_WIDTHS = ["0", "0", "208px", "240px"]
BRAND = "AI Planner"


def _is_active(prefix: str) -> rx.Var:
    return SessionState.router.url.path.startswith(prefix)


def _nav_link(label: str, icon: str, href: str, *, indent: bool = False) -> rx.Component:
    active = _is_active(href)
    return rx.link(
        rx.hstack(
            rx.icon(icon, size=18),
            rx.text(label, size="3", weight=rx.cond(active, "bold", "medium")),
            spacing="3",
            align="center",
            padding_x="0.75rem",
            padding_y="0.5rem",
            padding_left="2.25rem" if indent else None,
            border_radius="var(--radius-3)",
            width="100%",
            background_color=rx.cond(active, rx.color("accent", 4), "transparent"),
            color=rx.cond(active, rx.color("accent", 12), rx.color("gray", 12)),
            _hover={"background_color": rx.color("accent", 3)},
        ),
        href=href,
        underline="none",
        width="100%",
        aria_current=rx.cond(active, "page", "false"),
    )


def _admin_section() -> rx.Component:
    return rx.cond(
        SessionState.is_admin,
        rx.vstack(
            rx.text("Admin", size="1", weight="bold", color_scheme="gray",
                    text_transform="uppercase", letter_spacing="0.06em", padding_x="0.75rem",
                    padding_top="1rem"),
            _nav_link("AI Settings", "sparkles", routes.ADMIN_AI),
            spacing="1",
            width="100%",
            data_testid="nav-admin",
        ),
    )


def _approvals_link() -> rx.Component:
    """Admins and curriculum leads: the approval queue, with how many requests wait."""
    return rx.cond(
        SessionState.decides_approvals,
        rx.box(
            _nav_link("Approvals", "hourglass", routes.AI_APPROVALS),
            rx.cond(SessionState.approvals_waiting > 0, rx.badge(
                SessionState.approvals_waiting, color_scheme="amber", variant="solid",
                radius="full", position="absolute", right="0.75rem", top="0.45rem",
                aria_label=SessionState.approvals_waiting.to(str) + " requests wait",
                data_testid="approvals-badge")),
            position="relative", width="100%",
        ),
    )


def _lead_section() -> rx.Component:
    """Curriculum leads read the school's prompt templates (admins reach them in AI Settings)."""
    return rx.cond(
        SessionState.user_role == "curriculum_lead",
        _nav_link("Prompt templates", "file-text", routes.ADMIN_AI_TEMPLATES),
    )


def _nav_items() -> rx.Component:
    return rx.vstack(
        _nav_link("Planner", "notebook-pen", routes.PLAN),
        _nav_link("AI activity", "history", routes.AI_INVOCATIONS),
        _approvals_link(),
        _lead_section(),
        _admin_section(),
        spacing="1",
        width="100%",
    )


def _brand() -> rx.Component:
    return rx.hstack(
        brand_mark(icon_size=20, box="36px"),
        rx.vstack(
            rx.text(BRAND, weight="bold", size="3"),
            rx.text(SessionState.tenant_name, size="1", color_scheme="gray",
                    data_testid="tenant-name"),
            spacing="0",
            align="start",
        ),
        spacing="3",
        align="center",
    )


def _user_card() -> rx.Component:
    return rx.hstack(
        rx.avatar(fallback=SessionState.user_initials, size="2", radius="full"),
        rx.vstack(
            rx.text(SessionState.user_name, size="2", weight="medium"),
            rx.text(SessionState.user_email, size="1", color_scheme="gray"),
            spacing="0",
            align="start",
            min_width="0",
        ),
        spacing="3",
        align="center",
        width="100%",
    )


def sidebar() -> rx.Component:
    # The outer box stretches to the page's height (background and border); the inner
    # column sticks to the viewport so navigation stays in reach while the page scrolls.
    return rx.box(
        rx.vstack(
            _brand(),
            rx.separator(),
            rx.el.nav(_nav_items(), aria_label="Main", style={"width": "100%"}),
            rx.spacer(),
            rx.separator(),
            _user_card(),
            spacing="4",
            height="100vh",
            padding="1rem",
            position="sticky",
            top="0",
        ),
        display=["none", "none", "block"],
        width=SIDEBAR_WIDTHS,
        min_width=SIDEBAR_WIDTHS,
        flex_shrink="0",
        border_right=f"1px solid {rx.color('gray', 5)}",
        background_color=rx.color("gray", 2),
        data_testid="sidebar",
    )


def _mobile_menu() -> rx.Component:
    """Navigation for narrow screens (below tablet width), where the sidebar is hidden."""
    return rx.box(
        rx.menu.root(
            rx.menu.trigger(
                rx.icon_button(rx.icon("menu", size=18), variant="ghost",
                               aria_label="Open navigation"),
            ),
            rx.menu.content(
                rx.menu.item("Planner", on_select=rx.redirect(routes.PLAN)),
                rx.menu.item("AI activity", on_select=rx.redirect(routes.AI_INVOCATIONS)),
                rx.cond(
                    SessionState.user_role == "curriculum_lead",
                    rx.menu.item("Prompt templates",
                                 on_select=rx.redirect(routes.ADMIN_AI_TEMPLATES)),
                ),
                rx.cond(
                    SessionState.is_admin,
                    rx.fragment(
                        rx.menu.separator(),
                        rx.menu.item("Admin → AI Settings",
                                     on_select=rx.redirect(routes.ADMIN_AI)),
                    ),
                ),
            ),
        ),
        display=["block", "block", "none"],
    )


def header(title: str) -> rx.Component:
    return rx.flex(
        rx.hstack(
            _mobile_menu(),
            rx.text(title, size="4", weight="bold", data_testid="page-title"),
            spacing="3",
            align="center",
            min_width="0",
        ),
        rx.hstack(
            rx.vstack(
                rx.text(SessionState.user_name, size="2", weight="medium",
                        data_testid="user-name"),
                rx.hstack(
                    rx.text(SessionState.tenant_name, size="1", color_scheme="gray"),
                    role_badge(SessionState.role_label),
                    spacing="2",
                    align="center",
                ),
                spacing="0",
                align="end",
                display=["none", "flex"],
            ),
            rx.button(
                rx.icon("log-out", size=16),
                "Sign out",
                on_click=SessionState.sign_out,
                variant="soft",
                color_scheme="gray",
            ),
            spacing="4",
            align="center",
        ),
        justify="between",
        align="center",
        gap="var(--space-4)",
        padding_x=["1rem", "1rem", "2rem"],
        padding_y="0.75rem",
        border_bottom=f"1px solid {rx.color('gray', 5)}",
        background_color=rx.color("gray", 1),
        position="sticky",
        top="0",
        z_index="10",
        width="100%",
        as_="header",
    )


def app_shell(*children: rx.Component, title: str) -> rx.Component:
    """Sidebar + header around ``children``; use on every signed-in page."""
    return rx.flex(
        sidebar(),
        rx.flex(
            header(title),
            rx.box(
                *children,
                as_="main",
                padding_x=["1rem", "1.5rem", "2rem"],
                padding_y="1.5rem",
                width="100%",
                max_width="1440px"  # room for the plan plus the assist panel,
            ),
            direction="column",
            flex="1",
            min_width="0",
        ),
        width="100%",
        min_height="100vh",
        background_color=rx.color("gray", 1),
    )
