"""Text, language, dates and canonical URLs: the small stages of ingest."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from fakefree.index.dates import parse_published
from fakefree.index.language import by_function_words, detect_language
from fakefree.index.text import html_to_text, one_line, summarize
from fakefree.index.urls import canonical_url


@pytest.mark.parametrize(
    ("value", "tz", "expected"),
    [
        ("1394553600", "UTC", datetime(2014, 3, 11, 16, tzinfo=UTC)),
        (1394553600, "UTC", datetime(2014, 3, 11, 16, tzinfo=UTC)),
        ('<time datetime="2024-06-13T18:32:27+00:00">1718303547</time>', "UTC",
         datetime(2024, 6, 13, 18, 32, 27, tzinfo=UTC)),
        ("2024-06-13T18:32:27Z", "UTC", datetime(2024, 6, 13, 18, 32, 27, tzinfo=UTC)),
        ("2025-11-25 18:21:00", "America/Mexico_City", datetime(2025, 11, 26, 0, 21, tzinfo=UTC)),
        ("December 9, 2024", "UTC", datetime(2024, 12, 9, tzinfo=UTC)),
        ("le 3 mars 2025", "UTC", datetime(2025, 3, 3, tzinfo=UTC)),
        ("25 de noviembre de 2025", "UTC", datetime(2025, 11, 25, tzinfo=UTC)),
        ("3 de febrero de 2026", "America/Mexico_City", datetime(2026, 2, 3, 6, tzinfo=UTC)),
        ("Tuesday, August 6, 2024", "UTC", datetime(2024, 8, 6, tzinfo=UTC)),
        ("not a date", "UTC", None),
        ("", "UTC", None),
        (None, "UTC", None),
        ("1 January 1970", "UTC", None),
        ("2999-01-01T00:00:00Z", "UTC", None),
    ],
)  # fmt: skip
def test_parse_published(value: object, tz: str, expected: datetime | None) -> None:
    assert parse_published(value, timezone=tz) == expected


@pytest.mark.parametrize(
    ("text", "declared", "expected"),
    [
        ("contrefaçon Paris", "fr", "fr"),
        ("Seized goods", "en", "en"),
        ("Les agents des services frontaliers ont saisi des milliers de sacs à main contrefaits "
         "au port de Montréal, a annoncé l'Agence mardi dans un communiqué.", None, "fr"),
        ("La Fiscalía General de la República aseguró mercancía apócrifa en un cateo realizado "
         "en Guadalajara, Jalisco, donde se encontraron prendas de vestir con marcas falsas.",
         "en", "es"),
        ("A federal jury convicted a man who imported counterfeit airbags and sold them online "
         "to repair shops across several states, prosecutors said on Tuesday.", None, "en"),
    ],
)  # fmt: skip
def test_detect_language(text: str, declared: str | None, expected: str) -> None:
    assert detect_language(text, declared) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The defendant was sentenced to five years in prison for the sale of counterfeit "
         "goods, and the court ordered that the seized items be destroyed by the agency.", "en"),
        ("Les douaniers ont saisi des montres contrefaites dans un camion qui venait "
         "d'Espagne, et le chauffeur a été placé en garde à vue pour les faits.", "fr"),
        ("Los agentes aseguraron más de mil piezas apócrifas en un almacén del centro, y el "
         "propietario fue detenido por su probable participación en los hechos.", "es"),
        ("Operación Pangea: Europol, Interpol, OMPI", None),  # names, no sentence: langdetect
        ("The agents y los agentes et les agents with the seized goods del puerto", None),  # mixed
        ("", None),
    ],
)  # fmt: skip
def test_function_words_decide_only_clear_texts(text: str, expected: str | None) -> None:
    assert by_function_words(text) == expected


def test_language_is_deterministic() -> None:
    text = "Saisie importante de marchandises contrefaites"
    assert len({detect_language(text) for _ in range(20)}) == 1


def test_html_to_text_keeps_paragraphs_drops_scripts() -> None:
    html = "<div><p>One&nbsp;two</p><script>alert(1)</script><p>Three</p><nav>menu</nav></div>"
    assert html_to_text(html) == "One two\nThree"


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("<p>Kept<!-- a comment -->after the comment</p>", "Keptafter the comment"),
        ("<p>Before<?php echo 1 ?>after</p>", "Beforeafter"),
        ('<?xml version="1.0" encoding="utf-8"?><p>Declared</p>', "Declared"),
        ("<ul><li>One</li><li>Two<br>Three</li></ul><footer>Site</footer>", "One\nTwo\nThree"),
        ("<p>A &amp; B&nbsp;C</p><svg><text>drawn</text></svg>tail", "A & B C\ntail"),
        ("<div>" * 3000 + "deep" + "</div>" * 3000, "deep"),  # no recursion limit
        ("   ", ""),
    ],
)  # fmt: skip
def test_html_to_text_walk(html: str, expected: str) -> None:
    assert html_to_text(html) == expected


def test_one_line_and_summary() -> None:
    assert one_line("  A <b>bold</b>\n title ") == "A bold title"
    text = "First sentence here. " * 40
    short = summarize(text, 100)
    assert len(short) <= 101 and short.startswith("First sentence here.")


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "HTTPS://WWW.Justice.GOV/opa/pr/Some-Case#top",
            "https://www.justice.gov/opa/pr/Some-Case",
        ),
        ("https://www.gob.mx/fgr/prensa/x?idiom=es", "https://www.gob.mx/fgr/prensa/x"),
        ("https://a.example/p?utm_source=t&id=3&fbclid=z", "https://a.example/p?id=3"),
        ("https://a.example:443/p", "https://a.example/p"),
        ("http://a.example:8080/p", "http://a.example:8080/p"),
    ],
)
def test_canonical_url(url: str, expected: str) -> None:
    assert canonical_url(url) == expected
