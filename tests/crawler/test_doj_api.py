"""The DOJ press-release API reader: the parser on the real API answer and on our recorded
pages, and the reader end to end against the mirror."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from fakefree.crawler.doj_api import (
    normalise_doj_url,
    page_url,
    parse_doj_date,
    parse_doj_page,
    read_doj_api,
    resultset_numbers,
)
from fakefree.crawler.errors import CrawlError
from fakefree.index.urls import canonical_url
from fakefree.settings import REPO_ROOT

from .conftest import MIRROR_ROOT, never_known, settings_for, start_mirror

REAL_ANSWER = REPO_ROOT.parent / "shared" / "data" / "justice_gov_api_press_releases.json"
PAGE0 = (
    MIRROR_ROOT
    / "www.justice.gov/api/v1/press_releases.json?direction=DESC&page=0&pagesize=50&sort=date"
)


@pytest.fixture(scope="module")
def real_answer() -> dict:
    if not REAL_ANSWER.exists():
        pytest.skip("the shared real DOJ API answer is not on this machine")
    return json.loads(REAL_ANSWER.read_text(encoding="utf-8"))


def test_real_answer_gives_100_releases(real_answer: dict) -> None:
    docs = parse_doj_page(real_answer, "us-doj")
    assert len(docs) == 100
    assert all(d.url.startswith("https://www.justice.gov/") for d in docs)
    assert all(d.title and "\n" not in d.title and d.html.strip() for d in docs)
    assert all(str(d.published).isdigit() for d in docs)
    assert {d.source_id for d in docs} == {"us-doj"}


def test_real_answer_keeps_components_and_empty_teasers(real_answer: dict) -> None:
    docs = parse_doj_page(real_answer, "us-doj")
    assert docs[0].extra["components"] == ["Interpol Washington"]
    assert docs[0].summary == ""  # teaser is null in the record
    assert any(d.extra["number"] for d in docs)
    assert resultset_numbers(real_answer) == {"count": 145012, "pagesize": 100, "page": 0}


def test_recorded_page_parses_every_shape() -> None:
    data = json.loads(PAGE0.read_text(encoding="utf-8"))
    docs = parse_doj_page(data, "us-doj")
    assert len(docs) == 8
    by_title = {d.title: d for d in docs}
    fraud = by_title[
        "Three Charged in Nationwide Wire Fraud Conspiracy Targeting Elderly Investors"
    ]
    assert fraud.url.startswith("https://www.justice.gov/usao-sdny/pr/")  # answered without www
    assert fraud.summary == ""
    airbags = docs[0]
    assert airbags.published == "1770872400"
    assert "Intellectual Property" in airbags.extra["topics"]
    assert airbags.extra["components"] == ["USAO - Michigan, Eastern"]
    assert resultset_numbers(data)["count"] == 8


def test_time_tag_dates_give_their_iso_value() -> None:
    assert (
        parse_doj_date('<time datetime="2025-09-04T14:30:00Z">1756996200</time>')
        == "2025-09-04T14:30:00Z"
    )
    assert parse_doj_date("1756962000") == "1756962000"
    assert parse_doj_date(None) is None
    assert parse_doj_date([]) is None
    record = {"url": "https://justice.gov/opa/pr/x", "title": "T", "body": "<p>b</p>",
              "created": '<time datetime="2024-05-01T10:00:00-04:00">1714572000</time>'}  # fmt: skip
    (doc,) = parse_doj_page({"results": [record]}, "us-doj")
    assert doc.published == "2024-05-01T10:00:00-04:00"


def test_nulls_strings_and_broken_records_are_tolerated() -> None:
    data = {
        "metadata": {"resultset": {"count": "3", "pagesize": "20", "page": "0"}},
        "results": [
            {"url": None, "title": "no url"},
            {"url": "https://justice.gov/opa/pr/a", "title": None},
            {"url": "justice.gov/opa/pr/b", "title": "B", "body": None, "teaser": None,
             "component": None, "topic": "<a href='/topic/ip'>Intellectual Property</a>"},
            "not a record",
        ],
    }  # fmt: skip
    (doc,) = parse_doj_page(data, "us-doj")
    assert doc.url == "https://www.justice.gov/opa/pr/b"
    assert (doc.html, doc.summary, doc.published) == ("", "", None)
    assert doc.extra["topics"] == ["Intellectual Property"]
    assert resultset_numbers(data) == {"count": 3, "pagesize": 20, "page": 0}
    assert parse_doj_page({"metadata": {}, "results": None}, "us-doj") == []
    with pytest.raises(CrawlError):
        parse_doj_page({"error": "rate limited"}, "us-doj")


def test_foreign_shape_is_a_parse_error() -> None:
    with pytest.raises(CrawlError) as err:
        parse_doj_page({"results": {"oops": 1}}, "us-doj")
    assert err.value.kind == "parse"


def test_url_normalisation() -> None:
    assert (
        normalise_doj_url("https://justice.gov/opa/pr/x#top") == "https://www.justice.gov/opa/pr/x"
    )
    assert (
        normalise_doj_url("http://www.justice.gov/usao-id/pr/y")
        == "https://www.justice.gov/usao-id/pr/y"
    )


def test_reader_walks_until_the_empty_page(mirror, settings, catalogue) -> None:
    docs = list(read_doj_api(catalogue["us-doj"], settings, never_known))
    assert len(docs) == 8
    assert {d.language for d in docs} == {"en"}
    assert all(d.url.startswith("https://www.justice.gov/") for d in docs)
    api_requests = [r for r in mirror.requests if "/api/v1/" in r]
    assert len(api_requests) == 2  # page 0, then the empty page 1 ends the walk
    assert "page=1" in api_requests[1]
    assert mirror.requests[0] == "/www.justice.gov/robots.txt"


def test_known_releases_are_skipped_and_stop_the_walk(mirror, settings, catalogue) -> None:
    first = list(read_doj_api(catalogue["us-doj"], settings, never_known))
    known = {canonical_url(d.url) for d in first[:3]}
    mirror.requests.clear()
    again = list(read_doj_api(catalogue["us-doj"], settings, known.__contains__))
    assert [d.url for d in again] == [d.url for d in first[3:]]
    everything = {canonical_url(d.url) for d in first}
    mirror.requests.clear()
    assert list(read_doj_api(catalogue["us-doj"], settings, everything.__contains__)) == []
    assert [r for r in mirror.requests if "/api/v1/" in r] == [mirror.requests[-1]]
    assert "page=0" in mirror.requests[-1]


def test_max_pages_bounds_the_walk(mirror, settings, catalogue) -> None:
    source = catalogue["us-doj"]
    one_page = replace(source, options={**source.options, "max_pages": 1})
    assert len(list(read_doj_api(one_page, settings, never_known))) == 8
    assert len([r for r in mirror.requests if "/api/v1/" in r]) == 1


def test_page_url_carries_paging_options(catalogue) -> None:
    url = page_url(catalogue["us-doj"], catalogue["us-doj"].urls[0].url, 2)
    assert url == (
        "https://www.justice.gov/api/v1/press_releases.json?pagesize=50&page=2&sort=date&direction=DESC"
    )


@pytest.mark.parametrize(
    ("which", "kind"),
    [("missing", "http_4xx"), ("refused", "network"), ("silent", "timeout"), ("html", "parse")],
)
def test_first_request_failure_fails_the_source(
    which, kind, mirror, catalogue, tmp_path: Path, refused_url, silent_url
) -> None:
    source = catalogue["us-doj"]
    base = {
        "missing": mirror.url,
        "refused": refused_url,
        "silent": silent_url,
        "html": mirror.url,
    }[which]
    if which == "missing":
        source = replace(
            source,
            urls=(replace(source.urls[0], url="https://www.justice.gov/api/v1/nothing.json"),),
        )
    if which == "html":
        source = replace(
            source, urls=(replace(source.urls[0], url="https://www.canada.ca/robots.txt"),)
        )
    settings = settings_for(base, tmp_path, http_timeout=0.5)
    with pytest.raises(CrawlError) as err:
        list(read_doj_api(source, settings, never_known))
    assert err.value.kind == kind


def test_oversized_answer_is_too_large(mirror, catalogue, tmp_path: Path) -> None:
    settings = settings_for(mirror.url, tmp_path, max_response_bytes=2_000)
    with pytest.raises(CrawlError) as err:
        list(read_doj_api(catalogue["us-doj"], settings, never_known))
    assert err.value.kind == "too_large"


def test_failure_after_the_first_page_ends_the_walk(tmp_path: Path, catalogue, caplog) -> None:
    root = tmp_path / "site"
    api = root / "www.justice.gov/api/v1"
    api.mkdir(parents=True)
    shutil.copy(PAGE0, api / PAGE0.name)  # page 1 is missing: 404
    site = start_mirror(root)
    try:
        docs = list(
            read_doj_api(catalogue["us-doj"], settings_for(site.url, tmp_path), never_known)
        )
    finally:
        site.server.shutdown()
    assert len(docs) == 8
    assert "walk ends" in caplog.text and "HTTP 404" in caplog.text
