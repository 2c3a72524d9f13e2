"""Case grouping at scale: group N releases from scratch, then add one release incrementally.

    .venv/bin/python benchmarks/cases.py 100000 /tmp/cases-bench [--json]

Builds (or reuses) a store of N generated releases written as cases are: one to five releases
per case — an agency's English and French versions, republications lightly edited by other
agencies, a charge and a sentence months apart with the same defendants — over boilerplate
paragraphs shared by many releases (benchmarks/generate.py's), with names, sums, quantities and
case numbers drawn at random. The releases are written straight into the store (no
classification: this measures grouping). Then `cases.rebuild` groups them all, streaming, and
one new release of an existing case is stored through `Store.upsert_article`, which groups it.
Prints the time (wall and CPU) and peak memory (max RSS of the grouping process), the pairwise
precision and recall against the cases generated, and with --json one final JSON line.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import random
import resource
import sqlite3
import sys
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.generate import FILLER  # noqa: E402
from fakefree.catalogue import Source, SourceURL  # noqa: E402
from fakefree.index import cases  # noqa: E402
from fakefree.index.store import Store, to_iso  # noqa: E402

SYLLABLES = ["ka", "lo", "mi", "ra", "ten", "vo", "dri", "sa", "nel", "bo", "gu", "fer", "ta",
             "lin", "zo", "qui", "mar", "del", "ha", "os", "per", "ri", "an", "sko", "bel", "tu"]  # fmt: skip


def _name(rng: random.Random) -> str:
    """A made-up name: real names are many, so a name drawn from a short list would not do."""

    def word() -> str:
        return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(3, 4))).capitalize()

    return f"{word()} {word()} {word()}"


GOODS = ["handbags", "watches", "airbags", "phone chargers", "medicines", "sneakers", "perfume",
         "auto parts", "toys", "cosmetics", "jerseys", "sunglasses"]  # fmt: skip
CITIES = ["Miami", "Newark", "Houston", "Seattle", "Chicago", "Boston", "Denver", "Atlanta"]
SOURCES = [("bench-usao", "US", "en"), ("bench-doj", "US", "en"), ("bench-ice", "US", "en"),
           ("bench-cbsa", "CA", "en"), ("bench-rcmp", "CA", "en")]  # fmt: skip
_COLUMNS = (
    "url", "source_id", "title", "summary", "body_text", "body_html", "language", "published_at",
    "fetched_at", "updated_at", "content_hash", "is_relevant", "relevance_score", "countries",
    "origin_countries", "sectors", "ip_types", "actions", "evidence", "facts", "rev",
)  # fmt: skip


def _sources() -> list[Source]:
    return [
        Source(id=sid, name=sid, agency=sid, jurisdiction=jur, homepage=f"https://{sid}.example/",
               languages=("en", "fr") if jur == "CA" else ("en",), reader="feed",
               urls=(SourceURL(f"https://{sid}.example/feed"),))
        for sid, jur, _ in SOURCES
    ]  # fmt: skip


def _case(rng: random.Random, number: int) -> list[tuple[str, str, str, datetime]]:
    """One case's releases: (source, language, text, published)."""
    people = [_name(rng) for _ in range(2)]
    goods, city = rng.choice(GOODS), rng.choice(CITIES)
    quantity, value = rng.randint(120, 90_000), rng.randint(5_000, 9_000_000)
    docket = f"{rng.randint(18, 25)}-cr-{rng.randint(10, 99_999)}"
    day = datetime(2018, 1, 1, tzinfo=UTC) + timedelta(days=rng.randint(0, 2900))
    filler = " ".join(rng.sample(FILLER["en"], k=4))
    charge = (f"{city.upper()} – {people[0]}, {rng.randint(22, 70)}, and {people[1]} were charged"
              f" with selling {quantity:,} counterfeit {goods} worth ${value:,}. Case No. {docket}."
              f" {filler}")  # fmt: skip
    source = rng.choice(SOURCES)
    out = [(source[0], "en", charge, day)]
    if source[1] == "CA" and rng.random() < 0.7:
        french = (f"{people[0]} et {people[1]} ont été accusés de la vente de {quantity:,} articles"
                  f" contrefaits d'une valeur de {value:,} $. ".replace(",", " ") + filler)  # fmt: skip
        out.append((source[0], "fr", french, day))
    if source[1] == "US" and rng.random() < 0.5:
        out.append(("bench-ice", "en", "Republished: " + charge.replace(" – ", " — "), day + timedelta(days=1)))  # fmt: skip
    if rng.random() < 0.4:
        later = day + timedelta(days=rng.randint(60, 500))
        sentence = (f"{people[0]} was sentenced to {rng.randint(6, 90)} months in prison for"
                    f" selling counterfeit {goods} in {city}. {filler}")  # fmt: skip
        out.append((source[0], "en", sentence, later))
    return out


def _rows(n: int, rng: random.Random):
    written = number = 0
    while written < n:
        number += 1
        for source, language, text, published in _case(rng, number):
            if written >= n:
                return
            written += 1
            when = to_iso(published)
            yield (
                f"https://{source}.example/press/{written}", source, text[:90], text[:200], text,
                "", language, when, when, when, str(written), 1, 3.0,
                json.dumps([next(s[1] for s in SOURCES if s[0] == source)]), "[]", "[]",
                '["counterfeit"]', '["charge"]', "{}", "{}", written,
            )  # fmt: skip


def _truth(n: int) -> dict[int, int]:
    """Release number (as in its URL) -> the case it was generated for."""
    truth: dict[int, int] = {}
    rng, number = random.Random(2026), 0
    while len(truth) < n:
        number += 1
        for _ in _case(rng, number):
            if len(truth) < n:
                truth[len(truth) + 1] = number
    return truth


def pairwise(db_path: Path, n: int) -> tuple[float, float]:
    """Pairwise precision and recall of the cases found against the cases generated."""
    truth = _truth(n)
    with Store(db_path) as store:
        rows = store.db.execute(
            "SELECT a.url, m.case_id FROM articles a JOIN case_members m ON m.article_id = a.id"
        ).fetchall()
    found = {int(url.rsplit("/", 1)[1]): case for url, case in rows if url[-1].isdigit()}
    both = Counter((truth[i], found.get(i, -i)) for i in truth)
    right = _pairs(both)
    return right / max(1, _pairs(Counter(found.get(i, -i) for i in truth))), right / max(
        1, _pairs(Counter(truth.values()))
    )


def _pairs(counts: Counter) -> int:
    return sum(k * (k - 1) // 2 for k in counts.values())


def build(n: int, db_path: Path) -> None:
    """Write n generated releases into the store at db_path (kept when already there)."""
    with Store(db_path) as store:
        store.sync_sources(_sources())
        if store.count_articles(relevant_only=False) >= n:
            return
        store.db.execute("DELETE FROM articles")
        rows = _rows(n, random.Random(2026))
        marks = ",".join("?" * len(_COLUMNS))
        while batch := [row for _, row in zip(range(5000), rows, strict=False)]:
            with store.transaction() as db:
                db.executemany(
                    f"INSERT INTO articles ({','.join(_COLUMNS)}) VALUES ({marks})", batch
                )


def _connect(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path, timeout=60, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    return db


def measure(n: int, data_dir: Path) -> dict:
    db_path = data_dir / "fakefree.sqlite3"
    data_dir.mkdir(parents=True, exist_ok=True)
    child = multiprocessing.get_context("fork").Process(target=build, args=(n, db_path))
    child.start()
    child.join()  # built in a child process: the max RSS below is grouping's alone
    started, cpu_started = time.perf_counter(), time.process_time()
    grouped = cases.rebuild(lambda: _connect(db_path), batch=2000,
                            progress=lambda d: d % 20_000 or print(f"  {d:,} grouped", flush=True))  # fmt: skip
    seconds = time.perf_counter() - started
    cpu_seconds = time.process_time() - cpu_started  # the machine is shared: CPU time too
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    precision, recall = pairwise(db_path, n)
    with Store(db_path) as store:
        found = store.db.execute("SELECT count(*) FROM cases").fetchone()[0]
        base = store.db.execute(
            "SELECT a.body_text, a.source_id, a.published_at FROM cases c JOIN articles a"
            " ON a.id = c.primary_id WHERE c.size >= 2 LIMIT 1"
        ).fetchone()
        record = dict(zip(_COLUMNS, next(_rows(1, random.Random(1)))[:-1], strict=False))
        record.update(url="https://bench-usao.example/press/new", source_id=base[1],
                      body_text=base[0] + " Sentencing is set for June.", content_hash="new",
                      published_at=datetime.fromisoformat(base[2].replace("Z", "+00:00")) + timedelta(days=30),  # fmt: skip
                      fetched_at=datetime.now(UTC), is_relevant=True, countries=["US", "CA"],
                      origin_countries=[], sectors=[], ip_types=["counterfeit"], actions=["charge"],
                      evidence={}, facts={})  # fmt: skip
        t0 = time.perf_counter()
        store.upsert_article(record)
        add_ms = (time.perf_counter() - t0) * 1000
        new_id = store.db.execute(
            "SELECT id FROM articles WHERE url=?", (record["url"],)
        ).fetchone()[0]
        size = store.db.execute(
            "SELECT c.size FROM case_members m JOIN cases c ON c.id = m.case_id WHERE m.article_id=?",
            (new_id,),
        ).fetchone()[0]
    return {"benchmark": "cases", "releases": grouped, "cases": found,
            "group_seconds": round(seconds, 1),
            "group_cpu_seconds": round(cpu_seconds, 1), "releases_per_second": round(grouped / seconds),
            "peak_rss_mb": round(peak_mb), "add_one_ms": round(add_ms, 1),
            "added_release_case_size": size, "pairwise_precision": round(precision, 4),
            "pairwise_recall": round(recall, 4)}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description="Time case grouping from scratch and one add.")
    parser.add_argument("n", type=int, nargs="?", default=100_000)
    parser.add_argument("data_dir", type=Path, nargs="?", default=Path("/tmp/fakefree-cases-bench"))
    parser.add_argument("--json", action="store_true", help="end with one JSON line of figures")
    args = parser.parse_args()
    figures = measure(args.n, args.data_dir)
    print(f"grouped {figures['releases']:,} releases into {figures['cases']:,} cases in"
          f" {figures['group_seconds']}s ({figures['releases_per_second']:,}/s;"
        f" {figures['group_cpu_seconds']}s of CPU), peak RSS"
          f" {figures['peak_rss_mb']} MB; one more release stored and grouped in"
          f" {figures['add_one_ms']} ms (it joined a case of {figures['added_release_case_size']})")  # fmt: skip
    print(f"pairwise precision {figures['pairwise_precision']}, recall"
          f" {figures['pairwise_recall']} against the cases generated")  # fmt: skip
    if args.json:
        print(json.dumps(figures))


if __name__ == "__main__":
    main()
