"""Kill an ingesting process with SIGKILL many times; print what survived.

    .venv/bin/python benchmarks/crash_kill.py [KILLS]     # default 50

After each kill: SQLite's integrity check, every release reported as committed present and whole,
and one index sync bringing the index to exactly the store's published set (the checks of
tests/index/test_crash_safety.py, which runs a few kills in the test suite).
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.index.test_crash_safety import check_index, check_store, kill_once  # noqa: E402


def main(kills: int) -> None:
    rng = random.Random(2026)
    committed: set[str] = set()
    first = 0
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp)
        for k in range(1, kills + 1):
            urls = [u.strip() for u in kill_once(data_dir, first, rng) if u.startswith("https://")]
            committed.update(urls)
            first += len(urls) + 1
            stored = check_store(data_dir, committed)
            check_index(data_dir)
            print(
                f"kill {k:3d}: {len(committed):5d} committed, {stored:5d} stored, 0 lost, index = store"
            )
    print(f"{kills} kills in {time.perf_counter() - t0:.0f}s: 0 lost, 0 half-written, "
          f"integrity ok, index matched the store after every kill")  # fmt: skip


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50)
