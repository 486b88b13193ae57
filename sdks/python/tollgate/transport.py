"""One HTTP request with retries (urllib only). Retrying event posts is safe: the gateway ignores an
event_id it has already accepted."""

from __future__ import annotations

import json
import random
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Any, Callable


class TollgateError(Exception):
    """A gateway answer that is not a success, or a network failure after every retry (status None)."""

    def __init__(self, message: str, status: int | None = None, code: str | None = None, param: str | None = None, body: Any = None):
        super().__init__(message)
        self.message = message
        self.status = status
        self.code = code
        self.param = param
        self.body = body

    @classmethod
    def from_answer(cls, status: int, body: Any) -> "TollgateError":
        err = body.get("error") if isinstance(body, dict) else None
        err = err if isinstance(err, dict) else {}
        msg = err.get("message") if isinstance(err.get("message"), str) else f"gateway answered {status}"
        return cls(msg, status, err.get("code"), err.get("param"), body)


@dataclass
class RetryPolicy:
    max_retries: int = 3
    base: float = 0.25
    """The n-th retry waits a random time below min(cap, base * 2**n) seconds ("full jitter")."""
    cap: float = 10.0
    max_retry_after: float = 60.0
    """A Retry-After longer than this is not waited for: the attempt fails instead."""


def is_retryable(status: int) -> bool:
    """408, 429 and 5xx may succeed later; other 4xx fail the same way again and are never retried."""
    return status in (408, 429) or status >= 500


def backoff(attempt: int, policy: RetryPolicy, rand: Callable[[], float] = random.random) -> float:
    return rand() * min(policy.cap, policy.base * 2**attempt)


def retry_after(value: str | None, now: float | None = None) -> float | None:
    """Retry-After in seconds (delta-seconds or an HTTP date); None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        at = parsedate_to_datetime(value).timestamp()
    except (TypeError, ValueError):
        return None
    return max(0.0, at - (time.time() if now is None else now))


@dataclass
class Answer:
    status: int
    body: Any


@dataclass
class Http:
    origin: str
    api_key: str
    timeout: float
    policy: RetryPolicy
    sleep: Callable[[float], None] = time.sleep

    def request(self, method: str, path: str, body: Any = None) -> Answer:
        """Resolves with the last answer whatever its status; raises TollgateError only when unreachable."""
        headers = {"authorization": f"Bearer {self.api_key}", "accept": "application/json", "user-agent": "tollgate-python"}
        data = None
        if body is not None:
            headers["content-type"] = "application/json"
            data = json.dumps(body, default=str).encode()
        attempt = 0
        while True:
            req = urllib.request.Request(self.origin + path, data=data, headers=headers, method=method)
            try:
                with urllib.request.urlopen(req, timeout=self.timeout) as res:
                    answer, after = Answer(res.status, _read(res)), None
            except urllib.error.HTTPError as e:
                answer, after = Answer(e.code, _read(e)), retry_after(e.headers.get("retry-after"))
            except (urllib.error.URLError, OSError) as e:
                if attempt >= self.policy.max_retries:
                    raise TollgateError(f"gateway unreachable: {getattr(e, 'reason', e)}") from e
                self.sleep(backoff(attempt, self.policy))
                attempt += 1
                continue
            if not is_retryable(answer.status) or attempt >= self.policy.max_retries:
                return answer
            if after is not None and after > self.policy.max_retry_after:
                return answer
            self.sleep(after if after is not None else backoff(attempt, self.policy))
            attempt += 1


def _read(res: Any) -> Any:
    text = res.read().decode("utf-8", "replace")
    if not text:
        return None
    try:
        return json.loads(text)
    except ValueError:
        return text
