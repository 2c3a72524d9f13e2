"""The store and the search index as the site sees them: one Store per request, one index per process."""

from __future__ import annotations

from flask import Flask, current_app, g

from fakefree.index.fulltext import SearchIndex, open_index
from fakefree.index.store import Store
from fakefree.settings import Settings


def get_settings() -> Settings:
    return current_app.config["SETTINGS"]


def get_store() -> Store:
    """The request's store connection, opened on first use and closed on teardown."""
    if "store" not in g:
        g.store = Store(get_settings().db_path)
    return g.store


def get_search_index() -> SearchIndex:
    """The process-wide search index (open_index caches it and refreshes its searcher)."""
    return open_index(get_settings().index_dir)


def close_store(exc: BaseException | None = None) -> None:
    store = g.pop("store", None)
    if store is not None:
        store.close()


def init_app(app: Flask) -> None:
    app.teardown_appcontext(close_store)
