"""Realistic generated releases in English, French and Spanish, for benchmarks.

    .venv/bin/python benchmarks/generate.py N [DATA_DIR]  # a store and index of N releases
                                                          # N: a number or 10k, 100k, 1m

Each release is assembled from phrases agencies use (datelines, actions, goods, places, quotes,
boilerplate) in its language, with varied vocabulary so that the index sees a realistic spread of
words. It goes through the real ingest path (text, language, date, classification, store), then
the index is synced. DATA_DIR defaults to benchmarks/.data/N, shared by the benchmarks that need a
collection of that size; reusing it skips the build when the store already holds N releases, and
an interrupted build goes on where it stopped. Releases are generated one at a time (never held
in memory together), so 1m works too: about an hour of ingest on 2 cores.
"""

from __future__ import annotations

import contextlib
import random
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from fakefree.catalogue import Source, SourceURL
from fakefree.index.documents import RawDocument
from fakefree.index.fulltext import SearchIndex
from fakefree.index.ingest import IngestError, ingest_document
from fakefree.index.store import Store

DATA_ROOT = Path(__file__).resolve().parent / ".data"

SOURCES = {
    "en": [("bench-us", "US", "Bench U.S. Attorney's Office"), ("bench-uk", "GB", "Bench IP Crime Unit"),
           ("bench-ca", "CA", "Bench Border Agency")],
    "fr": [("bench-fr", "FR", "Bench Douane"), ("bench-qc", "CA", "Bench Gendarmerie")],
    "es": [("bench-mx", "MX", "Bench Fiscalía"), ("bench-es", "ES", "Bench Policía")],
}  # fmt: skip

GOODS = {
    "en": ["counterfeit handbags", "fake luxury watches", "counterfeit medicines", "fake airbags",
           "counterfeit phone chargers", "pirated DVDs", "counterfeit perfume", "fake cigarettes",
           "counterfeit sneakers", "fake toys", "counterfeit pesticides", "fake spirits",
           "counterfeit brake pads", "pirated software licences", "counterfeit cosmetics"],
    "fr": ["sacs à main contrefaits", "montres de luxe contrefaites", "médicaments contrefaits",
           "chargeurs contrefaits", "parfums contrefaits", "cigarettes de contrefaçon",
           "baskets contrefaites", "jouets contrefaits", "pièces automobiles contrefaites",
           "vêtements de contrefaçon", "cosmétiques contrefaits", "DVD piratés"],
    "es": ["bolsos apócrifos", "relojes falsificados", "medicamentos falsificados",
           "cargadores apócrifos", "perfumes falsificados", "cigarros apócrifos", "tenis piratas",
           "juguetes falsificados", "autopartes apócrifas", "ropa pirata", "discos piratas",
           "cosméticos falsificados"],
}  # fmt: skip
PLACES = {
    "en": ["Chicago", "Miami", "Newark", "Los Angeles", "Houston", "Seattle", "London",
           "Manchester", "Toronto", "Vancouver", "Dover", "Felixstowe"],
    "fr": ["Marseille", "Le Havre", "Roissy", "Lyon", "Lille", "Montréal", "Québec", "Bordeaux"],
    "es": ["Guadalajara", "Monterrey", "Tijuana", "Manzanillo", "Madrid", "Barcelona",
           "Valencia", "Puebla", "Algeciras"],
}  # fmt: skip
ORIGINS = {"en": ["China", "Turkey", "Hong Kong", "Vietnam"], "fr": ["Chine", "Turquie", "Maroc"],
           "es": ["China", "Turquía", "Colombia"]}  # fmt: skip
OPENINGS = {
    "en": ["{place} — Officers seized {n:,} {goods} shipped from {origin}, the agency said.",
           "{place} — A man was sentenced to {m} months in prison for selling {goods}.",
           "{place} — Two people were charged after investigators found {n:,} {goods}.",
           "{place} — Authorities shut down {k} websites selling {goods} and arrested {p} people."],
    "fr": ["{place} — Les douaniers ont saisi {n:} {goods} en provenance de {origin}.",
           "{place} — Un homme a été condamné à {m} mois de prison pour la vente de {goods}.",
           "{place} — Deux personnes ont été mises en examen après la découverte de {n} {goods}.",
           "{place} — Les enquêteurs ont fermé {k} sites qui vendaient des {goods}."],
    "es": ["{place} — Agentes aseguraron {n:} {goods} procedentes de {origin}.",
           "{place} — Un hombre fue sentenciado a {m} meses de prisión por vender {goods}.",
           "{place} — Dos personas fueron vinculadas a proceso tras hallar {n} {goods}.",
           "{place} — Autoridades cerraron {k} sitios que vendían {goods} y detuvieron a {p}."],
}  # fmt: skip
FILLER = {
    "en": ["The investigation was conducted with the help of the trademark holders.",
           "Counterfeit goods can be dangerous and fund organised crime.",
           "The defendants face fines and forfeiture of the proceeds.",
           "Consumers should buy from authorised retailers and report suspicious offers.",
           "Officers examined the cargo containers after a risk assessment flagged the shipment.",
           "The charges are allegations and the defendants are presumed innocent.",
           "Laboratory tests showed the products did not meet safety standards."],
    "fr": ["L'enquête a été menée avec le concours des titulaires des marques.",
           "La contrefaçon met en danger les consommateurs et finance la criminalité organisée.",
           "Les prévenus encourent une amende et la confiscation des marchandises.",
           "Les consommateurs sont invités à acheter auprès de revendeurs agréés.",
           "Le conteneur avait été ciblé par l'analyse de risque des services douaniers.",
           "Les analyses ont montré que les produits ne respectaient pas les normes."],
    "es": ["La investigación contó con el apoyo de los titulares de las marcas.",
           "La piratería pone en riesgo a los consumidores y financia al crimen organizado.",
           "Los imputados enfrentan multas y el decomiso de la mercancía.",
           "Se recomienda a la población comprar en establecimientos autorizados.",
           "El contenedor fue seleccionado por el análisis de riesgo de la aduana.",
           "Los análisis mostraron que los productos no cumplían las normas sanitarias."],
}  # fmt: skip


def parse_scale(text: str) -> int:
    """'10k' -> 10000, '100k' -> 100000, '1m' -> 1000000; plain numbers as they are."""
    text = text.strip().lower().replace(",", "").replace("_", "")
    factor = {"k": 1_000, "m": 1_000_000}.get(text[-1:], 1)
    return int(float(text[:-1] if factor > 1 else text) * factor)


def sources() -> list[Source]:
    return [
        Source(id=sid, name=name, agency=name, jurisdiction=jur, homepage=f"https://{sid}.example/",
               languages=(lang,), reader="feed", urls=(SourceURL(f"https://{sid}.example/feed"),))
        for lang, items in SOURCES.items() for sid, jur, name in items
    ]  # fmt: skip


def release(i: int, rng: random.Random) -> tuple[str, RawDocument]:
    lang = ("en", "fr", "es")[i % 3]
    sid = rng.choice(SOURCES[lang])[0]
    values = {
        "place": rng.choice(PLACES[lang]), "goods": rng.choice(GOODS[lang]),
        "origin": rng.choice(ORIGINS[lang]), "n": rng.randint(12, 250_000),
        "m": rng.randint(6, 96), "k": rng.randint(2, 400), "p": rng.randint(1, 30),
    }  # fmt: skip
    opening = rng.choice(OPENINGS[lang]).format(**values)
    body = [opening] + rng.sample(FILLER[lang], k=rng.randint(3, len(FILLER[lang])))
    title = opening.split(" — ", 1)[1].split(",")[0].split(" after ")[0].rstrip(".")
    published = datetime(2020, 1, 1, tzinfo=UTC) + timedelta(minutes=rng.randint(0, 3_300_000))
    html = "".join(f"<p>{p}</p>" for p in body * 3)
    url = f"https://{sid}.example/press/{i}"
    return sid, RawDocument(url=url, source_id=sid, title=title, html=html,
                            published=published.isoformat(), language=lang)  # fmt: skip


def build(n: int, data_dir: Path) -> None:
    """A store and an index of n generated releases under data_dir (kept if already there)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    by_id = {s.id: s for s in sources()}
    with Store(data_dir / "fakefree.sqlite3") as store:
        store.sync_sources(by_id.values())
        have = store.count_articles(relevant_only=False)
        rng = random.Random(2026)
        t0 = time.perf_counter()
        for i in range(n):
            sid, raw = release(i, rng)
            if i < have:
                continue
            with contextlib.suppress(IngestError):
                ingest_document(store, by_id[sid], raw)
            if i and i % 10_000 == 0:
                print(f"  {i:,} ingested ({i / (time.perf_counter() - t0):,.0f}/s)", flush=True)
        t1 = time.perf_counter()
        SearchIndex(data_dir / "index").sync(store)
        t2 = time.perf_counter()
        print(f"built {n:,} releases in {data_dir}: ingest {t1 - t0:.0f}s, index {t2 - t1:.0f}s")


if __name__ == "__main__":
    count = parse_scale(sys.argv[1])
    build(count, Path(sys.argv[2]) if len(sys.argv) > 2 else DATA_ROOT / str(count))
