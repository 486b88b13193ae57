"""A stand-in for the gateway's SDK event endpoints: records requests and answers in the gateway's shapes
(services/ingress/src/sdk-events.ts), or with answers the test queued (429 + Retry-After, 500, 413, ...)."""

from __future__ import annotations

import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.I)


def _reject(e: Any) -> tuple[str, str] | None:
    if not isinstance(e, dict):
        return ("", "an event must be a JSON object")
    if not isinstance(e.get("event_id"), str) or not UUID.match(e["event_id"]):
        return ("event_id", "`event_id` must be a UUID")
    if not e.get("event_type"):
        return ("event_type", "`event_type` is required")
    if isinstance(e.get("tokens_input"), int) and e["tokens_input"] < 0:
        return ("tokens_input", "`tokens_input` must be >= 0")
    return None


class FakeGateway:
    def __init__(self, key: str = "tg_test_key") -> None:
        self.key = key
        self.requests: list[dict[str, Any]] = []
        self.queued: list[tuple[int, Any, dict[str, str]]] = []
        gw = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                self._handle()

            def do_POST(self) -> None:
                self._handle()

            def _send(self, status: int, body: Any = None, headers: dict[str, str] | None = None) -> None:
                data = b"" if body is None else json.dumps(body).encode()
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(data)))
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(data)

            def _handle(self) -> None:
                n = int(self.headers.get("content-length") or 0)
                raw = self.rfile.read(n) if n else b""
                body = json.loads(raw) if raw else None
                path = self.path.split("?")[0]
                gw.requests.append({"method": self.command, "path": self.path, "headers": {k.lower(): v for k, v in self.headers.items()}, "body": body})
                if gw.queued:
                    return self._send(*gw.queued.pop(0))
                if self.headers.get("authorization") != f"Bearer {gw.key}":
                    return self._send(401, {"error": {"message": "invalid api key", "type": "authentication_error", "code": "invalid_api_key", "param": None}})
                if self.command == "POST" and path == "/v1/events/batch":
                    events = body.get("events") or []
                    errors = []
                    for i, e in enumerate(events):
                        r = _reject(e)
                        if r:
                            eid = e.get("event_id") if isinstance(e, dict) else None
                            errors.append({"index": i, "event_id": eid, "param": f"events[{i}].{r[0]}" if r[0] else f"events[{i}]", "message": r[1]})
                    counts = {"accepted": len(events) - len(errors), "duplicates": 0, "rejected": len(errors)}
                    return self._send(207, {**counts, "errors": errors}) if errors else self._send(202, counts)
                if self.command == "POST" and re.match(r"^/v1/projects/[^/]+/events$", path):
                    r = _reject(body)
                    if r:
                        return self._send(400, {"error": {"message": r[1], "type": "invalid_request_error", "code": "invalid_request", "param": r[0]}})
                    return self._send(202, {"accepted": 1, "duplicates": 0, "rejected": 0, "event_id": body["event_id"]})
                if self.command == "GET" and path.endswith("/metrics"):
                    return self._send(200, {"total_requests": 3, "error_rate": 0, "total_tokens": 30, "total_cost_usd": 0.1, "top_models": []})
                if self.command == "GET" and "/analytics/" in path:
                    return self._send(200, {"kind": path.rsplit("/", 1)[1], "query": self.path.partition("?")[2]})
                self._send(404, {"error": {"message": "not found", "type": "invalid_request_error", "code": "not_found", "param": None}})

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    def script(self, status: int, body: Any = None, headers: dict[str, str] | None = None) -> None:
        self.queued.append((status, body, headers or {}))

    def batches(self) -> list[list[dict[str, Any]]]:
        return [r["body"]["events"] for r in self.requests if r["path"] == "/v1/events/batch"]

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
