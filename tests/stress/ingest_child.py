"""A crawl's writing side in a process of its own: ingest releases, sync the index as a crawl does.

    python -m tests.stress.ingest_child DATA_DIR FIRST COUNT [--batch 20] [--pause 0]

Releases FIRST .. FIRST+COUNT-1 (generated in English, French and Spanish, written for these
tests) go through the real ingest path; after every `--batch` of them the full-text index is
synced, as `fakefree.crawler.run` does after each source's crawl. Each URL is printed once its
transaction has committed ("synced N" after each sync; "done" at the end), so the parent knows
exactly what must be in the store and the index.
"""

from __future__ import annotations

import argparse
import random
import time
from pathlib import Path

from fakefree.catalogue import Source, SourceURL
from fakefree.index.documents import RawDocument
from fakefree.index.fulltext import open_index
from fakefree.index.ingest import ingest_document
from fakefree.index.store import Store

SOURCE = Source(
    id="stress", name="Stress test agency", agency="Stress test agency", jurisdiction="FR",
    homepage="https://stress.example/", languages=("en", "fr", "es"), reader="feed",
    urls=(SourceURL("https://stress.example/feed"),),
)  # fmt: skip
LINES = {
    "en": ("Officers seize {n} counterfeit {g} at the port of {p}",
           "Customs officers at {p} seized {n} counterfeit {g} bearing protected trademarks. "
           "The importer was arrested and charged with trafficking in counterfeit goods."),
    "fr": ("Saisie de {n} {g} contrefaits au port de {p}",
           "Les douaniers de {p} ont saisi {n} {g} contrefaits portant des marques protégées. "
           "Le destinataire a été interpellé et poursuivi pour contrefaçon."),
    "es": ("Aseguran {n} {g} apócrifos en el puerto de {p}",
           "Agentes aduanales en {p} aseguraron {n} {g} apócrifos con marcas registradas. "
           "El probable responsable fue detenido por delitos contra la propiedad industrial."),
}  # fmt: skip
GOODS = {"en": ["watches", "handbags", "medicines"], "fr": ["montres", "sacs", "jouets"],
         "es": ["relojes", "bolsos", "juguetes"]}  # fmt: skip
PORTS = {"en": ["Felixstowe", "Newark"], "fr": ["Marseille", "Le Havre"],
         "es": ["Manzanillo", "Algeciras"]}  # fmt: skip


def release(i: int) -> RawDocument:
    lang = ("en", "fr", "es")[i % 3]
    rng = random.Random(i)
    values = {"n": rng.randint(20, 90_000), "g": rng.choice(GOODS[lang]),
              "p": rng.choice(PORTS[lang])}  # fmt: skip
    title, body = (line.format(**values) for line in LINES[lang])
    return RawDocument(
        url=f"https://stress.example/press/{i}", source_id=SOURCE.id, title=f"{title} ({i})",
        html=f"<p>{body}</p>" * 3, published=f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}T09:00:00Z",
        language=lang,
    )  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("first", type=int)
    parser.add_argument("count", type=int)
    parser.add_argument("--batch", type=int, default=20)
    parser.add_argument("--pause", type=float, default=0.0, help="seconds between releases")
    options = parser.parse_args()
    with Store(options.data_dir / "fakefree.sqlite3") as store:
        store.sync_sources([SOURCE])
        index = open_index(options.data_dir / "index")
        for n, i in enumerate(range(options.first, options.first + options.count), start=1):
            ingest_document(store, SOURCE, release(i))
            print(release(i).url, flush=True)
            if n % options.batch == 0:
                print(f"synced {index.sync(store)}", flush=True)
            time.sleep(options.pause)
        print(f"synced {index.sync(store)}", flush=True)
    print("done", flush=True)


if __name__ == "__main__":
    main()
