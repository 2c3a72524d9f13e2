"""Country names from a maintained library: ISO 3166-1 codes with their English, French and
Spanish names as pycountry ships them (its iso3166-1 translations), never a hand-typed list.

The taxonomy (config/taxonomy.toml) adds only what pycountry lacks: aliases (cities, agencies,
other spellings), demonyms, label overrides and regional codes such as EU.
"""

from __future__ import annotations

import functools
import gettext
import logging
import re
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any

import pycountry

from fakefree.index.words import parse_term

log = logging.getLogger(__name__)

LANGUAGES = ("en", "fr", "es")
_PARENTHESIS = re.compile(r"\s*\(.*?\)")


def iso_labels() -> dict[str, Mapping[str, str]]:
    """Every ISO 3166-1 alpha-2 code → its label in en, fr and es."""
    return {country.alpha_2: _country_labels(country) for country in pycountry.countries}


def country_names(claimed_elsewhere: Iterable[str]) -> dict[str, list[str]]:
    """Every code → its ISO names (parsed terms) in en, fr and es, for matching.

    A name shared by two codes is left out, and so is a name in `claimed_elsewhere` (the aliases
    and demonyms of the taxonomy, which give it to one code: "Granada" to ES, not Grenada)."""
    claimed = {parse_term(term) for term in claimed_elsewhere}
    owners: dict[str, set[str]] = {}
    for country in pycountry.countries:
        for name in _iso_names(country) - claimed:
            owners.setdefault(name, set()).add(country.alpha_2)
    names: dict[str, list[str]] = {}
    for name, codes in sorted(owners.items()):
        if len(codes) == 1:
            names.setdefault(next(iter(codes)), []).append(name)
        else:
            log.debug("country name %r shared by %s: not matched", name, sorted(codes))
    return names


@functools.cache
def _translators() -> Mapping[str, gettext.NullTranslations]:
    found: dict[str, gettext.NullTranslations] = {"en": gettext.NullTranslations()}
    for lang in LANGUAGES[1:]:
        found[lang] = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang])
    return MappingProxyType(found)


def _country_labels(country: Any) -> Mapping[str, str]:
    """ISO names: the common name where pycountry has one ("South Korea"), translated."""
    common = getattr(country, "common_name", None)
    labels = {}
    for lang, translator in _translators().items():
        translated = translator.gettext(common) if common else None
        own = lang == "en" or translated != common
        labels[lang] = translated if translated and own else translator.gettext(country.name)
    return MappingProxyType(labels)


def _iso_names(country: Any) -> set[str]:
    """Name, common and official names in en, fr and es, uninverted ("Korea, Republic of")."""
    english = [getattr(country, a, None) for a in ("name", "common_name", "official_name")]
    translators = _translators().values()
    return {
        parse_term(_uninverted(t.gettext(n))) for t in translators for n in filter(None, english)
    }


def _uninverted(name: str) -> str:
    """'Korea, Republic of' → 'Republic of Korea'; a part in parentheses is dropped."""
    name = _PARENTHESIS.sub("", name)
    head, comma, tail = name.partition(", ")
    if not comma:
        return name
    return f"{tail}{'' if tail.endswith(chr(39)) else ' '}{head}"
