"""States of the audit log ("AI activity"): the list and one generation's detail."""

from ai_planner.state.ai_activity.detail import InvocationDetailState
from ai_planner.state.ai_activity.log import InvocationLogState

__all__ = ["InvocationDetailState", "InvocationLogState"]
