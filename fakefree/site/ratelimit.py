"""Rate limits per client address on the API and the CSV export: fixed windows, in memory.

In-process rather than Flask-Limiter: the limiter runs only for the limited blueprints, so the
feeds and pages (polled most, and cached) pay nothing for it, where Flask-Limiter's hooks cost
about a tenth of a 304 answer on every request of the site. Each web worker process counts on
its own: a client gets at most FAKEFREE_WEB_WORKERS times the limit. Past one machine the
counts would move to a shared store (see DESIGN: scaling).

A 429 goes through the one error path (errors.py): JSON in the error shape, with Retry-After.
304 answers are not counted (a reader that polls politely is never limited), nor preflights.
"""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass

from flask import Blueprint, Flask, Response, current_app, g, request
from werkzeug.exceptions import TooManyRequests

SECONDS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}
_LIMIT = re.compile(r"^\s*(\d+)\s*(?:/|per)\s*(second|minute|hour|day)s?\s*$")
_EXTENSION = "fakefree.ratelimits"
_FORGET_AFTER = 100_000  # addresses kept per limit before the stale ones are dropped


@dataclass(frozen=True)
class Limit:
    amount: int
    seconds: int

    def __str__(self) -> str:
        unit = next(name for name, secs in SECONDS.items() if secs == self.seconds)
        return f"{self.amount}/{unit}"


def parse_limits(text: str) -> tuple[Limit, ...]:
    """'120/minute;1200/hour' -> the limits; raises ValueError naming the bad part."""
    limits = []
    for part in filter(str.strip, text.split(";")):
        found = _LIMIT.match(part)
        if not found:
            raise ValueError(f"rate limit {part.strip()!r}: expected N/second|minute|hour|day")
        limits.append(Limit(int(found[1]), SECONDS[found[2]]))
    return tuple(limits)


class RateLimiter:
    """Counts requests per address in fixed windows, one counter per limit."""

    def __init__(self, limits: tuple[Limit, ...]) -> None:
        self.limits = limits
        self._counts: list[dict[str, tuple[int, int]]] = [{} for _ in limits]
        self._lock = threading.Lock()

    def hit(self, address: str, now: float, cost: int = 1) -> tuple[Limit, int, int] | None:
        """Count a request (cost -1 takes one back); the breached (limit, count, reset) or None."""
        breached = None
        with self._lock:
            for limit, counts in zip(self.limits, self._counts, strict=True):
                window = int(now // limit.seconds)
                seen_window, count = counts.get(address, (window, 0))
                count = (count if seen_window == window else 0) + cost
                counts[address] = (window, max(count, 0))
                reset = (window + 1) * limit.seconds - now
                if count > limit.amount and breached is None:
                    breached = (limit, count, int(reset) + 1)
                if len(counts) > _FORGET_AFTER:
                    self._forget(counts, window)
        return breached

    @staticmethod
    def _forget(counts: dict[str, tuple[int, int]], window: int) -> None:
        for address in [a for a, (w, _) in counts.items() if w != window]:
            del counts[address]


def _limiter() -> RateLimiter:
    return current_app.extensions[_EXTENSION]


def check_rate_limit() -> None:
    """before_request of the limited blueprints: count this request, or stop it with a 429."""
    if request.method == "OPTIONS":
        return
    g.rate_limited_address = request.remote_addr or "unknown"
    breached = _limiter().hit(g.rate_limited_address, time.time())
    if breached:
        limit, _, retry_after = breached
        raise TooManyRequests(
            description=f"Too many requests from this address (limit: {limit}). Wait the number"
            " of seconds in the Retry-After header; send If-None-Match to get free 304 answers.",
            retry_after=retry_after,
        )


def refund_not_modified(response: Response) -> Response:
    """after_request of the limited blueprints: a 304 is not counted."""
    address = g.pop("rate_limited_address", None)
    if address is not None and response.status_code == 304:
        _limiter().hit(address, time.time(), cost=-1)
    return response


def init_app(app: Flask, limited: tuple[Blueprint, ...]) -> None:
    """Limit the `limited` blueprints together (one budget per address) with this app's own
    counters (tests build many apps); the limits come from FAKEFREE_API_RATE_LIMIT."""
    app.extensions[_EXTENSION] = RateLimiter(parse_limits(app.config["SETTINGS"].api_rate_limit))
    for blueprint in limited:
        app.before_request_funcs.setdefault(blueprint.name, []).append(check_rate_limit)
        app.after_request_funcs.setdefault(blueprint.name, []).append(refund_not_modified)
