"""The interface language: English, French or Spanish, chosen per request.

Order of choice: an explicit `?lang=xx` (remembered in a cookie), the cookie, the browser's
Accept-Language, English. URLs stay the same in every language, so a link shared between a
French and an English reader works for both; pages say which language they are in and list the
other languages as `hreflang` alternates. HTML answers vary with the language, so they carry
`Vary: Accept-Language, Cookie` (feeds and the API do not change with it and do not).
"""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Flask, Response, request
from flask_babel import Babel, get_locale

LANGUAGES = ("en", "fr", "es")
DEFAULT_LANGUAGE = "en"
LANG_PARAM = "lang"
LANG_COOKIE = "lang"
COOKIE_MAX_AGE = 365 * 24 * 3600  # a year
# Each language named in itself, for the switch: a reader finds their own language by its name.
ENDONYMS = {"en": "English", "fr": "Français", "es": "Español"}
VARY_HEADERS = ("Accept-Language", "Cookie")


def select_language() -> str:
    """The language of this request's interface."""
    asked = request.args.get(LANG_PARAM, "")
    if asked in LANGUAGES:
        return asked
    remembered = request.cookies.get(LANG_COOKIE, "")
    if remembered in LANGUAGES:
        return remembered
    return request.accept_languages.best_match(LANGUAGES) or DEFAULT_LANGUAGE


def current_language() -> str:
    """The two-letter code of the interface language ("en" outside a request)."""
    locale = get_locale()
    return locale.language if locale is not None else DEFAULT_LANGUAGE


def url_in_language(code: str | None, absolute: bool = False) -> str:
    """This request's URL with `lang` set to `code` (or removed when None), other
    parameters kept in sorted order (their order never matters, and the same page must come
    out whatever it was): the switch's links and the `hreflang` alternates."""
    pairs = sorted((k, v) for k, v in request.args.items(multi=True) if k != LANG_PARAM)
    if code is not None:
        pairs.append((LANG_PARAM, code))
    query = urlencode(pairs)
    path = request.script_root + request.path
    url = f"{path}?{query}" if query else path
    return request.host_url.rstrip("/") + url if absolute else url


def mark_varying(response: Response) -> Response:
    """Declare that `response` (an HTML page) depends on the language headers."""
    for header in VARY_HEADERS:
        response.vary.add(header)
    return response


def is_language_varying(response: Response) -> bool:
    return "Accept-Language" in response.vary


def after_request(response: Response) -> Response:
    """HTML pages get Vary; an explicit `?lang=` on one is remembered in a cookie.

    304s are left alone here: the conditional-GET code marks its own (see caching), and a feed's
    304 must not claim to vary."""
    if response.status_code != 304 and response.mimetype == "text/html":
        mark_varying(response)
    asked = request.args.get(LANG_PARAM, "")
    remembered = request.cookies.get(LANG_COOKIE)
    if asked in LANGUAGES and asked != remembered and is_language_varying(response):
        response.set_cookie(
            LANG_COOKIE, asked, max_age=COOKIE_MAX_AGE, samesite="Lax",
            secure=request.is_secure, httponly=True,
        )  # fmt: skip
    return response


def init_app(app: Flask) -> None:
    Babel(app, locale_selector=select_language)
    app.after_request(after_request)
    app.jinja_env.globals.update(
        current_language=current_language,
        url_in_language=url_in_language,
        languages=LANGUAGES,
        language_endonyms=ENDONYMS,
    )
