"""Operator use cases behind ``ai-planner create-user`` and ``create-tenant``.

These run with operator authority (whoever can run the CLI on the server), so they take a
tenant slug rather than an acting user. Request handlers never call them.
"""

from __future__ import annotations

from sqlmodel import Session

from ai_planner.actor import ROLES
from ai_planner.errors import ValidationFailed
from ai_planner.models import Tenant, User
from ai_planner.models.tenancy import EMAIL_RE, SLUG_RE
from ai_planner.repositories import bootstrap
from ai_planner.services.passwords import hash_password, validate_new_password


def create_tenant(session: Session, *, slug: str, name: str) -> Tenant:
    """Create a tenant; the slug must be new. The caller commits."""
    slug = slug.strip().lower()
    name = name.strip()
    if not SLUG_RE.match(slug):
        raise ValidationFailed(
            "slug", "Slug must be lower-case letters, digits and dashes (e.g. 'maple')."
        )
    if not name:
        raise ValidationFailed("name", "Name can't be blank.")
    if bootstrap.tenant_by_slug(session, slug) is not None:
        raise ValidationFailed("slug", f"A tenant with slug '{slug}' already exists.")
    tenant = Tenant(slug=slug, name=name)
    session.add(tenant)
    session.flush()
    return tenant


def check_new_user(
    session: Session, *, tenant_slug: str, email: str, role: str, name: str
) -> Tenant:
    """Everything about a new user but the password; returns the tenant.

    The CLI calls this before asking for a password, so a typo fails before any typing.
    """
    tenant = bootstrap.tenant_by_slug(session, tenant_slug.strip().lower())
    if tenant is None or tenant.id is None:
        raise ValidationFailed("tenant", f"No tenant has the slug '{tenant_slug}'.")
    email = email.strip().lower()
    if not EMAIL_RE.match(email):
        raise ValidationFailed("email", f"'{email}' is not an email address (name@school.org).")
    if role not in ROLES:
        raise ValidationFailed("role", f"Role must be one of: {', '.join(ROLES)} (got '{role}').")
    if not name.strip():
        raise ValidationFailed("name", "Name can't be blank.")
    if bootstrap.user_by_tenant_and_email(session, tenant_id=tenant.id, email=email):
        raise ValidationFailed(
            "email", f"A user with the email '{email}' already exists in '{tenant.slug}'."
        )
    return tenant


def create_user(
    session: Session, *, tenant_slug: str, email: str, role: str, name: str, password: str
) -> User:
    """Create an active user in the tenant named by its slug. The caller commits.

    Raises ValidationFailed with a message that says what to fix; the password is never part
    of a message.
    """
    tenant = check_new_user(session, tenant_slug=tenant_slug, email=email, role=role, name=name)
    problem = validate_new_password(password)
    if problem:
        raise ValidationFailed("password", problem)
    user = User(
        tenant_id=tenant.id,
        email=email.strip().lower(),
        name=name.strip(),
        role=role,
        password_hash=hash_password(password),
        active=True,
    )
    session.add(user)
    session.flush()
    return user
