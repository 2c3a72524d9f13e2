"""The statistics page: charts, their tables and CSV files agree with the store; SVG is
well-formed and named; conditional GET."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET

import lxml.html
import pytest
from flask import Flask
from flask.testing import FlaskClient

from fakefree.settings import Settings
from fakefree.site import create_app
from tests.site.conftest import record
from tests.site.recent import RECENT, days_ago, fill_recent, month

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def stats_client(fresh_settings: Settings) -> FlaskClient:
    fill_recent(fresh_settings)
    return create_app({"SETTINGS": fresh_settings, "TESTING": True}).test_client()


def table_rows(page: str, section_id: str) -> tuple[list[str], list[list[str]]]:
    """The header cells and body rows (as text) of the table in one chart's section."""
    doc = lxml.html.fromstring(page)
    (table,) = doc.xpath(f'//section[@id="{section_id}"]//table')
    header = [th.text_content().strip() for th in table.xpath("./thead/tr/th")]
    rows = [[c.text_content().strip() for c in tr.xpath("./th|./td")]
            for tr in table.xpath("./tbody/tr")]  # fmt: skip
    return header, rows


def test_statistics_page_counts_releases_per_month_by_country(stats_client: FlaskClient) -> None:
    response = stats_client.get("/statistics")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    header, rows = table_rows(page, "countries-monthly")
    assert header[0] == "Month" and header[-1] == "All releases"
    assert len(rows) == 24  # the last 24 months, every one of them, empty ones too
    by_month = {row[0]: dict(zip(header[1:], row[1:], strict=True)) for row in rows}
    recent = by_month[month(days_ago(2))]
    # US: the two recent releases (the unpublished notice is not counted); older ones elsewhere.
    us_recent = sum(1 for k in ("recent-us", "recent-mx") if month(RECENT[k]["published_at"])
                    == month(days_ago(2)))  # fmt: skip
    assert recent["United States"] == str(us_recent)
    assert by_month[month(days_ago(45))]["France"] == "1"
    assert month(days_ago(3 * 365)) not in by_month  # older than 24 months
    # The yearly table goes back to the first release.
    _, years = table_rows(page, "countries-yearly")
    assert years[0][0] == days_ago(3 * 365).strftime("%Y")
    assert "5 releases" not in page and "4 releases published in all" in page


def test_csv_matches_the_table(stats_client: FlaskClient) -> None:
    page = stats_client.get("/statistics").get_data(as_text=True)
    for kind in ("countries", "sectors", "ip-types"):
        for period in ("monthly", "yearly"):
            response = stats_client.get(f"/statistics/{kind}-{period}.csv")
            assert response.status_code == 200 and response.mimetype == "text/csv"
            assert "attachment" in response.headers["Content-Disposition"]
            lines = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
            _, rows = table_rows(page, f"{kind}-{period}")
            assert lines[0][0] == ("month" if period == "monthly" else "year")
            assert lines[0][-1] == "total"
            # Fewer than 7 values: the table shows them all, in the CSV's order.
            assert [line for line in lines[1:]] == rows, (kind, period)


def test_csv_columns_are_tag_ids_most_releases_first(stats_client: FlaskClient) -> None:
    text = stats_client.get("/statistics/countries-yearly.csv").get_data(as_text=True)
    header = next(csv.reader(io.StringIO(text)))
    assert header[1:3] == ["MX", "US"] and "FR" in header


def test_charts_are_named_svg_images(stats_client: FlaskClient) -> None:
    response = stats_client.get("/statistics/sectors-monthly.svg")
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    svg = ET.fromstring(response.data)  # well-formed XML
    assert svg.tag == f"{SVG}svg" and svg.get("role") == "img"
    title, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
    assert title is not None and "Releases per month by sector" in title.text
    assert desc is not None and desc.text
    assert svg.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    labels = {t.text for t in svg.iter(f"{SVG}text")}
    assert "Medicines and medical devices" in labels  # the legend is text


def test_the_page_shows_six_inline_charts_without_script(stats_client: FlaskClient) -> None:
    page = stats_client.get("/statistics").get_data(as_text=True)
    assert page.count('<svg xmlns="http://www.w3.org/2000/svg"') == 6
    assert "<script" not in page.split("</head>")[1]
    assert "http://" not in page.split("<svg", 1)[1].split("</svg>")[0].replace(
        "http://www.w3.org/2000/svg", "")  # fmt: skip


def test_unknown_statistic_is_404(stats_client: FlaskClient) -> None:
    assert stats_client.get("/statistics/planets-monthly.csv").status_code == 404
    assert stats_client.get("/statistics/countries-weekly.csv").status_code == 404


def test_statistics_answer_304_and_change_with_the_collection(
    fresh_settings: Settings, stats_client: FlaskClient
) -> None:
    first = stats_client.get("/statistics")
    etag = first.headers["ETag"]
    assert first.headers.get("Last-Modified")
    again = stats_client.get("/statistics", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    csv_etag = stats_client.get("/statistics/countries-monthly.csv").headers["ETag"]
    assert stats_client.get("/statistics/countries-monthly.csv",
                            headers={"If-None-Match": csv_etag}).status_code == 304  # fmt: skip
    fill_recent(fresh_settings, {"new": record("new", "fr-douane", published_at=days_ago(1),
                                               countries=["FR"])})  # fmt: skip
    changed = stats_client.get("/statistics", headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert "5 releases published in all" in changed.get_data(as_text=True)


def test_an_empty_collection_has_a_statistics_page(fresh_app: Flask) -> None:
    response = fresh_app.test_client().get("/statistics")
    assert response.status_code == 200
    assert "No release in this period yet." in response.get_data(as_text=True)


def test_the_svg_chart_follows_the_interface_language(stats_client: FlaskClient) -> None:
    english = stats_client.get("/statistics/countries-yearly.svg")
    french = stats_client.get(
        "/statistics/countries-yearly.svg", headers={"Accept-Language": "fr"}
    )  # the same URL: only the language differs
    assert english.headers["ETag"] != french.headers["ETag"]
    assert "Accept-Language" in english.headers["Vary"]
    assert "Mexique" in french.get_data(as_text=True)
