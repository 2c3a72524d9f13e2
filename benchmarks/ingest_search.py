"""Ingest throughput (end to end: text, language, date, classification, store, index) and
search latency, on generated releases in English, French and Spanish.

    .venv/bin/python benchmarks/ingest_search.py [N]      # default N = 2000

Prints releases/s for ingest (without the index), for the index sync, and the median and p95
server-side latency of a set of searches with facets. Not a test: run it by hand.
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from fakefree.catalogue import Source, SourceURL
from fakefree.index.documents import RawDocument
from fakefree.index.fulltext import SearchIndex, SearchQuery
from fakefree.index.ingest import ingest_document
from fakefree.index.store import Store

SOURCE = Source(
    id="bench", name="Benchmark agency", agency="Benchmark agency", jurisdiction="US",
    homepage="https://bench.example/", languages=("en", "fr", "es"), reader="feed",
    urls=(SourceURL("https://bench.example/feed"),),
)  # fmt: skip

TEMPLATES = {
    "en": (
        "Officers seize {n} counterfeit {goods} in {city}",
        "Customs officers in {city} seized {n} counterfeit {goods} bearing protected trademarks. "
        "The importer was arrested and charged with trafficking in counterfeit goods. "
        "Investigators said the shipment came from overseas and was bound for online sellers. ",
    ),
    "fr": (
        "Saisie de {n} {goods_fr} contrefaits à {city_fr}",
        "Les douaniers de {city_fr} ont saisi {n} {goods_fr} contrefaits portant des marques "
        "protégées. Le destinataire a été arrêté et inculpé pour contrefaçon de marque. "
        "Selon les enquêteurs, la marchandise était destinée à la revente en ligne. ",
    ),
    "es": (
        "Aseguran {n} {goods_es} apócrifos en {city_es}",
        "Agentes aseguraron {n} {goods_es} apócrifos con marcas registradas en {city_es}. "
        "El probable responsable fue detenido y vinculado a proceso por delitos contra la "
        "propiedad industrial. La mercancía provenía del extranjero. ",
    ),
}
FILL = {
    "goods": ["watches", "handbags", "medicines", "airbags", "phone chargers", "perfumes"],
    "goods_fr": ["montres", "sacs", "médicaments", "jouets", "chargeurs", "parfums"],
    "goods_es": ["relojes", "bolsos", "medicamentos", "juguetes", "cargadores", "perfumes"],
    "city": ["Chicago", "Miami", "Houston", "Newark", "Seattle"],
    "city_fr": ["Montréal", "Québec", "Gatineau", "Laval"],
    "city_es": ["Guadalajara", "Monterrey", "Puebla", "Tijuana"],
}


def generate(n: int, rng: random.Random) -> list[RawDocument]:
    docs = []
    for i in range(n):
        lang = ("en", "fr", "es")[i % 3]
        title_t, body_t = TEMPLATES[lang]
        values = {k: rng.choice(v) for k, v in FILL.items()} | {"n": rng.randint(10, 90000)}
        body = "".join(f"<p>{body_t.format(**values)}</p>" for _ in range(6))
        docs.append(RawDocument(
            url=f"https://bench.example/{lang}/{i}", source_id=SOURCE.id,
            title=title_t.format(**values), html=body, language=lang,
            published=f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}T10:00:00Z",
        ))  # fmt: skip
    return docs


QUERIES = [
    SearchQuery(text="counterfeit watches"),
    SearchQuery(text="contrefaits", filters={"language": ("fr",)}),
    SearchQuery(text="medicamentos"),
    SearchQuery(text="", filters={"countries": ("US",)}, sort="date"),
    SearchQuery(text="seize OR saisie", page=3),
    SearchQuery(text='"trademarks"'),
]


def main(n: int) -> None:
    rng = random.Random(7)
    docs = generate(n, rng)
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "store.sqlite3")
        store.sync_sources([SOURCE])
        t0 = time.perf_counter()
        for doc in docs:
            ingest_document(store, SOURCE, doc)
        t_ingest = time.perf_counter() - t0
        index = SearchIndex(Path(tmp) / "index")
        t0 = time.perf_counter()
        index.sync(store)
        t_index = time.perf_counter() - t0
        timings = []
        for _ in range(5):
            for q in QUERIES:
                t0 = time.perf_counter()
                index.search(q)
                timings.append((time.perf_counter() - t0) * 1000)
        print(f"articles: {n}")
        print(f"ingest (text, language, date, classify, store): {n / t_ingest:,.0f} releases/s")
        print(f"index sync (Whoosh): {n / t_index:,.0f} releases/s")
        print(f"end to end: {n / (t_ingest + t_index):,.0f} releases/s")
        print(f"search with facets: median {statistics.median(timings):.1f} ms, "
              f"p95 {statistics.quantiles(timings, n=20)[18]:.1f} ms")  # fmt: skip
        store.close()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
