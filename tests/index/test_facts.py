"""Numbers, sums of money and the key facts of releases in English, French and Spanish."""

from __future__ import annotations

import pytest

from fakefree.index.classify import classify
from fakefree.index.fact_text import describe_facts
from fakefree.index.facts import FACTS
from fakefree.index.money import find_money
from fakefree.index.numbers import AMOUNT_RE, amount_value, duration_months, duration_regex, plain

AMOUNTS = [
    ("8,500", 8500), ("8 500", 8500), ("8\u202f500", 8500), ("8.500", 8500), ("8 mil 460", 8460),
    ("120 mil", 120_000), ("1,9 million", 1_900_000), ("1.9 million", 1_900_000),
    ("2,5 millones", 2_500_000), ("1.100 millones", 1_100_000_000), ("20,5 millions", 20_500_000),
    ("12,000,000", 12_000_000), ("1.234,5", 1234.5), ("3bn", 3_000_000_000),
]  # fmt: skip


@pytest.mark.parametrize(("text", "value"), AMOUNTS)
def test_amounts(text: str, value: float) -> None:
    match = AMOUNT_RE.search(plain(text))
    assert match and match.group() == plain(text) and amount_value(match) == value


DURATIONS = [
    ("three years and four months", "en", 40), ("37 months", "en", 37), ("a year", "en", 12),
    ("deux ans", "fr", 24), ("18 mois", "fr", 18), ("2 años 6 meses", "es", 30),
    ("cuatro años", "es", 48),
]  # fmt: skip


@pytest.mark.parametrize(("text", "language", "months"), DURATIONS)
def test_durations(text: str, language: str, months: int) -> None:
    match = duration_regex(language).search(plain(text))
    assert match and duration_months(match, language) == months


MONEY = [
    ("valued at $1.2 million", "US", 1_200_000, "USD"),
    ("about $1.9 million", "CA", 1_900_000, "CAD"),
    ("1,9 million de dollars", "CA", 1_900_000, "CAD"),
    ("6 millones de pesos", "MX", 6_000_000, "MXN"),
    ("$6 millones", "MX", 6_000_000, "MXN"),
    ("500.000 dólares", "UY", 500_000, "USD"),  # dollars in a Spanish-speaking country
    ("1.100 millones de pesos", "CL", 1_100_000_000, "CLP"),
    ("EUR 65 million", "EU", 65_000_000, "EUR"),
    ("£1.2m", "GB", 1_200_000, "GBP"),
    ("95 millions de FCFA", "SN", 95_000_000, "XOF"),
    ("US$500,000", "MX", 500_000, "USD"),
    ("HK$8 million", "HK", 8_000_000, "HKD"),
]


@pytest.mark.parametrize(("text", "jurisdiction", "value", "currency"), MONEY)
def test_money(text: str, jurisdiction: str, value: float, currency: str) -> None:
    (found,) = find_money(plain(text), jurisdiction)
    assert (found.value, found.currency) == (value, currency)


def facts(title: str, text: str, language: str = "en", jurisdiction: str = "US") -> dict:
    return classify(title, text, language, jurisdiction).facts


FACT_CASES = [
    # (title, text, language, jurisdiction, fact, expected value, and currency or unit)
    ("Officers seize fake watches", "Officers seized more than 8,500 counterfeit watches on Monday.",
     "en", "US", "quantity_seized", 8500, "items"),
    ("Saisie de parfums", "Les douaniers ont saisi 7,4 tonnes de cigarettes de contrefaçon.",
     "fr", "FR", "quantity_seized", 7400, "kg"),
    ("Aseguran tenis", "La FGR aseguró 8 mil 460 prendas y pares de calzado apócrifos.",
     "es", "MX", "quantity_seized", 8460, "items"),
    ("Baskets saisies", "La douane a saisi 48 000 paires de baskets contrefaites.",
     "fr", "BE", "quantity_seized", 48000, "pairs"),
    ("Domains seized", "Agents seized 140 domain names that sold fake sneakers.",
     "en", "US", "quantity_seized", 140, "domains"),
    ("Seizure", "Officers seized 412 fake watches. In all, 680 fake items were seized.",
     "en", "US", "quantity_seized", 680, "items"),  # a stated total wins
    ("Seizure", "Had they been genuine, the goods would have been worth $167,000.",
     "en", "US", "declared_value", 167000, "USD"),
    ("Saisie", "La valeur des marchandises authentiques est estimée à 1,3 million d'euros.",
     "fr", "FR", "declared_value", 1_300_000, "EUR"),
    ("Sentence", "He was sentenced to 37 months in prison and a $75,000 fine.",
     "en", "US", "prison_months", 37, None),
    ("Sentence", "He was sentenced to 37 months in prison and a $75,000 fine.",
     "en", "US", "fine", 75000, "USD"),
    ("Condamnation", "Il a été condamné à deux ans d'emprisonnement, dont un an avec sursis.",
     "fr", "FR", "prison_months", 24, None),
    ("Sentencia", "Obtuvo sentencia condenatoria de 4 años de prisión.",
     "es", "MX", "prison_months", 48, None),
    ("Arrests", "Nine people were arrested during the operation.",
     "en", "US", "people_arrested", 9, None),
    ("Interpellations", "Cinq personnes ont été interpellées et placées en garde à vue.",
     "fr", "FR", "people_arrested", 5, None),
    ("Detenidos", "La policía detuvo a seis personas en el mercado.",
     "es", "ES", "people_arrested", 6, None),
    ("Charged", "Two Imperial County men were indicted for smuggling fakes.",
     "en", "US", "people_charged", 2, None),
    ("Operation Pangea", "Police in 90 countries took part in Operation Pangea XVII: 769 arrests.",
     "en", "INT", "operation", "Pangea XVII", None),
    ("Operación", "En la denominada Operación Señal Cero se han detenido ocho personas.",
     "es", "ES", "operation", "Señal Cero", None),
]  # fmt: skip


@pytest.mark.parametrize(("title", "text", "language", "jur", "name", "value", "unit"), FACT_CASES)
def test_facts(
    title: str, text: str, language: str, jur: str, name: str, value: object, unit: str | None
) -> None:
    fact = facts(title, text, language, jur)[name]
    assert fact["value"] == value
    assert fact.get("currency", fact.get("unit")) == unit
    assert fact["evidence"] and " ".join(fact["evidence"].split()) in " ".join(text.split())


NOT_FACTS = [
    # what is not a fact of the case
    ("Charged", "If convicted, he faces up to 10 years in prison and a fine of $250,000.", "prison_months"),
    ("Charged", "If convicted, he faces up to 10 years in prison and a fine of $250,000.", "fine"),
    ("Sentence", "He was sentenced to 2 years in prison, followed by three years of supervised release.", "fine"),
    ("Seizure", "In fiscal year 2024, CBP seized 32,000 shipments containing 22 million counterfeit items.", "quantity_seized"),
    ("Seizure", "Officers searched 14 locations and seized brake discs on 12 March 2025.", "quantity_seized"),
    ("Airbags", "A man was arrested and charged with selling counterfeit airbags.", "people_arrested"),
]  # fmt: skip


@pytest.mark.parametrize(("title", "text", "name"), NOT_FACTS)
def test_what_is_not_a_fact(title: str, text: str, name: str) -> None:
    assert name not in facts(title, text)


def test_the_longest_prison_term_counts_without_supervision() -> None:
    found = facts(
        "Sentence",
        "He was sentenced to 2 years in prison, followed by three years of supervised release.",
    )
    assert found["prison_months"]["value"] == 24


def test_seize_is_sixteen_in_french_only() -> None:
    assert "people_arrested" not in facts("Seize fakes", "Officers seize 300 fake watches.")
    found = facts("Interpellations", "Seize personnes ont été interpellées.", "fr", "FR")
    assert found["people_arrested"]["value"] == 16


def test_every_fact_has_the_documented_shape() -> None:
    text = (
        "Officers seized 8,500 counterfeit watches worth $1.2 million and arrested three people "
        "in Operation Fake Time. Two men were charged. One was sentenced to 37 months in prison "
        "and fined $5,000."
    )
    found = facts("Operation Fake Time", text)
    assert set(found) == set(FACTS)
    for fact in found.values():
        assert set(fact) <= {"value", "unit", "currency", "evidence"} and fact["evidence"]


def test_facts_in_words_for_the_article_page() -> None:
    found = facts("Seizure", "Officers seized 8,500 counterfeit watches worth $1.2 million. "
                  "He was sentenced to 37 months in prison.")  # fmt: skip
    rows = {row.name: row.text for row in describe_facts(found)}
    assert rows == {
        "quantity_seized": "8,500 items",
        "declared_value": "1,200,000 USD",
        "prison_months": "37 months (3 years, 1 month)",
    }
    assert [row.label for row in describe_facts(found, "es")][0] == "Cantidad asegurada"
