"""Browser tests: a small real collection served by gunicorn, driven by Debian's Chromium.

A session builds the collection once: `fakefree mirror` serves the recorded sites, `fakefree
crawl` reads a few sources from it, `fakefree serve` (gunicorn) serves the result on a free
loopback port. Playwright drives /usr/bin/chromium (never a downloaded browser); axe-core comes
from the npm registry into tests/browser/node_modules (`npm ci --prefix tests/browser`).
Without Chromium, Playwright or axe-core the tests are skipped on a developer machine and fail
under CI=true, so CI cannot pass by skipping them.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from fakefree.settings import REPO_ROOT
from tests.conftest import FIXTURES, config_with_sources, free_port, run_fakefree, wait_for

CHROMIUM = Path(os.environ.get("FAKEFREE_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
AXE_JS = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = REPO_ROOT / "artifacts" / "screenshots"
# English, French and Spanish releases from a feed reader and two spiders.
BROWSER_SOURCES = ("ca-cbsa", "mx-fgr", "gb-ipo", "fr-douane")
INSTALL_HINT = (
    "install Debian's chromium (apt-get install chromium) and run `make browser-deps` "
    "(playwright into .venv, axe-core with npm); see README, Browser tests"
)


def require(ok: bool, what: str) -> None:
    """Skip when a browser-test prerequisite is missing, but fail under CI=true."""
    if ok:
        return
    message = f"browser tests need {what}: {INSTALL_HINT}"
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def _playwright_installed() -> bool:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return False
    return True


def _start(env: dict[str, str], *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "fakefree.cli", *args], env=env, cwd=REPO_ROOT,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip


def _stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


def _answers(url: str) -> bool:
    return requests.get(url, timeout=2).status_code < 500


@pytest.fixture(scope="session")
def browser_prerequisites() -> None:
    require(CHROMIUM.exists(), f"Debian's Chromium at {CHROMIUM}")
    require(_playwright_installed(), "the Python package playwright")
    require(AXE_JS.exists(), f"axe-core at {AXE_JS.relative_to(REPO_ROOT)}")


@pytest.fixture(scope="session")
def site_env(
    tmp_path_factory: pytest.TempPathFactory, browser_prerequisites: None
) -> Iterator[dict[str, str]]:
    """A data directory filled by a real crawl of the recorded sites, via `fakefree mirror`."""
    base = tmp_path_factory.mktemp("browser")
    mirror_port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FAKEFREE_", "PORT"))}
    env.update(
        FAKEFREE_DATA_DIR=str(base / "data"),
        FAKEFREE_CONFIG_DIR=str(config_with_sources(base / "config", BROWSER_SOURCES)),
        FAKEFREE_MIRROR=f"http://127.0.0.1:{mirror_port}",
        FAKEFREE_DOWNLOAD_DELAY="0",
        FAKEFREE_HTTP_TIMEOUT="3",
        FAKEFREE_WEB_WORKERS="2",
    )
    mirror = _start(env, "mirror", str(FIXTURES / "mirror"), "--port", str(mirror_port))
    try:
        wait_for(lambda: _answers(env["FAKEFREE_MIRROR"]), 15, "fakefree mirror")
        crawl = run_fakefree(env, "crawl", timeout=120)
        assert crawl.returncode == 0, crawl.stdout + crawl.stderr
    finally:
        _stop(mirror)
    yield env


@pytest.fixture(scope="session")
def base_url(site_env: dict[str, str]) -> Iterator[str]:
    """gunicorn (`fakefree serve`) on a free loopback port, serving the crawled collection."""
    port = free_port()
    server = _start(site_env, "serve", "--port", str(port))
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: _answers(url + "/"), 20, "fakefree serve")
        yield url
    finally:
        _stop(server)


@pytest.fixture(scope="session")
def browser(browser_prerequisites: None) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _loopback_only(blocked: list[str]) -> Callable[[Any], None]:
    """A route handler: our own server's requests go through; others are aborted and noted."""

    def handle(route: Any) -> None:
        host = route.request.url.split("/")[2].split(":")[0]
        if host in ("127.0.0.1", "localhost"):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    return handle


@pytest.fixture
def page(browser: Any, base_url: str) -> Iterator[Any]:
    """A tab on the site; `page.blocked` lists the requests that tried to leave loopback."""
    context = browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 900})
    blocked: list[str] = []
    context.route("**/*", _loopback_only(blocked))
    tab = context.new_page()
    tab.blocked = blocked
    yield tab
    context.close()


@pytest.fixture
def axe_source(browser_prerequisites: None) -> str:
    return AXE_JS.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
