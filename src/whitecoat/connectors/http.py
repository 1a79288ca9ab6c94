"""The HTTP plumbing every connector's client.py uses (httpx; no Django imports).

- One `httpx.Client` per base URL, shared by a worker's threads (`HttpPool`).
- Rate limits: the platforms' headers (`x-rate-limit-*`, `X-RateLimit-*`, `ratelimit-*`,
  `Retry-After`, Meta's usage percentages) feed a `RateGate` per platform and host; a
  call waits for the window to reset when the remaining budget is down to the margin,
  so a sync spreads itself over the window rather than running into 429s.
- Retries with limits: a 429 (or a throttling error inside a 200) waits as long as the
  platform says, plus jitter; a 5xx or a dropped connection backs off exponentially with
  jitter. After `max_attempts`, or when the wait would exceed `max_wait`, it gives up
  with `RateLimited` / `ConnectorError`, and the sync records that account as failed.
"""

from __future__ import annotations

import email.utils
import json
import random
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx

from whitecoat.connectors.base import ConnectorError, RateLimited

Check = Callable[[httpx.Response], Any]
META_PAUSE_AT = (
    90  # per cent of Meta's rolling call budget: pause with room for the calls in flight
)


@dataclass
class RateGate:
    """What the last answers said about one rate-limit bucket, shared across threads."""

    margin: int = 1
    limit: int | None = None
    remaining: int | None = None
    reset_at: float | None = None  # epoch seconds
    # A platform that announces no limit in its headers: a budget per period, kept here.
    budget: int | None = None
    period: float = 60.0
    period_start: float = 0.0
    spent: int = 0
    waits: int = 0
    waited: float = 0.0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def wait_time(self, now: float) -> float:
        with self._lock:
            if self.budget is not None:
                if now >= self.period_start + self.period:
                    self.period_start, self.spent = now, 0
                if self.spent >= self.budget:
                    return self.period_start + self.period - now
                self.spent += 1
            if self.reset_at is None or self.remaining is None:
                return 0.0
            if now >= self.reset_at:
                # A new window: assume the whole limit until an answer says otherwise, and
                # keep counting, so the first calls of a window don't all go at once.
                self.reset_at = None
                self.remaining = self.limit
                if self.remaining is None:
                    return 0.0
            if self.remaining <= self.margin:
                return self.reset_at - now if self.reset_at is not None else 0.0
            # Reserve one call so several threads don't all spend the last ones.
            self.remaining -= 1
            return 0.0

    def peek(self, now: float) -> float:
        """How long the next call would wait, without reserving it."""
        with self._lock:
            period_end = self.period_start + self.period
            if self.budget is not None and now < period_end and self.spent >= self.budget:
                return period_end - now
            window_open = self.reset_at is not None and now < self.reset_at
            if window_open and self.remaining is not None and self.remaining <= self.margin:
                return self.reset_at - now  # type: ignore[operator]
            return 0.0

    def update(self, limit: int | None, remaining: int | None, reset_at: float | None) -> None:
        with self._lock:
            if limit is not None:
                self.limit = limit
            if remaining is not None:
                # Answers arrive out of order across threads: keep the lowest for a window.
                same_window = reset_at is not None and self.reset_at == reset_at
                if same_window and self.remaining is not None:
                    self.remaining = min(self.remaining, remaining)
                else:
                    self.remaining = remaining
            if reset_at is not None:
                self.reset_at = reset_at


def _number(value: str | None) -> float | None:
    if value is None:
        return None
    try:
        return float(value.strip())
    except ValueError:
        return None


def _reset_epoch(value: str | None, now: float) -> float | None:
    """A reset given as epoch seconds, seconds from now, or an ISO/HTTP date."""
    number = _number(value)
    if number is not None:
        return number if number > 1e9 else now + number
    if not value:
        return None
    from whitecoat.connectors.base import parse_time

    when = parse_time(value)
    if when is None:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
    return when.timestamp()


def meta_usage(headers: Mapping[str, str]) -> tuple[float, float]:
    """(highest usage percentage, minutes to regain access) from Meta's usage headers."""
    highest, regain = 0.0, 0.0
    for name in ("x-business-use-case-usage", "x-app-usage", "x-ad-account-usage"):
        raw = headers.get(name)
        if not raw:
            continue
        try:
            data = json.loads(raw)
        except ValueError:
            continue
        buckets = [data] if "call_count" in data else [b for v in data.values() for b in v]
        for bucket in buckets:
            for key in ("call_count", "total_cputime", "total_time"):
                highest = max(highest, float(bucket.get(key) or 0))
            regain = max(regain, float(bucket.get("estimated_time_to_regain_access") or 0))
    return highest, regain


def rate_from_headers(
    headers: Mapping[str, str], now: float
) -> tuple[int | None, int | None, float | None]:
    """(limit, remaining, reset epoch) from whichever convention the platform uses."""
    for prefix in ("x-rate-limit-", "x-ratelimit-", "ratelimit-"):
        remaining = _number(headers.get(prefix + "remaining"))
        if remaining is not None:
            limit = _number(headers.get(prefix + "limit"))
            return (
                int(limit) if limit is not None else None,
                int(remaining),
                _reset_epoch(headers.get(prefix + "reset"), now),
            )
    # Meta gives percentages of a rolling budget, not counts: pause near the top only.
    usage, regain = meta_usage(headers)
    if usage >= META_PAUSE_AT:
        return 100, 0, now + max(regain * 60, 1.0)
    return None, None, None


def retry_after(response: httpx.Response, now: float, default: float = 60.0) -> float:
    """Seconds to wait after a 429, from Retry-After or the reset header."""
    value = response.headers.get("retry-after")
    when = _reset_epoch(value, now) if value else None
    if when is None:
        _, _, when = rate_from_headers(response.headers, now)
    return max(0.0, when - now) if when is not None else default


class HttpPool:
    """httpx clients shared by a worker's threads, one per base URL."""

    def __init__(
        self,
        *,
        timeout: float = 20.0,
        margin: int = 1,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.timeout = timeout
        self.margin = margin
        self.transport = transport
        self._clients: dict[str, httpx.Client] = {}
        self._gates: dict[str, RateGate] = {}
        self._lock = threading.Lock()

    def client(self, base_url: str) -> httpx.Client:
        with self._lock:
            client = self._clients.get(base_url)
            if client is None:
                client = httpx.Client(
                    base_url=base_url,
                    timeout=self.timeout,
                    transport=self.transport,
                    headers={"User-Agent": "WhiteCoat-sync/1"},
                    limits=httpx.Limits(max_connections=32, max_keepalive_connections=16),
                )
                self._clients[base_url] = client
            return client

    def gate(self, key: str) -> RateGate:
        with self._lock:
            return self._gates.setdefault(key, RateGate(margin=self.margin))

    def close(self) -> None:
        with self._lock:
            for client in self._clients.values():
                client.close()
            self._clients.clear()


class ApiClient:
    """One account's calls to one platform host: auth header, retries, rate limits, count."""

    def __init__(
        self,
        *,
        base_url: str,
        pool: HttpPool,
        token: str = "",
        headers: Mapping[str, str] | None = None,
        gate_key: str = "",
        max_attempts: int = 4,
        max_wait: float = 900.0,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.time,
        budget: tuple[int, float] | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.pool = pool
        self.token = token
        self.headers = dict(headers or {})
        self.gate = pool.gate(gate_key or self.base_url)
        if budget is not None and self.gate.budget is None:
            self.gate.budget, self.gate.period = budget
        self.max_attempts = max_attempts
        self.max_wait = max_wait
        self.sleep = sleep
        self.clock = clock
        self.requests = 0
        self.rate_limited = 0

    def _wait(self, seconds: float) -> None:
        if seconds > self.max_wait:
            raise RateLimited(
                f"the rate-limit window resets in {seconds:.0f} s", retry_after=seconds
            )
        if seconds > 0:
            self.gate.waits += 1
            self.gate.waited += seconds
            self.sleep(seconds)

    def request(
        self,
        method: str,
        url: str,
        *,
        check: Check,
        params: Mapping[str, Any] | None = None,
        json_body: Any = None,
        data: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        authenticated: bool = True,
    ) -> Any:
        """Send, then `check(response)` turns it into a payload or raises a typed error."""
        merged = {**self.headers, **(headers or {})}
        if authenticated and self.token:
            merged["Authorization"] = f"Bearer {self.token}"
        client = self.pool.client(self.base_url)
        backoff = 0.5
        for attempt in range(1, self.max_attempts + 1):
            self._wait(self.gate.wait_time(self.clock()))
            self.requests += 1
            try:
                response = client.request(
                    method, url, params=params, json=json_body, data=data, headers=merged
                )
            except httpx.TransportError as error:
                if attempt == self.max_attempts:
                    raise ConnectorError(f"network error: {type(error).__name__}") from error
                self._wait(backoff * random.uniform(1.0, 1.5))
                backoff *= 2
                continue
            now = self.clock()
            self.gate.update(*rate_from_headers(response.headers, now))
            try:
                if response.status_code == 429:
                    raise RateLimited("HTTP 429", retry_after=retry_after(response, now))
                if response.status_code >= 500:
                    raise ConnectorError(f"HTTP {response.status_code} from the platform")
                return check(response)
            except RateLimited as limited:
                self.rate_limited += 1
                if attempt == self.max_attempts:
                    raise
                wait = retry_after(response, now, default=limited.retry_after)
                self._wait(wait + random.uniform(0.0, 1.0))
            except ConnectorError as error:
                transient = response.status_code >= 500
                if not transient or attempt == self.max_attempts:
                    raise error
                self._wait(backoff * random.uniform(1.0, 1.5))
                backoff *= 2
        raise ConnectorError("no answer")  # pragma: no cover - the loop returns or raises

    def get(self, url: str, *, check: Check, params: Mapping[str, Any] | None = None) -> Any:
        return self.request("GET", url, params=params, check=check)


def json_or_error(response: httpx.Response) -> Any:
    """The JSON body, or PayloadError when the body is not JSON."""
    try:
        return response.json()
    except ValueError:
        from whitecoat.connectors.base import PayloadError

        raise PayloadError(f"HTTP {response.status_code}: the answer is not JSON") from None


def checked(check: Callable[[int, Any], Any]) -> Check:
    """Adapt a pure `check(status, payload)` from a parse.py into a response check."""

    def run(response: httpx.Response) -> Any:
        try:
            payload = response.json()
        except ValueError:
            payload = None
        return check(response.status_code, payload)

    return run
