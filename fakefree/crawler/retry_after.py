"""Retry-After on 429 and 503: how long a source asks us to wait, and whether we will.

A source that answers 429 (too many requests) or 503 (unavailable) with a Retry-After of at most
FAKEFREE_RETRY_AFTER_MAX seconds is asked again after that wait; a longer wait, or none given,
fails the request (http_4xx / http_5xx), and the worker's backoff takes over from there.
"""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

RETRY_STATUSES = (429, 503)
MAX_ATTEMPTS = 3  # the first request and at most two retries, all within the cap


def retry_after_seconds(value: str | bytes | None, now: datetime | None = None) -> float | None:
    """Seconds asked for by a Retry-After header (delay-seconds or an HTTP date), or None."""
    if isinstance(value, bytes):
        value = value.decode("latin-1")
    text = (value or "").strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def wait_to_honour(
    status: int, header: str | bytes | None, waited: float, cap: float
) -> float | None:
    """How long to wait before asking again, or None when this answer must stand (not a 429 or
    503, no Retry-After, or a wait that would take the total past `cap`)."""
    if status not in RETRY_STATUSES:
        return None
    wait = retry_after_seconds(header)
    if wait is None or waited + wait > cap:
        return None
    return wait
