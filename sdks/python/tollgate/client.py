"""The Tollgate client: buffered event logging with a background flush thread, and metrics queries."""

from __future__ import annotations

import atexit
import re
import threading
import time
import urllib.parse
from collections import deque
from dataclasses import dataclass, field
from typing import Any, Callable, Literal

from .events import Event, complete_event
from .transport import Http, RetryPolicy, TollgateError


@dataclass
class FailedItem:
    event: Event
    reason: str
    field: str | None = None


@dataclass
class DeliveryFailure:
    """What on_error receives. kind: "rejected" (the gateway refused them; never retried), "failed" (retries
    spent or a non-retryable status such as 401) or "dropped" (queue full, or logged after close)."""

    kind: Literal["rejected", "failed", "dropped"]
    message: str
    items: list[FailedItem]
    status: int | None = None
    cause: BaseException | None = None


@dataclass
class BatchResult:
    accepted: int
    duplicates: int
    rejected: list[dict[str, Any]] = field(default_factory=list)
    """[{index, event_id, reason, field}] with field stripped of its events[i]. prefix."""
    raw: Any = None


def parse_batch(body: Any, sent: int) -> BatchResult:
    """The gateway's batch answer: {accepted, duplicates, rejected} counts, and on 207 errors: [{index,
    event_id, param: "events[3].tokens_input", message}]."""
    b = body if isinstance(body, dict) else {}
    items = b.get("errors") if isinstance(b.get("errors"), list) else b.get("rejected") if isinstance(b.get("rejected"), list) else []
    rejected = []
    for r in (x for x in items if isinstance(x, dict)):
        param = r.get("param") or r.get("field")
        field_ = re.sub(r"^events\[\d+\]\.?", "", param) if isinstance(param, str) else ""
        rejected.append({
            "index": r.get("index", -1),
            "event_id": r.get("event_id"),
            "reason": r.get("message") or r.get("reason") or "rejected",
            "field": field_ or None,
        })
    accepted = b.get("accepted") if isinstance(b.get("accepted"), int) else max(0, sent - len(rejected))
    duplicates = b.get("duplicates") if isinstance(b.get("duplicates"), int) else 0
    return BatchResult(accepted, duplicates, rejected, body)


def _has_items(body: Any) -> bool:
    return isinstance(body, dict) and (isinstance(body.get("errors"), list) or isinstance(body.get("rejected"), list))


class Tollgate:
    """Thread-safe. log() buffers (never raises, never blocks on the network); a daemon thread sends batches
    every flush_interval seconds or when max_batch events wait; flush()/close() send what is left, and so does
    an atexit hook. log_event(), log_batch(), metrics() and analytics() are blocking and raise TollgateError."""

    def __init__(
        self,
        api_key: str,
        base_url: str = "http://127.0.0.1:8080",
        project_id: str | None = None,
        *,
        flush_interval: float = 5.0,
        max_batch: int = 100,
        max_queue: int = 10_000,
        max_retries: int = 3,
        retry_base: float = 0.25,
        retry_max: float = 10.0,
        max_retry_after: float = 60.0,
        timeout: float = 10.0,
        on_error: Callable[[DeliveryFailure], None] | None = None,
        flush_at_exit: bool = True,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if not api_key:
            raise TollgateError("api_key is required")
        origin = re.sub(r"/v1$", "", base_url.rstrip("/"))
        self._http = Http(origin, api_key, timeout, RetryPolicy(max_retries, retry_base, retry_max, max_retry_after), sleep)
        self.project_id = project_id
        self._flush_interval = flush_interval if flush_interval > 0 else None
        self._max_batch = max(1, max_batch)
        self._max_queue = max(1, max_queue)
        self._on_error = on_error
        self._queue: deque[Event] = deque()
        self._lock = threading.Lock()  # guards _queue and _stats
        self._send_lock = threading.RLock()  # one sender at a time (re-entrant: on_error may call flush/close)
        self._wake = threading.Event()
        self._closed = False
        self._thread: threading.Thread | None = None
        self._stats = {"sent": 0, "rejected": 0, "failed": 0, "dropped": 0}
        self._at_exit = flush_at_exit
        if flush_at_exit:
            atexit.register(self.close)

    # -- buffered -----------------------------------------------------------------------------------------

    def log(self, event: Event) -> Event:
        """Buffers an event, filling event_id (UUIDv7) and timestamp when absent; returns it as queued."""
        full = complete_event(event)
        dropped: list[Event] = []
        with self._lock:
            if self._closed:
                dropped, reason = [full], "client is closed"
            else:
                self._queue.append(full)
                while len(self._queue) > self._max_queue:
                    dropped.append(self._queue.popleft())
                reason = "queue full: oldest events dropped"
                if len(self._queue) >= self._max_batch:
                    self._wake.set()
            self._stats["dropped"] += len(dropped)
        if dropped:
            self._report(DeliveryFailure("dropped", reason, [FailedItem(e, reason) for e in dropped]))
        elif self._thread is None:
            self._start_thread()
        return full

    def flush(self) -> None:
        """Sends everything buffered when called, in this thread. Never raises: failures go to on_error."""
        with self._send_lock:
            with self._lock:
                budget = len(self._queue)  # only what is queued now, so a busy producer cannot pin us here
            while budget > 0:
                with self._lock:
                    n = min(self._max_batch, budget, len(self._queue))
                    batch = [self._queue.popleft() for _ in range(n)]
                if not batch:
                    return
                budget -= len(batch)
                self._send(batch)

    def close(self) -> None:
        """Stops the background thread and flushes. Idempotent; later log() calls are dropped and reported."""
        with self._lock:
            already, self._closed = self._closed, True
        if not already:
            self._wake.set()
            if self._thread is not None and self._thread is not threading.current_thread():
                self._thread.join(timeout=30)
            if self._at_exit:
                atexit.unregister(self.close)
        self.flush()

    def stats(self) -> dict[str, int]:
        with self._lock:
            return {"queued": len(self._queue), **self._stats}

    def __enter__(self) -> "Tollgate":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- immediate ----------------------------------------------------------------------------------------

    def log_event(self, event: Event) -> Event:
        """Sends one event now (the project endpoint when project_id is set, else a batch of one) and returns
        it as stored. Raises TollgateError with the gateway's status, message and param (the bad field)."""
        full = complete_event(event)
        if self.project_id:
            a = self._http.request("POST", f"/v1/projects/{urllib.parse.quote(self.project_id, safe='')}/events", full)
            if a.status >= 300:
                raise TollgateError.from_answer(a.status, a.body)
            return full
        r = self.log_batch([full])
        if r.rejected:
            x = r.rejected[0]
            raise TollgateError(x["reason"], 207, "invalid_request", x["field"], r.raw)
        return full

    def log_batch(self, events: list[Event]) -> BatchResult:
        """Sends a batch now; returns accepted/duplicates and the rejected items with reasons."""
        full = [complete_event(e) for e in events]
        a = self._http.request("POST", "/v1/events/batch", {"events": full})
        if a.status >= 300 and not _has_items(a.body):
            raise TollgateError.from_answer(a.status, a.body)
        return parse_batch(a.body, len(full))

    def metrics(self, from_: str | None = None, to: str | None = None) -> dict[str, Any]:
        """GET /v1/projects/{id}/metrics: total_requests, error_rate, total_tokens, total_cost_usd, top_models."""
        return self._get(f"/v1/projects/{self._project()}/metrics", {"from": from_, "to": to})

    def analytics(self, kind: str, **params: Any) -> Any:
        """GET /api/v1/projects/{id}/analytics/{kind} (summary, daily, breakdown, latency, ...)."""
        query = {k.rstrip("_"): v for k, v in params.items()}  # from_= for the reserved word
        return self._get(f"/api/v1/projects/{self._project()}/analytics/{urllib.parse.quote(kind, safe='')}", query)

    # -- internals ----------------------------------------------------------------------------------------

    def _project(self) -> str:
        if not self.project_id:
            raise TollgateError("project_id is required for metrics and analytics")
        return urllib.parse.quote(self.project_id, safe="")

    def _get(self, path: str, params: dict[str, Any]) -> Any:
        q = urllib.parse.urlencode({k: v for k, v in params.items() if v is not None})
        a = self._http.request("GET", f"{path}?{q}" if q else path)
        if a.status >= 300:
            raise TollgateError.from_answer(a.status, a.body)
        return a.body

    def _start_thread(self) -> None:
        with self._lock:
            if self._thread is not None or self._closed:
                return
            self._thread = threading.Thread(target=self._run, name="tollgate-flush", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._closed:
            self._wake.wait(self._flush_interval)
            self._wake.clear()
            if self._closed:
                return
            self.flush()

    def _send(self, batch: list[Event]) -> None:
        """Delivers one batch; every event ends up sent, rejected or failed (reported). Never raises."""
        try:
            a = self._http.request("POST", "/v1/events/batch", {"events": batch})
        except TollgateError as e:
            return self._fail("failed", batch, e.message, None, e)
        if a.status == 413 and len(batch) > 1:
            half = (len(batch) + 1) // 2
            self._send(batch[:half])
            return self._send(batch[half:])
        if a.status < 300 or (a.status < 500 and _has_items(a.body)):
            r = parse_batch(a.body, len(batch))
            by_id = {e.get("event_id"): e for e in batch}
            items = [
                FailedItem(batch[x["index"]] if 0 <= x["index"] < len(batch) else by_id.get(x["event_id"], {"event_id": x["event_id"]}), x["reason"], x["field"])
                for x in r.rejected
            ]
            with self._lock:
                self._stats["sent"] += r.accepted
                self._stats["rejected"] += len(items)
            if items:
                self._report(DeliveryFailure("rejected", f"{len(items)} of {len(batch)} events rejected", items, a.status))
            return None
        e = TollgateError.from_answer(a.status, a.body)
        # 400/422 without item results: the request was refused as a whole, and would be again.
        self._fail("rejected" if a.status in (400, 422) else "failed", batch, e.message, a.status, e, e.param)
        return None

    def _fail(self, kind: Literal["rejected", "failed"], events: list[Event], reason: str, status: int | None, cause: BaseException | None, field_: str | None = None) -> None:
        with self._lock:
            self._stats[kind] += len(events)
        self._report(DeliveryFailure(kind, reason, [FailedItem(e, reason, field_) for e in events], status, cause))

    def _report(self, failure: DeliveryFailure) -> None:
        if self._on_error is None:
            return
        try:
            self._on_error(failure)
        except Exception:  # a failing callback must not stop delivery of other events
            pass
