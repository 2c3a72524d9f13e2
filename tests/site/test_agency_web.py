"""The agencies' form, its preview and their status pages: one path with the API, nothing
unsafe on any page, nothing of another agency's reachable, clear refusals."""

from __future__ import annotations

import io
import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from fakefree.index.store import Store
from fakefree.index.submissions import list_submissions
from fakefree.settings import Settings
from fakefree.site import create_app
from tests.crawler.pdfs import RELEASE_LINES, make_pdf

from .signin import csrf_token, draft_of, form_key, make_accounts, sign_in
from .xss_vectors import XSS_VECTORS, live_markup

FORM = {
    "title": "Officers seize fake designer handbags at the airport",
    "published": "2025-04-02",
    "language": "en",
    "body_html": "<p>Officers seized 900 counterfeit handbags bearing protected marks.</p>",
    "original_url": "https://agency-a.example/press/handbags",
    "suggested_countries": ["US"],
    "suggested_sectors": ["apparel"],
}


@pytest.fixture
def accounts(fresh_settings: Settings) -> dict[str, int]:
    return make_accounts(fresh_settings)


@pytest.fixture
def agency(fresh_app: Flask, accounts: dict[str, int]) -> FlaskClient:
    client = fresh_app.test_client()
    sign_in(client, "a")
    return client


def preview(client: FlaskClient, **changes: object):
    """Open the form, fill it with FORM and `changes`, ask for the preview."""
    page = client.get("/agency/submit").get_data(as_text=True)
    data = FORM | {"csrf_token": csrf_token(client, "/agency/submit"), "key": form_key(page)}
    return client.post("/agency/preview", data=data | changes, content_type="multipart/form-data")


def send(client: FlaskClient, preview_page: str):
    """Press "Send" on the preview page (its own CSRF token and draft)."""
    token = re.search(r'name="csrf_token" value="([^"]+)"', preview_page)[1]
    return client.post("/agency/send", data={"csrf_token": token, "draft": draft_of(preview_page)})


def stored(settings: Settings) -> list[dict]:
    with Store(settings.db_path) as store:
        return list_submissions(store)


def test_form_preview_send_and_status(agency: FlaskClient, fresh_settings: Settings) -> None:
    shown = preview(agency, body_html=FORM["body_html"] + "<script>alert(1)</script>")
    page = shown.get_data(as_text=True)
    assert shown.status_code == 200 and "Officers seized 900 counterfeit handbags" in page
    assert "<script>alert(1)" not in page and stored(fresh_settings) == []  # nothing sent yet
    sent = send(agency, page)
    assert sent.status_code == 302 and "/agency/submissions/" in sent.headers["Location"]
    assert send(agency, page).status_code == 302  # a second click: still one submission
    (submission,) = stored(fresh_settings)
    assert submission["status"] == "pending" and submission["suggested_sectors"] == ["apparel"]
    assert "<script>" not in submission["body_html"]
    status = agency.get("/agency/").get_data(as_text=True)
    assert FORM["title"] in status and "Waiting for review" in status
    assert "Your release was received" in status and "already been received" in status
    detail = agency.get(sent.headers["Location"]).get_data(as_text=True)
    assert "Waiting for review" in detail and "900 counterfeit handbags" in detail


def test_edit_goes_back_with_every_value(agency: FlaskClient) -> None:
    page = preview(agency).get_data(as_text=True)
    data = {"csrf_token": csrf_token(agency, "/agency/"), "draft": draft_of(page)}
    form = agency.post("/agency/edit", data=data).get_data(as_text=True)
    assert f'value="{FORM["title"]}"' in form and 'value="2025-04-02"' in form
    assert 'value="US" selected' in form and 'value="apparel" selected' in form
    assert "900 counterfeit handbags" in form


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"title": ""}, "Give the release a title"),
        ({"published": "04/02/2025"}, "calendar date"),
        ({"published": "1875-01-01"}, "calendar date"),
        ({"language": "de"}, "English, French or Spanish"),
        ({"body_html": "<script>alert(1)</script>"}, "Write the text of the release"),
        ({"original_url": "javascript:alert(1)"}, "full http:// or https:// address"),
        ({"suggested_countries": ["XX"]}, "Choose countries from the list"),
        ({"body_html": "<p>" + "piracy " * 40_000 + "</p>"}, "too long: at most 200 KB"),
    ],
)
def test_wrong_fields_are_shown_in_the_form(
    agency: FlaskClient, fresh_settings: Settings, changes: dict, words: str
) -> None:
    shown = preview(agency, **changes)
    assert shown.status_code == 400 and words in shown.get_data(as_text=True)
    assert 'aria-invalid="true"' in shown.get_data(as_text=True)
    assert stored(fresh_settings) == []


@pytest.mark.parametrize("step", ["preview", "send"])
@pytest.mark.parametrize("token", [None, "wrong"])
def test_form_posts_without_their_csrf_token_are_refused(
    agency: FlaskClient, fresh_settings: Settings, step: str, token: str | None
) -> None:
    page = preview(agency).get_data(as_text=True)
    data = FORM if step == "preview" else {"draft": draft_of(page)}
    if token:
        data = data | {"csrf_token": "forged." + csrf_token(agency, "/agency/")[7:]}
    response = agency.post(f"/agency/{step}", data=data)
    assert response.status_code == 400
    assert "security token is missing, wrong or expired" in response.get_data(as_text=True)
    assert stored(fresh_settings) == []


def test_agencies_never_reach_each_others_submissions(
    fresh_app: Flask, fresh_settings: Settings, accounts: dict[str, int]
) -> None:
    a, b = fresh_app.test_client(), fresh_app.test_client()
    sign_in(a, "a")
    sign_in(b, "b")
    pdf = (io.BytesIO(make_pdf(RELEASE_LINES)), "release.pdf")
    a_page = preview(a, attachment=pdf).get_data(as_text=True)
    mine = send(a, a_page).headers["Location"]
    a_id = int(mine.rsplit("/", 1)[1])
    for probe in (a_id, a_id + 1, 999_999):
        assert b.get(f"/agency/submissions/{probe}").status_code == 404
        assert b.get(f"/agency/submissions/{probe}/attachment").status_code == 404
    assert a.get(f"/agency/submissions/{a_id}/attachment").status_code == 200
    assert FORM["title"] not in b.get("/agency/").get_data(as_text=True)
    # B replays A's signed draft (from the preview page) with B's own session: refused.
    stolen = {"csrf_token": csrf_token(b, "/agency/"), "draft": draft_of(a_page)}
    for step in ("send", "edit", "preview"):
        response = b.post(f"/agency/{step}", data=stolen | (FORM if step == "preview" else {}))
        assert response.status_code == 400, step
        assert "no longer valid" in response.get_data(as_text=True)
    altered = stolen | {"draft": draft_of(a_page)[:-3] + "abc"}
    assert (
        a.post("/agency/send", data=altered | {"csrf_token": csrf_token(a, "/agency/")}).status_code
        == 400
    )
    assert [s["account_id"] for s in stored(fresh_settings)] == [accounts["a"]]


def test_the_form_counts_in_the_hourly_limit(fresh_settings: Settings, accounts: dict) -> None:
    settings = fresh_settings.replace(submissions_per_hour=1)
    client = create_app({"SETTINGS": settings, "TESTING": True}).test_client()
    sign_in(client, "a")
    assert send(client, preview(client).get_data(as_text=True)).status_code == 302
    limited = send(client, preview(client).get_data(as_text=True))
    assert limited.status_code == 429
    assert "the most allowed" in limited.get_data(as_text=True)
    assert 'name="draft"' in limited.get_data(as_text=True)  # the release can be sent later


def test_xss_vectors_through_the_form_never_reach_a_page(
    fresh_settings: Settings, accounts: dict[str, int]
) -> None:
    settings = fresh_settings.replace(submissions_per_hour=1000)
    app = create_app({"SETTINGS": settings, "TESTING": True})
    client, operator = app.test_client(), app.test_client()
    sign_in(client, "a")
    sign_in(operator, "op")
    for number, vector in enumerate(XSS_VECTORS):
        shown = preview(
            client, title=f"Fake goods {number} {vector}", body_html=f"<p>Case {number}</p>{vector}",
            original_url=f'https://a.example/{number}?q="><script>alert(1)</script>',
        )  # fmt: skip
        page = shown.get_data(as_text=True)
        if shown.status_code == 400:  # a vector that leaves no text: the form, shown again
            assert "Write the text of the release" in page
        assert live_markup(page) == [], (vector, "preview")
        if shown.status_code == 200:
            response = send(client, page)
            assert response.status_code == 302, vector
            assert (
                live_markup(client.get(response.headers["Location"]).get_data(as_text=True)) == []
            )
    assert len(stored(settings)) >= 50
    for path in ["/agency/", "/operator/", "/operator/audit"] + [
        f"/operator/submissions/{s['id']}" for s in stored(settings)
    ]:
        page = (operator if path.startswith("/operator") else client).get(path)
        assert page.status_code == 200 and live_markup(page.get_data(as_text=True)) == [], path


def test_a_pdf_is_checked_stored_under_a_generated_name_and_served_safely(
    agency: FlaskClient, fresh_settings: Settings
) -> None:
    hostile_name = '../../../etc/passwd"; <script>x</script>.pdf'
    pdf = (io.BytesIO(make_pdf(RELEASE_LINES)), hostile_name)
    page = preview(agency, attachment=pdf).get_data(as_text=True)
    assert "<script>x" not in page
    location = send(agency, page).headers["Location"]
    (submission,) = stored(fresh_settings)
    assert re.fullmatch(r"[0-9a-f]{32}\.pdf", submission["attachment_file"])
    assert "/" not in submission["attachment_name"] and ".." not in submission["attachment_name"]
    assert "saisie de contrefaçons" in submission["attachment_text"]
    files = list((fresh_settings.data_dir / "attachments").iterdir())
    assert [f.name for f in files] == [submission["attachment_file"]]
    assert not (fresh_settings.data_dir.parent / "etc").exists()
    download = agency.get(location + "/attachment")
    assert download.status_code == 200 and download.data.startswith(b"%PDF-")
    disposition = download.headers["Content-Disposition"]
    assert (
        disposition.startswith("attachment;") and "/" not in disposition and "<" not in disposition
    )
    assert download.mimetype == "application/pdf"


@pytest.mark.parametrize(
    ("data", "words", "status"),
    [
        (b"<html>not a pdf</html>", "not a PDF file", 400),
        (make_pdf([]), "no text to read", 400),
        (b"%PDF-1.4\n" + b"\x00" * 300, "cannot be read", 400),
        (make_pdf(RELEASE_LINES * 40), "too large: at most 0.002 MB", 413),
    ],
    ids=["html", "image-only", "broken", "oversized"],
)
def test_bad_pdfs_are_refused_with_a_clear_message(
    fresh_settings: Settings, accounts: dict, data: bytes, words: str, status: int
) -> None:
    settings = fresh_settings.replace(max_attachment_bytes=2_000)
    client = create_app({"SETTINGS": settings, "TESTING": True}).test_client()
    sign_in(client, "a")
    shown = preview(client, attachment=(io.BytesIO(data), "x.pdf"))
    assert shown.status_code == status and words in shown.get_data(as_text=True)
    assert not (settings.data_dir / "attachments").exists() or not any(
        (settings.data_dir / "attachments").iterdir()
    )


def test_a_request_past_the_size_limit_gets_a_clear_page(
    fresh_settings: Settings, accounts: dict
) -> None:
    settings = fresh_settings.replace(max_attachment_bytes=2_000)
    client = create_app({"SETTINGS": settings, "TESTING": True}).test_client()
    sign_in(client, "a")
    huge = (io.BytesIO(b"%PDF-1.4\n" + b"0" * 2_000_000), "big.pdf")
    shown = preview(client, attachment=huge)
    assert shown.status_code == 413
    assert "too large. A PDF may be at most 0.002 MB" in shown.get_data(as_text=True)
