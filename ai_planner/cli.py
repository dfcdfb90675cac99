"""The ``ai-planner`` console script: operator commands.

Expected failures (bad settings, bad input, unreadable secrets) print one clear line on
stderr and exit with code 1, never a traceback.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager

import typer
from sqlalchemy.exc import IntegrityError, OperationalError, ProgrammingError

from ai_planner.errors import AppError
from ai_planner.settings import SettingsError, get_settings

app = typer.Typer(
    name="ai-planner",
    help="Operator commands for ai_planner.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

PASSWORD_ENV = "AI_PLANNER_PASSWORD"


def fail(message: str) -> typer.Exit:
    typer.echo(f"Error: {message}", err=True)
    return typer.Exit(code=1)


@contextmanager
def expected_errors() -> Iterator[None]:
    """Turn the errors an operator can fix into one line and exit code 1."""
    try:
        yield
    except SettingsError as exc:
        raise fail(str(exc)) from None
    except AppError as exc:
        raise fail(exc.message) from None
    except IntegrityError as exc:
        # e.g. two seed-demo runs at once: the loser changes nothing and can simply rerun.
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else "constraint violated"
        raise fail(f"nothing was saved, a row conflicts with existing data ({reason}).") from None
    except (OperationalError, ProgrammingError) as exc:
        # Unreachable server, wrong DATABASE_URL, or tables not created yet.
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else type(exc).__name__
        raise fail(
            f"database error: {reason}. Check DATABASE_URL and run `alembic upgrade head`."
        ) from None


@app.callback()
def main() -> None:
    """Validate the settings before any command runs."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(message)s")
    with expected_errors():
        get_settings()


@app.command("seed-demo")
def seed_demo_command(
    scale: int = typer.Option(0, "--scale", min=0, max=500_000, help=(
        "Also add this many realistic units (three lessons each) to each demo tenant, to "
        "try the planner at district scale. Every run adds them again.")),
) -> None:
    """Load the demo tenants, users, plans and AI settings (idempotent)."""
    from ai_planner.db import session_scope
    from ai_planner.services.demo_scale import seed_scale
    from ai_planner.services.demo_seed import seed_demo

    if get_settings().is_production:
        raise fail("seed-demo does not run in production: it creates demo accounts whose "
                   "password is public. Create real users with `ai-planner create-user`.")
    with expected_errors(), session_scope() as session:
        report = seed_demo(session)
        scaled = seed_scale(session, units=scale) if scale else None
    for line in report.lines():
        typer.echo(line)
    if scaled is not None:
        typer.echo(scaled.line())
    typer.echo(
        f"Demo data ready ({report.total_created} row(s) created). "
        "Sign in as admin@maple.test / planner-demo."
    )


def _read_password() -> str:
    from_env = os.environ.get(PASSWORD_ENV)
    if from_env is not None:
        return from_env
    password: str = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    return password


@app.command("create-user")
def create_user_command(
    tenant: str = typer.Option(..., "--tenant", help="Slug of the tenant, e.g. maple."),
    email: str = typer.Option(..., "--email", help="The user's email (sign-in name)."),
    role: str = typer.Option(..., "--role", help="admin, curriculum_lead or teacher."),
    name: str = typer.Option(..., "--name", help="Full name shown in the app."),
) -> None:
    """Create a user. The password comes from AI_PLANNER_PASSWORD or a hidden prompt."""
    from ai_planner.db import session_scope
    from ai_planner.services.accounts_admin import check_new_user, create_user

    with expected_errors(), session_scope() as session:
        check_new_user(session, tenant_slug=tenant, email=email, role=role, name=name)
    password = _read_password()
    with expected_errors(), session_scope() as session:
        user = create_user(
            session, tenant_slug=tenant, email=email, role=role, name=name, password=password
        )
        summary = f"Created {user.role} {user.email} (id {user.id}) in tenant '{tenant}'."
    typer.echo(summary)


@app.command("create-tenant")
def create_tenant_command(
    slug: str = typer.Option(..., "--slug", help="Short id, e.g. maple."),
    name: str = typer.Option(..., "--name", help="Display name of the school or district."),
) -> None:
    """Create a tenant (then add its first admin with create-user)."""
    from ai_planner.db import session_scope
    from ai_planner.services.accounts_admin import create_tenant

    with expected_errors(), session_scope() as session:
        tenant = create_tenant(session, slug=slug, name=name)
        summary = f"Created tenant '{tenant.slug}' ({tenant.name}, id {tenant.id})."
    typer.echo(summary)


@app.command("rotate-key")
def rotate_key_command() -> None:
    """Re-encrypt every stored secret with the first key of AI_PLANNER_ENCRYPTION_KEYS."""
    from ai_planner.db import session_scope
    from ai_planner.services.key_rotation import rotate_secrets

    with expected_errors(), session_scope() as session:
        report = rotate_secrets(session)
    typer.echo(report.summary())


@app.command("gateway")
def gateway_command(
    host: str = typer.Option("127.0.0.1", "--host", help="Interface to listen on."),
    port: int = typer.Option(8100, "--port", min=1, max=65535, help="TCP port."),
) -> None:
    """Serve the AI gateway on its own."""
    try:
        from ai_planner.gateway.server import serve
    except ImportError as exc:
        raise fail(f"The gateway module is not available: {exc}") from None
    with expected_errors():
        serve(host, port)


if __name__ == "__main__":  # pragma: no cover
    app()
