"""Approving a submitted release: the common ingest, then the article marked as the agency's.

The submission becomes a RawDocument of a source of its own, "agency-<account id>" (disabled:
no reader ever crawls it, and the health page does not count it). Its URL is the original's when
the agency gave one, else SUBMISSION_URL on our own site. An operator approved it, so it is
published even if the classifier would not have found it relevant; the operator's corrected
tags, else the agency's suggested ones, replace the classifier's for countries and sectors;
an operator may also correct IP types and actions. The text of an attached PDF is ingested
with the body (classified, searchable, shown escaped under the body).
A release whose original is already in the store (crawled) is not approved again: a duplicate.
The article is written before the submission is marked approved, then the index follows; the
index's write lock serialises this with a crawl's sync, and the store keeps both either way.
"""

from __future__ import annotations

import json
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from fakefree.catalogue import Source
from fakefree.index.documents import RawDocument
from fakefree.index.fulltext import open_index
from fakefree.index.ingest import IngestError, build_record
from fakefree.index.store import Store, to_iso, utcnow
from fakefree.index.submissions import SubmissionError, audit, get_account, get_submission
from fakefree.index.urls import canonical_url

# The .invalid TLD never resolves anywhere: a stable identity for releases with no original.
SUBMISSION_URL = "https://fakefree.invalid/submissions/{id}"
AGENCY_HOMEPAGE = "https://fakefree.invalid/agencies/{id}"
CORRECTABLE = ("countries", "sectors", "ip_types", "actions")
SUGGESTED = ("countries", "sectors")  # the agency suggests these; an operator corrects all four


def agency_source(account: dict[str, Any], submission: dict[str, Any]) -> Source:
    url = submission["original_url"]
    homepage = (
        f"{urlsplit(url).scheme}://{urlsplit(url).netloc}/"
        if url
        else AGENCY_HOMEPAGE.format(id=account["id"])
    )
    return Source(
        id=f"agency-{account['id']}", name=f"{account['agency']} (submitted)",
        agency=account["agency"], jurisdiction=account["jurisdiction"], homepage=homepage,
        languages=(submission["language"],), reader="feed", urls=(), enabled=False,
    )  # fmt: skip


def submission_record(source: Source, submission: dict, corrections: dict) -> dict[str, Any]:
    """The article record: ingest's own, published, tagged as corrected, marked as submitted."""
    raw = RawDocument(
        url=submission["original_url"] or SUBMISSION_URL.format(id=submission["id"]),
        source_id=source.id, title=submission["title"], html=body_with_attachment(submission),
        published=submission["published"] or None, language=submission["language"],
    )  # fmt: skip
    try:
        record = build_record(source, raw)
    except IngestError as exc:
        raise SubmissionError(f"submission {submission['id']}: {exc}") from exc
    record["is_relevant"] = True
    record["evidence"]["submitted_by"] = [source.agency]
    for kind in CORRECTABLE:
        chosen, why = corrections.get(kind), "corrected by an operator"
        if not chosen and kind in SUGGESTED:
            chosen, why = submission[f"suggested_{kind}"], "suggested by the agency"
        if chosen:
            record[kind] = list(chosen)
            record["evidence"].update({f"{kind}:{tag}": [why] for tag in chosen})
    return record


def body_with_attachment(submission: dict[str, Any]) -> str:
    """The body's HTML, followed by the attached PDF's text as escaped paragraphs."""
    text = submission.get("attachment_text") or ""
    paragraphs = [p.strip() for p in text.split("\n\n") if p.strip()]
    extra = "".join(f"<p>{escape(' '.join(p.split()))}</p>" for p in paragraphs)
    return submission["body_html"] + extra


def approve(store: Store, submission_id: int, actor: str, corrections: dict | None = None) -> int:
    """Publish a pending submission; returns the article id. Raises SubmissionError."""
    submission = get_submission(store, submission_id)
    if submission is None or submission["status"] != "pending":
        raise SubmissionError(f"submission {submission_id} is not pending")
    account = get_account(store, account_id=submission["account_id"]) or {}
    source = agency_source(account, submission)
    corrections = {k: v for k, v in (corrections or {}).items() if v}
    record = submission_record(source, submission, corrections)
    if store.has_url(canonical_url(record["url"])):  # never take over a crawled release
        raise SubmissionError(f"{record['url']} is already published; reject as a duplicate")
    store.sync_sources([source])
    store.upsert_article(record)
    url = canonical_url(record["url"])
    article_id = store.db.execute("SELECT id FROM articles WHERE url=?", (url,)).fetchone()[0]
    with store.transaction() as db:
        db.execute(
            "UPDATE submissions SET status='approved', article_id=?, corrections=?, updated_at=?"
            " WHERE id=?",
            (article_id, json.dumps(corrections, sort_keys=True), to_iso(utcnow()), submission_id),
        )
        audit(store, actor, "submission.approve", submission_id, article_id=article_id,
              corrections=corrections)  # fmt: skip
    return int(article_id)


def approve_and_index(
    store: Store, index_dir: Path, submission_id: int, actor: str, corrections: dict | None = None
) -> int:
    """Approve, then bring the full-text index along (search and feeds show the release)."""
    article_id = approve(store, submission_id, actor, corrections)
    open_index(index_dir).sync(store)
    return article_id
