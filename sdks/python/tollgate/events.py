"""Event helpers: ids, timestamps and the common event types. Field names are the gateway's snake_case."""

from __future__ import annotations

import os
import time
from datetime import datetime, timezone
from typing import Any

Event = dict[str, Any]


def uuid7(now_ms: int | None = None) -> str:
    """A UUIDv7 (RFC 9562): 48-bit Unix milliseconds then random bits, so ids sort by creation time."""
    ms = int(time.time() * 1000) if now_ms is None else now_ms
    b = bytearray(ms.to_bytes(6, "big") + os.urandom(10))
    b[6] = 0x70 | (b[6] & 0x0F)
    b[8] = 0x80 | (b[8] & 0x3F)
    h = b.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def iso_now(now: float | None = None) -> str:
    """ISO 8601 in UTC with milliseconds, e.g. 2026-03-04T05:06:07.089Z."""
    t = datetime.fromtimestamp(time.time() if now is None else now, tz=timezone.utc)
    return t.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def complete_event(event: Event) -> Event:
    """A copy of the event with event_id and timestamp filled when absent (the gateway requires both)."""
    if not isinstance(event, dict) or not event.get("event_type"):
        raise ValueError("an event is a dict with an event_type")
    out = dict(event)
    out.setdefault("event_id", uuid7())
    out.setdefault("timestamp", iso_now())
    return out


def prompt_call(model: str, **fields: Any) -> Event:
    """A model call: prompt, response, tokens_input, tokens_output, cost_estimate_usd, latency_ms, ..."""
    return {**fields, "model": model, "event_type": "prompt_call"}


def tool_call(tool_name: str, **fields: Any) -> Event:
    """A tool invocation: tool_input, tool_output, latency_ms, run_id, ..."""
    return {**fields, "tool_name": tool_name, "event_type": "tool_call"}


def agent_step(**fields: Any) -> Event:
    """One step of an agent run; group steps with run_id."""
    return {**fields, "event_type": "agent_step"}


def error(err: BaseException | str, **fields: Any) -> Event:
    """A failure; an exception becomes error_message and its class name goes into metadata."""
    out: Event = {"status": "error", **fields, "event_type": "error"}
    out.setdefault("error_message", str(err) or type(err).__name__)
    if isinstance(err, BaseException):
        out["metadata"] = {"error_name": type(err).__name__, **(fields.get("metadata") or {})}
    return out
