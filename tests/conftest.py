"""Shared fixtures: free ports, a data directory, and running `fakefree` as a real process."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import requests

from fakefree.settings import REPO_ROOT

FIXTURES = REPO_ROOT / "tests" / "fixtures"
SHARED_DATA = Path(os.environ.get("FAKEFREE_SHARED_DATA", REPO_ROOT.parent / "shared" / "data"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def instance_env(tmp_path: Path) -> dict[str, str]:
    """Environment for a `fakefree` process on a fresh data directory, crawling nothing real."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FAKEFREE_", "PORT"))}
    env.update(
        FAKEFREE_DATA_DIR=str(tmp_path / "data"),
        FAKEFREE_DOWNLOAD_DELAY="0",
        FAKEFREE_HTTP_TIMEOUT="3",
        FAKEFREE_CRAWL_TIME_LIMIT="60",
        FAKEFREE_LOG_LEVEL="INFO",
        # A closed loopback port: no request can ever leave the machine.
        FAKEFREE_MIRROR=f"http://127.0.0.1:{free_port()}",
    )
    return env


SKELETON_SOURCES = ("us-doj", "ca-cbsa", "mx-fgr")


def config_with_sources(folder: Path, source_ids: tuple[str, ...]) -> Path:
    """A copy of config/ whose catalogue keeps only `source_ids` (for FAKEFREE_CONFIG_DIR)."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO_ROOT / "config" / "taxonomy.toml", folder / "taxonomy.toml")
    head, *blocks = (REPO_ROOT / "config" / "sources.toml").read_text().split("\n[[source]]")
    kept = [b for b in blocks if re.search(r'^id = "([^"]+)"', b, re.M)[1] in source_ids]
    assert len(kept) == len(source_ids), "every requested source is in the catalogue"
    (folder / "sources.toml").write_text(head + "".join(f"\n[[source]]{b}" for b in kept))
    return folder


def run_fakefree(
    env: dict[str, str], *args: str, timeout: float = 180
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "fakefree.cli", *args],
        env=env, capture_output=True, text=True, timeout=timeout, cwd=REPO_ROOT,
    )  # fmt: skip


def process_alive(pid: int) -> bool:
    """Whether a process runs (an exited one not yet reaped by its parent does not)."""
    try:
        return "\nState:\tZ" not in Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False


def wait_for(check: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except requests.RequestException:
            pass
        time.sleep(0.3)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")
