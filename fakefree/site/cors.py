"""CORS for reads: the API, the feeds and the exports may be read from any origin, with GET or
HEAD only (and the OPTIONS preflight a browser sends before a conditional GET). Nothing else
gets CORS headers, so no other method is ever open to another origin; no credentials either.
"""

from __future__ import annotations

from flask import Flask, Response, request

READ_PREFIXES = ("/api/", "/feeds/", "/search.atom", "/search.rss", "/search.json", "/search.csv")
READ_METHODS = ("GET", "HEAD", "OPTIONS")
EXPOSED = ("ETag", "Last-Modified", "Cache-Control", "Retry-After", "X-Total-Count")
PREFLIGHT_MAX_AGE = 86400


def add_cors_headers(response: Response) -> Response:
    if request.method not in READ_METHODS or not request.path.startswith(READ_PREFIXES):
        return response
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Expose-Headers"] = ", ".join(EXPOSED)
    if request.method == "OPTIONS":
        response.headers["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
        response.headers["Access-Control-Allow-Headers"] = "If-None-Match, If-Modified-Since"
        response.headers["Access-Control-Max-Age"] = str(PREFLIGHT_MAX_AGE)
    return response


def init_app(app: Flask) -> None:
    app.after_request(add_cors_headers)
