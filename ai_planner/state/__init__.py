"""Reflex state classes: thin. Resolve the actor (``SessionState._require_actor``), check the
policy, call a service or repository, turn typed errors into messages."""

from ai_planner.state.base import SessionState

__all__ = ["SessionState"]
