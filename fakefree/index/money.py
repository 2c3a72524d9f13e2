"""Sums of money in English, French and Spanish releases, with their ISO 4217 currency.

"$1.9 million", "US$500,000", "€2.5m", "£4,500", "EUR 65 million", "1,3 million d'euros",
"6 millones de pesos", "95 millions de FCFA". A bare "$", "dollars" or "pesos" takes the currency
of the source's jurisdiction: "$" in a Mexican release is pesos, in a Canadian one Canadian
dollars; "dólares" in a Spanish-speaking country are US dollars.
Matching runs on `numbers.plain` text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from fakefree.index.numbers import AMOUNT, amount_value

# Written before the amount: symbol or code → currency ("$" and "dollar" depend on the country).
_BEFORE = {
    "us$": "USD", "u.s. $": "USD", "usd": "USD", "c$": "CAD", "ca$": "CAD", "can$": "CAD",
    "cad": "CAD", "mx$": "MXN", "mxn": "MXN", "hk$": "HKD", "hkd": "HKD", "a$": "AUD",
    "au$": "AUD", "aud": "AUD", "nz$": "NZD", "€": "EUR", "eur": "EUR", "£": "GBP",
    "gbp": "GBP", "chf": "CHF", "¥": "CNY", "rmb": "CNY", "cny": "CNY", "$": "$",
}  # fmt: skip
# Written after the amount (maybe after "de", "d'", "in"): words → currency.
_AFTER = {
    "us dollars": "USD", "u.s. dollars": "USD", "dollars americains": "USD",
    "dolares estadounidenses": "USD", "dolares americanos": "USD", "euros": "EUR",
    "euro": "EUR", "eur": "EUR", "€": "EUR", "pounds": "GBP", "livres sterling": "GBP",
    "francs suisses": "CHF", "francos suizos": "CHF", "chf": "CHF", "fcfa": "CFA",
    "francs cfa": "CFA", "dirhams": "DH", "dinars": "DINAR", "yuan": "CNY", "rupees": "INR",
    "reais": "BRL", "soles": "PEN", "quetzales": "GTQ", "usd": "USD", "cad": "CAD",
    "mxn": "MXN", "hkd": "HKD", "dollars": "DOLLAR", "dolares": "DOLLAR", "pesos": "PESO",
    "$": "$",
}  # fmt: skip
_BY_COUNTRY = {
    "$": {"CA": "CAD", "MX": "MXN", "AU": "AUD", "HK": "HKD", "NZ": "NZD", "SG": "SGD",
          "AR": "ARS", "CL": "CLP", "CO": "COP", "UY": "UYU", "TW": "TWD"},
    "DOLLAR": {"CA": "CAD", "AU": "AUD", "HK": "HKD", "NZ": "NZD", "SG": "SGD", "TW": "TWD"},
    "PESO": {"MX": "MXN", "AR": "ARS", "CL": "CLP", "CO": "COP", "UY": "UYU", "PH": "PHP",
             "DO": "DOP", "CU": "CUP"},
    "CFA": {"CM": "XAF", "GA": "XAF", "TD": "XAF", "CF": "XAF", "CG": "XAF", "GQ": "XAF"},
    "DH": {"AE": "AED"},
    "DINAR": {"DZ": "DZD", "TN": "TND", "JO": "JOD", "KW": "KWD", "BH": "BHD", "IQ": "IQD"},
}  # fmt: skip
_DEFAULT = {"$": "USD", "DOLLAR": "USD", "PESO": "MXN", "CFA": "XOF", "DH": "MAD", "DINAR": "TND"}


def _alternatives(words: dict[str, str]) -> str:
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


MONEY = re.compile(
    rf"(?:(?P<before>{_alternatives(_BEFORE)})\s?{AMOUNT.replace('?P<', '?P<b_')}"
    rf"|(?<![\w.,]){AMOUNT}\s?(?:(?:de |d'|in |of )?(?P<after>{_alternatives(_AFTER)}))(?!\w))"
)


class Money(NamedTuple):
    value: float
    currency: str  # ISO 4217
    start: int
    end: int


def find_money(plain_text: str, jurisdiction: str) -> Iterator[Money]:
    """Every sum of money in `plain_text` (see numbers.plain), in order."""
    for match in MONEY.finditer(plain_text):
        value = _value(match)
        if value is None:
            continue
        sign = _BEFORE.get(match.group("before") or "") or _AFTER[match.group("after")]
        yield Money(value, currency(sign, jurisdiction), match.start(), match.end())


def _value(match: re.Match[str]) -> float | None:
    return amount_value(match, "b_" if match.group("before") else "")


def currency(sign: str, jurisdiction: str) -> str:
    """The ISO code of a currency sign or word in a release of `jurisdiction`."""
    if sign in _BY_COUNTRY:
        return _BY_COUNTRY[sign].get(jurisdiction, _DEFAULT[sign])
    return sign
