from __future__ import annotations

import pytest

from fakefree.index.fulltext import analyze_word
from fakefree.index.snippets import Wanted, mark, snippet


def wanted(lang: str, *words: str) -> Wanted:
    """The terms a query of `words` looks for in `lang` (as the index analyses them)."""
    return Wanted.of(lang, [w if w.endswith("*") else analyze_word(w, lang) for w in words])


def marked(parts: list[tuple[str, bool]]) -> list[str]:
    return [text for text, is_marked in parts if is_marked]


@pytest.mark.parametrize(
    ("lang", "query", "text", "expected"),
    [
        ("en", "seizure", "Two seizures and one seized crate.", ["seizures"]),
        ("en", "pill", "Fake heart PILLS were shipped.", ["PILLS"]),
        ("fr", "contrefait", "Des parfums contrefaits, une montre contrefaite.", ["contrefaits"]),
        ("fr", "montreal", "Saisie à Montréal hier.", ["Montréal"]),
        ("es", "medicamento", "Aseguran medicamentos apócrifos.", ["medicamentos"]),
        ("es", "apocrifo", "Aseguran medicamentos apócrifos.", ["apócrifos"]),
        ("en", "counterf*", "Counterfeiters sold counterfeit goods.", ["Counterfeiters", "counterfeit"]),
    ],
)  # fmt: skip
def test_marks_what_the_index_would_match(lang, query, text, expected) -> None:  # noqa: ANN001
    assert marked(mark(text, wanted(lang, query))) == expected


def test_words_inside_words_are_not_marked() -> None:
    assert marked(mark("A conspiracy, not piracy.", wanted("en", "piracy"))) == ["piracy"]


def test_parts_rebuild_the_text_exactly() -> None:
    text = "Fake <b>watches</b> &amp; <script>alert(1)</script> watches"
    parts = mark(text, wanted("en", "watches"))
    assert "".join(t for t, _ in parts) == text  # nothing dropped; escaping is the caller's
    assert marked(parts) == ["watches", "watches"]


def test_snippet_is_a_window_around_the_most_words() -> None:
    filler = "Nothing to see in this sentence at all. " * 20
    text = filler + "Officers seized fake watches and fake handbags at the port. " + filler
    parts = snippet(text, wanted("en", "watches", "handbags"), width=120)
    joined = "".join(t for t, _ in parts)
    assert joined.startswith("…") and joined.endswith("…")
    assert marked(parts) == ["watches", "handbags"]
    assert len(joined) <= 124


def test_snippet_is_empty_without_a_match() -> None:
    assert snippet("Officers seized watches.", wanted("en", "handbags")) == []
    assert snippet("", wanted("en", "handbags")) == []
    assert snippet("Officers seized watches.", Wanted.of("en", [])) == []
