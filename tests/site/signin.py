"""Helpers for the tests of the signed-in pages: accounts on a real store, signing in through
the real login form (with the CSRF token read from the page), and the form's own token."""

from __future__ import annotations

import re

from flask.testing import FlaskClient

from fakefree.index.store import Store
from fakefree.index.submissions import create_account
from fakefree.settings import Settings

PASSWORDS = {"a": "pw-agency-a-123", "b": "pw-agency-b-456", "op": "pw-operator-789"}
_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
_KEY = re.compile(r'name="key" value="([^"]+)"')
_DRAFT = re.compile(r'name="draft" value="([^"]+)"')


def make_accounts(settings: Settings) -> dict[str, int]:
    """Two agencies (a: US, b: FR) and an operator (op); their ids."""
    with Store(settings.db_path) as store:
        return {
            "a": create_account(store, "a", "Agency A", "US", PASSWORDS["a"]),
            "b": create_account(store, "b", "Agency B", "FR", PASSWORDS["b"]),
            "op": create_account(store, "op", "Fake Free", "INT", PASSWORDS["op"], "operator"),
        }


def csrf_token(client: FlaskClient, path: str = "/login") -> str:
    """The CSRF token of the form at `path` (the session cookie comes along in the client)."""
    page = client.get(path).get_data(as_text=True)
    found = _TOKEN.search(page)
    assert found, f"no CSRF token on {path}"
    return found[1]


def sign_in(client: FlaskClient, username: str, password: str | None = None):
    token = csrf_token(client)
    data = {"username": username, "password": password or PASSWORDS[username], "csrf_token": token}
    return client.post("/login", data=data)


def form_key(page: str) -> str:
    found = _KEY.search(page)
    assert found, "no idempotency key in the form"
    return found[1]


def draft_of(page: str) -> str:
    found = _DRAFT.search(page)
    assert found, "no draft on the page"
    return found[1]
