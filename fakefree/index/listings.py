"""Read-only listings of the published collection for the sitemap: ids and last changes, in
pages of a fixed size by id. Kept apart from store.py, which is about writing and loading
whole articles."""

from __future__ import annotations

import sqlite3
from datetime import datetime

from fakefree.index.store import from_iso


def published_count(db: sqlite3.Connection) -> int:
    return db.execute("SELECT count(*) FROM articles WHERE is_relevant").fetchone()[0]


def published_stamps(
    db: sqlite3.Connection, page: int, page_size: int
) -> list[tuple[int, datetime | None]]:
    """(id, updated_at) of the published articles of page `page` (from 0), by id."""
    rows = db.execute(
        "SELECT id, updated_at FROM articles WHERE is_relevant ORDER BY id LIMIT ? OFFSET ?",
        (page_size, page * page_size),
    )
    return [(article_id, from_iso(updated)) for article_id, updated in rows]
