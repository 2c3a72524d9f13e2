"""The article page shows a release's key facts, labelled, with the release's own words."""

from __future__ import annotations

from flask.testing import FlaskClient

from fakefree.settings import Settings
from fakefree.site import create_app

from .conftest import ARTICLES, fill_collection

FACTS = {
    "quantity_seized": {"value": 8500, "unit": "items", "evidence": "seized 8,500 fake pills"},
    "declared_value": {"value": 1900000, "currency": "USD", "evidence": "worth $1.9 million"},
    "prison_months": {"value": 37, "evidence": "sentenced to 37 months in prison"},
    "operation": {"value": "Heart <Beat>", "evidence": "Operation Heart <Beat>"},
}


def client_with(settings: Settings, facts: dict) -> tuple[FlaskClient, int]:
    ids = fill_collection(settings, {"pills": {**ARTICLES["pills"], "facts": facts}})
    return create_app({"SETTINGS": settings, "TESTING": True}).test_client(), ids["pills"]


def test_facts_are_shown_with_labels_and_evidence(fresh_settings: Settings) -> None:
    client, article_id = client_with(fresh_settings, FACTS)
    page = client.get(f"/articles/{article_id}").get_data(as_text=True)
    facts = page.split('id="facts-heading"')[1].split("</section>")[0]
    for label, value, words in [
        ("Quantity seized", "8,500 items", "seized 8,500 fake pills"),
        ("Declared value", "1,900,000 USD", "worth $1.9 million"),
        ("Prison sentence", "37 months (3 years, 1 month)", "sentenced to 37 months in prison"),
    ]:
        assert f"<dt>{label}</dt>" in facts
        assert f'<span class="fact-value">{value}</span>' in facts
        assert f'<q lang="en">{words}</q>' in facts
    assert "Heart &lt;Beat&gt;" in facts and "<Beat>" not in facts  # escaped
    assert facts.index("Quantity seized") < facts.index("Declared value") < facts.index("Operation")


def test_no_facts_no_section(fresh_settings: Settings) -> None:
    client, article_id = client_with(fresh_settings, {})
    page = client.get(f"/articles/{article_id}").get_data(as_text=True)
    assert 'id="facts-heading"' not in page
