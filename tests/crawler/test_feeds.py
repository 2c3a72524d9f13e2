"""The feed reader: Atom/RSS parsing, page extraction, and the reader end to end."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from fakefree.crawler.errors import CrawlError
from fakefree.crawler.feeds import extract_page, parse_feed, read_feed
from fakefree.index.ingest import build_record
from fakefree.index.urls import canonical_url
from tests.index.conftest import SOURCE

from .conftest import MIRROR_ROOT, never_known, settings_for, start_mirror

FEEDS = MIRROR_ROOT / "api.io.canada.ca/io-server/gc/news"
QUERY = "dept=canadaborderservicesagency&format=atom&orderBy=desc&pick=50&sort=publishedDate&type=newsreleases"
EN_FEED_URL = "https://api.io.canada.ca/io-server/gc/news/en/v2?dept=canadaborderservicesagency"
PAGES = MIRROR_ROOT / "www.canada.ca"
COSMETICS_EN = PAGES / (
    "en/border-services-agency/news/2025/11/"
    "counterfeit-cosmetics-and-medicines-seized-at-toronto-pearson-international-airport.html"
)
RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Agency news</title><link>https://agency.example/news</link>
<item><title>Fake watches seized</title><link>/news/fake-watches.html</link>
<pubDate>Tue, 03 Mar 2026 10:00:00 GMT</pubDate><description>Officers seized watches.</description></item>
</channel></rss>"""


def test_atom_entries_become_documents() -> None:
    body = (FEEDS / f"en/v2?{QUERY}").read_bytes()
    docs = parse_feed(body, EN_FEED_URL, "ca-cbsa", "en")
    assert len(docs) == 5
    first = docs[0]
    assert first.url == (
        "https://www.canada.ca/en/border-services-agency/news/2026/01/"
        "border-officers-intercept-more-than-12000-counterfeit-auto-parts-at-port-of-vancouver.html"
    )
    assert first.title.startswith("Border officers intercept more than 12,000 counterfeit")
    assert first.published == "2026-01-20T10:30:00-05:00"
    assert "brake pads" in first.summary
    assert {d.language for d in docs} == {"en"} and {d.source_id for d in docs} == {"ca-cbsa"}


def test_french_feed_keeps_its_language() -> None:
    body = (FEEDS / f"fr/v2?{QUERY}").read_bytes()
    docs = parse_feed(body, EN_FEED_URL.replace("/en/", "/fr/"), "ca-cbsa", "fr")
    assert len(docs) == 4
    assert all("/fr/agence-services-frontaliers/nouvelles/" in d.url for d in docs)
    assert any("contrefaits" in d.title for d in docs)


def test_rss_with_relative_links() -> None:
    (doc,) = parse_feed(RSS, "https://agency.example/news/rss.xml", "x", None)
    assert doc.url == "https://agency.example/news/fake-watches.html"
    assert doc.published == "Tue, 03 Mar 2026 10:00:00 GMT"
    assert doc.summary == "Officers seized watches."


HOSTILE_ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Agency</title><id>urn:a</id>
<updated>2026-03-03T10:00:00Z</updated>
<entry><title type="html">&lt;b&gt;Fake&lt;/b&gt; watches &lt;img src=x onerror=alert(1)&gt;seized</title>
<id>urn:1</id><link href="https://agency.example/news/2026/fake-watches.html"/>
<updated>2026-03-03T10:00:00Z</updated>
<content type="html">&lt;p onclick="steal()"&gt;Officers seized &lt;a href="/files/list.pdf"&gt;500 watches&lt;/a&gt;.&lt;/p&gt;
&lt;script&gt;alert(document.cookie)&lt;/script&gt;</content></entry>
</feed>"""


def test_feed_markup_is_cleaned_by_ingest_not_left_to_feedparser() -> None:
    """feedparser's own sanitizer is off (half its time): ingest makes the title plain text,
    cleans the body with nh3 and resolves its links against the release's URL."""
    (doc,) = parse_feed(HOSTILE_ATOM, "https://agency.example/feed.atom", "x", "en")
    record = build_record(SOURCE, doc)
    assert record["title"] == "Fake watches seized"
    html = record["body_html"]
    assert "script" not in html and "onclick" not in html and "cookie" not in html
    assert 'href="https://agency.example/files/list.pdf"' in html
    assert record["body_text"] == "Officers seized 500 watches."


def test_broken_feed_with_entries_is_used(caplog: pytest.LogCaptureFixture) -> None:
    broken = RSS.replace(b"Fake watches seized", b"Fake watches & clocks seized")
    (doc,) = parse_feed(broken, "https://agency.example/news/rss.xml", "x", None)
    assert doc.title == "Fake watches & clocks seized"
    assert "malformed feed" in caplog.text


@pytest.mark.parametrize(
    "body",
    [
        b"<!DOCTYPE html><html><head><title>Maintenance</title></head><body>Back soon</body></html>",
        b"<?xml version='1.0'?><feed xmlns='http://www.w3.org/2005/Atom'><title>cut off",
        b"this is not a feed at all",
    ],
)
def test_unreadable_feeds_are_parse_errors(body: bytes) -> None:
    with pytest.raises(CrawlError) as err:
        parse_feed(body, "https://agency.example/feed", "x", None)
    assert err.value.kind == "parse"


def test_extract_page_keeps_the_body_and_finds_the_issued_date() -> None:
    html = COSMETICS_EN.read_text(encoding="utf-8")
    body, issued = extract_page(html, "main", "h1, .pagedetails")
    assert issued == "2025-11-06"
    assert "8,500 counterfeit cosmetics" in body and "Quick facts" in body
    assert "<h1" not in body and "Date modified" not in body and "wb.init" not in body
    assert "Skip to main content" not in body  # outside <main>


def test_extract_page_without_the_selector_fails() -> None:
    with pytest.raises(CrawlError):
        extract_page("<html><body><p>nothing here</p></body></html>", "main")
    assert extract_page("<main><p>x</p></main>", "main") == ("<p>x</p>", None)


def test_reader_reads_both_languages_and_each_page(mirror, settings, catalogue) -> None:
    docs = list(read_feed(catalogue["ca-cbsa"], settings, never_known))
    assert len(docs) == 9
    assert [d.language for d in docs] == ["en"] * 5 + ["fr"] * 4
    assert all(d.url.startswith("https://www.canada.ca/") for d in docs)
    vancouver_fr = docs[5]
    assert "pièces automobiles contrefaites" in vancouver_fr.html
    assert vancouver_fr.extra["issued"] == "2026-01-20"
    assert all("<h1" not in d.html and "wb-dtmd" not in d.html for d in docs)
    page_requests = [
        r for r in mirror.requests if r.startswith("/www.canada.ca/") and r.endswith(".html")
    ]
    assert len(page_requests) == 9


def test_known_entries_are_neither_fetched_nor_yielded(mirror, settings, catalogue) -> None:
    first = list(read_feed(catalogue["ca-cbsa"], settings, never_known))
    known = {canonical_url(d.url) for d in first if d.language == "en"}
    mirror.requests.clear()
    again = list(read_feed(catalogue["ca-cbsa"], settings, known.__contains__))
    assert [d.language for d in again] == ["fr"] * 4
    assert not any("/en/border-services-agency/news/" in r for r in mirror.requests)


def test_unusable_pages_fall_back_to_the_summary(mirror, settings, catalogue) -> None:
    source = catalogue["ca-cbsa"]
    nowhere = replace(source, options={**source.options, "body_selector": "article.no-such-thing"})
    docs = list(read_feed(nowhere, settings, never_known))
    assert len(docs) == 9
    assert all(d.html == d.summary and d.html for d in docs)


def test_missing_page_falls_back_to_the_summary(tmp_path: Path, catalogue) -> None:
    root = tmp_path / "mirror"
    feed = root / "agency.example" / "feed.xml"
    feed.parent.mkdir(parents=True)
    feed.write_bytes(RSS)
    site = start_mirror(root)
    try:
        source = replace(
            catalogue["ca-cbsa"],
            urls=(replace(catalogue["ca-cbsa"].urls[0], url="https://agency.example/feed.xml"),),
        )
        (doc,) = read_feed(source, settings_for(site.url, tmp_path), never_known)
    finally:
        site.server.shutdown()
    assert doc.html == "Officers seized watches."
    assert "/agency.example/news/fake-watches.html" in site.requests


def test_one_failing_feed_does_not_hide_the_other(mirror, settings, catalogue) -> None:
    source = catalogue["ca-cbsa"]
    broken_en = replace(source.urls[0], url=source.urls[0].url.replace("pick=50", "pick=49"))
    docs, error = [], None
    try:
        for doc in read_feed(
            replace(source, urls=(broken_en, source.urls[1])), settings, never_known
        ):
            docs.append(doc)
    except CrawlError as exc:
        error = exc
    assert [d.language for d in docs] == ["fr"] * 4
    assert error is not None and error.kind == "http_4xx"


@pytest.mark.parametrize(("which", "kind"), [("refused", "network"), ("silent", "timeout")])
def test_unreachable_feed_fails_the_source(
    which, kind, catalogue, tmp_path, refused_url, silent_url
) -> None:
    settings = settings_for(
        {"refused": refused_url, "silent": silent_url}[which], tmp_path, http_timeout=0.5
    )
    with pytest.raises(CrawlError) as err:
        list(read_feed(catalogue["ca-cbsa"], settings, never_known))
    assert err.value.kind == kind
