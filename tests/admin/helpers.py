"""Helpers of the admin state tests: a signed-in tab, handlers run to the end (generators
included), and the database read afresh."""

from __future__ import annotations

import asyncio
import inspect
import json
from typing import Any

import reflex as rx
from sqlmodel import Session, select

from ai_planner.db import get_engine, session_scope
from ai_planner.models import AuditLog
from ai_planner.services import auth
from tests.factories import PASSWORD
from tests.state.conftest import StateTree


def signed_in(email: str, path: str = "/admin/ai") -> StateTree:
    tree = StateTree()
    tree.visit(path)
    with session_scope() as db:
        tree.set_cookie(auth.sign_in(db, email=email, password=PASSWORD).token)
    return tree


def call(handler: Any, state: rx.State, *args: Any) -> list[Any]:
    """Run an event handler as the websocket would: every yield of a generator, to the end."""
    result = handler.fn(state, *args)
    if inspect.isasyncgen(result):
        async def drain() -> list[Any]:
            return [item async for item in result]
        return asyncio.run(drain())
    if inspect.iscoroutine(result):
        return [asyncio.run(result)]
    if inspect.isgenerator(result):
        return list(result)
    return [result]


def fresh(model: type, row_id: int) -> Any:
    with Session(get_engine()) as db:
        return db.get(model, row_id)


def audit_rows(tenant_id: int) -> list[AuditLog]:
    with Session(get_engine()) as db:
        query = select(AuditLog).where(AuditLog.tenant_id == tenant_id).order_by(AuditLog.id)
        return list(db.exec(query).all())


def state_json(state: rx.State) -> str:
    """Everything the state holds (public and backend vars) as text, to search for leaks."""
    return json.dumps(state.dict(), default=str)
