"""Key facts of a release, in English, French and Spanish, each with the words it comes from.

`Classification.facts` (stored as JSON in articles.facts) maps a fact's name to a dict; a fact
the release does not state is absent. The shape is stable:

    {"quantity_seized": {"value": 8500, "unit": "items", "evidence": "seized more than 8,500 ..."},
     "declared_value": {"value": 1900000, "currency": "CAD", "evidence": "about $1.9 million"},
     "prison_months": {"value": 37, "evidence": "sentenced ... to 37 months in federal prison"},
     "fine": {"value": 75000, "currency": "USD", "evidence": "a $75,000 fine"},
     "people_arrested": {"value": 9, "evidence": "Nine people were arrested"},
     "people_charged": {"value": 3, "evidence": "charged three people"},
     "operation": {"value": "Pangea XVII", "evidence": "Operation Pangea XVII"}}

- quantity_seized: goods seized, found or detained: the total when the release states one, else
  the first quantity named (the title last: its figures are rounded); `unit` is items, pairs, kg
  (tonnes converted), litres or domains;
- declared_value: the first value given to the goods (retail, market, "had they been genuine"),
  with its ISO 4217 currency (`money`); fine: the largest fine or penalty pronounced;
- prison_months: the longest prison term pronounced (suspended parts and supervised release left
  out; the penalties a charge carries never count) (`persons`);
- people_arrested, people_charged: the largest number of people stated, from two ("a man" is not
  counted; charged covers the defendants who pleaded or were convicted) (`persons`);
- operation: the name after the taxonomy's operation cues ("Operation", "codenamed").
Facts are read from the case's sentences: never the header or background (yearly figures).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from fakefree.index.money import Money, find_money
from fakefree.index.numbers import AMOUNT_RE, amount_value, plain
from fakefree.index.persons import (
    ARRESTED,
    CHARGED,
    Read,
    cues,
    evidence,
    last,
    people,
    prison_months,
)
from fakefree.index.sentences import Sentence
from fakefree.index.words import fold, pattern_source

FACTS = (
    "quantity_seized", "declared_value", "prison_months", "fine", "people_arrested",
    "people_charged", "operation",
)  # fmt: skip
_NAME_WORDS = 4
_SEIZED = cues(
    "seiz", "intercept", "detain", "confiscat", "impound", "recover", "found", "discover",
    "saisi", "retenu", "decouv", "confisqu", "mis la main", "asegur", "incaut", "decomis",
    "intervenid", "interven", "aprehendid", "aprehendido", "embarg", "retuv", "retenid",
    "detect", "localiz", "encontr", "hallaron", "secuestr", "inmoviliz", "took",
)  # fmt: skip
_DIGIT = re.compile(r"\d")
_JOINS = r"(?:and|et|y|e|or|ou|o|u|with|avec|con|was|were|that|which|que|qui)"
_YEAR = re.compile(r"(?:19|20)\d\d")
_TOTAL = cues("a total of", "in total", "in all", "au total", "en tout", "en total", "un total de")
_UNITS = [
    (re.compile(r"^(?:of |de |d')?(?:kg|kilos?|kilogram\w*)(?!\w)"), "kg", 1),
    (re.compile(r"^(?:of |de |d')?(?:tonnes?|tons?|toneladas?)(?!\w)"), "kg", 1000),
    (re.compile(r"^(?:of |de |d')?(?:litres?|liters?|litros?|l)(?!\w)"), "litres", 1),
    (re.compile(r"^(?:of |de |d')?(?:pairs?|paires?|pares?)(?!\w)"), "pairs", 1),
    (re.compile(r"^(?:[a-z]+ ){0,2}(?:domain|domains|websites?|sites? (?:web|internet)"
                r"|dominios?|paginas? web)(?!\w)"), "domains", 1),
]  # fmt: skip
_NOT_GOODS = re.compile(
    r"^\W?(?:%|per ?cent|pour ?cent|por ?ciento|years?|months?|weeks?|days?|hours?|ans?|annees?|"
    r"mois|semaines?|jours?|heures?|anos?|meses|semanas?|dias?|horas?)(?!\w)"
)
_VALUE = cues("valu", "evalu", "worth", "retail price", "msrp", "valeur", "vaut", "valor", "avaluo")
_NOT_VALUE = re.compile(
    r"(?<![\w-])(?:fines?|restitution|forfeit\w*|proceeds|earn\w*|made|profits?|revenues?|loss"
    r"|losses|lost|cash|efectivo|benefices|recettes|ganancias|beneficios|prejudice|damages?"
    r"|perjuicios?|danos?|duties|taxes|impuestos|droits|a month|par mois)(?![\w-])"
)
_FINE = cues(r"fine[sd]?(?!\w)", "amende", "multa", "penalt")


@dataclass(frozen=True)
class FactRules:
    goods: re.Pattern[str]  # folded: up to three words, then words naming goods
    operation: re.Pattern[str] | None  # cue + Name, on the original text; group 1 is the name


def compile_facts(goods: Iterable[str], operation: re.Pattern[str] | None) -> FactRules:
    """`goods`: terms naming goods (parsed, as words.parse_term gives them)."""
    source = pattern_source(goods)
    gap = (
        rf"(?:(?!{_JOINS} )[a-z']+ ){{0,3}}?"  # "12,000 counterfeit auto parts", not "14 sites and"
    )
    return FactRules(re.compile(rf"^{gap}(?:{source})(?!\w)"), operation)


def extract_facts(
    sentences: Iterable[Sentence],
    jurisdiction: str,
    language: str,
    rules: FactRules,
    seized: bool = False,
) -> dict[str, Any]:
    """Every fact a release states (see the module's docstring). `language` reads number words
    ("seize" is sixteen in French only); `seized`: the release reports a seizure."""
    read = [_read(sentence, jurisdiction) for sentence in _ordered(sentences)]
    found = {
        "quantity_seized": _quantity(read, rules, seized),
        "declared_value": _money(read, jurisdiction, _value_at, largest=False),
        "prison_months": prison_months(read, language),
        "fine": _money(read, jurisdiction, _fine_at, largest=True),
        "people_arrested": people(read, ARRESTED, language),
        "people_charged": people(read, CHARGED, language),
        "operation": _operation(read, rules.operation),
    }
    return {name: fact for name, fact in found.items() if fact}


def _read(sentence: Sentence, jurisdiction: str) -> Read:
    text = plain(sentence.text)
    digits = _DIGIT.search(text) is not None
    money = tuple(find_money(text, jurisdiction)) if digits else ()
    return Read(sentence, text, money, digits)


def _ordered(sentences: Iterable[Sentence]) -> list[Sentence]:
    """The case's sentences, the title last (its figures are often rounded)."""
    case = [s for s in sentences if s.zone != "header" and not s.background]
    return [s for s in case if s.zone != "title"] + [s for s in case if s.zone == "title"]


def _quantity(read: list[Read], rules: FactRules, seized: bool) -> dict[str, Any] | None:
    """Sentences that say goods were seized or found first; then, when the release reports a
    seizure, the lead's sentences ("The shipment held 19,440 dolls")."""
    found = _quantities(read, rules, cued=True)
    if not found and seized:
        found = _quantities([r for r in read if r.sentence.zone == "lead"], rules, cued=False)
    return min(found, key=lambda candidate: candidate[0])[1] if found else None


def _quantities(read: list[Read], rules: FactRules, cued: bool) -> list[tuple[bool, dict]]:
    """(not a stated total, fact) for each quantity of goods, in order."""
    found = []
    for item in read:
        cue = _SEIZED.search(item.plain) if item.digits else None
        if not item.digits or (cued and not cue):
            continue
        for match in AMOUNT_RE.finditer(item.plain):
            if any(m.start <= match.start() < m.end for m in item.money):
                continue
            unit = _goods_unit(item.plain[match.end() :], rules)
            value = amount_value(match)
            if unit and value and value >= 2 and not _YEAR.fullmatch(match.group()):
                total = _TOTAL.search(item.plain, max(0, match.start() - 20), match.start())
                start = min(cue.start(), match.start()) if cue else match.start()
                text = evidence(item, start, match.end() + 40)
                fact = {"value": _number(value * unit[1]), "unit": unit[0], "evidence": text}
                found.append((total is None, fact))
    return found


def _goods_unit(after: str, rules: FactRules) -> tuple[str, float] | None:
    """The unit of a number followed by `after`, or None when it does not count goods."""
    if _NOT_GOODS.match(after):
        return None
    folded = fold(after[:80])
    for pattern, unit, factor in _UNITS:
        if pattern.match(folded):
            return unit, factor
    return ("items", 1) if rules.goods.match(folded) else None


def _money(read: list[Read], jurisdiction: str, cue_at: Any, largest: bool) -> dict | None:
    """The first (values) or largest (fines) sum with its cue; fines never hypothetical."""
    found = []
    for item in read:
        if item.sentence.hypothetical and largest:
            continue
        for money in item.money:
            start = cue_at(item.plain, money)
            if start is None:
                continue
            text = evidence(item, min(start, money.start), max(money.end, start + 8))
            found.append(
                {"value": _number(money.value), "currency": money.currency, "evidence": text}
            )
            if not largest:
                return found[0]
    return max(found, key=lambda fact: fact["value"]) if found else None


def _value_at(text: str, money: Money) -> int | None:
    """Where the cue of a sum giving the goods' value starts, if it has one."""
    before = last(_VALUE, text, max(0, money.start - 90), money.start)
    after = _VALUE.search(text, money.end, money.end + 15)
    cue = before if before is not None else (after.start() if after else None)
    if cue is None or _NOT_VALUE.search(text, max(0, min(cue, money.start) - 60), money.start):
        return None
    return cue


def _fine_at(text: str, money: Money) -> int | None:
    before = last(_FINE, text, max(0, money.start - 50), money.start)
    after = _FINE.search(text, money.end, money.end + 25)
    return before if before is not None else (after.start() if after else None)


def _operation(read: list[Read], pattern: re.Pattern[str] | None) -> dict[str, Any] | None:
    """The first operation name; a cue heading the name ("denominada Operación X") is dropped."""
    for item in read if pattern else ():
        match = pattern.search(item.sentence.text)
        if match:
            words = match.group(1).split()
            while len(words) > 1 and pattern.match(f"{words[0]} {' '.join(words[1:])}"):
                words = words[1:]
            name = " ".join(words[:_NAME_WORDS]).strip(' .,;:»"')
            return {"value": name, "evidence": " ".join(match.group().split())}
    return None


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else round(value, 2)
