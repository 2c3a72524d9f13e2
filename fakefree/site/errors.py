"""One error path: JSON with one shape under /api/, a friendly page elsewhere."""

from __future__ import annotations

import logging

from flask import Flask, Response, jsonify, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError

log = logging.getLogger(__name__)

API_PREFIX = "/api/"
_KEPT_HEADERS = ("Allow", "Retry-After", "WWW-Authenticate")


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
    page = render_template(
        "errors/error.html", status=exc.code, title=exc.name, message=exc.description
    )
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
