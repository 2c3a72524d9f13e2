"""The OpenAPI document matches the API's behaviour: schemathesis generates requests from it
(bounded, so the run stays short) and checks every answer against it.

schemathesis parametrizes when the module is collected, so it reads the document from
`openapi_document()` (plain data, no app needed); a test checks that the site serves exactly
that document, and the requests go to a real app on the test collection.
"""

from __future__ import annotations

import os

import pytest
import schemathesis
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, settings
from schemathesis.checks import positive_data_acceptance

from fakefree.site import create_app
from fakefree.site.openapi import openapi_document
from tests.site.conftest import Collection

schema = schemathesis.openapi.from_dict(openapi_document())

# Values whose validity JSON Schema cannot express: a query's syntax ('"open' is refused), a
# cursor's signature, a date range's calendar (2025-02-30, from after to). A schema-valid value
# of theirs may get a 400 (documented); every other check still applies to those requests.
SYNTAX_CHECKED = ("q", "cursor", "from", "to")
EXAMPLES = int(os.environ.get("FAKEFREE_SCHEMATHESIS_EXAMPLES", "40"))


@pytest.fixture
def api_app(collection: Collection) -> Flask:
    unlimited = collection.settings.replace(api_rate_limit="100000/minute")
    return create_app({"SETTINGS": unlimited, "TESTING": True})


def test_the_site_serves_this_document(client: FlaskClient) -> None:
    assert client.get("/api/v1/openapi.json").get_json() == openapi_document()


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_openapi_document(case: schemathesis.Case, api_app: Flask) -> None:
    if any(name in (case.query or {}) for name in SYNTAX_CHECKED):
        case.call_and_validate(app=api_app, excluded_checks=[positive_data_acceptance])
    else:
        case.call_and_validate(app=api_app)
