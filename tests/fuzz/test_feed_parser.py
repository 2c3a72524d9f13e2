"""Feeds as agencies serve them, broken in every way: parse_feed returns entries or a
CrawlError('parse'), never anything else, and every entry it returns can go through ingest."""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from fakefree.catalogue import Source, SourceURL
from fakefree.crawler.errors import CrawlError
from fakefree.crawler.feeds import parse_feed
from fakefree.index.ingest import IngestError, build_record

from .budget import fuzz

SOURCE = Source(
    id="fuzz", name="Fuzz agency", agency="Fuzz agency", jurisdiction="FR",
    homepage="https://fuzz.example/", languages=("fr",), reader="feed",
    urls=(SourceURL("https://fuzz.example/feed"),),
)  # fmt: skip
ENCODINGS = ["utf-8", "iso-8859-1", "windows-1252", "utf-16", "ebcdic", "x-unknown", "ascii"]
DATES = ["Tue, 04 Mar 2025 10:00:00 GMT", "2025-03-04T10:00:00Z", "4 mars 2025", "31/02/2025",
         "Mon, 99 Foo 2025 25:61:61 +9999", "0", "99999999999999", "", "2025-13-45", "\u00b2"]  # fmt: skip
TEXTS = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["Saisie de montres contrefaites à Marseille", "&amp;", "&eacute;", "&bogus;",
                     "<![CDATA[<p>Contrefaçon</p>]]>", "&#0;", "&#xD800;", "]]>", "<b>", "\x0b"]),
)  # fmt: skip
LINKS = st.sampled_from(["https://fuzz.example/a", "/relative", "", "javascript:x", "http://[::1",
                         "  https://fuzz.example/b  ", "ftp://x", "\u00e9t\u00e9"])  # fmt: skip


@st.composite
def rss_item(draw: st.DrawFn) -> str:
    parts = [f"<title>{draw(TEXTS)}</title>", f"<link>{draw(LINKS)}</link>",
             f"<pubDate>{draw(st.sampled_from(DATES))}</pubDate>",
             f"<description>{draw(TEXTS)}</description>"]  # fmt: skip
    return "<item>" + "".join(draw(st.permutations(parts))[: draw(st.integers(0, 4))]) + "</item>"


@st.composite
def atom_entry(draw: st.DrawFn) -> str:
    link = draw(LINKS)
    kind = draw(st.sampled_from(["html", "text", "xhtml", "bogus"]))
    return (
        f"<entry><title>{draw(TEXTS)}</title><link href='{link}'/><id>{draw(TEXTS)}</id>"
        f"<updated>{draw(st.sampled_from(DATES))}</updated>"
        f"<content type='{kind}'>{draw(TEXTS)}</content></entry>"
    )


@st.composite
def feed_bytes(draw: st.DrawFn) -> bytes:
    declared = draw(st.sampled_from(ENCODINGS))
    actual = draw(st.sampled_from(["utf-8", "latin-1", "utf-16-le"]))
    if draw(st.booleans()):
        items = "".join(draw(st.lists(rss_item(), max_size=4)))
        doc = f"<rss version='2.0'><channel><title>{draw(TEXTS)}</title>{items}</channel></rss>"
    else:
        entries = "".join(draw(st.lists(atom_entry(), max_size=4)))
        doc = f"<feed xmlns='http://www.w3.org/2005/Atom'><title>x</title>{entries}</feed>"
    doc = f"<?xml version='1.0' encoding='{declared}'?>" + doc
    cut = draw(st.integers(0, len(doc)))
    if draw(st.integers(0, 4)) == 0:
        doc = doc[:cut]  # a truncated download
    data = doc.encode(actual, errors="replace")
    noise = draw(st.binary(max_size=8))
    return data + noise if draw(st.booleans()) else data


@fuzz(3)
@given(st.one_of(feed_bytes(), st.binary(max_size=300)), st.sampled_from(["", "text/xml; charset=latin-1", "text/html", "application/atom+xml; charset=bogus"]))  # fmt: skip
@example(b"", "")
@example(b"<!DOCTYPE html><html></html>", "text/html")
@example(b"<rss version='2.0'><channel><item><title>T</title><link>http://[::1</link></item>"
         b"</channel></rss>", "")  # fmt: skip
def test_parse_feed_returns_entries_or_a_parse_error(body: bytes, content_type: str) -> None:
    try:
        docs = parse_feed(body, "https://fuzz.example/feed", SOURCE.id, "fr", content_type)
    except CrawlError as exc:
        assert exc.kind == "parse"
        return
    for doc in docs:
        assert doc.url and doc.title
        try:
            record = build_record(SOURCE, doc)
        except IngestError:
            continue
        assert record["url"] and record["title"] and record["language"] in ("en", "fr", "es")
