"""Folding and term matching: whole words, accents folded, prefixes, longest match, evidence."""

from __future__ import annotations

import pytest

from fakefree.index.words import TermMatcher, fold, parse_term, pattern_source

FOLDS = [
    ("Contrefaçon", "contrefacon"),
    ("PIRATERÍA", "pirateria"),
    ("droit d’auteur", "droit d'auteur"),
    ("Anti-Counterfeiting", "anti counterfeiting"),
    ("U.S. Customs", "u s customs"),
    ("Straße", "strasse"),
    ("Œuvres d'art", "oeuvres d'art"),
    ("  São   Paulo\n\t(Brasil) ", "sao paulo brasil"),
    ("Québec — Montréal", "quebec montreal"),
    ("$1,500 in fakes", "1 500 in fakes"),
    ("snake_case__words", "snake case words"),
]


@pytest.mark.parametrize(("text", "folded"), FOLDS)
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded


MATCHES = [
    # (terms by key, text, expected evidence by key)
    ({"ip": ["piracy"]}, "conspiracy to commit wire fraud", {}),
    ({"ip": ["piracy"]}, "Software piracy ring", {"ip": ["piracy"]}),
    ({"ip": ["pirat*"]}, "co-conspirators met the pirates", {"ip": ["pirates"]}),
    ({"ip": ["counterfeit*"]}, "counterfeiting and Counterfeits", {"ip": ["counterfeiting", "counterfeits"]}),
    ({"ip": ["fake"]}, "fakery is not a fake", {"ip": ["fake"]}),
    ({"ip": ["Contrefaçon"]}, "CONTREFACON saisie", {"ip": ["contrefacon"]}),
    ({"ip": ["contrefacon"]}, "la Contrefaçon", {"ip": ["contrefacon"]}),
    ({"ip": ["piratería"]}, "combate a la pirateria", {"ip": ["pirateria"]}),
    ({"ts": ["trade secret*"]}, "theft of trade-secrets", {"ts": ["trade secrets"]}),
    ({"ts": ["trade secret"]}, "trade. secret", {"ts": ["trade secret"]}),
    ({"ts": ["trade secret"]}, "tradesecret", {}),
    ({"da": ["droit d'auteur"]}, "le droit d’auteur", {"da": ["droit d'auteur"]}),
    ({"ip": ["piracy"]}, "piracy, piracy and PIRACY", {"ip": ["piracy"]}),
    ({"ip": ["counterfeit*"], "cash": ["counterfeit currency"]}, "counterfeit currency and counterfeit watches", {"cash": ["counterfeit currency"], "ip": ["counterfeit"]}),
    ({"a": ["trade secret"], "b": ["trade secret*"]}, "a trade secret", {"a": ["trade secret"], "b": ["trade secret"]}),
    ({"x": ["contrefa* marchandise*"]}, "contrefaites marchandises", {"x": ["contrefaites marchandises"]}),
    ({"x": ["counterfeit goods"], "y": ["counterfeit*"]}, "counterfeit goodsmen", {"y": ["counterfeit"]}),
    ({"us": ["U.S."]}, "seized by U.S. officers", {"us": ["u s"]}),
    ({"us": ["U.S."]}, "sold to us by them", {}),
]  # fmt: skip


@pytest.mark.parametrize(("terms", "text", "expected"), MATCHES)
def test_find(terms: dict[str, list[str]], text: str, expected: dict[str, list[str]]) -> None:
    assert TermMatcher(terms).find(fold(text)) == expected


def test_hits_locate_their_phrase() -> None:
    folded = fold("Saisie de contrefaçons et de produits contrefaits à Montréal")
    matcher = TermMatcher({"ip": ["contrefa*"], "city": ["Montréal"]})
    hits = list(matcher.finditer(folded))
    assert [(h.phrase, h.keys) for h in hits] == [
        ("contrefacons", ("ip",)),
        ("contrefaits", ("ip",)),
        ("montreal", ("city",)),
    ]
    assert all(folded[h.start : h.end] == h.phrase for h in hits)


@pytest.mark.parametrize("term", ["coun*terfeit", "*", "", "  ", "-*", "trade *secret"])
def test_bad_terms_are_refused(term: str) -> None:
    with pytest.raises(ValueError):
        parse_term(term)


def test_one_compiled_expression_shares_prefixes() -> None:
    source = pattern_source([parse_term(t) for t in ("counterfeit", "counterfeits", "counter*")])
    assert source.count("counter") == 1  # a trie, not one alternative per term


def test_many_terms_in_one_pass() -> None:
    terms = {f"k{i}": [f"word{i} phrase{i}", f"stem{i}x*"] for i in range(3000)}
    matcher = TermMatcher(terms)
    text = fold(" ".join(f"filler{i} word{i} phrase{i} stem{i}xyz" for i in range(0, 3000, 7)))
    for _ in range(2):
        found = matcher.find(text)
    assert found["k7"] == ["word7 phrase7", "stem7xyz"]
    assert len(found) == len(range(0, 3000, 7))
