"""Merge policies: when a commit merges which segments (Whoosh's merge-policy signature).

Whoosh's default policy (MERGE_SMALL) rewrote segments of thousands of documents at almost every
small commit once the index was large (6 releases/s synced at 100k articles). `tiered_merge`
merges segments of like size by tens, below a size bound (TIERS), and bounds the number of
segments (searches pay per segment). While releases keep arriving, the worker's indexer commits
with `busy_merge`, which leaves merging to idle time (SearchIndex.merge_step) up to a higher
bound: a burst of crawling is not slowed by rewriting what it has just written.
"""

from __future__ import annotations

from typing import Any

TIERS = (500, 4_000)  # documents: segments below 500, then below 4,000, are merged by tens
MERGE_AT = 10
MAX_SEGMENTS = 24  # past this, the MERGE_AT smallest segments are merged into one
MAX_SEGMENTS_BUSY = 40  # the same while releases keep arriving (merges wait for idle time)


def tiered_merge(writer: Any, segments: list[Any]) -> list[Any]:
    """Whoosh's merge-policy signature: merge some `segments` into `writer`, return the others.

    Segments of like size are merged by tens, so that a document is rewritten once per tier
    (merging costs Whoosh as much as indexing, ~4 ms a document): MERGE_AT segments under
    TIERS[0] documents make one of about TIERS[0]; MERGE_AT between TIERS[0] and TIERS[1] make
    one of about TIERS[1] or more, which no sync merges again. Bigger segments are left alone
    (merging them would stall a sync for minutes) unless more than MAX_SEGMENTS would remain:
    then the MERGE_AT smallest are merged, the cheapest merge that bounds the count."""
    return _merge_into(writer, segments, tiered_choice(segments))


def tiered_choice(segments: list[Any]) -> list[Any]:
    """The segments tiered_merge would merge now (none: nothing to do)."""
    chosen: list[Any] = []
    low = 0
    for high in TIERS:
        tier = [seg for seg in segments if low <= seg.doc_count_all() < high]
        if len(tier) >= MERGE_AT:
            chosen = tier
            break
        low = high
    if len(segments) - len(chosen) + 1 > MAX_SEGMENTS:  # + the new one (merged ones go in it)
        chosen = sorted(segments, key=lambda seg: seg.doc_count_all())[: max(MERGE_AT, len(chosen))]
    return chosen


def busy_merge(writer: Any, segments: list[Any]) -> list[Any]:
    """The merge policy while releases keep arriving: merging waits for idle time
    (SearchIndex.merge_step), unless more than MAX_SEGMENTS_BUSY segments would remain; then
    the MERGE_AT smallest are merged, as tiered_merge does past MAX_SEGMENTS."""
    chosen: list[Any] = []
    if len(segments) + 1 > MAX_SEGMENTS_BUSY:
        chosen = sorted(segments, key=lambda seg: seg.doc_count_all())[:MERGE_AT]
    return _merge_into(writer, segments, chosen)


def _merge_into(writer: Any, segments: list[Any], chosen: list[Any]) -> list[Any]:
    from whoosh.reading import SegmentReader

    for seg in chosen:
        reader = SegmentReader(writer.storage, writer.schema, seg)
        writer.add_reader(reader)
        reader.close()
    ids = {seg.segment_id() for seg in chosen}
    return [seg for seg in segments if seg.segment_id() not in ids]
