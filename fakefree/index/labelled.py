"""Labelled releases, for measuring the classifier (`fakefree evaluate`).

A labelled set is a file, or a folder of files (read in name order):
- `*.jsonl`: one release a line, a JSON object;
- `*.toml`: `[[release]]` tables with the same keys; or, for releases kept elsewhere, a `records`
  key naming a justice.gov API response (a path from the repository root) whose releases are
  found by `uuid`, with `jurisdiction` and `language` for them all (skipped, with a warning,
  when that file is not there).

A release has `title`, `text` (or `html`), `jurisdiction` (the source's code) and optionally
`declared_language` (what the source says it publishes in), plus its labels: any of LABELS.
Labels left out are not evaluated. Every 5th release of a file is in the held-out slice.
"""

from __future__ import annotations

import json
import logging
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fakefree.settings import REPO_ROOT

log = logging.getLogger(__name__)

LABELS = (
    "relevant", "language", "countries", "origin_countries", "sectors", "ip_types", "actions",
    "facts",
)  # fmt: skip
HELD_OUT_EVERY = 5
_SUFFIXES = (".toml", ".jsonl")


class LabelledSetError(ValueError):
    """A labelled set cannot be read; the message names the file and the release."""


@dataclass(frozen=True)
class LabelledRelease:
    id: str
    title: str
    text: str = ""
    html: str = ""
    jurisdiction: str = ""
    declared_language: str | None = None
    held_out: bool = False
    labels: Mapping[str, Any] = field(default_factory=dict)


def default_set() -> Path:
    """The project's development set."""
    return REPO_ROOT / "tests" / "fixtures" / "devset"


def load_labelled(path: Path) -> list[LabelledRelease]:
    """Every labelled release at `path` (a file or a folder of files)."""
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix in _SUFFIXES)
    elif path.suffix in _SUFFIXES:
        files = [path]
    else:
        raise LabelledSetError(f"{path}: expected a folder, a .toml or a .jsonl file")
    return [release for file in files for release in _read_file(file)]


def _read_file(path: Path) -> Iterator[LabelledRelease]:
    try:
        rows = list(_rows(path))
    except (OSError, ValueError) as exc:  # JSON and TOML decode errors are ValueErrors
        raise LabelledSetError(f"{path}: {exc}") from exc
    for position, row in enumerate(rows, start=1):
        yield _release(row, f"{path.stem}:{position}", position % HELD_OUT_EVERY == 0)


def _rows(path: Path) -> Iterator[dict[str, Any]]:
    if path.suffix == ".jsonl":
        lines = path.read_text(encoding="utf-8").splitlines()
        yield from (json.loads(line) for line in lines if line.strip())
        return
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    releases = data.get("release", [])
    if "records" not in data:
        yield from releases
    elif (REPO_ROOT / data["records"]).exists():
        yield from _records(REPO_ROOT / data["records"], releases, data)
    else:
        log.warning("%s: %s is not here; its %d labels are skipped", path, data["records"],
                    len(releases))  # fmt: skip


def _records(
    path: Path, labels: list[dict[str, Any]], common: dict[str, Any]
) -> Iterator[dict[str, Any]]:
    """justice.gov records labelled by uuid, read in place."""
    by_uuid = {r["uuid"]: r for r in json.loads(path.read_text(encoding="utf-8"))["results"]}
    for label in labels:
        record = by_uuid.get(label.get("uuid", ""))
        if record is None:
            raise ValueError(f"uuid {label.get('uuid')!r} is not in {path}")
        title = " ".join(record["title"].split())
        row = {"id": label["uuid"], "title": title, "html": record.get("body") or ""}
        row["jurisdiction"] = common.get("jurisdiction", "")
        yield {**row, "language": common.get("language"), **label}


def _release(row: dict[str, Any], where: str, held_out: bool) -> LabelledRelease:
    if not isinstance(row, dict) or not str(row.get("title", "")).strip():
        raise LabelledSetError(f"{where}: a release needs a title")
    labels = {key: row[key] for key in LABELS if row.get(key) is not None}
    return LabelledRelease(
        id=str(row.get("id") or where),
        title=str(row["title"]),
        text=str(row.get("text") or ""),
        html=str(row.get("html") or ""),
        jurisdiction=str(row.get("jurisdiction") or ""),
        declared_language=row.get("declared_language"),
        held_out=held_out,
        labels=labels,
    )
