from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from fakefree.settings import Settings
from fakefree.site import create_app
from tests.site.conftest import ARTICLES

RESULT_KEYS = {
    "id", "url", "title", "summary", "published_at", "language", "agency", "source_id",
    "jurisdiction", "countries", "sectors", "ip_types", "actions", "link", "snippet",
}  # fmt: skip


def assert_error_shape(response, status: int, code: str) -> dict:  # noqa: ANN001
    assert response.status_code == status
    assert response.content_type == "application/json"
    body = response.get_json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"status", "code", "message"}
    assert body["error"]["status"] == status and body["error"]["code"] == code
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    return body["error"]


def test_api_search_shape(client: FlaskClient, ids: dict[str, int]) -> None:
    body = client.get("/api/v1/search?country=FR").get_json()
    assert (body["total"], body["per_page"], body["next_cursor"], body["next"]) == (
        1,
        20,
        None,
        None,
    )
    (result,) = body["results"]
    assert set(result) == RESULT_KEYS
    assert result["id"] == ids["parfums"]
    assert result["url"] == ARTICLES["parfums"]["url"]
    assert result["published_at"] == "2025-03-04T09:00:00Z"
    assert result["link"] == f"http://localhost/articles/{ids['parfums']}"
    assert (result["jurisdiction"], result["agency"]) == ("FR", "Douane de test")
    assert set(body["facets"]) == {
        "country", "sector", "ip_type", "action", "language", "agency", "year",
    }  # fmt: skip
    assert [(f["value"], f["count"]) for f in body["facets"]["action"]] == [("seizure", 1)]
    assert body["facets"]["country"][0]["label"] == "France"


def test_api_search_pages_with_cursors(client: FlaskClient) -> None:
    first = client.get("/api/v1/search?per_page=3&sort=date").get_json()
    assert (first["total"], len(first["results"])) == (4, 3)
    assert first["next"].startswith("http://localhost/api/v1/search?")
    second = client.get(first["next"]).get_json()
    assert len(second["results"]) == 1 and second["next_cursor"] is None
    again = client.get(f"/api/v1/search?sort=date&per_page=3&cursor={first['next_cursor']}")
    assert again.get_json()["results"] == second["results"]
    seen = [r["id"] for r in first["results"] + second["results"]]
    assert len(set(seen)) == 4


def test_api_cursor_of_another_query_or_altered_is_a_400(client: FlaskClient) -> None:
    cursor = client.get("/api/v1/search?per_page=1").get_json()["next_cursor"]
    error = assert_error_shape(
        client.get(f"/api/v1/search?per_page=1&country=US&cursor={cursor}"), 400, "bad_request"
    )
    assert "another search" in error["message"]
    altered = cursor[:-2] + ("AA" if not cursor.endswith("AA") else "BB")
    assert_error_shape(
        client.get(f"/api/v1/search?per_page=1&cursor={altered}"), 400, "bad_request"
    )


def test_api_search_never_returns_unpublished(client: FlaskClient) -> None:
    body = client.get("/api/v1/search?q=banknotes").get_json()
    assert body["total"] == 0 and body["results"] == []


def test_api_article_has_every_field(client: FlaskClient, ids: dict[str, int]) -> None:
    body = client.get(f"/api/v1/articles/{ids['pills']}").get_json()
    assert set(body) >= RESULT_KEYS - {"snippet"}  # a snippet belongs to a search
    assert body["evidence"]["sectors:pharma"] == ["heart pills", "medicine"]
    assert body["body_text"] == ARTICLES["pills"]["body_text"]
    assert body["origin_countries"] == []


def test_api_article_body_html_is_sanitized(client: FlaskClient, ids: dict[str, int]) -> None:
    body = client.get(f"/api/v1/articles/{ids['hostile']}").get_json()
    assert "<script" not in body["body_html"] and "onerror" not in body["body_html"]


def test_api_unpublished_article_is_404(client: FlaskClient, ids: dict[str, int]) -> None:
    assert_error_shape(client.get(f"/api/v1/articles/{ids['banknotes']}"), 404, "not_found")


def test_api_error_shape_404_unknown_path(client: FlaskClient) -> None:
    assert_error_shape(client.get("/api/v1/nothing-here"), 404, "not_found")


def test_api_error_shape_400_bad_query(client: FlaskClient) -> None:
    error = assert_error_shape(client.get('/api/v1/search?q="open'), 400, "bad_request")
    assert "quotation mark" in error["message"]
    assert_error_shape(client.get("/api/v1/search?per_page=1000"), 400, "bad_request")


def test_api_error_shape_405(client: FlaskClient) -> None:
    response = client.post("/api/v1/search")
    assert_error_shape(response, 405, "method_not_allowed")
    assert "GET" in response.headers["Allow"]


def test_api_error_shape_500_hides_the_cause(collection) -> None:  # noqa: ANN001
    settings: Settings = collection.settings
    app = create_app({"SETTINGS": settings, "TESTING": True, "PROPAGATE_EXCEPTIONS": False})

    @app.get("/api/v1/boom")
    def boom() -> str:
        raise RuntimeError("secret internals")

    response = app.test_client().get("/api/v1/boom")
    error = assert_error_shape(response, 500, "internal_server_error")
    assert "secret internals" not in error["message"]


@pytest.mark.parametrize("path", ["/nothing-here", "/articles/0"])
def test_html_errors_outside_the_api(client: FlaskClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404 and response.content_type.startswith("text/html")
