"""A short soak of the real worker (benchmarks/worker_soak.py, bounded to about half a minute):
three sources, one of each reader, crawled every 6 seconds against the recorded sites; a crawl
child is killed in the middle of its crawl; every source keeps its schedule, the kill is
recorded as a failed run, the next run of that source succeeds and the worker lives on."""

from __future__ import annotations

import subprocess
import sys

from fakefree.settings import REPO_ROOT

SOAK = REPO_ROOT / "benchmarks" / "worker_soak.py"


def test_worker_keeps_its_schedule_and_survives_a_killed_child() -> None:
    args = ["--seconds", "26", "--interval", "6", "--kill-after", "8",
            "--sources", "us-doj,ca-cbsa,mx-fgr"]  # fmt: skip
    out = subprocess.run([sys.executable, str(SOAK), *args], capture_output=True, text=True,
                         timeout=90, cwd=REPO_ROOT)  # fmt: skip
    assert out.returncode == 0, out.stdout + out.stderr
    assert "killed the crawl child of mx-fgr" in out.stdout
    assert "mx-fgr: the next run" in out.stdout and out.stdout.rstrip().endswith("PASS")
