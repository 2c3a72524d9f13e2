"""Signing in: passwords, sessions, roles, CSRF and the limit on failed attempts."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from fakefree.index.accounts import set_disabled, set_password
from fakefree.index.store import Store
from fakefree.settings import Settings
from fakefree.site import create_app
from fakefree.site.auth import LOGIN_FAILURES

from .signin import PASSWORDS, csrf_token, make_accounts, sign_in


@pytest.fixture
def accounts(fresh_settings: Settings) -> dict[str, int]:
    return make_accounts(fresh_settings)


def test_each_role_lands_on_its_own_pages(fresh_app: Flask, accounts: dict[str, int]) -> None:
    agency, operator = fresh_app.test_client(), fresh_app.test_client()
    assert sign_in(agency, "a").headers["Location"] == "/agency/"
    assert sign_in(operator, "op").headers["Location"] == "/operator/"
    assert "Releases submitted by Agency A" in agency.get("/agency/").get_data(as_text=True)
    assert agency.get("/operator/").status_code == 403
    assert agency.get("/operator/accounts").status_code == 403
    assert operator.get("/agency/submit").status_code == 403
    assert operator.get("/operator/").status_code == 200
    assert agency.get("/login").headers["Location"] == "/agency/"  # signed in already


def test_anonymous_visitors_are_sent_to_sign_in(fresh_app: Flask) -> None:
    client = fresh_app.test_client()
    for path in ("/agency/", "/agency/submissions/1", "/operator/", "/operator/audit"):
        response = client.get(path)
        assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    assert "next=/operator/audit" in client.get("/operator/audit").headers["Location"]


def test_wrong_password_and_unknown_user_get_the_same_answer(
    fresh_app: Flask, accounts: dict[str, int]
) -> None:
    client = fresh_app.test_client()
    wrong = sign_in(client, "a", "not-the-password").get_data(as_text=True)
    unknown = sign_in(client, "nobody", "not-the-password").get_data(as_text=True)
    assert "Wrong username or password." in wrong and "Wrong username or password." in unknown
    assert client.get("/agency/").status_code == 302  # not signed in


@pytest.mark.parametrize("token", [None, "", "forged-token", "wrong"])
def test_a_missing_or_wrong_csrf_token_is_refused(
    fresh_app: Flask, accounts: dict[str, int], token: str | None
) -> None:
    client = fresh_app.test_client()
    real = csrf_token(client)
    data = {"username": "a", "password": PASSWORDS["a"]}
    if token is not None:
        data["csrf_token"] = real[:-4] + "AAAA" if token == "wrong" else token
    response = client.post("/login", data=data)
    assert response.status_code == 400
    assert "security token is missing, wrong or expired" in response.get_data(as_text=True)
    assert client.get("/agency/").status_code == 302  # nothing happened


def test_another_sessions_token_is_refused(fresh_app: Flask, accounts: dict[str, int]) -> None:
    mine, theirs = fresh_app.test_client(), fresh_app.test_client()
    sign_in(mine, "a")
    stolen = csrf_token(theirs)
    response = mine.post("/logout", data={"csrf_token": stolen})
    assert response.status_code == 400
    assert mine.get("/agency/").status_code == 200  # still signed in


def test_logout_is_a_post_with_its_token(fresh_app: Flask, accounts: dict[str, int]) -> None:
    client = fresh_app.test_client()
    sign_in(client, "a")
    assert client.get("/logout").status_code == 405
    out = client.post("/logout", data={"csrf_token": csrf_token(client, "/agency/")})
    assert out.headers["Location"] == "/login"
    assert "You are signed out." in client.get("/login").get_data(as_text=True)
    assert client.get("/agency/").status_code == 302


def test_failed_sign_ins_are_limited_per_address_and_per_account(
    fresh_app: Flask, accounts: dict[str, int]
) -> None:
    client = fresh_app.test_client()
    for _ in range(LOGIN_FAILURES):
        assert sign_in(client, "a", "guess").status_code == 200
    blocked = sign_in(client, "a")  # even the right password waits now
    assert blocked.status_code == 429 and int(blocked.headers["Retry-After"]) > 0
    assert "Too many failed sign-ins" in blocked.get_data(as_text=True)
    assert sign_in(client, "b").status_code == 429  # the same address
    elsewhere = fresh_app.test_client()
    elsewhere.environ_base["REMOTE_ADDR"] = "127.0.0.9"
    assert sign_in(elsewhere, "a").status_code == 429  # the same account
    assert sign_in(elsewhere, "b").headers["Location"] == "/agency/"


def test_a_new_password_or_a_disabled_account_ends_other_sessions(
    fresh_app: Flask, fresh_settings: Settings, accounts: dict[str, int]
) -> None:
    first, second = fresh_app.test_client(), fresh_app.test_client()
    sign_in(first, "a")
    sign_in(second, "b")
    with Store(fresh_settings.db_path) as store:
        set_password(store, accounts["a"], "a-brand-new-password", "op")
        set_disabled(store, accounts["b"], True, "op")
    assert first.get("/agency/").status_code == 302
    assert second.get("/agency/").status_code == 302
    assert sign_in(first, "a").status_code == 200  # the old password no longer works
    assert sign_in(first, "a", "a-brand-new-password").status_code == 302
    assert sign_in(second, "b").status_code == 200  # disabled


def test_sign_in_never_redirects_to_another_site(
    fresh_app: Flask, accounts: dict[str, int]
) -> None:
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:x"):
        client = fresh_app.test_client()
        data = {"username": "a", "password": PASSWORDS["a"], "next": target}
        response = client.post("/login", data=data | {"csrf_token": csrf_token(client)})
        assert response.headers["Location"] == "/agency/", target
    client = fresh_app.test_client()
    data = {"username": "a", "password": PASSWORDS["a"], "next": "/agency/submit"}
    response = client.post("/login", data=data | {"csrf_token": csrf_token(client)})
    assert response.headers["Location"] == "/agency/submit"


def test_session_cookie_flags(fresh_settings: Settings, accounts: dict[str, int]) -> None:
    for secure in (False, True):
        settings = fresh_settings.replace(secure_cookies=secure)
        client = create_app({"SETTINGS": settings, "TESTING": True}).test_client()
        cookie = sign_in(client, "a").headers["Set-Cookie"]
        assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
        assert ("Secure" in cookie) is secure


def test_signed_in_pages_are_never_cached(fresh_app: Flask, accounts: dict[str, int]) -> None:
    client = fresh_app.test_client()
    sign_in(client, "a")
    for path in ("/agency/", "/agency/submit", "/login"):
        assert client.get(path).headers["Cache-Control"] == "no-store", path


def test_public_pages_never_open_a_session(client: FlaskClient) -> None:
    """Public pages stay the same for everyone (cacheable): no session is read or set."""
    for path in ("/", "/about", "/search?q=watches", "/feeds/latest.atom"):
        response = client.get(path)
        assert "session=" not in response.headers.get("Set-Cookie", ""), path


def test_changing_ones_password_keeps_this_session_and_ends_the_others(
    fresh_app: Flask, accounts: dict[str, int]
) -> None:
    here, elsewhere = fresh_app.test_client(), fresh_app.test_client()
    sign_in(here, "a")
    sign_in(elsewhere, "a")
    token = csrf_token(here, "/account/password")
    wrong = {"csrf_token": token, "current": "nope", "new": "n" * 12, "again": "n" * 12}
    refused = here.post("/account/password", data=wrong)
    assert refused.status_code == 400 and "not right" in refused.get_data(as_text=True)
    mismatch = wrong | {"current": PASSWORDS["a"], "again": "m" * 12}
    assert "typed the same twice" in here.post("/account/password", data=mismatch).get_data(
        as_text=True
    )
    assert here.post("/account/password", data=mismatch | {"again": "n" * 12}).status_code == 302
    assert here.get("/agency/").status_code == 200
    assert elsewhere.get("/agency/").status_code == 302
    assert sign_in(elsewhere, "a", "n" * 12).headers["Location"] == "/agency/"
    assert here.post("/account/password", data=wrong | {"csrf_token": ""}).status_code == 400
