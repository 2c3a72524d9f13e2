"""A local mirror of the agencies' sites, for tests, demos and offline work.

With FAKEFREE_MIRROR set, a request for https://HOST/PATH?QUERY goes to MIRROR/HOST/PATH?QUERY,
and the answer is read as if it came from the real URL, so stored articles keep the agencies'
real addresses. `serve_mirror` serves such a tree from disk: the file for a URL is
ROOT/HOST/PATH, or ROOT/HOST/PATH?QUERY (parameters sorted) when the query matters.
"""

from __future__ import annotations

import logging
import threading
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


def make_handler(root: Path) -> type[BaseHTTPRequestHandler]:
    class MirrorHandler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            path = mirror_file(root, self.path)
            if path is None:
                self.send_error(404, "not in the mirror")
                return
            body = path.read_bytes()
            self.send_response(200)
            self.send_header("Content-Type", sniff_content_type(body, path.name))
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, fmt: str, *args: object) -> None:
            log.debug("mirror: " + fmt, *args)

    return MirrorHandler


def serve_mirror(root: Path, host: str = "127.0.0.1", port: int = 0) -> ThreadingHTTPServer:
    """Start serving `root` in a daemon thread; the caller reads `server.server_port`."""
    server = ThreadingHTTPServer((host, port), make_handler(root))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True, name="mirror").start()
    return server
