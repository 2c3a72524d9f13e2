"""Canonical URLs: an article's identity."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

_TRACKING_PREFIXES = ("utm_", "mc_", "_hs")
_TRACKING = {"fbclid", "gclid", "dclid", "msclkid", "igshid", "ref", "cmpid", "idiom"}


def canonical_url(url: str) -> str:
    """Lower-case scheme and host, drop the fragment, default ports and tracking parameters.

    `idiom` (gob.mx's language switch) is dropped too: the same release is shared with and
    without it. Remaining parameters keep their order; a path keeps its case.
    """
    parts = urlsplit(url.strip())
    scheme = (parts.scheme or "https").lower()
    host = (parts.hostname or "").lower()
    try:
        port = parts.port
    except ValueError:  # "host:99999" or "host:x": kept as written (found by tests/fuzz)
        port, host = None, parts.netloc.rpartition("@")[2].lower()
    if port and (scheme, port) not in (("http", 80), ("https", 443)):
        host = f"{host}:{port}"
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if k.lower() not in _TRACKING and not k.lower().startswith(_TRACKING_PREFIXES)
    ]
    path = parts.path or "/"
    return urlunsplit((scheme, host, path, urlencode(query), ""))
