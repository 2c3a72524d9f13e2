"""Agencies submit through the API, operators moderate; nothing unsafe reaches a page or feed."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient

from fakefree.index.store import Store, to_iso, utcnow
from fakefree.index.submissions import create_account, create_token, revoke_token
from fakefree.settings import Settings
from fakefree.site import create_app

from .xss_vectors import XSS_VECTORS, live_markup, live_markup_in_escaped

BODY = "<p>Customs officers seized 4,000 counterfeit watches bearing fake brands.</p>"
RELEASE = {
    "title": "Customs seize counterfeit watches at the port",
    "published": "2025-03-04",
    "language": "en",
    "body_html": BODY,
    "original_url": "https://customs.example/press/watches",
    "suggested_countries": ["US"],
    "suggested_sectors": ["apparel"],
}


@pytest.fixture
def tokens(fresh_settings: Settings) -> dict[str, str]:
    """Bearer tokens of two agencies (a, b) and an operator (op)."""
    with Store(fresh_settings.db_path) as store:
        create_account(store, "a", "Agency A", "US", "pw-a")
        create_account(store, "b", "Agency B", "FR", "pw-b")
        create_account(store, "op", "Fake Free", "INT", "pw-op", role="operator")
        return {name: create_token(store, name)[1] for name in ("a", "b", "op")}


def auth(token: str, key: str | None = None) -> dict[str, str]:
    headers = {"Authorization": f"Bearer {token}"}
    return headers | ({"Idempotency-Key": key} if key else {})


def post(client: FlaskClient, token: str, key: str, body: dict | str | bytes):
    data = body if isinstance(body, str | bytes) else json.dumps(body)
    return client.post(
        "/api/v1/submissions", data=data, headers=auth(token, key), content_type="application/json"
    )


def assert_error(response, status: int, words: str) -> None:
    assert response.status_code == status, response.get_data(as_text=True)
    error = response.get_json()["error"]
    assert error["status"] == status and words in error["message"]


def test_submit_is_idempotent_and_conflicts_on_another_body(
    fresh_app: Flask, tokens: dict[str, str]
) -> None:
    client = fresh_app.test_client()
    first = post(client, tokens["a"], "k1", RELEASE)
    assert first.status_code == 201 and first.get_json()["status"] == "pending"
    again = post(client, tokens["a"], "k1", RELEASE)
    assert again.status_code == 200 and again.get_json()["id"] == first.get_json()["id"]
    assert_error(post(client, tokens["a"], "k1", RELEASE | {"title": "Other"}), 409, "k1")
    assert post(client, tokens["b"], "k1", RELEASE).status_code == 201  # keys are per agency
    missing = client.post("/api/v1/submissions", json=RELEASE, headers=auth(tokens["a"]))
    assert_error(missing, 400, "Idempotency-Key")


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"title": ""}, "'title' is required"),
        ({"title": 3}, "'title' must be a string"),
        ({"language": "de"}, "'language'"),
        ({"body_html": "<script>alert(1)</script>"}, "no text once unsafe markup"),
        ({"original_url": "javascript:alert(1)"}, "http or https"),
        ({"original_url": "data:text/html,<script>alert(1)</script>"}, "http or https"),
        ({"original_url": "//evil.example/x"}, "http or https"),
        ({"suggested_countries": ["<svg onload=alert(1)>"]}, "unknown countries"),
        ({"suggested_sectors": ["<script>"]}, "unknown sectors"),
        ({"suggested_sectors": "apparel"}, "must be a list"),
        ({"extra": 1}, "unknown fields: extra"),
    ],
)
def test_every_field_is_validated(
    fresh_app: Flask, tokens: dict[str, str], change: dict, words: str
) -> None:
    assert_error(post(fresh_app.test_client(), tokens["a"], "k", RELEASE | change), 400, words)


def test_malformed_and_oversized_bodies_get_the_error_shape(
    fresh_app: Flask, tokens: dict[str, str]
) -> None:
    client = fresh_app.test_client()
    assert_error(post(client, tokens["a"], "k", '{"title": '), 400, "not valid JSON")
    assert_error(post(client, tokens["a"], "k", "[1, 2]"), 400, "JSON object")
    assert_error(post(client, tokens["a"], "k", b"\xff\xfe"), 400, "not valid JSON")
    huge = RELEASE | {"body_html": "<p>" + "counterfeit " * 20_000 + "</p>"}
    assert_error(post(client, tokens["a"], "k", huge), 413, "larger than 200 KB")


def test_missing_expired_and_revoked_tokens_are_refused(
    fresh_app: Flask, fresh_settings: Settings, tokens: dict[str, str]
) -> None:
    client = fresh_app.test_client()
    with Store(fresh_settings.db_path) as store:
        expired = create_token(store, "a", days=1)[1]
        store.db.execute("UPDATE api_tokens SET expires_at=?", (to_iso(utcnow() - timedelta(1)),))
        revoke_token(store, 1)
    for headers in (
        {},
        auth("not-a-token"),
        auth(expired),
        auth(tokens["a"]),
        {"Authorization": tokens["b"]},
    ):
        response = client.get("/api/v1/submissions", headers=headers)
        assert_error(response, 401, "valid API token")
        assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_agencies_see_and_change_only_their_own(fresh_app: Flask, tokens: dict[str, str]) -> None:
    client = fresh_app.test_client()
    mine = post(client, tokens["a"], "k", RELEASE).get_json()["id"]
    theirs = post(client, tokens["b"], "k", RELEASE).get_json()["id"]
    listed = client.get("/api/v1/submissions", headers=auth(tokens["a"])).get_json()
    assert [s["id"] for s in listed["submissions"]] == [mine]
    for probe in (theirs, theirs + 1, 999_999):
        assert_error(
            client.get(f"/api/v1/submissions/{probe}", headers=auth(tokens["a"])),
            404,
            "No submission",
        )
    assert client.get(f"/api/v1/submissions/{mine}", headers=auth(tokens["a"])).status_code == 200
    for action, body in (("approve", {}), ("reject", {"reason": "no"})):
        response = client.post(
            f"/api/v1/submissions/{theirs}/{action}", json=body, headers=auth(tokens["a"])
        )
        assert_error(response, 403, "Only operators")
    assert_error(client.get("/api/v1/moderation", headers=auth(tokens["b"])), 403, "Only operators")
    queue = client.get("/api/v1/moderation", headers=auth(tokens["op"])).get_json()
    assert [s["id"] for s in queue["submissions"]] == [mine, theirs]


def test_reject_needs_a_reason_and_the_agency_sees_it(
    fresh_app: Flask, tokens: dict[str, str]
) -> None:
    client = fresh_app.test_client()
    sid = post(client, tokens["a"], "k", RELEASE).get_json()["id"]
    url = f"/api/v1/submissions/{sid}/reject"
    assert_error(client.post(url, json={}, headers=auth(tokens["op"])), 400, "'reason' is required")
    assert (
        client.post(url, json={"reason": "Not IP"}, headers=auth(tokens["op"])).status_code == 200
    )
    seen = client.get(f"/api/v1/submissions/{sid}", headers=auth(tokens["a"])).get_json()
    assert seen["status"] == "rejected" and seen["reject_reason"] == "Not IP"
    again = client.post(f"/api/v1/submissions/{sid}/approve", headers=auth(tokens["op"]))
    assert_error(again, 409, "not pending")


def test_submission_survives_a_restart_and_approval_publishes_it(
    fresh_settings: Settings, tokens: dict[str, str]
) -> None:
    first = create_app({"SETTINGS": fresh_settings, "TESTING": True}).test_client()
    sid = post(first, tokens["a"], "k", RELEASE).get_json()["id"]
    client = create_app({"SETTINGS": fresh_settings, "TESTING": True}).test_client()
    approved = client.post(
        f"/api/v1/submissions/{sid}/approve",
        json={"sectors": ["electronics"]},
        headers=auth(tokens["op"]),
    )
    assert approved.status_code == 200, approved.get_data(as_text=True)
    article_id = approved.get_json()["article_id"]
    found = client.get("/api/v1/search?q=watches").get_json()
    assert article_id in [item["id"] for item in found["results"]]
    assert "Customs seize counterfeit watches" in client.get("/feeds/latest.atom").get_data(
        as_text=True
    )
    article = client.get(f"/api/v1/articles/{article_id}").get_json()
    assert article["url"] == RELEASE["original_url"]
    assert article["sectors"] == ["electronics"]  # the operator's correction wins
    assert "Agency A" in client.get(f"/articles/{article_id}").get_data(as_text=True)


def assert_nothing_live(client: FlaskClient, article_ids: list[int]) -> None:
    for article_id in article_ids:
        page = client.get(f"/articles/{article_id}")
        assert page.status_code == 200 and live_markup(page.get_data(as_text=True)) == []
        api = client.get(f"/api/v1/articles/{article_id}").get_json()
        assert live_markup_in_escaped(api.get("body_html", "")) == []
    for path in ("/feeds/latest.atom", "/search.atom?q=watches", "/", "/search?q=watches"):
        text = client.get(path).get_data(as_text=True)
        if path.endswith(".atom") or ".atom?" in path:
            for element in ET.fromstring(text).iter():  # well-formed: nothing broke out
                if element.get("type") == "html":  # else plain text, shown as text
                    assert live_markup(element.text or "") == [], (path, element.text)
        else:
            assert live_markup(text) == [], path


def test_xss_vectors_in_every_field_never_reach_a_page_or_feed(
    fresh_settings: Settings, tokens: dict[str, str]
) -> None:
    assert len(XSS_VECTORS) >= 50
    assert sum(bool(live_markup(v)) for v in XSS_VECTORS) >= 45  # the checker sees them raw
    settings = fresh_settings.replace(submissions_per_hour=1000)
    client = create_app({"SETTINGS": settings, "TESTING": True}).test_client()
    article_ids = []
    for number, vector in enumerate(XSS_VECTORS):
        release = RELEASE | {
            "title": f"Counterfeit watches {number} {vector}",
            "published": vector[:100],
            "body_html": f"{BODY}<p>Case {number}</p>{vector}",
            "original_url": f'https://customs.example/press/{number}?q="><script>alert({number})</script>',
        }
        created = post(client, tokens["a"], f"k{number}", release)
        assert created.status_code == 201, (vector, created.get_data(as_text=True))
        assert live_markup(created.get_json()["body_html"]) == []
        approved = client.post(
            f"/api/v1/submissions/{created.get_json()['id']}/approve", headers=auth(tokens["op"])
        )
        assert approved.status_code == 200, (vector, approved.get_data(as_text=True))
        article_ids.append(approved.get_json()["article_id"])
    assert_nothing_live(client, article_ids)


def test_submissions_share_the_api_rate_limit(
    fresh_settings: Settings, tokens: dict[str, str]
) -> None:
    settings = fresh_settings.replace(api_rate_limit="2/minute")
    client = create_app({"SETTINGS": settings, "TESTING": True}).test_client()
    for _ in range(2):
        assert client.get("/api/v1/submissions", headers=auth(tokens["a"])).status_code == 200
    limited = client.get("/api/v1/submissions", headers=auth(tokens["a"]))
    assert_error(limited, 429, "Too many requests")


def test_an_account_submits_at_most_its_hourly_limit(
    fresh_settings: Settings, tokens: dict[str, str]
) -> None:
    settings = fresh_settings.replace(submissions_per_hour=2)
    client = create_app({"SETTINGS": settings, "TESTING": True}).test_client()
    for key in ("k1", "k2"):
        assert post(client, tokens["a"], key, RELEASE).status_code == 201
    assert post(client, tokens["a"], "k1", RELEASE).status_code == 200  # a replay is free
    limited = post(client, tokens["a"], "k3", RELEASE)
    assert_error(limited, 429, "2 releases an hour")
    assert post(client, tokens["b"], "k3", RELEASE).status_code == 201  # per account
