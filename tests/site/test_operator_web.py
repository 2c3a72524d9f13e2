"""The operators' pages: the queue, approving with corrected tags, rejecting with a reason,
accounts and tokens, the audit log; and a submission that outlives a restart of the site."""

from __future__ import annotations

import io
import json
import re
import threading
import xml.etree.ElementTree as ET

import pytest
from flask import Flask
from flask.testing import FlaskClient

from fakefree.index.fulltext import open_index
from fakefree.index.store import Store
from fakefree.index.submissions import get_account, list_submissions, reject, submit
from fakefree.settings import Settings
from fakefree.site import create_app
from tests.crawler.pdfs import RELEASE_LINES, make_pdf

from .signin import csrf_token, make_accounts, sign_in
from .test_agency_web import FORM, preview, send
from .xss_vectors import XSS_VECTORS, live_markup

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def accounts(fresh_settings: Settings) -> dict[str, int]:
    return make_accounts(fresh_settings)


@pytest.fixture
def clients(fresh_app: Flask, accounts: dict[str, int]) -> tuple[FlaskClient, FlaskClient]:
    """(agency a, operator op), both signed in."""
    agency, operator = fresh_app.test_client(), fresh_app.test_client()
    sign_in(agency, "a")
    sign_in(operator, "op")
    return agency, operator


def submit_one(agency: FlaskClient, **changes: object) -> int:
    sent = send(agency, preview(agency, **changes).get_data(as_text=True))
    return int(sent.headers["Location"].rsplit("/", 1)[1])


def post(client: FlaskClient, path: str, data: dict | None = None, token_from: str = "/operator/"):
    """A form post with the session's CSRF token, read from the page at `token_from`."""
    token = csrf_token(client, token_from)
    return client.post(path, data={"csrf_token": token} | (data or {}))


def test_queue_detail_approve_publishes_with_corrected_tags(
    clients: tuple[FlaskClient, FlaskClient],
) -> None:
    agency, operator = clients
    sid = submit_one(agency, attachment=(io.BytesIO(make_pdf(RELEASE_LINES)), "communique.pdf"))
    queue = operator.get("/operator/").get_data(as_text=True)
    assert "Waiting: 1" in queue and FORM["title"] in queue
    detail = operator.get(f"/operator/submissions/{sid}").get_data(as_text=True)
    assert "900 counterfeit handbags" in detail and "saisie de contrefaçons" in detail
    assert operator.get(f"/operator/submissions/{sid}/attachment").status_code == 200
    done = post(operator, f"/operator/submissions/{sid}/approve",
                {"countries": ["US", "MX"], "sectors": ["apparel"], "actions": ["seizure"]})  # fmt: skip
    page = operator.get(done.headers["Location"]).get_data(as_text=True)
    article_id = int(re.search(r"published as release (\d+)", page)[1])
    article = operator.get(f"/api/v1/articles/{article_id}").get_json()
    assert article["countries"] == ["US", "MX"] and article["actions"] == ["seizure"]
    assert "Montréal" in article["body_text"]  # the PDF's text is part of the release
    assert FORM["title"] in agency.get("/").get_data(as_text=True)
    feed = ET.fromstring(agency.get("/feeds/latest.atom").data)
    assert FORM["title"] in [e.findtext(f"{ATOM}title") for e in feed.iter(f"{ATOM}entry")]
    status = agency.get("/agency/").get_data(as_text=True)
    assert "Published" in status and f"/articles/{article_id}" in status


def test_reject_needs_a_reason_which_the_agency_sees(
    clients: tuple[FlaskClient, FlaskClient],
) -> None:
    agency, operator = clients
    sid = submit_one(agency)
    post(operator, f"/operator/submissions/{sid}/reject", {"reason": "  "})
    assert "Give the agency a reason" in operator.get(f"/operator/submissions/{sid}").get_data(
        as_text=True
    )
    post(operator, f"/operator/submissions/{sid}/reject", {"reason": "Not an IP case <b>x</b>"})
    status = agency.get("/agency/").get_data(as_text=True)
    assert "Rejected" in status and "Not an IP case &lt;b&gt;x&lt;/b&gt;" in status
    again = post(operator, f"/operator/submissions/{sid}/approve")
    assert "Not approved" in operator.get(again.headers["Location"]).get_data(as_text=True)


def test_moderation_posts_need_the_operator_and_the_token(
    fresh_settings: Settings, clients: tuple[FlaskClient, FlaskClient]
) -> None:
    agency, operator = clients
    sid = submit_one(agency)
    approve = f"/operator/submissions/{sid}/approve"
    assert post(agency, approve, token_from="/agency/").status_code == 403
    assert operator.post(f"/operator/submissions/{sid}/approve").status_code == 400  # no token
    forged = operator.post(f"/operator/submissions/{sid}/reject", data={"reason": "x",
                           "csrf_token": "not-the-token"})  # fmt: skip
    assert forged.status_code == 400
    with Store(fresh_settings.db_path) as store:
        assert [s["status"] for s in list_submissions(store)] == ["pending"]


def test_accounts_tokens_and_the_audit_log(
    fresh_app: Flask, fresh_settings: Settings, clients: tuple[FlaskClient, FlaskClient]
) -> None:
    _, operator = clients
    created = post(operator, "/operator/accounts", {
        "username": "cbsa", "agency": "Border Agency", "jurisdiction": "CA",
        "email": "press@border.example", "password": "initial-password-1", "role": "agency",
    })  # fmt: skip
    assert created.status_code == 302
    page = operator.get("/operator/accounts").get_data(as_text=True)
    assert "Border Agency" in page and "press@border.example" in page
    refused = post(operator, "/operator/accounts", {
        "username": "nowhere", "agency": "Nowhere", "jurisdiction": "ZZ",
        "password": "initial-password-1",
    })  # fmt: skip
    assert "Choose the jurisdiction" in operator.get(refused.headers["Location"]).get_data(
        as_text=True
    )
    with Store(fresh_settings.db_path) as store:
        cbsa_id = get_account(store, username="cbsa")["id"]
    shown = post(operator, "/operator/tokens", {"account_id": str(cbsa_id), "days": "30"})
    token = re.search(r'<code class="token">([^<]+)</code>', shown.get_data(as_text=True))[1]
    assert token not in operator.get("/operator/accounts").get_data(as_text=True)  # shown once
    api = fresh_app.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    assert api.get("/api/v1/submissions", headers=headers).status_code == 200
    token_id = re.search(r"/operator/tokens/(\d+)/revoke", operator.get(
        "/operator/accounts").get_data(as_text=True))[1]  # fmt: skip
    post(operator, f"/operator/tokens/{token_id}/revoke")
    assert api.get("/api/v1/submissions", headers=headers).status_code == 401
    newcomer = fresh_app.test_client()
    assert sign_in(newcomer, "cbsa", "initial-password-1").headers["Location"] == "/agency/"
    post(operator, f"/operator/accounts/{cbsa_id}/disable", {"disabled": "1"})
    assert newcomer.get("/agency/").status_code == 302  # signed out at once
    audit = operator.get("/operator/audit").get_data(as_text=True)
    for action in ("login", "account.create", "token.create", "token.revoke", "account.disable"):
        assert f"<code>{action}</code>" in audit
    assert audit.count("<td>op</td>") >= 4  # done under the operator's name


def test_a_submission_survives_a_restart_and_is_approved_by_the_new_process(
    fresh_settings: Settings, accounts: dict[str, int]
) -> None:
    before = create_app({"SETTINGS": fresh_settings, "TESTING": True}).test_client()
    sign_in(before, "a")
    sid = submit_one(before)
    after = create_app({"SETTINGS": fresh_settings, "TESTING": True}).test_client()
    sign_in(after, "op")
    post(after, f"/operator/submissions/{sid}/approve")
    found = after.get("/api/v1/search?q=handbags").get_json()
    assert [r["title"] for r in found["results"]] == [FORM["title"]]


def test_approving_while_a_crawl_writes_the_index_loses_neither(
    fresh_settings: Settings, clients: tuple[FlaskClient, FlaskClient]
) -> None:
    """A crawl's ingest and index sync run in a thread while the operator approves: the store
    and the index end up with both releases."""
    from tests.site.conftest import record

    agency, operator = clients
    sid = submit_one(agency)
    crawled = [record(f"crawl-{n}", "us-agency", title=f"Crawled release {n} on fake toys",
                      body_text="Fake toys were seized.", sectors=["toys"]) for n in range(40)]  # fmt: skip

    def crawl() -> None:
        with Store(fresh_settings.db_path) as store:
            for rec in crawled:
                store.upsert_article(rec)
                open_index(fresh_settings.index_dir).sync(store)

    writer = threading.Thread(target=crawl)
    writer.start()
    response = post(operator, f"/operator/submissions/{sid}/approve")
    writer.join(timeout=60)
    assert response.status_code == 302 and not writer.is_alive()
    with Store(fresh_settings.db_path) as store:
        open_index(fresh_settings.index_dir).sync(store)
        total = store.db.execute("SELECT COUNT(*) FROM articles WHERE is_relevant=1").fetchone()[0]
    found = operator.get("/api/v1/search?per_page=100").get_json()
    assert total == 41 and found["total"] == 41
    assert json.dumps(found).count(FORM["title"]) == 1


def test_xss_vectors_in_reasons_names_and_tokens_never_reach_a_page(
    fresh_settings: Settings, clients: tuple[FlaskClient, FlaskClient]
) -> None:
    """Text operators type (rejection reasons, account names, token labels) is escaped on the
    agency's status page, the operators' pages and the audit log."""
    agency, operator = clients
    fields = {"title": "Seized fakes", "language": "en", "body_html": "<p>Fake goods.</p>"}
    with Store(fresh_settings.db_path) as store:
        account = get_account(store, username="a")
        for number, vector in enumerate(XSS_VECTORS):
            sid = submit(store, account, f"k{number}", fields | {"title": vector})[0]["id"]
            reject(store, sid, "op", f"Reason {number}: {vector}")
    for number, vector in enumerate(XSS_VECTORS[:10]):
        post(operator, "/operator/accounts", {
            "username": f"u{number}{vector}"[:100], "agency": vector, "jurisdiction": "CA",
            "email": vector[:300], "password": "long-enough-password", "role": "agency",
        })  # fmt: skip
        post(operator, "/operator/tokens", {"account_id": "1", "label": vector, "days": ""})
    pages = {"/agency/": agency, "/operator/": operator, "/operator/accounts": operator,
             "/operator/audit": operator, "/operator/submissions/1": operator,
             "/agency/submissions/1": agency}  # fmt: skip
    for path, client in pages.items():
        page = client.get(path)
        assert page.status_code == 200 and live_markup(page.get_data(as_text=True)) == [], path
    assert "Reason 0: &lt;script&gt;" in agency.get("/agency/").get_data(as_text=True)
