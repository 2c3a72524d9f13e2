"""The interface in English, French and Spanish: how the language is chosen and remembered, what
the pages say about it (html lang, hreflang, Vary), caching per language, translated words,
dates and labels, and catalogs that are complete and compiled."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from flask.testing import FlaskClient

from fakefree.settings import REPO_ROOT, Settings
from fakefree.site import create_app
from fakefree.site.caching import cached_response

from .conftest import ARTICLES, fill_collection

TRANSLATIONS = REPO_ROOT / "fakefree" / "site" / "translations"
NBSP = "\u00a0"


def html_lang(page: str) -> str:
    found = re.search(r'<html lang="([a-z]+)">', page)
    assert found, "the page declares its language"
    return found[1]


def text(response) -> str:
    return response.get_data(as_text=True)


def main_of(page: str) -> str:
    return page.split("<main", 1)[1].split("</main>", 1)[0]


# --- choosing the language ---------------------------------------------------------------


def test_english_without_any_preference(client: FlaskClient) -> None:
    page = text(client.get("/"))
    assert html_lang(page) == "en" and "Latest IP enforcement actions" in page


def test_accept_language_french_gives_the_french_home_page(client: FlaskClient) -> None:
    response = client.get("/", headers={"Accept-Language": "fr-CA,fr;q=0.9,en;q=0.5"})
    page = text(response)
    assert html_lang(page) == "fr"
    assert "Dernières actions pour faire respecter la propriété intellectuelle" in page
    assert "Latest IP enforcement actions" not in page
    assert "Set-Cookie" not in response.headers, "only an explicit choice is remembered"


@pytest.mark.parametrize(
    "header, lang",
    [("es-MX", "es"), ("de-DE,fr;q=0.5", "fr"), ("pt-BR,es;q=0.8,en;q=0.9", "en"), ("de", "en")],
)
def test_accept_language_regional_and_weighted(client: FlaskClient, header: str, lang: str) -> None:
    assert html_lang(text(client.get("/about", headers={"Accept-Language": header}))) == lang


def test_lang_parameter_sets_a_cookie_and_the_next_page_stays_spanish(
    client: FlaskClient,
) -> None:
    first = client.get("/about?lang=es")
    assert html_lang(text(first)) == "es"
    cookie = first.headers["Set-Cookie"]
    assert cookie.startswith("lang=es;")
    assert "SameSite=Lax" in cookie and "Max-Age=31536000" in cookie and "HttpOnly" in cookie
    assert "Secure" not in cookie, "plain http on this request"
    following = text(client.get("/sources"))  # no parameter: the cookie decides
    assert html_lang(following) == "es" and "Las fuentes y su estado" in following


def test_cookie_is_secure_over_https(client: FlaskClient) -> None:
    response = client.get("/?lang=fr", base_url="https://localhost")
    assert "Secure" in response.headers["Set-Cookie"]


def test_cookie_beats_accept_language_and_parameter_beats_cookie(client: FlaskClient) -> None:
    client.set_cookie("lang", "es")
    spanish = text(client.get("/", headers={"Accept-Language": "fr"}))
    assert html_lang(spanish) == "es"
    french = client.get("/?lang=fr", headers={"Accept-Language": "en"})
    assert html_lang(text(french)) == "fr" and french.headers["Set-Cookie"].startswith("lang=fr;")


@pytest.mark.parametrize("value", ["de", "FR-xx", "<script>", ""])
def test_unknown_language_values_are_ignored(client: FlaskClient, value: str) -> None:
    response = client.get("/about", query_string={"lang": value})
    assert html_lang(text(response)) == "en"
    assert "Set-Cookie" not in response.headers
    client.set_cookie("lang", value)
    assert html_lang(text(client.get("/about", headers={"Accept-Language": "es"}))) == "es"


# --- what pages say about languages --------------------------------------------------------


def test_switch_links_keep_the_query_and_mark_the_current_language(client: FlaskClient) -> None:
    page = text(client.get("/search?q=pills&country=US&lang=fr"))
    switch = page.split('class="language-switch"')[1].split("</nav>")[0]
    assert 'href="/search?country=US&amp;q=pills&amp;lang=en" lang="en"' in switch
    assert 'lang="fr" hreflang="fr" aria-current="true">Français</a>' in switch
    assert 'lang="es" hreflang="es">Español</a>' in switch
    assert switch.count("aria-current") == 1


def test_hreflang_alternates_are_absolute(client: FlaskClient) -> None:
    page = text(client.get("/search?q=pills&lang=es"))
    for code in ("en", "fr", "es"):
        link = f'<link rel="alternate" hreflang="{code}" href="http://localhost/search?q=pills&amp;lang={code}">'
        assert link in page
    assert (
        '<link rel="alternate" hreflang="x-default" href="http://localhost/search?q=pills">' in page
    )


def test_html_varies_with_language_but_feeds_and_api_do_not(client: FlaskClient) -> None:
    for path in ("/", "/about", "/search?q=pills", "/sources", "/no-such-page"):
        vary = client.get(path).headers.get("Vary", "")
        assert "Accept-Language" in vary and "Cookie" in vary, path
    for path in ("/feeds/latest.atom", "/api/v1/search?q=pills", "/api/v1/taxonomy"):
        response = client.get(path, headers={"Accept-Language": "fr"})
        assert "Accept-Language" not in response.headers.get("Vary", ""), path
        assert "Set-Cookie" not in client.get(path + "?lang=fr").headers, path
        again = client.get(path, headers={"If-None-Match": response.headers["ETag"]})
        assert again.status_code == 304 and "Accept-Language" not in again.headers.get("Vary", "")


# --- caching per language -------------------------------------------------------------------


@pytest.mark.parametrize("path_of", [lambda ids: "/", lambda ids: f"/articles/{ids['pills']}"])
def test_etag_differs_per_language_and_304_works_per_language(
    client: FlaskClient, ids: dict[str, int], path_of
) -> None:
    path = path_of(ids)
    etags = {}
    for lang in ("en", "fr", "es"):
        response = client.get(path, headers={"Accept-Language": lang})
        assert response.status_code == 200 and html_lang(text(response)) == lang
        etags[lang] = response.headers["ETag"]
    assert len(set(etags.values())) == 3
    for lang, etag in etags.items():
        same = client.get(path, headers={"Accept-Language": lang, "If-None-Match": etag})
        assert same.status_code == 304 and "Accept-Language" in same.headers["Vary"]
    other = client.get(path, headers={"Accept-Language": "fr", "If-None-Match": etags["en"]})
    assert other.status_code == 200 and html_lang(text(other)) == "fr"


def test_svg_charts_are_cached_per_language_but_csv_is_not(app) -> None:
    """Chart SVGs hold translated titles; CSV tables hold ids only."""

    def answer(mimetype: str, lang: str):
        with app.test_request_context("/chart", headers={"Accept-Language": lang}):
            return cached_response(lambda: b"body", "same", None, mimetype)

    svg = {lang: answer("image/svg+xml", lang) for lang in ("en", "fr")}
    assert svg["en"].headers["ETag"] != svg["fr"].headers["ETag"]
    assert "Accept-Language" in svg["fr"].headers["Vary"]
    csv = {lang: answer("text/csv", lang) for lang in ("en", "fr")}
    assert csv["en"].headers["ETag"] == csv["fr"].headers["ETag"]
    assert "Vary" not in csv["fr"].headers


# --- translated words, dates, numbers and labels ----------------------------------------------


def test_dates_are_written_the_reader_s_way(client: FlaskClient, ids: dict[str, int]) -> None:
    path = f"/articles/{ids['pills']}"
    for lang, shown in (("en", "Mar 5, 2025"), ("fr", "5 mars 2025"), ("es", "5 mar 2025")):
        page = text(client.get(path, headers={"Accept-Language": lang}))
        assert f'<time datetime="2025-03-05T15:30:00Z">{shown}</time>' in page, lang


def test_tag_labels_follow_the_interface_language(client: FlaskClient, ids: dict[str, int]) -> None:
    pages = {
        "home": "/",
        "article": f"/articles/{ids['pills']}",
        "search": "/search?q=pills",
    }
    for name, path in pages.items():
        french = text(client.get(path + ("&" if "?" in path else "?") + "lang=fr"))
        spanish = text(client.get(path + ("&" if "?" in path else "?") + "lang=es"))
        assert "Médicaments et dispositifs médicaux" in french, name
        assert "Medicamentos y dispositivos médicos" in spanish, name
        shown = main_of(french) + main_of(spanish)
        assert "Medicines and medical devices" not in shown, name
    facets = text(client.get("/search?q=pills&lang=es"))
    assert "Idioma" in facets and "Estados Unidos" in facets


def test_result_count_uses_plurals_in_each_language(client: FlaskClient) -> None:
    one = text(client.get("/search?q=pills&lang=fr"))
    assert '<h2 id="results-heading">1 communiqué</h2>' in one
    several = text(client.get("/search?lang=es"))
    assert re.search(r'<h2 id="results-heading">\d+ comunicados</h2>', several)


def test_error_pages_speak_the_reader_s_language(client: FlaskClient) -> None:
    french = client.get("/articles/999999?lang=fr")
    assert french.status_code == 404
    assert "Aucun communiqué publié ne porte ce numéro." in text(french)
    client.delete_cookie("lang")
    spanish = text(client.get("/no-such-page", headers={"Accept-Language": "es"}))
    assert "Página no encontrada" in spanish and html_lang(spanish) == "es"
    api = client.get("/api/v1/articles/999999", headers={"Accept-Language": "fr"})
    assert api.get_json()["error"]["message"] == "There is no published release with this number."


def test_search_error_is_translated_and_stays_escaped(client: FlaskClient) -> None:
    page = text(client.get('/search?q="<b>unclosed&lang=fr'))
    assert f"Cette recherche n'a pas pu être effectuée{NBSP}:" in page
    assert "<b>unclosed" not in page


def test_fact_labels_are_translated(fresh_settings: Settings) -> None:
    facts = {"quantity_seized": {"value": 8500, "unit": "items", "evidence": "8,500 pills"}}
    ids = fill_collection(fresh_settings, {"pills": {**ARTICLES["pills"], "facts": facts}})
    client = create_app({"SETTINGS": fresh_settings, "TESTING": True}).test_client()
    page = text(client.get(f"/articles/{ids['pills']}?lang=fr"))
    assert "<dt>Quantité saisie</dt>" in page and "Faits essentiels" in page


# --- the catalogs -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def fresh_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The messages of the code as it is now, extracted the way `make translations` does."""
    pot = tmp_path_factory.mktemp("i18n") / "messages.pot"
    pybabel = Path(sys.executable).parent / "pybabel"
    subprocess.run(
        [str(pybabel), "extract", "-F", "babel.cfg", "-k", "lazy_gettext",
         "-k", "lazy_ngettext:1,2", "--no-location", "-o", str(pot), "."],
        cwd=REPO_ROOT, check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    return pot


def read_catalog(path: Path, locale: str | None = None):
    with path.open("rb") as fh:
        return read_po(fh, locale=locale)


def as_key(value: str | list | tuple) -> str | tuple:
    return value if isinstance(value, str) else tuple(value)


def translated(message) -> bool:
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    return all(strings)


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_every_message_is_translated(fresh_template: Path, lang: str) -> None:
    wanted = {m.id for m in read_catalog(fresh_template) if m.id}
    assert len(wanted) > 100, "the extraction found the interface's strings"
    catalog = read_catalog(TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po", lang)
    missing = sorted(str(i) for i in wanted if not (catalog.get(i) and translated(catalog.get(i))))
    assert not missing, f"run `make translations` and translate in {lang}: {missing}"


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_no_fuzzy_entries_and_placeholders_kept(lang: str) -> None:
    catalog = read_catalog(TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po", lang)
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert not fuzzy, f"fuzzy entries in {lang}: {fuzzy}"
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set(re.findall(r"%\(\w+\)s", ids[-1]))
        for string in strings:
            assert set(re.findall(r"%\(\w+\)s", string)) == wanted, (lang, message.id)
            assert re.findall(r"</?\w+", string) == re.findall(r"</?\w+", ids[0]), message.id


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_compiled_catalog_matches_its_source(lang: str) -> None:
    """The committed .mo is what compiling the .po gives (an install needs no compile step)."""
    folder = TRANSLATIONS / lang / "LC_MESSAGES"
    source = read_catalog(folder / "messages.po", lang)
    with (folder / "messages.mo").open("rb") as fh:
        compiled = read_mo(fh)
    expected = {as_key(m.id): as_key(m.string) for m in source if m.id and translated(m)}
    actual = {as_key(m.id): as_key(m.string) for m in compiled if m.id}
    assert actual == expected, "run `make translations` (pybabel compile) and commit the .mo"
