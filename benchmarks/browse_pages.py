"""Server time of the statistics, browse and sitemap pages at scale (in process, Flask app).

    .venv/bin/python benchmarks/browse_pages.py [N]    # default N = 100000

Uses (building once if missing) the generated collection in benchmarks/.data/N, then times each
page: the first request (cold: the statistics are computed, the index opened), the median of a
few more (warm: counts cached per revision, pages rendered again), and a conditional request
answered 304.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from generate import build

from fakefree.settings import load_settings
from fakefree.site import create_app

PAGES = ["/statistics", "/countries/US", "/countries/MX?page=200", "/sectors/pharma",
         "/agencies", "/agencies/bench-fr", "/countries", "/", "/sitemap.xml",
         "/sitemaps/articles-1.xml", "/statistics/sectors-monthly.csv"]  # fmt: skip


def timed(client, path: str, headers: dict | None = None) -> tuple[float, object]:  # noqa: ANN001
    start = time.perf_counter()
    response = client.get(path, headers=headers or {})
    return (time.perf_counter() - start) * 1000, response


def main(n: int) -> None:
    data_dir = Path(__file__).parent / ".data" / str(n)
    build(n, data_dir)
    client = create_app({"SETTINGS": load_settings().replace(data_dir=data_dir)}).test_client()
    timed(client, "/search?q=counterfeit")  # opens the index once, as a running server has
    print(f"{'page':32} {'first ms':>9} {'warm p50':>9} {'304 ms':>7}  bytes")
    for path in PAGES:
        first, response = timed(client, path)
        assert response.status_code == 200, (path, response.status_code)
        warm = statistics.median(timed(client, path)[0] for _ in range(5))
        etag = response.headers.get("ETag")
        not_modified = timed(client, path, {"If-None-Match": etag})[0] if etag else float("nan")
        print(f"{path:32} {first:9.0f} {warm:9.0f} {not_modified:7.1f}  {len(response.data):,}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
