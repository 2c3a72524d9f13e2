"""Every source of the real catalogue, read by its real reader against its recorded site.

One expected file per source, tests/fixtures/expected/<source id>.json, lists what the reader
must find: each release's url, title, language, `published` as the reader gives it, the first
words of its body text and, where a site sets a trap (a mission blurb, a placeholder date, a
metadata line), words the body must not hold. The folder is the test list; a source without a
file, or a file without a source, fails test_sources_catalogue.py.

The sources are read once, concurrently (Scrapy sources each run a child process), by a
module fixture; each expected file is then one test.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from fakefree.catalogue import Source
from fakefree.crawler.errors import CrawlError
from fakefree.crawler.readers import read_source
from fakefree.index.documents import RawDocument

from .conftest import MIRROR_ROOT, never_known, settings_for, start_mirror

EXPECTED = MIRROR_ROOT.parent / "expected"
EXPECTED_FILES = sorted(EXPECTED.glob("*.json"))


def body_text(doc: RawDocument) -> str:
    return " ".join(BeautifulSoup(doc.html or doc.summary, "lxml").get_text(" ").split())


def found_rows(docs: list[RawDocument]) -> list[dict]:
    """What a reader found, in the expected files' shape (releases sorted by URL)."""
    return [
        {"url": d.url, "title": d.title, "language": d.language, "published": d.published}
        for d in sorted(docs, key=lambda d: d.url)
    ]


def read_one(source: Source, mirror_url: str, data_dir: Path) -> list[RawDocument] | CrawlError:
    try:
        return list(read_source(source, settings_for(mirror_url, data_dir), never_known))
    except CrawlError as exc:
        return exc


@pytest.fixture(scope="module")
def found(catalogue, tmp_path_factory) -> Iterator[dict[str, list[RawDocument] | CrawlError]]:
    """Every source read against the recorded sites: source id → documents, or its failure."""
    mirror = start_mirror(MIRROR_ROOT)
    try:
        with ThreadPoolExecutor(max_workers=3) as pool:
            futures = {
                sid: pool.submit(read_one, source, mirror.url, tmp_path_factory.mktemp(sid))
                for sid, source in catalogue.items()
            }
            yield {sid: future.result() for sid, future in futures.items()}
    finally:
        mirror.server.shutdown()
        mirror.server.server_close()


@pytest.mark.parametrize("expected_file", EXPECTED_FILES, ids=lambda p: p.stem)
def test_source_reads_its_recorded_site(expected_file: Path, found, catalogue) -> None:
    source_id = expected_file.stem
    assert source_id in catalogue, f"{expected_file.name}: no such source in the catalogue"
    result = found[source_id]
    assert not isinstance(result, CrawlError), f"{source_id} failed: {result}"
    expected = json.loads(expected_file.read_text(encoding="utf-8"))
    fields = ("url", "title", "language", "published")
    assert found_rows(result) == [{k: row[k] for k in fields} for row in expected]
    assert {d.source_id for d in result} == {source_id}
    texts = {d.url: body_text(d) for d in result}
    for row in expected:
        text = texts[row["url"]]
        assert text.startswith(row["body_starts"]), f"{row['url']}: body starts {text[:80]!r}"
        for words in row.get("body_lacks", []):
            assert words not in text, f"{row['url']}: body holds {words!r}"
