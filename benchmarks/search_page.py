"""Search speed at scale: the full search page's server time against the raw index call.

    .venv/bin/python benchmarks/search_page.py [N]    # N = 10k, 100k, 1m or a number (100k)
        [--queries 200]        # how many queries
        [--json]               # one last line of JSON with the figures, for run_all.py

Builds (once, kept in benchmarks/.data/N) a collection of N generated releases in English,
French and Spanish through the real ingest path, then runs varied queries with facets, field
prefixes (title:, country:, year:), phrases, NOT, word*, date ranges and a few that find nothing
(the page then counts what to relax), each both as the raw SearchIndex.search call and as a
whole /search page rendered by the Flask app (in process: routing, index, store, highlighted
snippets of the 20 hits, suggestions, template). Prints p50 and p95 of each and their ratio,
in wall-clock time and in CPU time of this process (the latter hardly moves when other
processes load the machine, the former does: report both when the machine is shared).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import time
from pathlib import Path
from urllib.parse import urlencode

from generate import build, parse_scale
from werkzeug.datastructures import MultiDict

from fakefree.index.fulltext import SearchIndex
from fakefree.index.query_errors import QueryError
from fakefree.settings import load_settings
from fakefree.site import create_app
from fakefree.site.queries import parse_search_args

WORDS = ["counterfeit", "watches", "médicaments", "contrefaits", "falsificados", "piratería",
         "airbags", "sentenced", "saisi", "Guadalajara", '"luxury watches"', "counterfeit NOT "
         "cigarettes", "perfume OR parfum", "chargers", "douane", "aseguraron", "websites",
         "prison", "Marseille", "trademark holders", "tenis", "cosmetics", "jouets", "",
         "title:airbags", "title:(montres OR relojes)", "country:mx medicamentos",
         "year:2023 counterfeit", "contref*", "cigarettes -fake", "body:conteneur", "sector:pharma",
         "counterfiet handbags", "luxury watches Tijuana"]  # fmt: skip
FILTERS = [("country", ["US", "FR", "MX", "CA", "GB", "ES"]), ("language", ["en", "fr", "es"]),
           ("sector", ["pharma", "apparel", "electronics", "media", "toys-sports", "auto-aero"]),
           ("ip_type", ["counterfeit", "piracy"]), ("action", ["seizure", "sentence", "charge"])]  # fmt: skip
PERIODS = [("2023", "2023"), ("2024-03", "2024-06"), ("2021-02-14", ""), ("", "2020-12-31"),
           ("2022-07-01", "2022-07-31")]  # fmt: skip


def queries(rng: random.Random, count: int = 200) -> list[dict]:
    out = []
    for _ in range(count):
        args: dict = {"q": rng.choice(WORDS)}
        for name, values in rng.sample(FILTERS, k=rng.randint(0, 2)):
            args[name] = rng.choice(values)
        if rng.random() < 0.25:
            args["from"], args["to"] = rng.choice(PERIODS)
        if rng.random() < 0.3:
            args["sort"] = "date"
        if rng.random() < 0.2:
            args["page"] = str(rng.randint(2, 5))
        out.append({k: v for k, v in args.items() if v != ""})
    return out


def percentiles(ms: list[float]) -> tuple[float, float]:
    return statistics.median(ms), statistics.quantiles(ms, n=20)[18]


def measure(n: int, count: int) -> dict:
    data_dir = Path(__file__).parent / ".data" / str(n)
    build(n, data_dir)
    settings = load_settings().replace(data_dir=data_dir)
    client = create_app({"SETTINGS": settings}).test_client()
    index = SearchIndex(settings.index_dir)
    qs = queries(random.Random(5), count)
    client.get("/search?q=warmup")
    raw, page, raw_cpu, page_cpu, empty = [], [], [], [], 0
    for args in qs:
        query = parse_search_args(MultiDict(args)).to_query(20)
        t0, c0 = time.perf_counter(), time.process_time()
        try:
            empty += index.search(query).total == 0
        except QueryError as exc:
            raise SystemExit(f"benchmark query rejected: {args} ({exc})") from exc
        raw.append((time.perf_counter() - t0) * 1000)
        raw_cpu.append((time.process_time() - c0) * 1000)
        t0, c0 = time.perf_counter(), time.process_time()
        status = client.get("/search?" + urlencode(args)).status_code
        page.append((time.perf_counter() - t0) * 1000)
        page_cpu.append((time.process_time() - c0) * 1000)
        assert status in (200, 302), (status, args)
    (r50, r95), (p50, p95) = percentiles(raw), percentiles(page)
    (rc50, rc95), (pc50, pc95) = percentiles(raw_cpu), percentiles(page_cpu)
    return {
        "articles": n, "queries": len(qs), "empty_results": empty,
        "raw_p50_ms": round(r50, 1), "raw_p95_ms": round(r95, 1),
        "page_p50_ms": round(p50, 1), "page_p95_ms": round(p95, 1),
        "ratio_p50": round(p50 / r50, 2), "ratio_p95": round(p95 / r95, 2),
        "raw_cpu_p50_ms": round(rc50, 1), "raw_cpu_p95_ms": round(rc95, 1),
        "page_cpu_p50_ms": round(pc50, 1), "page_cpu_p95_ms": round(pc95, 1),
        "load_average_1min": round(os.getloadavg()[0], 2),
    }  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", nargs="?", type=parse_scale, default=100_000, help="10k, 100k, 1m")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--json", action="store_true")
    options = parser.parse_args()
    f = measure(options.n, options.queries)
    print(f"{f['articles']:,} articles, {f['queries']} queries with facets"
          f" ({f['empty_results']} find nothing)")  # fmt: skip
    print(f"raw index search: p50 {f['raw_p50_ms']} ms, p95 {f['raw_p95_ms']} ms")
    print(f"full search page: p50 {f['page_p50_ms']} ms, p95 {f['page_p95_ms']} ms")
    print(f"page / raw: p50 x{f['ratio_p50']}, p95 x{f['ratio_p95']}")
    print(f"CPU time: raw p50 {f['raw_cpu_p50_ms']} ms, p95 {f['raw_cpu_p95_ms']} ms;"
          f" page p50 {f['page_cpu_p50_ms']} ms, p95 {f['page_cpu_p95_ms']} ms"
          f" (load average {f['load_average_1min']} on {os.cpu_count()} cores)")  # fmt: skip
    if options.json:
        print(json.dumps({"benchmark": "search_page", **f}))


if __name__ == "__main__":
    main()
