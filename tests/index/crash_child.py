"""A process that ingests and indexes releases until it is killed (see test_crash_safety).

    python -m tests.index.crash_child DATA_DIR FIRST

Prints each release's URL once its store transaction has committed, and "synced N" after each
index sync, flushing every line, so the parent knows what must have survived the kill.
"""

from __future__ import annotations

import sys
from pathlib import Path

from fakefree.catalogue import Source, SourceURL
from fakefree.index.documents import RawDocument
from fakefree.index.fulltext import SearchIndex
from fakefree.index.ingest import ingest_document
from fakefree.index.store import Store

SOURCE = Source(
    id="crash", name="Crash test agency", agency="Crash test agency", jurisdiction="US",
    homepage="https://crash.example/", languages=("en",), reader="feed",
    urls=(SourceURL("https://crash.example/feed"),),
)  # fmt: skip
GOODS = ["handbags", "watches", "medicines", "airbags", "chargers", "perfume", "toys"]


def release(i: int) -> RawDocument:
    goods = GOODS[i % len(GOODS)]
    relevant = i % 4 != 0
    title = f"Officers seize counterfeit {goods} in case {i}" if relevant else f"Tax case {i}"
    body = (
        f"Customs officers seized {i * 7 + 3} counterfeit {goods} bearing protected trademarks."
        if relevant
        else f"A man pleaded guilty to filing false tax returns in case {i}."
    )
    return RawDocument(
        url=f"https://crash.example/press/{i}", source_id=SOURCE.id, title=title,
        html=f"<p>{body}</p>" * 4, published="2025-06-01T12:00:00Z", language="en",
    )  # fmt: skip


def main(data_dir: Path, first: int) -> None:
    store = Store(data_dir / "fakefree.sqlite3")
    store.sync_sources([SOURCE])
    index = SearchIndex(data_dir / "index")
    i = first
    while True:
        ingest_document(store, SOURCE, release(i))
        print(release(i).url, flush=True)
        if i % 15 == 0:
            print(f"synced {index.sync(store)}", flush=True)
        i += 1


if __name__ == "__main__":
    main(Path(sys.argv[1]), int(sys.argv[2]))
