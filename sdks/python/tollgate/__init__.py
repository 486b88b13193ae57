"""Tollgate SDK: send prompt, tool, agent and error events to a Tollgate gateway and query its metrics.
Standard library only (urllib)."""

from .client import BatchResult, DeliveryFailure, FailedItem, Tollgate
from .events import agent_step, error, prompt_call, tool_call, uuid7
from .transport import TollgateError

__all__ = ["Tollgate", "TollgateError", "BatchResult", "DeliveryFailure", "FailedItem", "prompt_call", "tool_call", "agent_step", "error", "uuid7"]
__version__ = "0.1.0"
