"""The character encoding of a source's bytes, for the feed/API fetcher and the Scrapy child alike.

Agencies label their pages wrongly more often than one would think: French and Spanish text in
Windows-1252 or Latin-1 served as `charset=utf-8`, or with no charset at all. The order is:
a byte-order mark; the charset declared in the Content-Type header; the one a `<meta>` tag or an
XML declaration names; then detection. A declared encoding is only used when the bytes decode
with it. Detection knows the sources publish in English, French and Spanish: bytes that are
valid UTF-8 are UTF-8, anything else Windows-1252 (which browsers also use for Latin-1 labels).
"""

from __future__ import annotations

import codecs

from w3lib.encoding import (
    html_body_declared_encoding,
    http_content_type_encoding,
    read_bom,
    resolve_encoding,
)

SNIFF_BYTES = 4096  # where a <meta charset> or an XML declaration must appear


def _is_utf8(body: bytes) -> bool:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def detect_encoding(body: bytes) -> str:
    """UTF-8 when the bytes are valid UTF-8, else Windows-1252."""
    return "utf-8" if _is_utf8(body) else "cp1252"


def _fits(body: bytes, encoding: str) -> bool:
    """Whether `body` really is in `encoding` (a single-byte label on UTF-8 bytes is wrong)."""
    if codecs.lookup(encoding).name in ("cp1252", "iso8859-1", "iso8859-15"):
        return body.isascii() or not _is_utf8(body)
    try:
        body.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return False
    return True


def choose_encoding(body: bytes, content_type: str = "") -> str:
    """The Python codec to decode `body` with, given the response's Content-Type header."""
    bom, _ = read_bom(body)
    if bom:
        return bom
    declared = (
        http_content_type_encoding(content_type),
        html_body_declared_encoding(body[:SNIFF_BYTES]),
    )
    for label in filter(None, declared):
        encoding = resolve_encoding(label)
        if encoding and _fits(body, encoding):
            return encoding
    return detect_encoding(body)


def decode_body(body: bytes, content_type: str = "") -> str:
    """The text of `body`; never fails (bytes the chosen codec lacks become U+FFFD)."""
    encoding = choose_encoding(body, content_type)
    text = body.decode(encoding, errors="replace")
    return text[1:] if text.startswith("\ufeff") else text
