"""The OpenAPI description of the submission and moderation endpoints (submit_api.py).

Kept apart from openapi.py (the read API) so that each half stays readable; openapi.py merges
SUBMISSION_PATHS and SUBMISSION_SCHEMAS into the one document. Every operation here needs a
bearer token (`fakefree tokens create`, or the operators' accounts page).
"""

from __future__ import annotations

from typing import Any

from .submit_fields import LANGUAGES, MAX_TAGS

_STR = {"type": "string"}
_INT = {"type": "integer"}
_TAGS = {"type": "array", "items": _STR, "maxItems": MAX_TAGS}
_WHEN = {"type": "string", "format": "date-time"}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


SUBMISSION_SCHEMAS: dict[str, Any] = {
    "SubmissionRequest": {
        "type": "object",
        "properties": {
            "title": {"type": "string", "minLength": 1, "maxLength": 500},
            "published": {"type": "string", "maxLength": 100,
                          "description": "Date of the release as the agency writes it."},
            "language": {"type": "string", "enum": list(LANGUAGES)},
            "body_html": {"type": "string", "minLength": 1,
                          "description": "HTML, sanitized on arrival to paragraphs, lists, "
                          "emphasis, links and tables."},
            "original_url": {"type": "string", "format": "uri", "maxLength": 2000},
            "suggested_countries": {**_TAGS, "description": "Country codes of /taxonomy."},
            "suggested_sectors": {**_TAGS, "description": "Sector ids of /taxonomy."},
        },
        "required": ["title", "language", "body_html"],
        "additionalProperties": False,
    },
    "Submission": {
        "type": "object",
        "properties": {
            "id": _INT,
            "status": {"type": "string", "enum": ["pending", "approved", "rejected"]},
            "title": _STR, "published": _STR, "language": _STR, "body_html": _STR,
            "original_url": _STR, "suggested_countries": _TAGS, "suggested_sectors": _TAGS,
            "corrections": {"type": "object", "additionalProperties": _TAGS},
            "reject_reason": {"type": ["string", "null"]},
            "article_id": {"type": ["integer", "null"]},
            "created_at": _WHEN, "updated_at": _WHEN,
            "attachment_name": _STR, "attachment_bytes": _INT,
        },  # fmt: skip
        "required": ["id", "status", "title", "language", "created_at"],
    },
    "Submissions": {
        "type": "object",
        "properties": {"submissions": {"type": "array", "items": _ref("Submission")}},
        "required": ["submissions"],
    },
    "Corrections": {
        "type": "object",
        "properties": {kind: _TAGS for kind in ("countries", "sectors", "ip_types", "actions")},
        "additionalProperties": False,
    },
    "Rejection": {
        "type": "object",
        "properties": {"reason": {"type": "string", "minLength": 1, "maxLength": 2000}},
        "required": ["reason"],
        "additionalProperties": False,
    },
}  # fmt: skip

_MEANING = {
    "200": "OK",
    "201": "Created: a new submission, pending review.",
    "400": "A field is wrong (the message names it), or the body is not a JSON object.",
    "401": "No valid token: missing, unknown, expired or revoked.",
    "403": "Only operators may do this.",
    "404": "No such submission among those this token may see.",
    "409": "Idempotency-Key used with another body, or the submission is no longer pending.",
    "413": "The body is larger than 200 KB.",
    "429": "Too many requests from this address, or submissions by this account this hour.",
}
_SCHEMA_OF = {"200": "Submission", "201": "Submission"}
_ID = {"name": "submission_id", "in": "path", "required": True,
       "schema": {"type": "integer", "minimum": 1}}  # fmt: skip
_KEY = {"name": "Idempotency-Key", "in": "header", "required": True,
        "schema": {"type": "string", "minLength": 1, "maxLength": 200},
        "description": "Chosen by the client; sending the same key and body again gives the "
        "first answer back instead of a second submission."}  # fmt: skip


def _operation(summary: str, operation_id: str, codes: tuple[str, ...], **extra: Any) -> dict:
    schema_of = extra.pop("schemas", _SCHEMA_OF)
    responses = {}
    for code in (*codes, "401", "429"):
        schema = schema_of.get(code, "Error" if code >= "400" else None)
        answer: dict[str, Any] = {"description": _MEANING[code]}
        if schema:
            answer["content"] = {"application/json": {"schema": _ref(schema)}}
        responses[code] = answer
    return {"summary": summary, "operationId": operation_id, "security": [{"bearer": []}],
            **extra, "responses": responses}  # fmt: skip


def _body(schema: str, required: bool) -> dict[str, Any]:
    content = {"application/json": {"schema": _ref(schema)}}
    return {"requestBody": {"required": required, "content": content}}


SUBMISSION_PATHS: dict[str, Any] = {
    "/submissions": {
        "get": _operation("Your agency's submissions and their status", "listSubmissions",
                          ("200",), schemas={"200": "Submissions"}),
        "post": _operation("Submit a release (pending until an operator approves it)",
                           "submit", ("200", "201", "400", "409", "413"), parameters=[_KEY],
                           **_body("SubmissionRequest", True)),
    },
    "/submissions/{submission_id}": {
        "get": _operation("One of your submissions", "submission", ("200", "404"),
                          parameters=[_ID]),
    },
    "/moderation": {
        "get": _operation("Operators: the submissions waiting for review", "moderationQueue",
                          ("200", "403"), schemas={"200": "Submissions"}),
    },
    "/submissions/{submission_id}/approve": {
        "post": _operation("Operators: publish a submission, optionally correcting its tags",
                           "approve", ("200", "400", "403", "404", "409"), parameters=[_ID],
                           **_body("Corrections", False)),
    },
    "/submissions/{submission_id}/reject": {
        "post": _operation("Operators: reject a submission with a reason the agency sees",
                           "reject", ("200", "400", "403", "404", "409"), parameters=[_ID],
                           **_body("Rejection", True)),
    },
}  # fmt: skip

SECURITY_SCHEMES = {
    "bearer": {
        "type": "http",
        "scheme": "bearer",
        "description": "An API token of an agency or operator account, shown once at creation.",
    }
}
