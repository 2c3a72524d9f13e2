"""One ingest path for every document, crawled or submitted.

raw document → canonical URL → clean text and safe HTML → language → date (UTC) → classification
and facts → store. The full-text index follows the store (fulltext.SearchIndex.sync), not this
module. `analyse_release` (clean text → language → classification with facts) is the part that
`fakefree classify`, `fakefree evaluate` and `fakefree reclassify` share with ingest.
"""

from __future__ import annotations

import hashlib
import html
import logging
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import BrokenExecutor, CancelledError, Executor, Future
from dataclasses import dataclass
from datetime import datetime

from fakefree.catalogue import Source
from fakefree.index.classify import Classification, classify
from fakefree.index.dates import parse_published
from fakefree.index.documents import RawDocument
from fakefree.index.language import detect_language
from fakefree.index.pdftext import PdfError, pdf_text
from fakefree.index.sanitize import sanitize_html
from fakefree.index.store import Store, utcnow
from fakefree.index.text import html_to_text, normalize_space, one_line, summarize
from fakefree.index.urls import canonical_url

log = logging.getLogger(__name__)

MAX_TITLE = 500
MAX_BODY_CHARS = 200_000


class IngestError(ValueError):
    """The document cannot be stored (no title, no text, an unreadable PDF); the message says why."""


@dataclass(frozen=True)
class Analysis:
    """What ingest makes of a release's words: its clean title and text, language and tags."""

    title: str
    text: str
    language: str
    tags: Classification


def tag_fields(tags: Classification) -> dict:
    """The store's columns for a classification (relevance, tags, evidence, facts)."""
    return {
        "is_relevant": tags.is_relevant,
        "relevance_score": tags.relevance_score,
        "countries": list(tags.countries),
        "origin_countries": list(tags.origin_countries),
        "sectors": list(tags.sectors),
        "ip_types": list(tags.ip_types),
        "actions": list(tags.actions),
        "evidence": dict(tags.evidence),
        "facts": dict(tags.facts),
    }


def clean_text(html_body: str = "", text: str = "") -> str:
    """The body as clean text: from its HTML when there is some, else from its plain text."""
    body = html_to_text(html_body) if html_body else normalize_space(text)
    return body[:MAX_BODY_CHARS]


def analyse_release(
    title: str, text: str, jurisdiction: str, declared_language: str | None = None
) -> Analysis:
    """Language, classification and facts of a release whose text is already clean."""
    title = one_line(title)[:MAX_TITLE]
    language = detect_language(f"{title}\n{text}", declared_language)
    return Analysis(title, text, language, classify(title, text, language, jurisdiction))


def _plain_text(raw: RawDocument) -> str:
    """The release's plain text: its PDF's when it came as one, else the text found."""
    if not raw.pdf:
        return raw.text
    try:
        return pdf_text(raw.pdf)
    except PdfError as exc:
        raise IngestError(f"{raw.url}: {exc}") from exc


def _body(raw: RawDocument) -> tuple[str, str]:
    """(text, safe html) of the release body."""
    if raw.html and not raw.pdf:
        return clean_text(html_body=raw.html), sanitize_html(raw.html, raw.url)
    text = clean_text(text=_plain_text(raw))
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in text.split("\n") if p)
    return text, paragraphs


def _declared_language(source: Source, raw: RawDocument) -> str | None:
    if raw.language:
        return raw.language
    return source.languages[0] if len(source.languages) == 1 else None


def _content_hash(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def _summary_text(raw: RawDocument, text: str) -> str:
    """The text to summarise: the feed's summary, else the body. A feed entry without its own
    summary repeats its content there; parsing that HTML again would double the cost of HTML
    to text (about 3 ms a release), so the body's text, untruncated, serves for it."""
    if not raw.summary:
        return text
    if raw.summary == raw.html and not raw.pdf and len(text) < MAX_BODY_CHARS:
        return text
    return html_to_text(raw.summary)


def build_record(source: Source, raw: RawDocument, fetched_at: datetime | None = None) -> dict:
    """Everything the store keeps for one release, computed from the raw document."""
    text, safe_html = _body(raw)
    if not one_line(raw.title) or not (text or raw.summary):
        raise IngestError(f"{raw.url}: no title or no text")
    summary = summarize(_summary_text(raw, text))
    found = analyse_release(
        raw.title, text or summary, source.jurisdiction, _declared_language(source, raw)
    )
    title, language, tags = found.title, found.language, found.tags
    fetched_at = fetched_at or utcnow()
    timezone = source.option("timezone", "UTC")
    published = parse_published(raw.published, (language, "en", "fr", "es"), timezone)
    fields = tag_fields(tags)
    if published is None:
        published = fetched_at
        fields["evidence"]["date"] = [f"no date found in {raw.published!r}; fetch time used"]
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
        **fields,
    }


def ingest_document(store: Store, source: Source, raw: RawDocument) -> str:
    """Store one release; returns 'new', 'updated' or 'unchanged'. Raises IngestError."""
    return _store_record(store, source, raw, build_record(source, raw))


def _store_record(store: Store, source: Source, raw: RawDocument, record: dict) -> str:
    status = store.upsert_article(record)
    log.debug("%s: %s %s", source.id, status, raw.url)
    return status


def ingest_many(
    store: Store,
    source: Source,
    raws: Iterable[RawDocument],
    analyse: Executor | None = None,
    ahead: int = 16,
) -> Iterator[tuple[RawDocument, str | IngestError]]:
    """Store each release as ingest_document does, in order; yields (raw, 'new' | 'updated' |
    'unchanged' | the IngestError). With `analyse` (a process pool), each record is computed
    there (text, language, date, classification: most of ingest's CPU), up to `ahead` releases
    in advance, while this process stores the ones done: a crawl then uses a second core. A
    broken pool is worked around (the record is computed here). If `raws` fails (a reader's
    CrawlError), the releases already read are stored first, then the error is raised."""
    pending: deque[tuple[RawDocument, Future | None]] = deque()
    iterator, failure = iter(raws), None
    while True:
        try:
            raw = next(iterator)
        except StopIteration:
            break
        except Exception as exc:  # stored what was read, then raised
            failure = exc
            break
        pending.append((raw, _submit(analyse, source, raw)))
        while pending and (len(pending) > ahead or _ready(pending[0][1])):
            yield _store_one(store, source, *pending.popleft())
    while pending:
        yield _store_one(store, source, *pending.popleft())
    if failure is not None:
        raise failure


def _submit(analyse: Executor | None, source: Source, raw: RawDocument) -> Future | None:
    if analyse is None:
        return None
    try:
        return analyse.submit(build_record, source, raw)
    except (BrokenExecutor, RuntimeError):  # broken, or shut down: computed here instead
        return None


def _ready(future: Future | None) -> bool:
    return future is None or future.done()


def _store_one(
    store: Store, source: Source, raw: RawDocument, future: Future | None
) -> tuple[RawDocument, str | IngestError]:
    try:
        if future is None:
            return raw, ingest_document(store, source, raw)
        try:
            record = future.result()
        except (BrokenExecutor, CancelledError):  # broken, or shut down with the worker
            log.warning("%s: no analysis process; %s analysed here", source.id, raw.url)
            return raw, ingest_document(store, source, raw)
        return raw, _store_record(store, source, raw, record)
    except IngestError as exc:
        return raw, exc
