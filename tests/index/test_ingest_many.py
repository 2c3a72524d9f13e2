"""ingest_many: releases analysed in a process pool, stored here in order, nothing lost."""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor

import pytest

from fakefree.index.documents import RawDocument
from fakefree.index.ingest import IngestError, ingest_many
from fakefree.index.store import Store

from .conftest import SOURCE


def raw(i: int, title: str | None = None) -> RawDocument:
    return RawDocument(
        url=f"https://agency.example/boletin/{i}", source_id=SOURCE.id,
        title=f"Aseguran {i} piezas apócrifas" if title is None else title,
        html=f"<p>Agentes aseguraron {i} bolsos apócrifos en un almacén de Guadalajara.</p>",
        published="2025-06-01T12:00:00Z", language="es",
    )  # fmt: skip


@pytest.fixture(scope="module")
def pool() -> Iterator[ProcessPoolExecutor]:
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as executor:
        yield executor


def test_pool_and_no_pool_store_the_same_in_order(store: Store, pool: ProcessPoolExecutor) -> None:
    raws = [raw(i) for i in range(30)] + [raw(99, title="")]  # the last has no title
    done = list(ingest_many(store, SOURCE, raws, analyse=pool, ahead=4))
    assert [r.url for r, _ in done] == [r.url for r in raws]
    assert [s for _, s in done[:30]] == ["new"] * 30
    assert isinstance(done[30][1], IngestError)
    again = list(ingest_many(store, SOURCE, raws[:30]))  # in this process: the same records
    assert [s for _, s in again] == ["unchanged"] * 30
    stored = store.get_articles(range(1, 31))
    assert [a.title for a in stored] == [f"Aseguran {i} piezas apócrifas" for i in range(30)]
    assert {a.language for a in stored} == {"es"}


def test_a_failing_reader_has_what_it_read_stored_first(
    store: Store, pool: ProcessPoolExecutor
) -> None:
    def reader() -> Iterator[RawDocument]:
        yield from (raw(i) for i in range(5))
        raise RuntimeError("listing page 2 unreachable")

    seen = []
    with pytest.raises(RuntimeError, match="page 2"):
        for doc, status in ingest_many(store, SOURCE, reader(), analyse=pool):
            seen.append((doc.url, status))
    assert [s for _, s in seen] == ["new"] * 5
    assert all(store.has_url(r.url) for r in map(raw, range(5)))


def test_a_broken_pool_is_worked_around(store: Store) -> None:
    broken = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"))
    broken.submit(os.getpid).result()  # started
    for pid in list(broken._processes):
        os.kill(pid, signal.SIGKILL)  # as the OOM killer would
    done = list(ingest_many(store, SOURCE, [raw(i) for i in range(6)], analyse=broken))
    assert [s for _, s in done] == ["new"] * 6
    broken.shutdown(wait=False)


def test_a_pool_shut_down_mid_crawl_loses_nothing(store: Store) -> None:
    pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"))

    def reader() -> Iterator[RawDocument]:
        for i in range(20):
            if i == 10:  # the worker stops: releases not yet analysed are cancelled
                pool.shutdown(wait=False, cancel_futures=True)
            yield raw(i)

    done = list(ingest_many(store, SOURCE, reader(), analyse=pool, ahead=16))
    assert [s for _, s in done] == ["new"] * 20
