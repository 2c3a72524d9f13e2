"""Classify every stored release again, after a change of the taxonomy (`fakefree reclassify`).

Each article's stored title, clean text, language and source jurisdiction go through `classify`
(language and text do not depend on the taxonomy, so they are not computed again). Its relevance,
tags, evidence and facts are rewritten only when they changed; a rewritten article takes the
next revision, so `SearchIndex.sync` then brings the full-text index along. Evidence that is not
the classifier's (the "date" note of ingest) is kept.
"""

from __future__ import annotations

import logging
from typing import NamedTuple

from fakefree.index.classify import classify
from fakefree.index.documents import Article
from fakefree.index.ingest import tag_fields
from fakefree.index.store import Store
from fakefree.index.taxonomy import TAG_KINDS, Taxonomy

log = logging.getLogger(__name__)

BATCH = 200
_CLASSIFIER_KEYS = ("relevance", "countries", "origin_countries", *TAG_KINDS)


class Reclassified(NamedTuple):
    articles: int
    changed: int
    relevant_before: int
    relevant_after: int


def reclassify_store(store: Store, taxonomy: Taxonomy | None = None) -> Reclassified:
    """Classify every article of `store` again; returns what changed."""
    ids = store.article_ids()
    counts = [0, 0, 0]  # changed, relevant before, relevant after
    for start in range(0, len(ids), BATCH):
        for article in store.get_articles(ids[start : start + BATCH]):
            fields = _fields(article, taxonomy)
            counts[0] += store.rewrite_classification(article.id, fields)
            counts[1] += article.is_relevant
            counts[2] += fields["is_relevant"]
    log.info("reclassified %d articles, %d changed", len(ids), counts[0])
    return Reclassified(len(ids), *counts)


def _fields(article: Article, taxonomy: Taxonomy | None) -> dict:
    text = article.body_text or article.summary
    tags = classify(article.title, text, article.language, article.jurisdiction, taxonomy)
    fields = tag_fields(tags)
    kept = {key: words for key, words in article.evidence.items() if not _from_classifier(key)}
    fields["evidence"] = {**fields["evidence"], **kept}
    return fields


def _from_classifier(key: str) -> bool:
    return key.partition(":")[0] in _CLASSIFIER_KEYS
