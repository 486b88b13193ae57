import json
import os
import re
import subprocess
import sys
import time
import unittest
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from fake_gateway import FakeGateway  # noqa: E402

from tollgate import DeliveryFailure, Tollgate, TollgateError, agent_step, error, prompt_call, tool_call  # noqa: E402
from tollgate.transport import RetryPolicy, backoff, is_retryable, retry_after  # noqa: E402

UUID7 = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
ISO_MS = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
SERVER_ERROR = (500, {"error": {"message": "boom", "type": "api_error", "code": "internal_error", "param": None}})


class ClientTest(unittest.TestCase):
    def setUp(self) -> None:
        self.gw = FakeGateway()
        self.failures: list[DeliveryFailure] = []
        self.waits: list[float] = []
        self.clients: list[Tollgate] = []

    def tearDown(self) -> None:
        for c in self.clients:
            c.close()
        self.gw.stop()

    def make(self, **kw) -> Tollgate:
        opts = dict(api_key=self.gw.key, base_url=self.gw.url + "/v1", flush_interval=0, flush_at_exit=False, on_error=self.failures.append, sleep=self.waits.append)
        opts.update(kw)
        c = Tollgate(**opts)
        self.clients.append(c)
        return c

    def test_fills_id_and_timestamp_and_sends_batches_with_the_key(self) -> None:
        c = self.make(max_batch=2)
        given = c.log({"event_type": "custom", "event_id": "0190a3c4-0000-4000-8000-000000000001", "timestamp": "2026-01-01T00:00:00.000Z", "anything": 1})
        c.log(prompt_call("gpt-4o-mini", prompt="p0", tokens_input=3))
        c.log(tool_call("search", tool_input={"q": "x"}))
        c.flush()
        sizes = [len(b) for b in self.gw.batches()]
        self.assertEqual(sum(sizes), 3)
        self.assertTrue(all(s <= 2 for s in sizes))
        sent = [e for b in self.gw.batches() for e in b]
        self.assertEqual(sent[0], given)
        self.assertRegex(sent[1]["event_id"], UUID7)
        self.assertRegex(sent[1]["timestamp"], ISO_MS)
        self.assertEqual(sent[1]["event_type"], "prompt_call")
        self.assertEqual(self.gw.requests[0]["headers"]["authorization"], f"Bearer {self.gw.key}")
        self.assertEqual(c.stats(), {"queued": 0, "sent": 3, "rejected": 0, "failed": 0, "dropped": 0})
        self.assertEqual(self.failures, [])

    def test_background_thread_sends_a_full_batch(self) -> None:
        c = self.make(max_batch=3)
        for i in range(3):
            c.log(agent_step(run_id="r", step=i))
        for _ in range(200):  # bounded wait for the thread; no assertion on how long it took
            if c.stats()["sent"] == 3:
                break
            time.sleep(0.01)
        self.assertEqual(c.stats()["sent"], 3)
        self.assertEqual([len(b) for b in self.gw.batches()], [3])

    def test_reports_rejected_items_with_reason_and_field_and_does_not_resend(self) -> None:
        c = self.make()
        c.log({"event_type": "custom"})
        bad = c.log({"event_type": "prompt_call", "tokens_input": -1})
        c.flush()
        c.flush()
        self.assertEqual(len(self.gw.batches()), 1)
        self.assertEqual(len(self.failures), 1)
        f = self.failures[0]
        self.assertEqual((f.kind, f.status), ("rejected", 207))
        self.assertEqual([(i.event, i.reason, i.field) for i in f.items], [(bad, "`tokens_input` must be >= 0", "tokens_input")])
        self.assertEqual(c.stats()["rejected"], 1)

    def test_retries_429_after_retry_after(self) -> None:
        c = self.make()
        self.gw.script(429, {"error": {"message": "slow down"}}, {"retry-after": "2"})
        c.log({"event_type": "custom"})
        c.flush()
        self.assertEqual(self.waits, [2.0])
        self.assertEqual(len(self.gw.batches()), 2)
        self.assertEqual(self.gw.batches()[0], self.gw.batches()[1])
        self.assertEqual(c.stats()["sent"], 1)

    def test_gives_up_when_retry_after_is_too_long(self) -> None:
        c = self.make(max_retry_after=1)
        self.gw.script(429, None, {"retry-after": "30"})
        c.log({"event_type": "custom"})
        c.flush()
        self.assertEqual(len(self.gw.batches()), 1)
        self.assertEqual((self.failures[0].kind, self.failures[0].status), ("failed", 429))

    def test_retries_5xx_with_bounded_jittered_backoff_then_reports(self) -> None:
        c = self.make(max_retries=3, retry_base=0.1, retry_max=0.25)
        for _ in range(4):
            self.gw.script(*SERVER_ERROR)
        c.log({"event_type": "custom"})
        c.flush()
        self.assertEqual(len(self.gw.batches()), 4)
        self.assertEqual(len(self.waits), 3)
        for i, w in enumerate(self.waits):
            self.assertTrue(0 <= w < min(0.25, 0.1 * 2**i))
        self.assertEqual((self.failures[0].kind, self.failures[0].status, self.failures[0].message), ("failed", 500, "boom"))

    def test_never_retries_400_or_401(self) -> None:
        c = self.make()
        self.gw.script(400, {"error": {"message": "events must be an array", "code": "invalid_request", "param": "events"}})
        c.log({"event_type": "custom"})
        c.flush()
        d = self.make(api_key="tg_wrong")
        d.log({"event_type": "custom"})
        d.flush()
        self.assertEqual(len(self.gw.batches()), 2)
        self.assertEqual(self.waits, [])
        self.assertEqual([(f.kind, f.status, f.items[0].field) for f in self.failures], [("rejected", 400, "events"), ("failed", 401, None)])

    def test_retries_network_errors_then_reports(self) -> None:
        self.gw.stop()
        c = self.make(max_retries=2)
        self.gw = FakeGateway()  # tearDown stops this one; the client points at the closed port
        c.log({"event_type": "custom"})
        c.flush()
        self.assertEqual(len(self.waits), 2)
        self.assertEqual((self.failures[0].kind, self.failures[0].status), ("failed", None))

    def test_splits_a_batch_the_gateway_found_too_large(self) -> None:
        c = self.make()
        self.gw.script(413, {"error": {"message": "too large"}})
        for _ in range(3):
            c.log({"event_type": "custom"})
        c.flush()
        self.assertEqual([len(b) for b in self.gw.batches()], [3, 2, 1])
        self.assertEqual(c.stats()["sent"], 3)

    def test_bounded_queue_drops_oldest_and_counts(self) -> None:
        c = self.make(max_queue=3, max_batch=100)
        logged = [c.log({"event_type": "custom", "step": i}) for i in range(5)]
        self.assertEqual(c.stats()["dropped"], 2)
        self.assertEqual([i.event for f in self.failures for i in f.items], logged[:2])
        c.flush()
        self.assertEqual([e["step"] for e in self.gw.batches()[0]], [2, 3, 4])

    def test_close_flushes_and_later_logs_are_dropped(self) -> None:
        c = self.make()
        c.log({"event_type": "custom"})
        c.close()
        self.assertEqual(len(self.gw.batches()), 1)
        c.log({"event_type": "late"})
        c.flush()
        self.assertEqual(len(self.gw.batches()), 1)
        self.assertEqual((self.failures[0].kind, self.failures[0].message), ("dropped", "client is closed"))

    def test_log_event_uses_the_project_endpoint_and_raises_with_the_field(self) -> None:
        c = self.make(project_id="p1")
        ev = c.log_event(tool_call("search"))
        self.assertEqual((self.gw.requests[0]["path"], self.gw.requests[0]["body"]), ("/v1/projects/p1/events", ev))
        with self.assertRaises(TollgateError) as cm:
            c.log_event({"event_type": "prompt_call", "tokens_input": -5})
        self.assertEqual((cm.exception.status, cm.exception.param, cm.exception.code), (400, "tokens_input", "invalid_request"))

    def test_log_event_without_project_and_log_batch(self) -> None:
        c = self.make()
        c.log_event({"event_type": "custom"})
        self.assertEqual(self.gw.requests[0]["path"], "/v1/events/batch")
        with self.assertRaises(TollgateError) as cm:
            c.log_event({"event_type": "x", "tokens_input": -1})
        self.assertEqual(cm.exception.param, "tokens_input")
        r = c.log_batch([{"event_type": "a"}, {"event_type": "b", "tokens_input": -1}])
        self.assertEqual((r.accepted, r.duplicates, [x["index"] for x in r.rejected]), (1, 0, [1]))

    def test_metrics_and_analytics(self) -> None:
        c = self.make(project_id="p 1")
        self.assertEqual(c.metrics(from_="2026-01-01")["total_requests"], 3)
        self.assertEqual(c.analytics("daily", from_="2026-01-01", limit=5, model=None), {"kind": "daily", "query": "from=2026-01-01&limit=5"})
        self.assertEqual([r["path"] for r in self.gw.requests], ["/v1/projects/p%201/metrics?from=2026-01-01", "/api/v1/projects/p%201/analytics/daily?from=2026-01-01&limit=5"])
        with self.assertRaises(TollgateError):
            self.make().metrics()
        with self.assertRaises(TollgateError) as cm:
            self.make(api_key="tg_wrong", project_id="p").metrics()
        self.assertEqual(cm.exception.status, 401)

    def test_flushes_at_interpreter_exit(self) -> None:
        script = f"import tollgate; t = tollgate.Tollgate({self.gw.key!r}, {self.gw.url!r}); t.log({{'event_type': 'custom', 'run_id': 'exit-test'}})"
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        p = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60)
        self.assertEqual((p.returncode, p.stderr), (0, ""))
        self.assertEqual([e["run_id"] for b in self.gw.batches() for e in b], ["exit-test"])


class PureTest(unittest.TestCase):
    def test_helpers(self) -> None:
        self.assertEqual(prompt_call("m", tokens_input=1), {"event_type": "prompt_call", "model": "m", "tokens_input": 1})
        self.assertEqual(error(ValueError("bad"), run_id="r"), {"event_type": "error", "status": "error", "run_id": "r", "error_message": "bad", "metadata": {"error_name": "ValueError"}})
        self.assertEqual(error("oops")["error_message"], "oops")
        self.assertEqual(json.loads(json.dumps(agent_step(step=1)))["event_type"], "agent_step")

    def test_retry_schedule(self) -> None:
        p = RetryPolicy(5, 0.1, 1.0, 60)
        self.assertEqual([round(backoff(a, p, lambda: 1.0), 3) for a in range(5)], [0.1, 0.2, 0.4, 0.8, 1.0])
        self.assertTrue(all(is_retryable(s) for s in (408, 429, 500, 503)))
        self.assertFalse(any(is_retryable(s) for s in (400, 401, 403, 404, 413, 422)))
        now = 1767225600.0  # 2026-01-01T00:00:00Z
        self.assertEqual(retry_after("3", now), 3.0)
        self.assertEqual(retry_after("Thu, 01 Jan 2026 00:00:10 GMT", now), 10.0)
        self.assertIsNone(retry_after("soon", now))
        self.assertIsNone(retry_after(None, now))


if __name__ == "__main__":
    unittest.main()
