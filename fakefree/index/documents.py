"""The shapes a release takes on its way: raw (as found by a reader) and stored (an article)."""

from __future__ import annotations

import base64
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any


@dataclass
class RawDocument:
    """A release as a reader found it, before any interpretation.

    `published` is kept as found (epoch seconds, ISO 8601, or a date written in words); ingest
    parses it. `language` is the language the source declares for this URL, if it declares one.
    `pdf` holds the bytes of a release published as a PDF (ingest extracts its text); in the
    JSON form (`to_dict`) it travels as base64.
    """

    url: str
    source_id: str
    title: str
    html: str = ""
    text: str = ""
    summary: str = ""
    published: str | int | float | None = None
    language: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    pdf: bytes = b""

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["pdf"] = base64.b64encode(self.pdf).decode("ascii")
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RawDocument:
        known = {k: data[k] for k in cls.__dataclass_fields__ if k in data}
        if isinstance(known.get("pdf"), str):
            known["pdf"] = base64.b64decode(known["pdf"])
        return cls(**known)


@dataclass(frozen=True)
class Article:
    """A stored release. Tags are ids from the taxonomy; `evidence` maps 'kind:id' to the words."""

    id: int
    url: str
    source_id: str
    agency: str
    jurisdiction: str
    title: str
    summary: str
    body_text: str
    body_html: str
    language: str
    published_at: datetime | None
    fetched_at: datetime
    updated_at: datetime
    is_relevant: bool
    relevance_score: float
    countries: tuple[str, ...]
    origin_countries: tuple[str, ...]
    sectors: tuple[str, ...]
    ip_types: tuple[str, ...]
    actions: tuple[str, ...]
    evidence: dict[str, list[str]]
    facts: dict[str, Any]  # quantities, values, sentences ... each with its evidence
    rev: int
    agency_homepage: str = ""
