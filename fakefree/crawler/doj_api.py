"""The U.S. Department of Justice press-release API (justice.gov/api/v1/press_releases.json).

The API pages with `page` (zero-based) and `pagesize` (at most 50), newest first with
`sort=date&direction=DESC`. Pages are asked for conditionally: an unchanged page ends the walk.
Its format has drifted: `created`/`changed` are epoch strings in
older answers and `<time datetime="ISO">epoch</time>` strings in newer ones; `url` may lack
`www`; `count` and `pagesize` are sometimes strings. `parse_doj_page` accepts all of these.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

from fakefree.catalogue import Source
from fakefree.crawler.conditional import CrawlContext
from fakefree.crawler.errors import CrawlError
from fakefree.crawler.fetch import Fetcher, Response
from fakefree.index.documents import RawDocument
from fakefree.index.urls import canonical_url
from fakefree.settings import Settings

log = logging.getLogger(__name__)

_TIME_TAG = re.compile(r"<time[^>]*\bdatetime=[\"']([^\"']+)[\"'][^>]*>(.*?)</time>", re.S | re.I)


def parse_doj_date(value: Any) -> str | None:
    """An API date as found: the ISO value of a `<time datetime>` string, else the epoch string."""
    if value is None or isinstance(value, (list, dict)):
        return None
    text = str(value).strip()
    match = _TIME_TAG.search(text)
    if match:
        return match.group(1).strip() or match.group(2).strip() or None
    return text or None


def normalise_doj_url(url: str) -> str:
    """justice.gov answers with or without `www` (or a scheme); releases always use https://www."""
    url = url.strip()
    if url.startswith("/"):
        url = f"https://www.justice.gov{url}"
    elif "://" not in url:
        url = f"https://{url}"
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if host == "justice.gov":
        host = "www.justice.gov"
    return urlunsplit(("https", host, parts.path, parts.query, ""))


def _names(value: Any) -> list[str]:
    """Names from a component/topic field: a list of {uuid, name}, a string, or null."""
    if isinstance(value, list):
        return [
            str(v.get("name", "")).strip() for v in value if isinstance(v, dict) and v.get("name")
        ]
    if isinstance(value, str) and value.strip():
        return [re.sub(r"<[^>]+>", "", value).strip()]
    return []


def _text(value: Any) -> str:
    return "" if value is None or isinstance(value, (list, dict)) else str(value)


def parse_doj_record(record: dict[str, Any], source_id: str) -> RawDocument | None:
    """One API result as a RawDocument, or None when it has no url or no title."""
    url, title = _text(record.get("url")).strip(), " ".join(_text(record.get("title")).split())
    if not url or not title:
        log.warning(
            "%s: skipping an API record without url or title (uuid %s)",
            source_id,
            record.get("uuid"),
        )
        return None
    published = next(
        (d for d in (parse_doj_date(record.get(k)) for k in ("date", "created", "changed")) if d),
        None,
    )
    return RawDocument(
        url=normalise_doj_url(url),
        source_id=source_id,
        title=title,
        html=_text(record.get("body")),
        summary=_text(record.get("teaser")).strip(),
        published=published,
        extra={
            "uuid": _text(record.get("uuid")),
            "components": _names(record.get("component")),
            "topics": _names(record.get("topic")),
            "number": _text(record.get("number")).strip(),
            "changed": parse_doj_date(record.get("changed")),
        },
    )


def parse_doj_page(data: dict, source_id: str) -> list[RawDocument]:
    """Every usable release of one API answer. Raises CrawlError('parse') on a foreign shape."""
    results = data.get("results", "missing") if isinstance(data, dict) else "missing"
    results = [] if results is None else results
    if not isinstance(results, list):
        raise CrawlError("parse", f"{source_id}: API answer has no list of results")
    docs = (parse_doj_record(r, source_id) for r in results if isinstance(r, dict))
    return [d for d in docs if d is not None]


def resultset_numbers(data: dict) -> dict[str, int | None]:
    """`metadata.resultset` count/pagesize/page as ints (the API sends some as strings)."""
    raw = (data.get("metadata") or {}).get("resultset") or {}
    numbers: dict[str, int | None] = {}
    for key in ("count", "pagesize", "page"):
        try:
            numbers[key] = int(str(raw.get(key)).strip())
        except ValueError:
            numbers[key] = None
    return numbers


def page_url(source: Source, base: str, page: int) -> str:
    """The API URL for one zero-based page, with the source's paging options."""
    params = {
        "pagesize": int(source.option("pagesize", 50)),
        "page": page,
        "sort": source.option("sort", "date"),
        "direction": source.option("direction", "DESC"),
    }
    return f"{base}{'&' if '?' in base else '?'}{urlencode(params)}"


def decode_doj_page(response: Response, source_id: str) -> dict:
    """The JSON object of one API answer (decoded by its charset, even a wrong one)."""
    try:
        data = json.loads(response.text())
    except ValueError as exc:
        raise CrawlError("parse", f"{response.url}: not JSON ({exc})") from exc
    if not isinstance(data, dict):
        raise CrawlError("parse", f"{response.url}: JSON answer is not an object")
    numbers = resultset_numbers(data)
    log.info("%s: %s page %s of a result set of %s",
             source_id, response.url, numbers["page"], numbers["count"])  # fmt: skip
    return data


def walk_api(
    fetcher: Fetcher, source: Source, base_url: str
) -> Iterator[tuple[str, Response, list[RawDocument]]]:
    """(url, answer, releases) of pages 0, 1, ... up to `max_pages`. A page unchanged since the
    last crawl ends the walk. A failure of the first page raises; of a later one, ends the walk."""
    for page in range(int(source.option("max_pages", 3))):
        url = page_url(source, base_url, page)
        try:
            response = fetcher.poll(url, headers={"Accept": "application/json"})
            if response is None:
                return
            data = decode_doj_page(response, source.id)
        except CrawlError as exc:
            if page == 0:
                raise
            log.warning("%s: %s failed, walk ends: %s", source.id, url, exc)
            return
        yield url, response, parse_doj_page(data, source.id)


def read_doj_api(
    source: Source,
    settings: Settings,
    is_known: Callable[[str], bool],
    context: CrawlContext | None = None,
) -> Iterator[RawDocument]:
    """Walk the API newest first; stop at an empty or unchanged page or one of known releases.
    A page's validators are kept once its releases have been taken in."""
    with Fetcher(settings, source.id, context) as fetcher:
        for base in source.urls:
            for url, response, docs in walk_api(fetcher, source, base.url):
                new = [d for d in docs if not is_known(canonical_url(d.url))]
                for doc in new:
                    doc.language = base.language
                    yield doc
                fetcher.remember(url, response)
                if not new:
                    log.info("%s: %s: a page without new releases ends the walk", source.id, url)
                    break
