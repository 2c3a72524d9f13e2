"""Date bounds typed by people: 2025, 2025-03 or 2025-03-14, as the first or last day they cover.

`from=2025-03` starts on 1 March 2025 and `to=2025-03` ends on 31 March 2025, so a year or a
month given as both bounds selects exactly that year or month (the year facet's links do that).
"""

from __future__ import annotations

import calendar
import re
from datetime import date

from fakefree.index.query_errors import N_, QueryError

_PARTIAL = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
FIRST_YEAR, LAST_YEAR = 1900, 2999


def parse_bound(raw: str, param: str, last: bool) -> date | None:
    """The first (or `last`) day a partial date covers; None when `raw` is empty."""
    raw = raw.strip()
    if not raw:
        return None
    found = _PARTIAL.fullmatch(raw)
    if not found:
        raise QueryError(
            N_("%(name)s must be a date such as 2025, 2025-03 or 2025-03-14, not %(value)s."),
            param, name=param, value=repr(raw[:20]),
        )  # fmt: skip
    year, month, day = (int(g) if g else None for g in found.groups())
    if not FIRST_YEAR <= year <= LAST_YEAR or (month is not None and not 1 <= month <= 12):
        raise QueryError(N_("%(name)s is not a real date: %(value)s."), param, name=param,
                         value=repr(raw))  # fmt: skip
    month = month or (12 if last else 1)
    month_days = calendar.monthrange(year, month)[1]
    if day is not None and not 1 <= day <= month_days:
        raise QueryError(N_("%(name)s is not a real date: %(value)s."), param, name=param,
                         value=repr(raw))  # fmt: skip
    return date(year, month, day or (month_days if last else 1))


def parse_period(raw_from: str, raw_to: str) -> tuple[date | None, date | None]:
    """Both bounds (inclusive); QueryError when one is malformed or they are in reverse."""
    first = parse_bound(raw_from, "from", last=False)
    last = parse_bound(raw_to, "to", last=True)
    if first and last and first > last:
        raise QueryError(
            N_("The date range ends before it starts (from %(first)s to %(last)s)."),
            "from", first=first.isoformat(), last=last.isoformat(),
        )  # fmt: skip
    return first, last
