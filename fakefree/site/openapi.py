"""The OpenAPI 3.1 document of /api/v1, served at /api/v1/openapi.json.

Written by hand next to the code it describes; tests/site/test_openapi.py runs schemathesis
against it, so a difference between the document and the behaviour fails the suite.
"""

from __future__ import annotations

from typing import Any

from .apidata import SOURCE_FIELDS
from .caching import MAX_AGE
from .facets import FACET_NAMES
from .labels import TAXONOMY_KINDS
from .openapi_submissions import SECURITY_SCHEMES, SUBMISSION_PATHS, SUBMISSION_SCHEMAS
from .queries import MAX_PER_PAGE, SORTS

_STR = {"type": "string"}
_INT = {"type": "integer"}
_STR_LIST = {"type": "array", "items": _STR}
_URI = {"type": "string", "format": "uri"}
_WHEN = {"type": ["string", "null"], "format": "date-time"}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _object(properties: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties) if required is None else required,
    }


_SUMMARY = {
    "id": _INT, "url": _URI, "title": _STR, "summary": _STR, "published_at": _WHEN,
    "language": {"type": "string", "enum": ["en", "fr", "es"]}, "agency": _STR,
    "source_id": _STR, "jurisdiction": _STR, "countries": _STR_LIST, "sectors": _STR_LIST,
    "ip_types": _STR_LIST, "actions": _STR_LIST, "link": _URI,
}  # fmt: skip
_DETAIL = {
    **_SUMMARY, "agency_homepage": _STR, "origin_countries": _STR_LIST, "fetched_at": _WHEN,
    "updated_at": _WHEN, "relevance_score": {"type": "number"},
    "evidence": {"type": "object", "additionalProperties": _STR_LIST},
    "body_text": _STR, "body_html": _STR,
}  # fmt: skip
_FACET_VALUE = _object({"value": _STR, "label": _STR, "count": _INT})
_SOURCE = {
    **{name: _STR for name in SOURCE_FIELDS},
    "enabled": {"type": "boolean"}, "interval_minutes": _INT, "consecutive_failures": _INT,
    "items_found": _INT, "items_new": _INT, "published": _INT,
    **{name: _WHEN for name in ("last_run_at", "last_success_at", "last_error_at")},
    "last_error_kind": {"type": ["string", "null"]},
    "last_error_message": {"type": ["string", "null"]},
    "status": {"type": "string", "enum": ["ok", "failing", "never_run", "disabled"]},
}  # fmt: skip
_TAG = _object({"id": _STR, "labels": _object({"en": _STR, "fr": _STR, "es": _STR})})

SCHEMAS: dict[str, Any] = {
    "Error": _object(
        {"error": _object({"status": _INT, "code": _STR, "message": _STR})},
    ),
    "ArticleSummary": _object(_SUMMARY),
    "SearchHit": _object({**_SUMMARY, "snippet": _STR}),
    "Article": _object(_DETAIL),
    "Facets": _object(
        {name: {"type": "array", "items": _FACET_VALUE} for name in (*FACET_NAMES, "year")}
    ),
    "SearchResults": _object(
        {
            "total": _INT,
            "per_page": _INT,
            "results": {"type": "array", "items": _ref("SearchHit")},
            "facets": _ref("Facets"),
            "next_cursor": {"type": ["string", "null"]},
            "next": {"type": ["string", "null"], "format": "uri"},
        }
    ),
    "Sources": _object({"sources": {"type": "array", "items": _object(_SOURCE)}}),
    "Taxonomy": _object(
        {
            **{kind: {"type": "array", "items": _TAG} for kind in TAXONOMY_KINDS},
            "languages": {"type": "array", "items": _object({"id": _STR, "label": _STR})},
        }
    ),
    "Statistics": _object(
        {
            "total": _INT,
            "by_month": {
                "type": "array",
                "items": _object(
                    {"month": {"type": "string", "pattern": r"^\d{4}-\d{2}$"}, "count": _INT}
                ),
            },
            "by_facet": _ref("Facets"),
        }
    ),
}

_ERRORS = {
    "400": "The request cannot be run (bad parameter, query syntax, or cursor).",
    "404": "Nothing published here.",
    "429": "Too many requests from this address: wait for Retry-After seconds.",
}
_FILTER_HELP = {
    "country": "ISO 3166-1 alpha-2 code (or EU) of where the action took place; repeat for OR.",
    "sector": "Sector id from /taxonomy; repeat for OR.",
    "ip_type": "IP type id from /taxonomy; repeat for OR.",
    "action": "Action id from /taxonomy; repeat for OR.",
    "language": "Language of the release: en, fr or es; repeat for OR.",
    "agency": "Source id from /sources; repeat for OR.",
}


def _response(description: str, schema: str | None = None) -> dict[str, Any]:
    answer: dict[str, Any] = {"description": description}
    if schema:
        answer["content"] = {"application/json": {"schema": _ref(schema)}}
    return answer


def _operation(summary: str, schema: str, errors: tuple[str, ...], **extra: Any) -> dict[str, Any]:
    responses = {
        "200": _response("OK", schema),
        "304": _response("Not modified since the ETag or date the client sent."),
        **{code: _response(_ERRORS[code], "Error") for code in (*errors, "429")},
    }
    return {
        "get": {
            "summary": summary,
            "operationId": extra.pop("operation_id"),
            **extra,
            "responses": responses,
        }
    }


def _query(name: str, schema: dict[str, Any], description: str) -> dict[str, Any]:
    param = {"name": name, "in": "query", "required": False, "schema": schema}
    return {**param, "description": description}


_PARTIAL_DATE = "^([0-9]{4}(-[0-9]{1,2}(-[0-9]{1,2})?)?)?$"  # a real date, from <= to: else 400
SEARCH_PARAMETERS = [
    _query("q", {"type": "string", "maxLength": 500}, 'Words, "phrases", AND, OR, NOT (capitals), -word, (groups), word*, and field prefixes title:, body:, country:, sector:, ip_type:, action:, agency:, language:, year:.'),
    _query("from", {"type": "string", "pattern": _PARTIAL_DATE}, "Published on or after: 2025, 2025-03 or 2025-03-14 (the first day it covers)."),
    _query("to", {"type": "string", "pattern": _PARTIAL_DATE}, "Published on or before: 2025, 2025-03 or 2025-03-14 (the last day it covers)."),
    *(
        {**_query(name, {"type": "array", "items": _STR}, help_ + " Empty values are ignored."),
         "style": "form", "explode": True}
        for name, help_ in _FILTER_HELP.items()
    ),
    _query("sort", {"type": "string", "enum": [*SORTS, ""]}, "Empty or absent: relevance with words, else date."),
    _query("per_page", {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE}, "Results per page (default 20)."),
    _query("cursor", {"type": "string"}, "next_cursor of the previous page, for the same search."),
]  # fmt: skip


def openapi_document() -> dict[str, Any]:
    """The OpenAPI 3.1 document (plain data; the server URL is relative to the site)."""
    article_id = {"name": "article_id", "in": "path", "required": True,
                  "schema": {"type": "integer", "minimum": 1}}  # fmt: skip
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Fake Free API",
            "version": "1",
            "description": "Press releases on IP enforcement actions, tagged by country, sector, "
            f"IP type and action. Every answer carries ETag and Last-Modified (send them back for "
            f"a 304) and Cache-Control max-age={MAX_AGE}; reads are open to any origin (CORS); "
            'errors are {"error": {"status", "code", "message"}}.',
        },
        "servers": [{"url": "/api/v1"}],
        "paths": {
            "/search": _operation(
                "Search releases",
                "SearchResults",
                ("400",),
                operation_id="search",
                parameters=SEARCH_PARAMETERS,
            ),
            "/articles/{article_id}": _operation(
                "One published release",
                "Article",
                ("404",),
                operation_id="article",
                parameters=[article_id],
            ),
            "/sources": _operation(
                "Every source and its health", "Sources", (), operation_id="sources"
            ),
            "/taxonomy": _operation(
                "Tag ids with their labels", "Taxonomy", (), operation_id="taxonomy"
            ),
            "/stats": _operation(
                "Figures over time and by facet", "Statistics", (), operation_id="stats"
            ),
            **SUBMISSION_PATHS,
        },  # fmt: skip
        "components": {
            "schemas": {**SCHEMAS, **SUBMISSION_SCHEMAS},
            "securitySchemes": SECURITY_SCHEMES,
        },
    }
