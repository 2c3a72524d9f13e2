"""The mirror middleware: requests go to the mirror, responses come back under real URLs."""

from __future__ import annotations

from scrapy.http import HtmlResponse, Request

from fakefree.crawler.scrapy_mirror import MirrorMiddleware, real_url

MIRROR = "http://127.0.0.1:8765"


def test_request_is_sent_to_the_mirror() -> None:
    middleware = MirrorMiddleware(MIRROR)
    request = Request(
        "https://www.gob.mx/fgr/es/archivo/prensa?idiom=es&order=DESC", meta={"page": 1}
    )
    mirrored = middleware.process_request(request)
    assert mirrored.url == f"{MIRROR}/www.gob.mx/fgr/es/archivo/prensa?idiom=es&order=DESC"
    assert mirrored.meta["page"] == 1
    assert mirrored.dont_filter and mirrored.meta["dont_obey_robotstxt"]
    assert real_url(mirrored) == request.url
    assert middleware.process_request(mirrored) is None  # already on the mirror: goes through


def test_response_comes_back_under_the_real_url() -> None:
    middleware = MirrorMiddleware(MIRROR)
    request = middleware.process_request(Request("https://www.gob.mx/robots.txt"))
    response = HtmlResponse(url=request.url, body=b"User-agent: *", encoding="utf-8")
    assert middleware.process_response(request, response).url == "https://www.gob.mx/robots.txt"
    real = HtmlResponse(url="https://www.gob.mx/x", body=b"", encoding="utf-8")
    assert middleware.process_response(request, real) is real
