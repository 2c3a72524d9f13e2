"""Numbers as English, French and Spanish releases write them.

"8,500", "8 500", "8.500" and "8 mil 500" are 8500; "1,9 million", "1.9 million" and "1,9 millones"
are 1 900 000 ("1.500 millones", three digits after the mark, is 1 500 million); "£1.2m"; number
words up to twenty, in the release's language ("nine people", "cinq personnes", "tres
personas": "seize" is sixteen in French only); and durations ("three years
and four months", "2 años 6 meses", "deux ans") in months.

Matching runs on `plain(text)`: lower case without accents, with the same length as the text, so
that a match's offsets also cut the evidence out of the original words.
"""

from __future__ import annotations

import functools
import re
import unicodedata

_SPACES = "\u00a0\u202f\u2009\u2007"


def _plain_table() -> dict[int, str]:
    table = {ord(c): " " for c in _SPACES}
    table.update({ord(c): "'" for c in "\u2019\u2018\u02bc"})
    for code in range(0x41, 0x250):
        char = chr(code)
        base = unicodedata.normalize("NFKD", char)[0].lower()
        if base.isascii() and base.isalpha() and base != char:
            table[code] = base
    return table


_TABLE = _plain_table()

WORDS = {
    "en": {
        "one": 1,
        "two": 2,
        "three": 3,
        "four": 4,
        "five": 5,
        "six": 6,
        "seven": 7,
        "eight": 8,
        "nine": 9,
        "ten": 10,
        "eleven": 11,
        "twelve": 12,
        "thirteen": 13,
        "fourteen": 14,
        "fifteen": 15,
        "sixteen": 16,
        "seventeen": 17,
        "eighteen": 18,
        "nineteen": 19,
        "twenty": 20,
        "a": 1,
        "an": 1,
    },
    "fr": {
        "un": 1,
        "une": 1,
        "deux": 2,
        "trois": 3,
        "quatre": 4,
        "cinq": 5,
        "six": 6,
        "sept": 7,
        "huit": 8,
        "neuf": 9,
        "dix": 10,
        "onze": 11,
        "douze": 12,
        "treize": 13,
        "quatorze": 14,
        "quinze": 15,
        "seize": 16,
        "vingt": 20,
    },
    "es": {
        "un": 1,
        "uno": 1,
        "una": 1,
        "dos": 2,
        "tres": 3,
        "cuatro": 4,
        "cinco": 5,
        "seis": 6,
        "siete": 7,
        "ocho": 8,
        "nueve": 9,
        "diez": 10,
        "once": 11,
        "doce": 12,
        "trece": 13,
        "catorce": 14,
        "quince": 15,
        "dieciseis": 16,
        "diecisiete": 17,
        "dieciocho": 18,
        "diecinueve": 19,
        "veinte": 20,
    },
}  # number words of each language, as `plain` writes them
MULTIPLIERS = {
    "thousand": 1e3, "mil": 1e3, "mille": 1e3, "k": 1e3, "million": 1e6, "millions": 1e6,
    "millon": 1e6, "millones": 1e6, "m": 1e6, "mn": 1e6, "billion": 1e9, "billions": 1e9,
    "milliard": 1e9, "milliards": 1e9, "mil millones": 1e9, "bn": 1e9,
}  # fmt: skip
_DIGITS = r"\d{1,3}(?:(?:,|\.| (?=\d{3}(?!\d)))\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?"
_MULTIPLIER = "|".join(sorted(map(re.escape, MULTIPLIERS), key=len, reverse=True))
AMOUNT = (
    rf"(?P<digits>{_DIGITS})(?P<mil> mil(?: (?P<rest>\d{{1,3}}))?(?!\w))?"
    rf"(?:\s?(?P<mult>{_MULTIPLIER})(?!\w))?"
)
AMOUNT_RE = re.compile(rf"(?<![\w.,]){AMOUNT}")
_UNITS = {"year": 12, "yr": 12, "an": 12, "annee": 12, "ano": 12, "month": 1, "mois": 1, "mes": 1}
_UNIT = r"(?P<unit>years?|yrs?|ans?|annees?|anos?|months?|mois|mes(?:es)?)"


def number_words(language: str) -> str:
    """A regex alternative of the number words of `language` (all three when unknown)."""
    words = WORDS.get(language) or {w: n for table in WORDS.values() for w, n in table.items()}
    return "|".join(sorted(words, key=len, reverse=True))


@functools.cache
def duration_regex(language: str) -> re.Pattern[str]:
    """Durations ("three years and four months", "2 años 6 meses") in `language`."""
    number = rf"\d+|{number_words(language)}"
    return re.compile(
        rf"(?<![\w.,])(?P<n1>{number})[ -]{_UNIT}"
        rf"(?:,? (?:and |et |y )?(?P<n2>{number}) (?P<unit2>months?|mois|mes(?:es)?))?(?!\w)"
    )


def plain(text: str) -> str:
    """Lower case, accents removed, odd spaces and apostrophes made plain: same length."""
    return text.translate(_TABLE).lower()


def amount_value(match: re.Match[str], prefix: str = "") -> float | None:
    """The value of an AMOUNT match (its groups renamed with `prefix`, if so)."""
    value = parse_digits(match.group(prefix + "digits"))
    if value is not None and match.group(prefix + "mil"):
        value = value * 1000 + float(match.group(prefix + "rest") or 0)
    multiplier = match.group(prefix + "mult")
    if value is None or not multiplier:
        return value
    return value * MULTIPLIERS[multiplier]


def count_value(word: str, language: str) -> int:
    """The number a count is written with: digits or a word of `language`."""
    if word.isdigit():
        return int(word)
    table = WORDS.get(language) or {w: n for t in WORDS.values() for w, n in t.items()}
    return table.get(word, 0)


def parse_digits(digits: str) -> float | None:
    """'8,500' → 8500, '1,9' → 1.9, '12.000.000' → 12000000, '8 500' → 8500."""
    digits = digits.replace(" ", "")
    marks = [c for c in digits if c in ",."]
    if not marks:
        return float(digits)
    if len(set(marks)) == 2:
        decimal = digits[max(digits.rfind(","), digits.rfind("."))]
        return float(digits.replace("." if decimal == "," else ",", "").replace(",", "."))
    head, _, tail = digits.rpartition(marks[0])
    if len(marks) > 1 or len(tail) == 3:
        return float(digits.replace(marks[0], ""))
    return float(f"{head}.{tail}")


def duration_months(match: re.Match[str], language: str) -> int:
    """Months of a duration_regex match: 'three years and four months' → 40."""
    months = _count(match.group("n1"), language) * _UNITS[_unit(match.group("unit"))]
    if match.group("n2"):
        months += _count(match.group("n2"), language)
    return round(months)


def _count(word: str, language: str) -> float:
    return float(count_value(word, language) or 1)


def _unit(unit: str) -> str:
    return next(name for name in _UNITS if unit.startswith(name))
