"""A small real collection (SQLite and Whoosh on disk) and the Flask app over it, built once for
the fuzz folder: the generated requests only read, so they can share it."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask

from fakefree.index.fulltext import SearchIndex
from fakefree.settings import Settings
from fakefree.site import create_app
from tests.site.conftest import ARTICLES, fill_collection, make_settings


@pytest.fixture(scope="session")
def fuzz_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    settings = make_settings(tmp_path_factory.mktemp("fuzz-data"))
    fill_collection(settings, ARTICLES)
    return settings


@pytest.fixture(scope="session")
def fuzz_app(fuzz_settings: Settings) -> Flask:
    # A rate limit no generated run reaches: the API's 429s would hide what is behind them.
    settings = fuzz_settings.replace(api_rate_limit="1000000/minute")
    return create_app({"SETTINGS": settings, "TESTING": True})


@pytest.fixture(scope="session")
def fuzz_index(fuzz_settings: Settings) -> SearchIndex:
    return SearchIndex(Path(fuzz_settings.index_dir))
