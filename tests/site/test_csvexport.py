"""CSV export of a search: streamed, every matching published release, inert cells."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

from flask import Flask
from flask.testing import FlaskClient

from fakefree.index.fulltext import open_index
from fakefree.index.store import Store
from fakefree.settings import Settings
from fakefree.site.csvexport import CSV_FIELDS, safe_cell
from tests.site.conftest import ARTICLES, record


def read_csv(client: FlaskClient, url: str) -> list[dict[str, str]]:
    response = client.get(url)
    assert response.status_code == 200
    assert response.is_streamed
    assert response.content_type == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert int(response.headers["X-Total-Count"]) == len(rows)
    return rows


def test_csv_of_a_search_has_every_field(client: FlaskClient, ids: dict[str, int]) -> None:
    rows = read_csv(client, "/search.csv?country=FR")
    assert len(rows) == 1 and tuple(rows[0]) == CSV_FIELDS
    row = rows[0]
    assert row["id"] == str(ids["parfums"])
    assert row["published_at"] == "2025-03-04T09:00:00Z"
    assert (row["agency"], row["jurisdiction"], row["language"]) == ("Douane de test", "FR", "fr")
    assert (row["countries"], row["country_names"]) == ("FR", "France")
    assert row["original_url"] == ARTICLES["parfums"]["url"]
    assert row["fakefree_url"] == f"http://localhost/articles/{ids['parfums']}"


def test_csv_follows_words_and_never_shows_unpublished(client: FlaskClient) -> None:
    assert [r["title"] for r in read_csv(client, "/search.csv?q=pills")] == [
        ARTICLES["pills"]["title"]
    ]
    assert read_csv(client, "/search.csv?q=banknotes") == []
    assert len(read_csv(client, "/search.csv")) == 4
    hostile = [r for r in read_csv(client, "/search.csv?q=watches")][0]
    assert "\x0b" not in hostile["title"] and "\x0b" not in hostile["summary"]


def test_csv_bad_query_is_a_400(client: FlaskClient) -> None:
    assert client.get('/search.csv?q="open').status_code == 400


def test_cells_never_start_a_formula() -> None:
    assert safe_cell('=HYPERLINK("http://evil")') == '\'=HYPERLINK("http://evil")'
    assert [safe_cell(v) for v in ("+1", "-1", "@SUM(A1)", "plain", None, 3)] == [
        "'+1", "'-1", "'@SUM(A1)", "plain", "", "3",
    ]  # fmt: skip


def test_csv_streams_more_than_one_batch(fresh_app: Flask, fresh_settings: Settings) -> None:
    when = datetime(2025, 5, 1, tzinfo=UTC)
    with Store(fresh_settings.db_path) as store:
        for n in range(450):
            store.upsert_article(
                record(f"bulk-{n}", "us-agency", title=f"=cmd|' /C calc'!A{n}", published_at=when)
            )
        open_index(fresh_settings.index_dir).sync(store)
    rows = read_csv(fresh_app.test_client(), "/search.csv")
    assert len(rows) == 450 and len({r["id"] for r in rows}) == 450
    assert all(r["title"].startswith("'=cmd") for r in rows)
