"""Classification time per 400-word release, on one core (target: under 5 ms on average).

    .venv/bin/python benchmarks/classify_speed.py [ROUNDS]      # default ROUNDS = 5

The releases are the development set's (tests/fixtures/devset), English, French and Spanish,
each brought to 400 words: a short release is followed by the sentences of others until it is
long enough, a long one is cut. Prints, for `classify` (sentences, relevance, countries, tags and
facts) and then for the whole shared path `analyse_release` (language detection included), the
mean CPU time per release (the process pinned to one core; CPU time does not count the time other
processes take the core, so it holds on a busy machine) and the mean wall time. Not a test.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time

from fakefree.index.classify import classify
from fakefree.index.ingest import analyse_release, clean_text
from fakefree.index.labelled import default_set, load_labelled

WORDS = 400


def releases() -> list[tuple[str, str, str, str]]:
    """(title, text of 400 words, language, jurisdiction) for each written release."""
    written = [r for r in load_labelled(default_set()) if r.text and r.labels.get("language")]
    out = []
    for index, release in enumerate(written):
        words: list[str] = []
        for other in written[index:] + written[:index]:
            if other.labels["language"] == release.labels["language"]:
                words += clean_text(text=other.text).split()
            if len(words) >= WORDS:
                break
        text = " ".join(words[:WORDS])
        out.append((release.title, text, release.labels["language"], release.jurisdiction))
    return out


def timed(calls: list, rounds: int) -> tuple[list[float], list[float]]:
    """(CPU, wall) milliseconds per call, for every call of every round."""
    cpu, wall = [], []
    for _ in range(rounds):
        for call in calls:
            started, started_cpu = time.perf_counter(), time.process_time()
            call()
            cpu.append((time.process_time() - started_cpu) * 1000)
            wall.append((time.perf_counter() - started) * 1000)
    return cpu, wall


def report(name: str, times: tuple[list[float], list[float]]) -> float:
    cpu, wall = times
    p95 = statistics.quantiles(cpu, n=20)[-1]
    print(
        f"{name:<32} CPU mean {statistics.mean(cpu):5.2f} ms (p95 {p95:5.2f})"
        f"   wall mean {statistics.mean(wall):5.2f} ms   n={len(cpu)}"
    )
    return round(statistics.mean(cpu), 2)


def main() -> None:
    args = [a for a in sys.argv[1:] if a != "--json"]  # --json: a last line of JSON (run_all)
    rounds = int(args[0]) if args else 5
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    data = releases()
    classify(*data[0])  # compile the taxonomy once
    print(f"{len(data)} releases of {WORDS} words, {rounds} rounds, one core")
    tags = report(
        "classify (tags and facts)", timed([lambda r=r: classify(*r) for r in data], rounds)
    )
    full = [lambda r=r: analyse_release(r[0], r[1], r[3]) for r in data]
    whole = report("analyse_release (with language)", timed(full, max(1, rounds // 2)))
    if "--json" in sys.argv:
        print(json.dumps({"benchmark": "classify_speed", "classify_cpu_ms": tags,
                          "with_language_cpu_ms": whole}))  # fmt: skip


if __name__ == "__main__":
    main()
