"""The fuzz tests of tests/fuzz with thousands of examples per target; examples and failures.

    .venv/bin/python benchmarks/fuzz_long.py [--examples 2000] [--json]

Runs pytest on tests/fuzz with FAKEFREE_FUZZ_EXAMPLES set (each target's budget is that number
times its share in tests/fuzz, e.g. the date parser 3x, the site's id URLs 0.5x), random seeds
(not derandomized: every run explores new inputs), and Hypothesis' statistics, then prints, per
target, the examples run and whether it failed. A failure prints the smallest input found: turn
it into an @example of the test once the bug is fixed. Exit status 1 on any failure.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
HEADER = re.compile(r"^(tests/fuzz/\S+::\S+):\s*$")
COUNTS = re.compile(r"(\d+) passing(?: examples?| test cases?)?, (\d+) failing")


def parse_statistics(output: str) -> dict[str, dict[str, int]]:
    targets: dict[str, dict[str, int]] = {}
    current = None
    for line in output.splitlines():
        if found := HEADER.match(line.strip()):
            current = found[1].split("::")[-1]
            targets[current] = {"examples": 0, "failing": 0}
        elif current and (found := COUNTS.search(line)):
            targets[current]["examples"] += int(found[1]) + int(found[2])
            targets[current]["failing"] += int(found[2])
    return targets


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=2000)
    parser.add_argument("--json", action="store_true")
    options = parser.parse_args()
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env["FAKEFREE_FUZZ_EXAMPLES"] = str(options.examples)
    argv = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/fuzz",
            "--hypothesis-show-statistics", "-W", "error::pytest.PytestUnraisableExceptionWarning"]  # fmt: skip
    done = subprocess.run(argv, cwd=REPO, env=env, capture_output=True, text=True)
    targets = parse_statistics(done.stdout)
    failed = re.findall(r"^FAILED (\S+)", done.stdout, re.M)
    for name, t in targets.items():
        print(f"{name:<58} {t['examples']:>7} examples  {'FAILED' if t['failing'] else 'ok'}")
    summary = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr[-500:]
    print(summary)
    if failed:  # the failures section: each smallest failing input and its traceback
        start = done.stdout.find("= FAILURES =")
        print(done.stdout[start : start + 8000] if start >= 0 else done.stdout[-6000:])
    if options.json:
        print(json.dumps({"benchmark": "fuzz_long", "per_target_budget": options.examples,
                          "targets": targets, "failures": len(failed), "failed": failed,
                          "ok": done.returncode == 0}))  # fmt: skip
    sys.exit(done.returncode)


if __name__ == "__main__":
    main()
