"""The case tables (created by the schema's case-grouping migration) and their queries, on
the store's own connection.

- case_sigs: one row per grouped release: where, when, language, keys and MinHash (its signature);
- case_keys: the inverted index (key or LSH band -> release), so a new release finds its
  candidates without a scan of all releases;
- case_members: release -> case; cases: one row per case, its id the smallest member's id (so
  an old case URL still finds its case after a merge: /cases/N redirects through release N);
- case_links: every join decided, with its score and reasons ("why grouped").
"""

from __future__ import annotations

import json
import sqlite3
from array import array
from collections.abc import Iterable
from typing import Any

from fakefree.index.case_features import Features

CASE_TABLES = ("case_sigs", "case_keys", "cases", "case_members", "case_links")


def pack(minhash: tuple[int, ...]) -> bytes:
    return array("I", minhash).tobytes()


def unpack(blob: bytes) -> tuple[int, ...]:
    values = array("I")
    values.frombytes(blob)
    return tuple(values)


def save_signature(db: sqlite3.Connection, f: Features, generic: set[str] | None = None) -> None:
    """Keep a release's signature and post its keys, but not those already generic (a bucket
    of boilerplate stops growing)."""
    db.execute(
        "INSERT OR REPLACE INTO case_sigs (article_id, source_id, jurisdiction, countries,"
        " language, day, keys, minhash) VALUES (?,?,?,?,?,?,?,?)",
        (f.article_id, f.source_id, f.jurisdiction, " ".join(f.countries), f.language, f.day,
         "\n".join(f.keys), pack(f.minhash)),
    )  # fmt: skip
    db.executemany(
        "INSERT OR IGNORE INTO case_keys (key, article_id) VALUES (?, ?)",
        [(key, f.article_id) for key in (*f.keys, *f.bands()) if key not in (generic or ())],
    )


def load_signature(db: sqlite3.Connection, article_id: int) -> Features | None:
    row = db.execute("SELECT * FROM case_sigs WHERE article_id=?", (article_id,)).fetchone()
    return _features(row) if row else None


def load_signatures(db: sqlite3.Connection, ids: Iterable[int]) -> dict[int, Features]:
    ids = list(ids)
    found: dict[int, Features] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for row in db.execute(f"SELECT * FROM case_sigs WHERE article_id IN ({marks})", chunk):
            found[row[0]] = _features(row)
    return found


def _features(row: sqlite3.Row | tuple) -> Features:
    article_id, source_id, jurisdiction, countries, language, day, keys, blob = tuple(row)
    return Features(
        article_id=article_id,
        source_id=source_id,
        jurisdiction=jurisdiction,
        countries=tuple(countries.split()),
        language=language,
        day=day,
        keys=tuple(keys.split("\n")) if keys else (),
        minhash=unpack(blob),
    )


def delete_signature(db: sqlite3.Connection, f: Features) -> None:
    db.executemany(
        "DELETE FROM case_keys WHERE key=? AND article_id=?",
        [(key, f.article_id) for key in (*f.keys, *f.bands())],
    )
    db.execute("DELETE FROM case_sigs WHERE article_id=?", (f.article_id,))


def postings(db: sqlite3.Connection, key: str, limit: int) -> list[tuple[int, int | None]]:
    """Up to `limit` (release, case) pairs holding `key`."""
    return db.execute(
        "SELECT k.article_id, m.case_id FROM case_keys k LEFT JOIN case_members m"
        " ON m.article_id = k.article_id WHERE k.key=? LIMIT ?",
        (key, limit),
    ).fetchall()


def case_of(db: sqlite3.Connection, article_id: int) -> int | None:
    row = db.execute("SELECT case_id FROM case_members WHERE article_id=?", (article_id,))
    found = row.fetchone()
    return found[0] if found else None


def case_size(db: sqlite3.Connection, case_id: int) -> int:
    row = db.execute("SELECT size FROM cases WHERE id=?", (case_id,)).fetchone()
    return row[0] if row else 0


def members(db: sqlite3.Connection, case_id: int) -> list[int]:
    rows = db.execute("SELECT article_id FROM case_members WHERE case_id=?", (case_id,))
    return [r[0] for r in rows]


def save_link(db: sqlite3.Connection, a: int, b: int, score: float, reasons: dict) -> None:
    db.execute(
        "INSERT OR REPLACE INTO case_links (article_id, other_id, score, reasons) VALUES (?,?,?,?)",
        (a, b, score, json.dumps(reasons, ensure_ascii=False, sort_keys=True)),
    )


def links_among(db: sqlite3.Connection, ids: list[int]) -> list[tuple[int, int]]:
    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    rows = db.execute(
        f"SELECT article_id, other_id FROM case_links WHERE article_id IN ({marks})", ids
    )
    inside = set(ids)
    return [(a, b) for a, b in rows if b in inside]


def delete_links(db: sqlite3.Connection, article_id: int) -> None:
    db.execute("DELETE FROM case_links WHERE article_id=? OR other_id=?", (article_id,) * 2)


def case_links(db: sqlite3.Connection, ids: list[int]) -> list[dict[str, Any]]:
    """Every stored link between releases of `ids`, with its reasons."""
    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    rows = db.execute(
        f"SELECT article_id, other_id, score, reasons FROM case_links WHERE article_id IN"
        f" ({marks}) ORDER BY article_id, other_id",
        ids,
    )
    return [
        {"article_id": a, "other_id": b, "score": s, "reasons": json.loads(r)}
        for a, b, s, r in rows
    ]


def clear_all(db: sqlite3.Connection) -> None:
    for table in CASE_TABLES:
        db.execute(f"DELETE FROM {table}")
