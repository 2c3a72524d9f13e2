"""One ingest path for every document, crawled or submitted.

raw document → canonical URL → clean text and safe HTML → language → date (UTC) → classification
→ store. The full-text index follows the store (fulltext.SearchIndex.sync), not this module.
"""

from __future__ import annotations

import hashlib
import html
import logging
from datetime import datetime

from fakefree.catalogue import Source
from fakefree.index.classify import classify
from fakefree.index.dates import parse_published
from fakefree.index.documents import RawDocument
from fakefree.index.language import detect_language
from fakefree.index.sanitize import sanitize_html
from fakefree.index.store import Store, utcnow
from fakefree.index.text import html_to_text, normalize_space, one_line, summarize
from fakefree.index.urls import canonical_url

log = logging.getLogger(__name__)

MAX_TITLE = 500
MAX_BODY_CHARS = 200_000


class IngestError(ValueError):
    """The document cannot be stored (no title, no text); the message says why."""


def _body(raw: RawDocument) -> tuple[str, str]:
    """(text, safe html) of the release body."""
    if raw.html:
        text = html_to_text(raw.html)
        return text[:MAX_BODY_CHARS], sanitize_html(raw.html, raw.url)
    text = normalize_space(raw.text)[:MAX_BODY_CHARS]
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in text.split("\n") if p)
    return text, paragraphs


def _declared_language(source: Source, raw: RawDocument) -> str | None:
    if raw.language:
        return raw.language
    return source.languages[0] if len(source.languages) == 1 else None


def _content_hash(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def build_record(source: Source, raw: RawDocument, fetched_at: datetime | None = None) -> dict:
    """Everything the store keeps for one release, computed from the raw document."""
    title = one_line(raw.title)[:MAX_TITLE]
    text, safe_html = _body(raw)
    if not title or not (text or raw.summary):
        raise IngestError(f"{raw.url}: no title or no text")
    summary = summarize(html_to_text(raw.summary) if raw.summary else text)
    language = detect_language(f"{title}\n{text or summary}", _declared_language(source, raw))
    fetched_at = fetched_at or utcnow()
    timezone = source.option("timezone", "UTC")
    published = parse_published(raw.published, (language, "en", "fr", "es"), timezone)
    tags = classify(title, text or summary, language, source.jurisdiction)
    evidence = dict(tags.evidence)
    if published is None:
        published = fetched_at
        evidence["date"] = [f"no date found in {raw.published!r}; fetch time used"]
    return {
        "url": canonical_url(raw.url),
        "source_id": source.id,
        "title": title,
        "summary": summary,
        "body_text": text,
        "body_html": safe_html,
        "language": language,
        "published_at": published,
        "fetched_at": fetched_at,
        "content_hash": _content_hash(title, summary, text, language),
        "is_relevant": tags.is_relevant,
        "relevance_score": tags.relevance_score,
        "countries": list(tags.countries),
        "origin_countries": list(tags.origin_countries),
        "sectors": list(tags.sectors),
        "ip_types": list(tags.ip_types),
        "actions": list(tags.actions),
        "evidence": evidence,
        "facts": dict(tags.facts),
    }


def ingest_document(store: Store, source: Source, raw: RawDocument) -> str:
    """Store one release; returns 'new', 'updated' or 'unchanged'. Raises IngestError."""
    status = store.upsert_article(build_record(source, raw))
    log.debug("%s: %s %s", source.id, status, raw.url)
    return status
