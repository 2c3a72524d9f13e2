"""URL converters: ids in URLs stay within what SQLite can hold.

Werkzeug's `int` converter accepts any number of digits, and SQLite raises OverflowError past
2**63 - 1, which made /articles/9223372036854775808 a 500 (found by tests/fuzz). Bounded, such
a URL matches no route: a 404 like any other unknown id.
"""

from __future__ import annotations

from typing import Any

from flask import Flask
from werkzeug.routing import IntegerConverter

SQLITE_MAX_INTEGER = 2**63 - 1


class SqliteIntegerConverter(IntegerConverter):
    """`<int:...>` limited to SQLite's INTEGER range (a smaller explicit max= still applies)."""

    def __init__(self, url_map: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(url_map, *args, **kwargs)
        self.max = SQLITE_MAX_INTEGER if self.max is None else min(self.max, SQLITE_MAX_INTEGER)


def init_app(app: Flask) -> None:
    """Install the converter; call before any blueprint registers its routes."""
    app.url_map.converters["int"] = SqliteIntegerConverter
