"""Agencies submit releases through the API; operators moderate them (/api/v1).

Authentication is a bearer token (fakefree tokens create), never a cookie: a browser never sends
it by itself, so these JSON endpoints need no CSRF token. An agency sees only its own
submissions; another agency's id answers 404, exactly like an id that does not exist, so ids
cannot be probed. Errors use the API's one shape (errors.py); the API rate limit applies.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import Blueprint, Response, g, jsonify, request
from werkzeug.datastructures import WWWAuthenticate
from werkzeug.exceptions import (
    BadRequest,
    Conflict,
    Forbidden,
    NotFound,
    RequestEntityTooLarge,
    TooManyRequests,
    Unauthorized,
)

from fakefree.index.moderation import CORRECTABLE, approve_and_index
from fakefree.index.submissions import (
    IdempotencyConflict,
    SubmissionError,
    TooManySubmissions,
    account_for_token,
    get_submission,
    list_submissions,
    reject,
    submit,
)

from .db import get_settings, get_store
from .submit_fields import MAX_BODY_BYTES, validate_submission, validate_tags

bp = Blueprint("submit_api", __name__, url_prefix="/api/v1")

PUBLIC_FIELDS = (
    "id", "status", "title", "published", "language", "body_html", "original_url",
    "suggested_countries", "suggested_sectors", "corrections", "reject_reason", "article_id",
    "created_at", "updated_at", "attachment_name", "attachment_bytes",
)  # fmt: skip


def public(submission: dict[str, Any]) -> dict[str, Any]:
    return {name: submission[name] for name in PUBLIC_FIELDS}


def authenticated(view: Callable[..., Any]) -> Callable[..., Any]:
    """Every endpoint here needs a live token: 401 in the error shape otherwise. A decorator,
    not a before_request hook, so that the rate limiter counts the request first."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        authenticate()
        return view(*args, **kwargs)

    return wrapper


def authenticate() -> None:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    account = account_for_token(get_store(), token.strip()) if scheme == "Bearer" else None
    if account is None:
        raise Unauthorized(
            description="A valid API token is required: Authorization: Bearer TOKEN"
            " (tokens expire or are revoked; ask an operator for a new one).",
            www_authenticate=WWWAuthenticate("Bearer", {"realm": "fakefree"}),
        )
    g.account = account


def require_operator() -> dict[str, Any]:
    if g.account["role"] != "operator":
        raise Forbidden(description="Only operators moderate submissions.")
    return g.account


def json_body(required: bool = True) -> dict[str, Any]:
    """The request's JSON object, with a 413 past the size limit and a 400 when malformed."""
    if (request.content_length or 0) > MAX_BODY_BYTES:
        raise RequestEntityTooLarge(
            description=f"The request body is larger than {MAX_BODY_BYTES // 1024} KB."
        )
    data = request.stream.read(MAX_BODY_BYTES + 1)
    if len(data) > MAX_BODY_BYTES:
        raise RequestEntityTooLarge(
            description=f"The request body is larger than {MAX_BODY_BYTES // 1024} KB."
        )
    if not data.strip() and not required:
        return {}
    try:
        body = json.loads(data)
    except (ValueError, UnicodeDecodeError) as exc:
        raise BadRequest(description=f"The body is not valid JSON: {exc}") from exc
    if not isinstance(body, dict):
        raise BadRequest(description="The body must be a JSON object.")
    return body


@bp.post("/submissions")
@authenticated
def create_submission() -> tuple[Response, int]:
    key = request.headers.get("Idempotency-Key", "").strip()
    if not key or len(key) > 200:
        raise BadRequest(description="The Idempotency-Key header is required (1-200 characters).")
    fields = validate_submission(json_body())
    per_hour = get_settings().submissions_per_hour
    try:
        submission, created = submit(get_store(), g.account, key, fields, per_hour)
    except IdempotencyConflict as exc:
        raise Conflict(description=str(exc)) from exc
    except TooManySubmissions as exc:
        raise TooManyRequests(
            description=f"This account may submit {per_hour} releases an hour ({exc}); "
            "send it again later with the same Idempotency-Key.",
            retry_after=3600,
        ) from exc
    return jsonify(public(submission)), 201 if created else 200


@bp.get("/submissions")
@authenticated
def own_submissions() -> Response:
    items = list_submissions(get_store(), account_id=g.account["id"])
    return jsonify({"submissions": [public(s) for s in items]})


def own_submission_or_404(submission_id: int) -> dict[str, Any]:
    """The caller's submission (any, for an operator); 404 for everything else."""
    owner = None if g.account["role"] == "operator" else g.account["id"]
    submission = get_submission(get_store(), submission_id, account_id=owner)
    if submission is None:
        raise NotFound(description=f"No submission {submission_id}.")
    return submission


@bp.get("/submissions/<int:submission_id>")
@authenticated
def one_submission(submission_id: int) -> Response:
    return jsonify(public(own_submission_or_404(submission_id)))


@bp.get("/moderation")
@authenticated
def moderation_queue() -> Response:
    require_operator()
    items = list_submissions(get_store(), status="pending")
    return jsonify({"submissions": [public(s) for s in items]})


@bp.post("/submissions/<int:submission_id>/approve")
@authenticated
def approve_submission(submission_id: int) -> Response:
    operator = require_operator()
    own_submission_or_404(submission_id)
    corrections = validate_tags(json_body(required=False), CORRECTABLE)
    store, settings = get_store(), get_settings()
    try:
        approve_and_index(store, settings.index_dir, submission_id, operator["username"],
                          corrections)  # fmt: skip
    except SubmissionError as exc:
        raise Conflict(description=str(exc)) from exc
    return jsonify(public(get_submission(store, submission_id) or {}))


@bp.post("/submissions/<int:submission_id>/reject")
@authenticated
def reject_submission(submission_id: int) -> Response:
    operator = require_operator()
    own_submission_or_404(submission_id)
    reason = json_body().get("reason")
    if not isinstance(reason, str) or not reason.strip() or len(reason) > 2000:
        raise BadRequest(description="'reason' is required: a string of 1-2000 characters.")
    try:
        return jsonify(public(reject(get_store(), submission_id, operator["username"], reason)))
    except SubmissionError as exc:
        raise Conflict(description=str(exc)) from exc
