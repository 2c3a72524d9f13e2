"""Sentences of a release: zones, background, hypothetical sentences, speeches."""

from __future__ import annotations

import pytest

from fakefree.index.sentences import ReleaseText, split_release
from fakefree.index.taxonomy import load_taxonomy


def split(title: str, text: str) -> ReleaseText:
    return split_release(title, text, load_taxonomy().sentences)


def test_zones_of_a_customs_release() -> None:
    text = (
        "News release\nJanuary 20, 2026 – Vancouver, British Columbia\n"
        "Officers detained 12,000 fake parts. They came in three containers. Tests followed.\n"
        "Quick facts\nThe agency seized goods from 40 countries."
    )
    found = [(s.zone, s.background, s.text) for s in split("Parts seized", text).sentences]
    assert found == [
        ("title", False, "Parts seized"),
        ("header", False, "News release"),
        ("header", False, "January 20, 2026 – Vancouver, British Columbia"),
        ("lead", False, "Officers detained 12,000 fake parts."),
        ("lead", False, "They came in three containers."),
        ("body", False, "Tests followed."),
        ("body", True, "The agency seized goods from 40 countries."),  # after "Quick facts"
    ]


DATELINES = [
    ("DETROIT – A Dearborn man was sentenced today.", "DETROIT"),
    ("LAREDO, Texas—CBP officers seized toys.", "LAREDO, Texas"),
    ("Lyon (France) – Une opération a eu lieu.", "Lyon (France)"),
    ("Bruxelles, le 3 avril – Les douaniers ont saisi des baskets.", "Bruxelles, le 3 avril"),
]


@pytest.mark.parametrize(("text", "dateline"), DATELINES)
def test_the_dateline_is_header(text: str, dateline: str) -> None:
    sentences = split("Title", text).sentences
    assert (sentences[1].zone, sentences[1].text) == ("header", dateline)
    assert sentences[2].zone == "lead"


SPLITS = [
    # abbreviations do not end a sentence; a hard-wrapped line goes on in the next one
    ("The U.S. Attorney in Fort Worth, Texas, announced it. Mr. Petrov pleaded guilty.", 2),
    ("Seized on Sept. 18 by CBP. Goods were fake.", 2),
    ("A long sentence that an editor wrapped in the middle because the line was getting long\n"
     "continues here. Then another one.", 2),
    ("First paragraph.\nSecond paragraph.", 2),
]  # fmt: skip


@pytest.mark.parametrize(("text", "count"), SPLITS)
def test_sentence_splitting(text: str, count: int) -> None:
    assert len(split("T", text).sentences) - 1 == count


BACKGROUND = [
    # (sentence, background?)
    ("In fiscal year 2024, CBP seized 32,000 shipments.", True),
    ("In 2025, officers detained 1,400 shipments across Canada.", True),
    ("En 2024, la douane a saisi 20,5 millions d'articles contrefaits.", True),
    ("Durante 2025, el Instituto realizó 2 mil visitas de inspección.", True),
    ("In 2024, agents seized 3,200 discs in his shop.", False),  # a year, but no yearly figure
    ("CBP reminds shoppers that fakes can pose risks.", True),
    ("La Guardia Civil recuerda que comprar falsificaciones alimenta la economía sumergida.", True),
    ("All defendants are presumed innocent until proven guilty.", True),
    ("HSI is the principal investigative arm of the Department.", True),
    ("Officers seized 3,000 counterfeit handbags on Tuesday.", False),
]


@pytest.mark.parametrize(("sentence", "background"), BACKGROUND)
def test_background_sentences(sentence: str, background: bool) -> None:
    assert (
        split("T", f"Lead one is here. Lead two is here. {sentence}").sentences[-1].background
        is background
    )


HYPOTHETICAL = [
    ("If convicted, he faces up to 10 years in prison.", True),
    ("Il encourt jusqu'à trois ans d'emprisonnement.", True),
    ("De ser declarado culpable, podría alcanzar 10 años de prisión.", True),
    ("He was sentenced to 10 years in prison.", False),
]


@pytest.mark.parametrize(("sentence", "hypothetical"), HYPOTHETICAL)
def test_hypothetical_sentences(sentence: str, hypothetical: bool) -> None:
    assert split("T", sentence).sentences[-1].hypothetical is hypothetical


@pytest.mark.parametrize(
    ("title", "speech"),
    [
        ("Assistant Attorney General Delivers Remarks at a Symposium", True),
        ("Discours du directeur général des douanes", True),
        ("Man sentenced for selling counterfeit airbags", False),
    ],
)
def test_speeches_are_known_by_their_title(title: str, speech: bool) -> None:
    assert split(title, "Thank you all for coming.").speech is speech
