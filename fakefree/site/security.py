"""Security headers on every response, and the one way release HTML reaches a page."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, Response
from markupsafe import Markup

from fakefree.index.sanitize import sanitize_html

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'none'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
}


def add_security_headers(response: Response) -> Response:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def sanitize_filter(html: str | None, base_url: str = "") -> Markup:
    """Jinja filter `sanitize`: the only place release HTML is marked safe, after nh3 cleaned it."""
    return Markup(sanitize_html(html or "", base_url))


def http_url(url: str | None) -> str:
    """Jinja filter `http_url`: a link target only if it is http(s); otherwise an inert '#'."""
    url = (url or "").strip()
    return url if urlsplit(url).scheme.lower() in ("http", "https") else "#"


def init_app(app: Flask) -> None:
    app.after_request(add_security_headers)
    app.jinja_env.filters.update(sanitize=sanitize_filter, http_url=http_url)
