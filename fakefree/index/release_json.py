"""Releases as JSON lines in, their analyses as JSON lines out (`fakefree classify`).

A release is a JSON object: `title`, `text` (or `html`), and optionally `url`, `language` (what
the source publishes in: decides short or mixed texts, as in ingest), `source` (a source id of
the catalogue, giving the jurisdiction and the declared language) or `jurisdiction` (a code).
Its analysis goes through `ingest.analyse_release`, the code path of ingest, and comes out as:

    {"url": ..., "source": ..., "relevant": true, "relevance_score": 11.0, "language": "en",
     "countries": ["US"], "origin_countries": ["CN"], "sectors": ["apparel"],
     "ip_types": ["counterfeit"], "actions": ["seizure"], "facts": {...}, "evidence": {...}}

A line that cannot be read gives {"line": N, "error": "..."} instead.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from fakefree.catalogue import Source
from fakefree.index.ingest import analyse_release, clean_text

FIELDS = ("countries", "origin_countries", "sectors", "ip_types", "actions")


class ReleaseError(ValueError):
    """A release line cannot be analysed; the message says why."""


def analyse_lines(lines: Iterable[str], sources: Mapping[str, Source]) -> Iterator[dict[str, Any]]:
    """One analysis (or error) per non-blank line, in order."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            yield analyse_json(json.loads(line), sources)
        except (ValueError, TypeError) as exc:  # JSONDecodeError is a ValueError
            yield {"line": number, "error": str(exc)}


def analyse_json(release: Any, sources: Mapping[str, Source]) -> dict[str, Any]:
    """The analysis of one release object (see the module's docstring)."""
    if not isinstance(release, dict) or not str(release.get("title") or "").strip():
        raise ReleaseError("a release is a JSON object with a title")
    source = _source(release, sources)
    jurisdiction = str(release.get("jurisdiction") or (source.jurisdiction if source else ""))
    declared = release.get("language") or _declared(source)
    text = clean_text(str(release.get("html") or ""), str(release.get("text") or ""))
    found = analyse_release(str(release["title"]), text, jurisdiction, declared)
    tags = found.tags
    return {
        "url": release.get("url"),
        "source": source.id if source else None,
        "relevant": tags.is_relevant,
        "relevance_score": tags.relevance_score,
        "language": found.language,
        **{field: list(getattr(tags, field)) for field in FIELDS},
        "facts": tags.facts,
        "evidence": tags.evidence,
    }


def _source(release: dict[str, Any], sources: Mapping[str, Source]) -> Source | None:
    source_id = release.get("source") or release.get("source_id")
    if not source_id:
        return None
    if source_id not in sources:
        raise ReleaseError(f"unknown source {source_id!r}; see `fakefree sources`")
    return sources[source_id]


def _declared(source: Source | None) -> str | None:
    return source.languages[0] if source and len(source.languages) == 1 else None
