"""Search speed at scale: the full search page's server time against the raw index call.

    .venv/bin/python benchmarks/search_page.py [N]    # default N = 100000

Builds (once, kept in benchmarks/.data/N) a collection of N generated releases in English,
French and Spanish through the real ingest path, then runs 200 varied queries with facets, each
both as the raw SearchIndex.search call and as a whole /search page rendered by the Flask app
(in process: routing, index, store, template). Prints p50 and p95 of each and their ratio.
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

from generate import build

from fakefree.index.fulltext import SearchIndex
from fakefree.settings import load_settings
from fakefree.site import create_app
from fakefree.site.queries import parse_search_args

WORDS = ["counterfeit", "watches", "médicaments", "contrefaits", "falsificados", "piratería",
         "airbags", "sentenced", "saisi", "Guadalajara", '"luxury watches"', "counterfeit NOT "
         "cigarettes", "perfume OR parfum", "chargers", "douane", "aseguraron", "websites",
         "prison", "Marseille", "trademark holders", "tenis", "cosmetics", "jouets", ""]  # fmt: skip
FILTERS = [("country", ["US", "FR", "MX", "CA", "GB", "ES"]), ("language", ["en", "fr", "es"]),
           ("sector", ["pharma", "apparel", "electronics", "media", "toys-sports", "auto-aero"]),
           ("ip_type", ["counterfeit", "piracy"]), ("action", ["seizure", "sentence", "charge"])]  # fmt: skip


def queries(rng: random.Random, count: int = 200) -> list[dict]:
    out = []
    for _ in range(count):
        args: dict = {"q": rng.choice(WORDS)}
        for name, values in rng.sample(FILTERS, k=rng.randint(0, 2)):
            args[name] = rng.choice(values)
        if rng.random() < 0.3:
            args["sort"] = "date"
        if rng.random() < 0.2:
            args["page"] = str(rng.randint(2, 5))
        out.append({k: v for k, v in args.items() if v != ""})
    return out


def percentiles(ms: list[float]) -> tuple[float, float]:
    return statistics.median(ms), statistics.quantiles(ms, n=20)[18]


def main(n: int) -> None:
    data_dir = Path(__file__).parent / ".data" / str(n)
    build(n, data_dir)
    settings = load_settings().replace(data_dir=data_dir)
    client = create_app({"SETTINGS": settings}).test_client()
    index = SearchIndex(settings.index_dir)
    qs = queries(random.Random(5))
    client.get("/search?q=warmup")
    raw, page = [], []
    from werkzeug.datastructures import MultiDict

    for args in qs:
        query = parse_search_args(MultiDict(args)).to_query(20)
        t0 = time.perf_counter()
        index.search(query)
        raw.append((time.perf_counter() - t0) * 1000)
        t0 = time.perf_counter()
        status = client.get("/search?" + urlencode(args)).status_code
        page.append((time.perf_counter() - t0) * 1000)
        assert status in (200, 302), (status, args)
    r50, r95 = percentiles(raw)
    p50, p95 = percentiles(page)
    print(f"{n:,} articles, {len(qs)} queries with facets")
    print(f"raw index search: p50 {r50:.1f} ms, p95 {r95:.1f} ms")
    print(f"full search page: p50 {p50:.1f} ms, p95 {p95:.1f} ms")
    print(f"page / raw: p50 x{p50 / r50:.2f}, p95 x{p95 / r95:.2f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
