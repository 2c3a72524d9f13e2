"""The API's other reads (sources, taxonomy, statistics), CORS for reads only, rate limits."""

from __future__ import annotations

from flask.testing import FlaskClient

from fakefree.site import create_app
from tests.site.conftest import Collection
from tests.site.test_api import assert_error_shape


def test_sources_with_their_health(client: FlaskClient) -> None:
    sources = client.get("/api/v1/sources").get_json()["sources"]
    by_id = {s["id"]: s for s in sources}
    assert set(by_id) == {"us-agency", "fr-douane", "mx-aduana"}
    us = by_id["us-agency"]
    assert (us["agency"], us["jurisdiction"], us["enabled"]) == ("US Test Agency", "US", True)
    assert us["published"] == 2  # the unpublished release is not counted
    assert us["status"] == "never_run" and us["last_success_at"] is None


def test_taxonomy_has_every_kind_with_three_labels(client: FlaskClient) -> None:
    body = client.get("/api/v1/taxonomy").get_json()
    assert set(body) == {"countries", "sectors", "ip_types", "actions", "languages"}
    mexico = next(c for c in body["countries"] if c["id"] == "MX")
    assert mexico["labels"] == {"en": "Mexico", "fr": "Mexique", "es": "México"}
    assert {s["id"] for s in body["sectors"]} >= {"pharma", "media"}
    assert [lang["id"] for lang in body["languages"]] == ["en", "fr", "es"]


def test_stats_count_by_month_and_facet(client: FlaskClient) -> None:
    body = client.get("/api/v1/stats").get_json()
    assert body["total"] == 4
    assert body["by_month"] == [{"month": "2025-03", "count": 4}]
    countries = {f["value"]: f["count"] for f in body["by_facet"]["country"]}
    assert countries == {"US": 2, "FR": 1, "MX": 1}


def test_openapi_document_is_3_1_and_lists_every_endpoint(client: FlaskClient) -> None:
    doc = client.get("/api/v1/openapi.json").get_json()
    assert doc["openapi"].startswith("3.1")
    assert set(doc["paths"]) == {
        "/search", "/articles/{article_id}", "/sources", "/taxonomy", "/stats",
        "/submissions", "/submissions/{submission_id}", "/moderation",
        "/submissions/{submission_id}/approve", "/submissions/{submission_id}/reject",
    }  # fmt: skip


def test_cors_for_reads_only(client: FlaskClient) -> None:
    for url in ("/api/v1/search", "/feeds/latest.atom", "/search.csv", "/api/v1/nothing"):
        assert client.get(url).headers["Access-Control-Allow-Origin"] == "*"
    preflight = client.options(
        "/api/v1/search",
        headers={"Origin": "https://news.example", "Access-Control-Request-Method": "GET"},
    )
    assert preflight.headers["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert "If-None-Match" in preflight.headers["Access-Control-Allow-Headers"]
    assert "ETag" in client.get("/api/v1/stats").headers["Access-Control-Expose-Headers"]
    assert "Access-Control-Allow-Origin" not in client.post("/api/v1/search").headers
    assert "Access-Control-Allow-Origin" not in client.get("/search?q=pills").headers


def test_rate_limit_is_a_clear_429_and_304s_are_free(collection: Collection) -> None:
    settings = collection.settings.replace(api_rate_limit="3/minute")
    client = create_app({"SETTINGS": settings, "TESTING": True}).test_client()
    etag = client.get("/api/v1/stats").headers["ETag"]
    for _ in range(5):  # not counted
        assert client.get("/api/v1/stats", headers={"If-None-Match": etag}).status_code == 304
    assert client.get("/api/v1/taxonomy").status_code == 200
    assert client.get("/search.csv").status_code == 200
    limited = client.get("/api/v1/sources")
    error = assert_error_shape(limited, 429, "too_many_requests")
    assert "3/minute" in error["message"] and "Retry-After" in error["message"]
    assert 0 < int(limited.headers["Retry-After"]) <= 60
    assert limited.headers["Access-Control-Allow-Origin"] == "*"
    assert client.get("/feeds/latest.atom").status_code == 200  # feeds are not limited
