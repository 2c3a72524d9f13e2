"""`fakefree up` with no network: the site serves, says which sources are unreachable, lives on."""

from __future__ import annotations

import signal
import subprocess
import sys

import requests

from fakefree.settings import REPO_ROOT
from tests.conftest import free_port, wait_for

SKELETON = ("us-doj", "ca-cbsa", "mx-fgr")  # one source of each reader


def test_up_without_network_serves_and_reports_unreachable_sources(instance_env, tmp_path) -> None:
    port = free_port()
    log_path = tmp_path / "up.log"
    with open(log_path, "w") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "fakefree.cli", "up", "--port", str(port)],
            env=instance_env, stdout=log, stderr=subprocess.STDOUT, cwd=REPO_ROOT,
        )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: requests.get(base + "/", timeout=2).status_code == 200, 40, "the site")

        def sources_failed() -> bool:
            health = requests.get(base + "/sources", timeout=2).text
            logged = log_path.read_text()
            skeleton = all(f"source {sid} unreachable" in logged for sid in SKELETON)
            return health.count("network") >= 3 and skeleton

        wait_for(sources_failed, 90, "the sources to be recorded as unreachable")
        home = requests.get(base + "/", timeout=5)
        assert home.status_code == 200
        assert "could not be reached" in home.text
        assert requests.get(base + "/search?q=counterfeit", timeout=5).status_code == 200
        assert requests.get(base + "/feeds/latest.atom", timeout=5).status_code == 200
        assert proc.poll() is None, "fakefree up must still be running"
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)
    output = log_path.read_text()
    assert "unreachable" in output
    for source_id in SKELETON:
        assert f"source {source_id} unreachable" in output
    assert "Traceback" not in output
