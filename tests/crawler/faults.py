"""A fault-injecting server: the recorded sites (with ETag and 304, as mirror.py serves them),
where chosen URLs answer the way real agencies' servers sometimes do.

    server = start_fault_server(MIRROR_ROOT)
    server.inject("www.justice.gov/api/", Fault("status", status=503, retry_after="3600"))

A fault applies to every request whose mirror path starts with the prefix given (HOST/PATH...,
the real URL without its scheme); `times=N` limits it to the first N such requests. Every
request is recorded (path, headers, time) in `server.seen`.
"""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass, field
from http.server import ThreadingHTTPServer
from pathlib import Path

from fakefree.crawler.mirror import MirrorHandler, mirror_file, sniff_content_type

KINDS = (
    "hang",  # accepts the request and never answers (until the server stops)
    "stall",  # sends the headers and half the body, then goes silent
    "status",  # answers `status` (with `retry_after` as Retry-After, if given)
    "redirect_loop",  # A redirects to B, B back to A, for ever
    "truncate",  # declares the full length, sends half, closes the connection
    "recode",  # the file re-encoded in `encoding`, labelled `charset` / `meta`
    "malformed_xml",  # the file cut short, ending in an undefined entity and an open tag
    "html",  # an HTML maintenance page, whatever was asked
    "huge",  # a 50 MB body, its length declared or not (`declare_length`)
    "empty_feed",  # a well-formed Atom feed without a single entry
    "empty_body",  # 200 with nothing in it
)
HUGE_BYTES = 50 * 1024 * 1024
MAINTENANCE_PAGE = b"""<!DOCTYPE html><html lang="en"><head><title>Down for maintenance</title>
</head><body><h1>We will be back shortly</h1><p>The newsroom is being updated.</p></body></html>"""
EMPTY_FEED = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>News releases</title>
<id>urn:fakefree:empty</id><updated>2026-01-05T09:00:00Z</updated></feed>"""
META_CHARSET = re.compile(
    rb"""(<meta[^>]*charset=["']?)([\w-]+)|(<\?xml[^>]*encoding=["'])([\w-]+)""", re.I
)


@dataclass
class Fault:
    kind: str
    status: int = 500
    retry_after: str | None = None
    times: int = 0  # 0: every request; N: the first N requests only
    encoding: str = "cp1252"  # recode: the bytes sent
    charset: str | None = "utf-8"  # recode: the charset of the Content-Type (None: no charset)
    meta: str | None = (
        "utf-8"  # recode: what <meta charset> / <?xml encoding?> says (None: removed)
    )
    declare_length: bool = True  # huge: send Content-Length or not

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown fault {self.kind!r}")


@dataclass(frozen=True)
class Seen:
    path: str
    headers: dict[str, str]
    at: float  # time.monotonic()


@dataclass
class FaultServer:
    httpd: ThreadingHTTPServer
    faults: dict[str, Fault] = field(default_factory=dict)
    served: dict[str, int] = field(default_factory=dict)  # prefix -> faulty answers given
    seen: list[Seen] = field(default_factory=list)
    released: threading.Event = field(default_factory=threading.Event)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_port}"

    def inject(self, prefix: str, fault: Fault) -> None:
        self.faults[prefix.lstrip("/")] = fault
        self.served[prefix.lstrip("/")] = 0

    def clear(self) -> None:
        self.faults.clear()
        self.served.clear()

    def fault_for(self, path: str) -> Fault | None:
        """The fault for a request path (the longest matching prefix), counting it as served."""
        matches = [p for p in self.faults if path.lstrip("/").startswith(p)]
        if not matches:
            return None
        prefix = max(matches, key=len)
        fault = self.faults[prefix]
        if fault.times and self.served[prefix] >= fault.times:
            return None
        self.served[prefix] += 1
        return fault

    def stop(self) -> None:
        self.released.set()
        self.httpd.shutdown()
        self.httpd.server_close()


def recode(body: bytes, fault: Fault) -> bytes:
    """The body in another encoding, its <meta> / XML declaration saying `fault.meta`."""

    def label(match: re.Match[bytes]) -> bytes:
        opening = match.group(1) or match.group(3)
        return opening + fault.meta.encode() if fault.meta else opening + b"x-removed"

    text = body.decode("utf-8")
    return META_CHARSET.sub(label, text.encode(fault.encoding, errors="xmlcharrefreplace"))


class FaultHandler(MirrorHandler):
    fault_server: FaultServer

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        server = self.fault_server
        server.seen.append(Seen(self.path, dict(self.headers.items()), time.monotonic()))
        fault = server.fault_for(self.path)
        if fault is None:
            super().do_GET()
            return
        getattr(self, f"fault_{fault.kind}")(fault)

    def file_body(self) -> bytes:
        path = mirror_file(self.root, self.path)
        return path.read_bytes() if path else b""

    def fault_hang(self, fault: Fault) -> None:
        self.fault_server.released.wait(60)
        self.close_connection = True

    def fault_stall(self, fault: Fault) -> None:
        body = self.file_body()
        self.send_response(200)
        self.send_header("Content-Type", sniff_content_type(body, self.path))
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body[: len(body) // 2])
        self.wfile.flush()
        self.fault_server.released.wait(60)
        self.close_connection = True

    def fault_status(self, fault: Fault) -> None:
        headers = {"Retry-After": fault.retry_after} if fault.retry_after else {}
        body = f"<html><body><h1>Error {fault.status}</h1></body></html>".encode()
        self.send_body(fault.status, body, "text/html; charset=utf-8", headers)

    def fault_redirect_loop(self, fault: Fault) -> None:
        if "loop=1" in self.path:
            target = self.path.replace("?loop=1", "").replace("&loop=1", "")
        else:
            target = self.path + ("&" if "?" in self.path else "?") + "loop=1"
        self.send_body(302, b"", "text/html", {"Location": target})

    def fault_truncate(self, fault: Fault) -> None:
        body = self.file_body()
        self.send_response(200)
        self.send_header("Content-Type", sniff_content_type(body, self.path))
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body[: len(body) // 2])
        self.close_connection = True

    def fault_recode(self, fault: Fault) -> None:
        body = self.file_body()
        kind = sniff_content_type(body, self.path).split(";")[0]
        content_type = f"{kind}; charset={fault.charset}" if fault.charset else kind
        self.send_body(200, recode(body, fault), content_type)

    def fault_malformed_xml(self, fault: Fault) -> None:
        body = self.file_body()
        cut = body[: len(body) // 10] + b"<entry><title>Seizure &nbsp_undefined; <"
        self.send_body(200, cut, "application/atom+xml; charset=utf-8")

    def fault_html(self, fault: Fault) -> None:
        self.send_body(200, MAINTENANCE_PAGE, "text/html; charset=utf-8")

    def fault_empty_feed(self, fault: Fault) -> None:
        self.send_body(200, EMPTY_FEED, "application/atom+xml; charset=utf-8")

    def fault_empty_body(self, fault: Fault) -> None:
        self.send_body(200, b"", "application/atom+xml; charset=utf-8")

    def fault_huge(self, fault: Fault) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        if fault.declare_length:
            self.send_header("Content-Length", str(HUGE_BYTES))
        self.end_headers()
        chunk = b"<p>" + b"counterfeit " * 5000 + b"</p>\n"
        try:
            for _ in range(HUGE_BYTES // len(chunk)):
                self.wfile.write(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the crawler gave up reading, as it should
        self.close_connection = True


def start_fault_server(root: Path) -> FaultServer:
    """Serve `root` with faults on 127.0.0.1 (a free port), in daemon threads."""
    handler = type("BoundFaultHandler", (FaultHandler,), {"root": root})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    server = FaultServer(httpd)
    handler.fault_server = server
    threading.Thread(
        target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True, name="faults"
    ).start()
    return server
