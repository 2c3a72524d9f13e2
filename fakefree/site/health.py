"""Source health as the public sees it: which sources failed on their last tries, and how, and
which fail persistently (several times in a row, or for a day; see store.is_persistent_failure)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from fakefree.index.store import from_iso


@dataclass(frozen=True)
class FailingSource:
    source_id: str
    agency: str
    error_kind: str
    last_tried: datetime | None
    persistent: bool = False
    failing_since: datetime | None = None


@dataclass(frozen=True)
class Outage:
    """Enabled sources whose recent crawls failed, out of all enabled sources."""

    failing: tuple[FailingSource, ...]
    total: int

    @property
    def last_tried(self) -> datetime | None:
        return max((f.last_tried for f in self.failing if f.last_tried), default=None)

    @property
    def error_kinds(self) -> list[str]:
        return sorted({f.error_kind for f in self.failing})

    @property
    def persistent(self) -> tuple[FailingSource, ...]:
        return tuple(f for f in self.failing if f.persistent)


def find_outage(health_rows: list[dict[str, Any]]) -> Outage | None:
    """The outage shown on the home page, or None when every enabled source answered last time."""
    enabled = [row for row in health_rows if row["enabled"]]
    failing = tuple(
        FailingSource(
            source_id=row["id"],
            agency=row["agency"],
            error_kind=row["last_error_kind"] or "error",
            last_tried=from_iso(row["last_run_at"] or row["last_error_at"]),
            persistent=bool(row.get("persistent_failure")),
            failing_since=from_iso(row.get("failing_since")),
        )
        for row in enabled
        if row["consecutive_failures"] > 0
    )
    return Outage(failing=failing, total=len(enabled)) if failing else None
