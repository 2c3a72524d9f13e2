"""One error path: JSON with one shape under /api/, a friendly page elsewhere.

The JSON errors stay in English (programs read them); the pages speak the reader's language:
titles by status, and the descriptions this site raises, through the gettext catalogs (an
unknown description is shown as it is).
"""

from __future__ import annotations

import logging

from flask import Flask, Response, jsonify, render_template, request
from flask_babel import gettext
from werkzeug.exceptions import HTTPException, InternalServerError

log = logging.getLogger(__name__)

API_PREFIX = "/api/"
_KEPT_HEADERS = ("Allow", "Retry-After", "WWW-Authenticate")


def N_(message: str) -> str:
    """Mark `message` for extraction into the catalogs; it is translated where it is shown."""
    return message


# Page titles by status; other statuses keep Werkzeug's English name.
TITLES = {
    400: N_("Bad request"),
    403: N_("Forbidden"),
    404: N_("Page not found"),
    405: N_("Method not allowed"),
    429: N_("Too many requests"),
    500: N_("Something went wrong"),
    503: N_("Service unavailable"),
}
# Descriptions raised by the site and by Werkzeug that reach a page, so that they are extracted
# and translated (the text must stay identical to where it is raised).
KNOWN_MESSAGES = (
    N_("There is no published release with this number."),
    N_("There is no such country, sector, IP type, action or agency."),
    N_('A quotation mark is not closed: phrases go "between quotes".'),
    N_("The query has no word to search for."),
    N_(
        "The requested URL was not found on the server. If you entered the URL manually please "
        "check your spelling and try again."
    ),
    N_("The method is not allowed for the requested URL."),
    N_("The browser (or proxy) sent a request that this server could not understand."),
    N_(
        "The server encountered an internal error and was unable to complete your request. "
        "Either the server is overloaded or there is an error in the application."
    ),
)


def error_code(exc: HTTPException) -> str:
    """A stable machine code from the status name: 404 -> not_found, 405 -> method_not_allowed."""
    return (exc.name or "error").lower().replace(" ", "_").replace("'", "")


def api_error_response(exc: HTTPException) -> Response:
    """{"error": {"status", "code", "message"}}, keeping headers such as Allow."""
    status = exc.code or 500
    body = {"error": {"status": status, "code": error_code(exc), "message": exc.description}}
    response = jsonify(body)
    response.status_code = status
    for name, value in exc.get_headers():
        if name in _KEPT_HEADERS:
            response.headers[name] = value
    return response


def handle_http_error(exc: HTTPException) -> Response | tuple[str, int]:
    if request.path.startswith(API_PREFIX):
        return api_error_response(exc)
    title = gettext(TITLES[exc.code]) if exc.code in TITLES else exc.name
    message = gettext(exc.description) if exc.description else ""
    page = render_template("errors/error.html", status=exc.code, title=title, message=message)
    return page, exc.code


def handle_server_error(exc: InternalServerError) -> Response | tuple[str, int]:
    original = getattr(exc, "original_exception", None)
    if original is not None:
        log.exception("unhandled error on %s", request.path, exc_info=original)
        exc = InternalServerError()  # never show the original's text to the visitor
    return handle_http_error(exc)


def init_app(app: Flask) -> None:
    app.register_error_handler(InternalServerError, handle_server_error)
    app.register_error_handler(HTTPException, handle_http_error)
