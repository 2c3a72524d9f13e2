"""Shared fixtures for the crawler tests: the recorded sites served on 127.0.0.1."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest

from fakefree.catalogue import Source, load_sources
from fakefree.crawler.mirror import serve_mirror
from fakefree.settings import REPO_ROOT, Settings, load_settings

from .faults import FaultServer, start_fault_server

MIRROR_ROOT = Path(__file__).resolve().parent.parent / "fixtures" / "mirror"


@dataclass
class Mirror:
    """A running mirror server and the request paths it has answered, in order."""

    server: ThreadingHTTPServer
    requests: list[str] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}"


def start_mirror(root: Path) -> Mirror:
    server = serve_mirror(root)
    mirror = Mirror(server)
    handler = server.RequestHandlerClass

    class RecordingHandler(handler):  # type: ignore[misc, valid-type]
        def do_GET(self) -> None:  # noqa: N802
            mirror.requests.append(self.path)
            super().do_GET()

    server.RequestHandlerClass = RecordingHandler
    return mirror


@pytest.fixture
def mirror() -> Iterator[Mirror]:
    running = start_mirror(MIRROR_ROOT)
    yield running
    running.server.shutdown()
    running.server.server_close()


@pytest.fixture
def fault_server() -> Iterator[FaultServer]:
    """The recorded sites with faults to inject (see faults.py); none until a test asks."""
    server = start_fault_server(MIRROR_ROOT)
    yield server
    server.stop()


def settings_for(mirror_url: str, data_dir: Path, **changes: object) -> Settings:
    base = load_settings().replace(
        mirror=mirror_url,
        download_delay=0.0,
        data_dir=data_dir,
        http_timeout=5.0,
        crawl_time_limit=60.0,
        config_dir=REPO_ROOT / "config",
        log_level="INFO",
    )
    return base.replace(**changes)


@pytest.fixture
def settings(mirror: Mirror, tmp_path: Path) -> Settings:
    return settings_for(mirror.url, tmp_path / "data")


@pytest.fixture(scope="session")
def catalogue() -> dict[str, Source]:
    return {s.id: s for s in load_sources(REPO_ROOT / "config" / "sources.toml")}


@pytest.fixture
def refused_url() -> str:
    """A loopback URL where nothing listens (connection refused)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


@pytest.fixture
def silent_url() -> Iterator[str]:
    """A loopback URL that accepts connections and never answers."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(16)
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"


def never_known(url: str) -> bool:
    return False
