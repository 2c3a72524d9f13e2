"""A release's facts (`fakefree.index.facts`) as labelled words, for pages, feeds and the API.

The English labels are also the msgids of the site's gettext catalogs (marked with `N_`, which
pybabel extracts): a page shows `fact.label|translate` in the reader's language, while this
module stays free of Flask.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

from fakefree.index.facts import FACTS


def N_(message: str) -> str:
    """Mark `message` for extraction into the site's catalogs (see babel.cfg); no-op here."""
    return message


LABELS = {
    "en": (N_("Quantity seized"), N_("Declared value"), N_("Prison sentence"), N_("Fine"),
           N_("People arrested"), N_("People charged"), N_("Operation")),
    "fr": ("Quantité saisie", "Valeur déclarée", "Peine de prison", "Amende", "Personnes arrêtées",
           "Personnes poursuivies", "Opération"),
    "es": ("Cantidad asegurada", "Valor declarado", "Pena de prisión", "Multa",
           "Personas detenidas", "Personas acusadas", "Operación"),
}  # fmt: skip
UNITS = {
    "en": {"items": "items", "pairs": "pairs", "kg": "kg", "litres": "litres", "domains": "domains",
           "month": "month", "months": "months", "year": "year", "years": "years"},
    "fr": {"items": "articles", "pairs": "paires", "kg": "kg", "litres": "litres",
           "domains": "domaines", "month": "mois", "months": "mois", "year": "an", "years": "ans"},
    "es": {"items": "artículos", "pairs": "pares", "kg": "kg", "litres": "litros",
           "domains": "dominios", "month": "mes", "months": "meses", "year": "año",
           "years": "años"},
}  # fmt: skip


class FactRow(NamedTuple):
    name: str  # the key in Classification.facts
    label: str
    text: str  # the value in words: "8,500 items", "1,900,000 CAD", "37 months"
    evidence: str  # the release's own words


def describe_facts(facts: Mapping[str, Any], lang: str = "en") -> list[FactRow]:
    """The facts in FACTS order, each with its label and value in `lang` (en, fr or es)."""
    labels = dict(zip(FACTS, LABELS.get(lang, LABELS["en"]), strict=True))
    units = UNITS.get(lang, UNITS["en"])
    rows = []
    for name in FACTS:
        fact = facts.get(name)
        if isinstance(fact, Mapping) and "value" in fact:
            text = _text(name, fact, units)
            rows.append(FactRow(name, labels[name], text, str(fact.get("evidence", ""))))
    return rows


def _text(name: str, fact: Mapping[str, Any], units: Mapping[str, str]) -> str:
    value = fact["value"]
    if name == "operation":
        return str(value)
    amount = _number(value)
    if "currency" in fact:
        return f"{amount} {fact['currency']}"
    if "unit" in fact:
        return f"{amount} {units.get(fact['unit'], fact['unit'])}"
    if name != "prison_months" or not isinstance(value, int | float):
        return amount
    if value < 12:
        return _counted(int(value), "month", units)
    years, months = divmod(int(value), 12)
    parts = [_counted(years, "year", units)] + (
        [_counted(months, "month", units)] if months else []
    )
    return f"{_counted(int(value), 'month', units)} ({', '.join(parts)})"


def _counted(count: int, unit: str, units: Mapping[str, str]) -> str:
    return f"{count} {units[unit] if count == 1 else units[unit + 's']}"


def _number(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    return f"{value:,}" if float(value).is_integer() else f"{value:,.2f}"
