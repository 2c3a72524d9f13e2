"""A local mirror of the agencies' sites, for tests, demos and offline work.

With FAKEFREE_MIRROR set, a request for https://HOST/PATH?QUERY goes to MIRROR/HOST/PATH?QUERY,
and the answer is read as if it came from the real URL, so stored articles keep the agencies'
real addresses. `serve_mirror` serves such a tree from disk: the file for a URL is
ROOT/HOST/PATH, or ROOT/HOST/PATH?QUERY (parameters sorted) when the query matters. Like a
well-behaved server it sends an ETag (from the file's content) and a Last-Modified (its mtime),
and answers 304 Not Modified to a conditional request for an unchanged file.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from email.message import Message
from email.utils import formatdate, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit

log = logging.getLogger(__name__)


def to_mirror(url: str, mirror: str) -> str:
    """The mirror URL for a real URL (unchanged when no mirror is set or already mirrored)."""
    if not mirror or url.startswith(mirror + "/"):
        return url
    parts = urlsplit(url)
    query = f"?{parts.query}" if parts.query else ""
    return f"{mirror}/{parts.netloc}{parts.path or '/'}{query}"


def from_mirror(url: str, mirror: str) -> str:
    """The real URL behind a mirror URL (unchanged when it is not a mirror URL)."""
    if not mirror or not url.startswith(mirror + "/"):
        return url
    rest = url[len(mirror) + 1 :]
    return f"https://{rest}"


def sniff_content_type(body: bytes, path: str) -> str:
    head = body[:200].lstrip().lower()
    if path.endswith(".json") or head.startswith((b"{", b"[")):
        return "application/json; charset=utf-8"
    if path.endswith(".pdf") or head.startswith(b"%pdf"):
        return "application/pdf"
    if head.startswith(b"<?xml") and b"<rss" in body[:500].lower():
        return "application/rss+xml; charset=utf-8"
    if head.startswith(b"<?xml") or head.startswith(b"<feed"):
        return "application/atom+xml; charset=utf-8"
    if path.endswith(".txt"):
        return "text/plain; charset=utf-8"
    return "text/html; charset=utf-8"


def mirror_file(root: Path, request_path: str) -> Path | None:
    """The file answering /HOST/PATH?QUERY under root, or None. Never leaves root."""
    parts = urlsplit(request_path)
    rel = unquote(parts.path).lstrip("/")
    candidates = []
    if parts.query:
        query = urlencode(sorted(parse_qsl(parts.query, keep_blank_values=True)))
        candidates.append(f"{rel}?{query}")
    candidates += [rel, rel.rstrip("/") + "/index.html"]
    base = root.resolve()
    for cand in candidates:
        path = (base / cand).resolve()
        if path.is_file() and path.is_relative_to(base):
            return path
    return None


def file_validators(path: Path, body: bytes) -> tuple[str, str]:
    """(ETag, Last-Modified) of a mirrored file: a hash of its bytes, and its mtime."""
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    return etag, formatdate(int(path.stat().st_mtime), usegmt=True)


def not_modified(headers: Message, etag: str, last_modified: str) -> bool:
    """Whether a request's If-None-Match / If-Modified-Since show it has the file already
    (If-None-Match decides when present, as RFC 9110 says)."""
    if_none_match = headers.get("If-None-Match")
    if if_none_match:
        tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
        return "*" in tags or etag in tags
    since = headers.get("If-Modified-Since")
    try:
        return bool(since) and parsedate_to_datetime(last_modified) <= parsedate_to_datetime(since)
    except (TypeError, ValueError):
        return False


class MirrorHandler(BaseHTTPRequestHandler):
    """Serves `root` (a class attribute set by make_handler); subclasses inject faults."""

    root: Path

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        path = mirror_file(self.root, self.path)
        if path is None:
            self.send_error(404, "not in the mirror")
            return
        body = path.read_bytes()
        etag, last_modified = file_validators(path, body)
        validators = {"ETag": etag, "Last-Modified": last_modified}
        if not_modified(self.headers, etag, last_modified):
            self.send_body(304, b"", "", validators)
            return
        self.send_body(200, body, sniff_content_type(body, path.name), validators)

    def send_body(
        self, status: int, body: bytes, content_type: str, headers: dict[str, str] | None = None
    ) -> None:
        """Answer with `status`, the headers given and `body` (none for a 304)."""
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if status != 304:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if status != 304:
            self.wfile.write(body)

    def log_message(self, fmt: str, *args: object) -> None:
        log.debug("mirror: " + fmt, *args)


def make_handler(root: Path) -> type[MirrorHandler]:
    """The request handler class serving the tree under `root`."""
    return type("RootedMirrorHandler", (MirrorHandler,), {"root": root})


def serve_mirror(root: Path, host: str = "127.0.0.1", port: int = 0) -> ThreadingHTTPServer:
    """Start serving `root` in a daemon thread; the caller reads `server.server_port`."""
    server = ThreadingHTTPServer((host, port), make_handler(root))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True, name="mirror").start()
    return server
