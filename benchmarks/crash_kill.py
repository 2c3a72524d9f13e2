"""Kill an ingesting process with SIGKILL many times; print what survived.

    .venv/bin/python benchmarks/crash_kill.py [KILLS] [--json]    # default 50 kills

After each kill: SQLite's integrity check, every release reported as committed present and whole,
and one index sync bringing the index to exactly the store's published set (the checks of
tests/index/test_crash_safety.py, which runs a few kills in the test suite).
"""

from __future__ import annotations

import json
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.index.test_crash_safety import check_index, check_store, kill_once  # noqa: E402


def main(kills: int, as_json: bool) -> None:
    rng = random.Random(2026)
    committed: set[str] = set()
    first, done, error = 0, 0, ""
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp)
        try:
            for k in range(1, kills + 1):
                reported = kill_once(data_dir, first, rng)
                urls = [u.strip() for u in reported if u.startswith("https://")]
                committed.update(urls)
                first += len(urls) + 1
                stored = check_store(data_dir, committed)
                check_index(data_dir)
                done = k
                print(f"kill {k:3d}: {len(committed):5d} committed, {stored:5d} stored, 0 lost,"
                      " index = store")  # fmt: skip
        except AssertionError as exc:  # a lost or half-written release, or index != store
            error = str(exc)[:500]
            print(f"kill {done + 1}: FAILED: {error}")
    seconds = time.perf_counter() - t0
    if not error:
        print(f"{kills} kills in {seconds:.0f}s: 0 lost, 0 half-written, "
              f"integrity ok, index matched the store after every kill")  # fmt: skip
    if as_json:
        print(json.dumps({"benchmark": "crash_kill", "kills": done, "committed": len(committed),
                          "ok": not error, "error": error, "seconds": round(seconds)}))  # fmt: skip
    sys.exit(1 if error else 0)


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--json"]
    main(int(args[0]) if args else 50, "--json" in sys.argv)
