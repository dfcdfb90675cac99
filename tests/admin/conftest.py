"""Fixtures of the admin AI settings tests: the fake provider (``gateway_on_fake``), signed-in
state trees and the StateTree helpers of tests/state."""

from __future__ import annotations

from tests.fakes.fixtures import (  # noqa: F401
    fake_provider,
    fake_provider_session,
    gateway_on_fake,
)
from tests.state.conftest import _fresh_throttle, new_tree, tree  # noqa: F401
