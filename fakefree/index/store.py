"""The store: SQLite in WAL mode, the source of truth for sources, crawl runs and articles.

Every write happens in one `BEGIN IMMEDIATE` transaction, so a crash leaves either the whole
article or nothing. Each article write takes the next `rev`; the full-text index follows the
store by indexing every row whose rev is above the last one it indexed.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from fakefree.catalogue import Source
from fakefree.index.cases import on_article_written
from fakefree.index.documents import Article
from fakefree.index.schema import MIGRATIONS, statements

TAG_COLUMNS = ("countries", "origin_countries", "sectors", "ip_types", "actions")
_ARTICLE_COLUMNS = (
    "url", "source_id", "title", "summary", "body_text", "body_html", "language", "published_at",
    "fetched_at", "content_hash", "is_relevant", "relevance_score", *TAG_COLUMNS, "evidence", "facts",
)  # fmt: skip
_ARTICLE_SELECT = (
    "SELECT a.*, s.agency AS agency, s.jurisdiction AS jurisdiction, s.homepage AS agency_homepage"
    " FROM articles a JOIN sources s ON s.id = a.source_id"
)


# A source is failing persistently after this many failed runs in a row, or when its failures
# have gone on this long without a success.
PERSISTENT_FAILURES = 3
PERSISTENT_AFTER = timedelta(hours=24)
# When the current run of failures began: the first failed run after the last successful one.
_FAILING_SINCE = (
    "(SELECT min(r.started_at) FROM crawl_runs r WHERE r.source_id = s.id AND"
    " r.status = 'failed' AND r.id > coalesce((SELECT max(k.id) FROM crawl_runs k"
    " WHERE k.source_id = s.id AND k.status = 'ok'), 0))"
)


def is_persistent_failure(failures: int, failing_since: datetime | None, now: datetime) -> bool:
    """Whether a source's failures are persistent: several in a row, or a day without success."""
    if failures <= 0:
        return False
    if failures >= PERSISTENT_FAILURES:
        return True
    return failing_since is not None and now - failing_since >= PERSISTENT_AFTER


def _with_persistence(row: dict[str, Any], now: datetime) -> dict[str, Any]:
    since = from_iso(row["failing_since"]) if row["consecutive_failures"] else None
    row["failing_since"] = to_iso(since)
    row["persistent_failure"] = is_persistent_failure(row["consecutive_failures"], since, now)
    return row


CLASSIFICATION_COLUMNS = ("is_relevant", "relevance_score", *TAG_COLUMNS, "evidence", "facts")


def _classification_values(fields: dict[str, Any]) -> dict[str, Any]:
    """The classification columns as stored: tags and evidence in JSON, relevance as 0/1."""
    values: dict[str, Any] = {
        "is_relevant": int(bool(fields["is_relevant"])),
        "relevance_score": float(fields["relevance_score"]),
    }
    values.update({col: json.dumps(list(fields[col])) for col in TAG_COLUMNS})
    for col in ("evidence", "facts"):
        values[col] = json.dumps(fields.get(col) or {}, ensure_ascii=False, sort_keys=True)
    return values


def utcnow() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def to_iso(dt: datetime | None) -> str | None:
    if dt is None:
        return None
    return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def from_iso(value: str | None) -> datetime | None:
    if not value:
        return None
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def _row_to_article(row: sqlite3.Row) -> Article:
    return Article(
        id=row["id"],
        url=row["url"],
        source_id=row["source_id"],
        agency=row["agency"],
        jurisdiction=row["jurisdiction"],
        title=row["title"],
        summary=row["summary"],
        body_text=row["body_text"],
        body_html=row["body_html"],
        language=row["language"],
        published_at=from_iso(row["published_at"]),
        fetched_at=from_iso(row["fetched_at"]),
        updated_at=from_iso(row["updated_at"]),
        is_relevant=bool(row["is_relevant"]),
        relevance_score=row["relevance_score"],
        **{c: tuple(json.loads(row[c])) for c in TAG_COLUMNS},
        evidence=json.loads(row["evidence"]),
        facts=json.loads(row["facts"]),
        rev=row["rev"],
        agency_homepage=row["agency_homepage"],
    )


class Store:
    """One connection to the store. Cheap to open; open one per request, job or command."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.db = sqlite3.connect(path, timeout=60, isolation_level=None)
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.execute("PRAGMA foreign_keys=ON")
        self.db.execute("PRAGMA busy_timeout=60000")
        self._migrate()

    def _migrate(self) -> None:
        """Bring the schema to the last version; safe when several processes open at once."""
        if self.db.execute("PRAGMA user_version").fetchone()[0] >= len(MIGRATIONS):
            return
        with self.transaction() as db:
            version = db.execute("PRAGMA user_version").fetchone()[0]  # again, under the lock
            for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
                for statement in statements(script):
                    db.execute(statement)
                db.execute(f"PRAGMA user_version={number}")

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction that takes the write lock at once (no upgrade deadlocks)."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    # --- sources and crawl runs -------------------------------------------------------------

    def sync_sources(self, sources: Iterable[Source]) -> None:
        """Make the sources table reflect the catalogue, keeping each source's health."""
        with self.transaction() as db:
            for s in sources:
                db.execute(
                    "INSERT INTO sources (id, name, agency, jurisdiction, homepage, reader, enabled,"
                    " interval_minutes) VALUES (?,?,?,?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET"
                    " name=excluded.name, agency=excluded.agency, jurisdiction=excluded.jurisdiction,"
                    " homepage=excluded.homepage, reader=excluded.reader, enabled=excluded.enabled,"
                    " interval_minutes=excluded.interval_minutes",
                    (s.id, s.name, s.agency, s.jurisdiction, s.homepage, s.reader, int(s.enabled),
                     s.interval_minutes),
                )  # fmt: skip

    def start_run(self, source_id: str) -> int:
        with self.transaction() as db:
            cur = db.execute(
                "INSERT INTO crawl_runs (source_id, started_at, status) VALUES (?, ?, 'running')",
                (source_id, to_iso(utcnow())),
            )
            return int(cur.lastrowid)

    def finish_run(
        self,
        run_id: int,
        *,
        error_kind: str | None = None,
        error_message: str | None = None,
        found: int = 0,
        new: int = 0,
        updated: int = 0,
        requests: int = 0,
        bytes_received: int = 0,
    ) -> None:
        """Close a run and fold its outcome into the source's health; `requests` and
        `bytes_received` count the run's HTTP traffic."""
        now = to_iso(utcnow())
        status = "failed" if error_kind else "ok"
        with self.transaction() as db:
            db.execute(
                "UPDATE crawl_runs SET finished_at=?, status=?, error_kind=?, error_message=?,"
                " items_found=?, items_new=?, items_updated=?, requests=?, bytes_received=?"
                " WHERE id=?",
                (now, status, error_kind, error_message, found, new, updated, requests,
                 bytes_received, run_id),
            )  # fmt: skip
            (source_id,) = db.execute(
                "SELECT source_id FROM crawl_runs WHERE id=?", (run_id,)
            ).fetchone()
            if error_kind:
                db.execute(
                    "UPDATE sources SET last_run_at=?, last_error_at=?, last_error_kind=?,"
                    " last_error_message=?, consecutive_failures=consecutive_failures+1,"
                    " items_found=?, items_new=? WHERE id=?",
                    (now, now, error_kind, error_message, found, new, source_id),
                )
            else:
                db.execute(
                    "UPDATE sources SET last_run_at=?, last_success_at=?, consecutive_failures=0,"
                    " items_found=?, items_new=? WHERE id=?",
                    (now, now, found, new, source_id),
                )

    def source_health(self, now: datetime | None = None) -> list[dict[str, Any]]:
        """Every source's row with `published` (relevant articles), `failing_since` (start of
        the current run of failures) and `persistent_failure` (see `is_persistent_failure`)."""
        rows = self.db.execute(
            "SELECT s.*, (SELECT count(*) FROM articles a WHERE a.source_id = s.id AND"
            f" a.is_relevant) AS published, {_FAILING_SINCE} AS failing_since"
            " FROM sources s ORDER BY s.jurisdiction, s.id"
        ).fetchall()
        return [_with_persistence(dict(r), now or utcnow()) for r in rows]

    def source_state(self, source_id: str) -> dict[str, Any] | None:
        """One source's health row (as in `source_health`), or None for an unknown id."""
        row = self.db.execute(
            f"SELECT s.*, {_FAILING_SINCE} AS failing_since FROM sources s WHERE s.id=?",
            (source_id,),
        ).fetchone()
        return _with_persistence(dict(row), utcnow()) if row else None

    def last_run_at(self) -> datetime | None:
        """When any source was last crawled (the home page's banner depends on it)."""
        (value,) = self.db.execute("SELECT max(last_run_at) FROM sources").fetchone()
        return from_iso(value)

    def agency_names(self) -> dict[str, str]:
        """Source id -> the agency's name."""
        return {r["id"]: r["agency"] for r in self.db.execute("SELECT id, agency FROM sources")}

    def recent_runs(self, source_id: str, limit: int = 10) -> list[dict[str, Any]]:
        rows = self.db.execute(
            "SELECT * FROM crawl_runs WHERE source_id=? ORDER BY id DESC LIMIT ?",
            (source_id, limit),
        ).fetchall()
        return [dict(r) for r in rows]

    # --- articles ---------------------------------------------------------------------------

    def upsert_article(self, record: dict[str, Any]) -> str:
        """Insert or update an article keyed by its canonical URL.

        `record` holds every column of `_ARTICLE_COLUMNS` (tags as lists, evidence as a dict,
        datetimes as datetimes). Returns 'new', 'updated' or 'unchanged' (same content hash and
        same classification: nothing is written, the index is not touched).
        """
        values = dict(record)
        for col in TAG_COLUMNS:
            values[col] = json.dumps(list(values[col]))
        values["evidence"] = json.dumps(values["evidence"], ensure_ascii=False, sort_keys=True)
        values["facts"] = json.dumps(values.get("facts") or {}, ensure_ascii=False, sort_keys=True)
        values["published_at"] = to_iso(values["published_at"])
        values["fetched_at"] = to_iso(values["fetched_at"])
        values["is_relevant"] = int(bool(values["is_relevant"]))
        with self.transaction() as db:
            old = db.execute(
                "SELECT id, content_hash, is_relevant, evidence, facts, published_at FROM articles"
                " WHERE url=?",
                (values["url"],),
            ).fetchone()
            if old is not None and (
                old["content_hash"] == values["content_hash"]
                and old["is_relevant"] == values["is_relevant"]
                and old["evidence"] == values["evidence"]
                and old["facts"] == values["facts"]
                and old["published_at"] == values["published_at"]
            ):
                return "unchanged"
            (rev,) = db.execute("SELECT coalesce(max(rev), 0) + 1 FROM articles").fetchone()
            values["rev"] = rev
            values["updated_at"] = values["fetched_at"]
            cols = (*_ARTICLE_COLUMNS, "updated_at", "rev")
            if old is None:
                cur = db.execute(
                    f"INSERT INTO articles ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                    [values[c] for c in cols],
                )
                on_article_written(db, int(cur.lastrowid))  # its case, in this transaction
                return "new"
            sets = ", ".join(f"{c}=?" for c in cols)
            db.execute(
                f"UPDATE articles SET {sets} WHERE id=?", [values[c] for c in cols] + [old["id"]]
            )
            on_article_written(db, old["id"])
            return "updated"

    def get_article(self, article_id: int) -> Article | None:
        row = self.db.execute(f"{_ARTICLE_SELECT} WHERE a.id=?", (article_id,)).fetchone()
        return _row_to_article(row) if row else None

    def get_articles(self, ids: list[int]) -> list[Article]:
        """Articles by id, in the order of `ids` (missing ids are skipped)."""
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        rows = self.db.execute(f"{_ARTICLE_SELECT} WHERE a.id IN ({marks})", ids).fetchall()
        by_id = {r["id"]: _row_to_article(r) for r in rows}
        return [by_id[i] for i in ids if i in by_id]

    # --- HTTP validators of the URLs crawls poll (feeds, API pages, listings) ----------------

    def http_validators(self, url: str) -> dict[str, Any] | None:
        """The ETag, Last-Modified and body hash kept for `url` by the last crawl, or None."""
        row = self.db.execute(
            "SELECT url, etag, last_modified, content_hash, checked_at FROM http_cache WHERE url=?",
            (url,),
        ).fetchone()
        return dict(row) if row else None

    def save_http_validators(
        self, url: str, etag: str | None, last_modified: str | None, content_hash: str | None
    ) -> None:
        """Keep the validators of a URL whose content has been fully taken in."""
        with self.transaction() as db:
            db.execute(
                "INSERT INTO http_cache (url, etag, last_modified, content_hash, checked_at)"
                " VALUES (?,?,?,?,?) ON CONFLICT(url) DO UPDATE SET etag=excluded.etag,"
                " last_modified=excluded.last_modified, content_hash=excluded.content_hash,"
                " checked_at=excluded.checked_at",
                (url, etag, last_modified, content_hash, to_iso(utcnow())),
            )

    # --- classification, rewritten after a taxonomy change (fakefree reclassify) --------------

    def article_ids(self) -> list[int]:
        """Every article's id, published or not, in order."""
        return [row[0] for row in self.db.execute("SELECT id FROM articles ORDER BY id")]

    def rewrite_classification(self, article_id: int, fields: dict[str, Any]) -> bool:
        """Replace an article's relevance, tags, evidence and facts (`fields` holds the
        CLASSIFICATION_COLUMNS, tags as lists); a change takes the next rev, so the index follows.
        Returns False, writing nothing, when nothing changed."""
        values = _classification_values(fields)
        cols = list(values)
        with self.transaction() as db:
            old = db.execute(
                f"SELECT {', '.join(cols)} FROM articles WHERE id=?", (article_id,)
            ).fetchone()
            if old is None or all(old[c] == values[c] for c in cols):
                return False
            (rev,) = db.execute("SELECT coalesce(max(rev), 0) + 1 FROM articles").fetchone()
            sets = ", ".join(f"{c}=?" for c in (*cols, "rev", "updated_at"))
            row = [values[c] for c in cols] + [rev, to_iso(utcnow()), article_id]
            db.execute(f"UPDATE articles SET {sets} WHERE id=?", row)
            on_article_written(db, article_id)
            return True

    def has_url(self, url: str) -> bool:
        return self.db.execute("SELECT 1 FROM articles WHERE url=?", (url,)).fetchone() is not None

    def latest_articles(self, limit: int = 20, offset: int = 0) -> list[Article]:
        """The newest published (relevant) articles, newest first."""
        rows = self.db.execute(
            f"{_ARTICLE_SELECT} WHERE a.is_relevant = 1 ORDER BY a.published_at DESC, a.id DESC"
            " LIMIT ? OFFSET ?",
            (limit, offset),
        ).fetchall()
        return [_row_to_article(r) for r in rows]

    def count_articles(self, relevant_only: bool = True) -> int:
        where = " WHERE is_relevant = 1" if relevant_only else ""
        return self.db.execute(f"SELECT count(*) FROM articles{where}").fetchone()[0]

    def tag_counts(
        self, column: str, since: datetime | None = None, limit: int = 10
    ) -> list[tuple[str, int]]:
        """How many published articles carry each value of a tag column, most first."""
        if column not in TAG_COLUMNS:
            raise ValueError(column)
        sql = (
            f"SELECT j.value AS tag, count(*) AS n FROM articles a, json_each(a.{column}) j"
            " WHERE a.is_relevant = 1"
        )
        args: list[Any] = []
        if since is not None:
            sql += " AND a.published_at >= ?"
            args.append(to_iso(since))
        sql += " GROUP BY j.value ORDER BY n DESC, tag LIMIT ?"
        args.append(limit)
        return [(r["tag"], r["n"]) for r in self.db.execute(sql, args)]

    def last_change(self) -> datetime | None:
        """When the published collection last changed (for Last-Modified)."""
        (value,) = self.db.execute("SELECT max(updated_at) FROM articles").fetchone()
        return from_iso(value)

    def max_rev(self) -> int:
        return self.db.execute("SELECT coalesce(max(rev), 0) FROM articles").fetchone()[0]

    def changes_since(self, rev: int, limit: int = 500, until: int | None = None) -> list[Article]:
        """Articles written after `rev` (and up to `until`), oldest change first (what the index
        has not seen)."""
        bound = until if until is not None else 2**63 - 1
        rows = self.db.execute(
            f"{_ARTICLE_SELECT} WHERE a.rev > ? AND a.rev <= ? ORDER BY a.rev LIMIT ?",
            (rev, bound, limit),
        ).fetchall()
        return [_row_to_article(r) for r in rows]

    def month_counts(self) -> list[tuple[str, int]]:
        """How many published articles appeared in each month ('YYYY-MM'), oldest month first."""
        rows = self.db.execute(
            "SELECT substr(published_at, 1, 7) AS month, count(*) AS n FROM articles"
            " WHERE is_relevant = 1 AND published_at IS NOT NULL GROUP BY month ORDER BY month"
        ).fetchall()
        return [(r["month"], r["n"]) for r in rows]
