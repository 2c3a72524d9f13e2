"""The interface language: English, French or Spanish, chosen per request.

Order of choice: an explicit `?lang=xx` (remembered in a cookie), the cookie, the browser's
Accept-Language, English. URLs stay the same in every language; pages say which language they
are in, and list the other languages as `hreflang` alternates.
"""

from __future__ import annotations

from flask import Flask, request
from flask_babel import Babel

LANGUAGES = ("en", "fr", "es")
DEFAULT_LANGUAGE = "en"
LANG_PARAM = "lang"
LANG_COOKIE = "lang"


def select_language() -> str:
    """The language of this request's interface."""
    asked = request.args.get(LANG_PARAM, "")
    if asked in LANGUAGES:
        return asked
    remembered = request.cookies.get(LANG_COOKIE, "")
    if remembered in LANGUAGES:
        return remembered
    return request.accept_languages.best_match(LANGUAGES) or DEFAULT_LANGUAGE


def init_app(app: Flask) -> None:
    Babel(app, locale_selector=select_language)
