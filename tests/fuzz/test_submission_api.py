"""Generated submission bodies through the real API, then an operator's approval with generated
corrections: never a 5xx; every refusal a 4xx in the API's JSON error shape; nothing approved
shows live markup on its page."""

from __future__ import annotations

import json
import random
from itertools import count
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import example, given
from hypothesis import strategies as st

from fakefree.index.store import Store
from fakefree.index.submissions import create_account, create_token
from fakefree.site import create_app
from tests.site.conftest import SOURCES, make_settings
from tests.site.xss_vectors import XSS_VECTORS, live_markup

from .budget import fuzz

FIELDS = ["title", "published", "language", "body_html", "original_url", "suggested_countries",
          "suggested_sectors", "extra"]  # fmt: skip
STRINGS = st.one_of(
    st.text(max_size=40),
    st.sampled_from([*XSS_VECTORS[:20], "http://[::1", "https://agency.example/press/1",
                     "https://[::1]:99999/x", "2025-03-04", "4 mars 2025", "en", "fr", "es",
                     "<p>Saisie de montres contrefaites au port du Havre.</p>", "US", "pharma"]),
)  # fmt: skip
JSON = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), STRINGS),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(STRINGS, inner, max_size=3)
    ),
    max_leaves=8,
)
GOOD = {"title": "Saisie de montres contrefaites", "language": "fr",
        "body_html": "<p>Les douaniers ont saisi 300 montres contrefaites au Havre.</p>"}  # fmt: skip
BODIES = st.one_of(
    st.dictionaries(st.sampled_from(FIELDS), st.one_of(STRINGS, JSON), max_size=7).map(
        lambda d: GOOD | d
    ),
    JSON,
)
CORRECTIONS = st.one_of(
    st.just({}), st.dictionaries(st.sampled_from(["countries", "sectors", "x"]), JSON, max_size=2)
)
KEYS = count()


@pytest.fixture(scope="module")
def submit_app(tmp_path_factory: pytest.TempPathFactory) -> tuple[Flask, dict[str, str]]:
    settings = make_settings(Path(tmp_path_factory.mktemp("fuzz-submit")))
    settings = settings.replace(api_rate_limit="1000000/minute")
    with Store(settings.db_path) as store:
        store.sync_sources(SOURCES)
        create_account(store, "agency", "Fuzz Agency", "FR", "pw-agency")
        create_account(store, "op", "Fake Free", "INT", "pw-op", role="operator")
        tokens = {name: create_token(store, name)[1] for name in ("agency", "op")}
    return create_app({"SETTINGS": settings, "TESTING": True}), tokens


def checked(response, what: object) -> dict:  # noqa: ANN001 (a Flask test response)
    assert response.status_code < 500, (what, response.status_code, response.get_data())
    data = response.get_json()
    if response.status_code >= 400:
        error = data["error"]
        assert error["status"] == response.status_code and error["message"], (what, data)
    return data


def approve(client: FlaskClient, token: str, submission_id: int, corrections: object) -> None:
    response = client.post(f"/api/v1/submissions/{submission_id}/approve",
                           data=json.dumps(corrections), content_type="application/json",
                           headers={"Authorization": f"Bearer {token}"})  # fmt: skip
    data = checked(response, corrections)
    if response.status_code == 200 and data.get("article_id"):
        page = client.get(f"/articles/{data['article_id']}")
        assert page.status_code == 200 and live_markup(page.get_data(as_text=True)) == []


@fuzz(1)
@given(BODIES, CORRECTIONS, st.sampled_from(["application/json", "text/plain", ""]))
@example(GOOD | {"original_url": "http://[::1"}, {}, "application/json")
@example(GOOD | {"original_url": "https://[::1]:99999/x"}, {}, "application/json")
@example(GOOD | {"published": "\x00" * 50}, {"countries": ["us"]}, "application/json")
def test_generated_submissions_and_approvals(
    submit_app: tuple[Flask, dict[str, str]], body: object, corrections: object, ctype: str
) -> None:
    app, tokens = submit_app
    client = app.test_client()
    headers = {"Authorization": f"Bearer {tokens['agency']}", "Idempotency-Key": f"k{next(KEYS)}"}
    response = client.post("/api/v1/submissions", data=json.dumps(body), headers=headers,
                           content_type=ctype)  # fmt: skip
    data = checked(response, body)
    if response.status_code == 201:
        assert live_markup(data["body_html"]) == []
        # Hypothesis re-seeds `random` for every example, and Whoosh names segments from it:
        # without fresh entropy two approvals' commits would write the same segment name.
        random.seed()
        approve(client, tokens["op"], data["id"], corrections)


@fuzz(0.5)
@given(st.binary(max_size=200), st.sampled_from(["submissions", "submissions/1/reject"]))
def test_raw_bytes_bodies(submit_app: tuple[Flask, dict[str, str]], raw: bytes, path: str) -> None:
    app, tokens = submit_app
    headers = {"Authorization": f"Bearer {tokens['op']}", "Idempotency-Key": f"b{next(KEYS)}"}
    response = app.test_client().post(f"/api/v1/{path}", data=raw, headers=headers,
                                      content_type="application/json")  # fmt: skip
    checked(response, raw)
