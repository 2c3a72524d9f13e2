"""An agency signs in and submits a release through the form (with a PDF), previews and sends
it; the server restarts; an operator signs in and approves it; the release is on the home page
and in the Atom feed.
axe-core finds no serious or critical violation on the sign-in page, the form, the preview and
the operator's queue.

The instance is its own (a fresh data directory, served by `fakefree serve`), so the release
published here never changes what the other browser tests see.
"""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from fakefree.settings import REPO_ROOT
from tests.browser.conftest import _answers, _loopback_only, _start, _stop
from tests.browser.test_accessibility import axe_violations, describe
from tests.conftest import free_port, wait_for
from tests.crawler.pdfs import RELEASE_LINES, make_pdf

TITLE = "Border officers stop a shipment of fake phone chargers"
BODY = (
    "<p>Officers at the land border stopped a lorry carrying <strong>6,500</strong> counterfeit "
    "phone chargers bearing a well-known brand.</p><p>The goods were seized.</p>"
)
PASSWORDS = {"op": "operator-password-1", "border": "agency-password-1"}
ATOM = "{http://www.w3.org/2005/Atom}"


def create_account(env: dict[str, str], username: str, *options: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "fakefree.cli", "accounts", "create", username, *options,
         "--password-stdin"],
        env=env, input=PASSWORDS[username] + "\n", capture_output=True, text=True, timeout=60,
        cwd=REPO_ROOT,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr


class Site:
    """`fakefree serve` on a fresh data directory and a fixed port, which can be restarted."""

    def __init__(self, env: dict[str, str]) -> None:
        self.env, self.port = env, free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.server: Any = None

    def start(self) -> None:
        self.server = _start(self.env, "serve", "--port", str(self.port))
        wait_for(lambda: _answers(self.url + "/login"), 20, "fakefree serve")

    def stop(self) -> None:
        _stop(self.server)

    def restart(self) -> None:
        self.stop()
        wait_for(lambda: not _answers_at_all(self.url), 10, "the server to stop")
        self.start()


def _answers_at_all(url: str) -> bool:
    try:
        requests.get(url, timeout=1)
    except requests.ConnectionError:
        return False
    return True


@pytest.fixture(scope="module")
def own_site(site_env: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    env = site_env | {"FAKEFREE_DATA_DIR": str(tmp_path_factory.mktemp("submit") / "data")}
    create_account(env, "op", "--agency", "Fake Free", "--jurisdiction", "INT", "--operator")
    create_account(env, "border", "--agency", "Border Agency of Testland", "--jurisdiction", "CA")
    site = Site(env)
    site.start()
    try:
        yield site
    finally:
        site.stop()


def new_tab(browser: Any, url: str) -> Any:
    context = browser.new_context(base_url=url, viewport={"width": 1280, "height": 900})
    context.route("**/*", _loopback_only([]))
    return context.new_page()


def sign_in(tab: Any, username: str) -> None:
    tab.goto("/login")
    tab.get_by_label("Username").fill(username)
    tab.get_by_label("Password").fill(PASSWORDS[username])
    tab.get_by_role("button", name="Sign in").click()


def assert_accessible(tab: Any, axe_source: str, name: str) -> None:
    violations = axe_violations(tab, axe_source)
    assert not violations, f"{name}:\n{describe(violations)}"


def test_agency_submits_operator_approves_release_is_published(
    browser: Any, own_site: Site, axe_source: str, tmp_path: Path
) -> None:
    agency = new_tab(browser, own_site.url)
    agency.goto("/login")
    assert_accessible(agency, axe_source, "sign-in page")
    sign_in(agency, "border")
    agency.get_by_role("link", name="Submit a release").first.click()
    assert_accessible(agency, axe_source, "submission form")
    pdf = tmp_path / "communique.pdf"
    pdf.write_bytes(make_pdf(RELEASE_LINES))
    agency.get_by_label("Title").fill(TITLE)
    agency.get_by_label("Date of the release").fill("2025-05-06")
    agency.get_by_label("Language of the release").select_option("en")
    agency.get_by_label("Text of the release").fill(BODY)
    agency.get_by_label("Link to the original release").fill("https://border.example/news/chargers")
    agency.get_by_label("PDF of the release").set_input_files(str(pdf))
    agency.get_by_label("Countries where the action took place").select_option("CA")
    agency.get_by_role("button", name="Preview").click()
    assert agency.get_by_role("heading", name=TITLE).is_visible()
    assert "6,500" in agency.locator(".submitted-release").inner_text()
    assert_accessible(agency, axe_source, "preview")
    agency.get_by_role("button", name="Send").click()
    assert "Waiting for review" in agency.locator("main").inner_text()

    own_site.restart()  # the submission waits in the store; sessions survive (a kept key)
    agency.goto("/agency/")
    assert "Waiting for review" in agency.locator("main").inner_text()
    operator = new_tab(browser, own_site.url)
    sign_in(operator, "op")
    assert "Waiting: 1" in operator.locator("main").inner_text()
    assert_accessible(operator, axe_source, "operator queue")
    operator.get_by_role("link", name=TITLE).click()
    assert "saisie de contrefaçons" in operator.locator(".pdf-text").inner_text()
    assert_accessible(operator, axe_source, "operator's submission page")
    operator.get_by_role("button", name="Approve and publish").click()
    assert "published as release" in operator.locator("main").inner_text()
    operator.goto("/operator/accounts")
    assert_accessible(operator, axe_source, "accounts page")

    agency.goto("/")
    assert agency.get_by_role("link", name=TITLE).first.is_visible()
    feed = ET.fromstring(requests.get(own_site.url + "/feeds/latest.atom", timeout=10).content)
    titles = [entry.findtext(f"{ATOM}title") for entry in feed.iter(f"{ATOM}entry")]
    assert TITLE in titles
    agency.goto("/agency/")
    assert "Published" in agency.locator("main").inner_text()
    agency.context.close()
    operator.context.close()
