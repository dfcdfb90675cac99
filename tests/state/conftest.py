"""Reflex state tests without a browser: build the app's real state tree and call handlers
the way a crafted websocket message would (any handler, any arguments)."""

from __future__ import annotations

# Not importing ai_planner.ai_planner here: one rx.App per process (tests/gateway makes its
# own). Every state module is imported now, so every tree built below has every substate
# (sign-out resets them all, and leaving a page resets the other pages' states).
import importlib
import pkgutil
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import pytest
import reflex as rx
from reflex.istate.data import RouterData

import ai_planner.state
from ai_planner.services import auth
from ai_planner.state.base import SessionState

for _module in pkgutil.walk_packages(ai_planner.state.__path__, prefix="ai_planner.state."):
    importlib.import_module(_module.name)

S = TypeVar("S", bound=rx.State)


class StateTree:
    """One browser tab's state tree; ``get(cls)`` returns the instance of a substate."""

    def __init__(self) -> None:
        self.root = rx.State(_reflex_internal_init=True)  # type: ignore[call-arg]
        self.visit("/plan")

    def get(self, cls: type[S]) -> S:
        return self.root.get_substate(cls.get_full_name().split("."))  # type: ignore[return-value]

    def visit(self, path: str, query: dict[str, str] | None = None) -> None:
        """Set the router as the browser reports it for ``path`` (e.g. '/plan/?x=1')."""
        self.root.router = RouterData.from_router_data({
            "pathname": path.split("?", 1)[0],
            "asPath": path,
            "query": query or {},
            "headers": {"origin": "http://localhost:3000"},
        })

    @property
    def session(self) -> SessionState:
        return self.get(SessionState)

    def set_cookie(self, token: str) -> None:
        """What the browser can do: send any cookie value."""
        self.session.session_token = token


@pytest.fixture
def tree() -> StateTree:
    return StateTree()


@pytest.fixture
def new_tree() -> Callable[[], StateTree]:
    return StateTree


@pytest.fixture(autouse=True)
def _fresh_throttle() -> Iterator[None]:
    auth.get_throttle().reset()
    yield
    auth.get_throttle().reset()


def redirect_target(result: Any) -> str | None:
    """The path of an rx.redirect returned by a handler (None when it is not one)."""
    specs = result if isinstance(result, list) else [result]
    for spec in specs:
        if spec is None or not hasattr(spec, "args"):
            continue
        args = {name._js_expr: value for name, value in spec.args}
        if "path" in args:
            return args["path"]._var_value
    return None


def run(result: Any) -> Any:
    """The value of a handler's result: awaited when the handler is async (in a thread of
    its own when the calling test already runs an event loop)."""
    import asyncio
    import contextvars
    import inspect
    from concurrent.futures import ThreadPoolExecutor

    if not inspect.isawaitable(result):
        return result
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(result)  # type: ignore[arg-type]
    with ThreadPoolExecutor(max_workers=1) as pool:
        context = contextvars.copy_context()  # Reflex's registry lives in a context var
        return pool.submit(context.run, asyncio.run, result).result()  # type: ignore[arg-type]
