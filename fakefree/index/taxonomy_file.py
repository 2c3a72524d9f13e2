"""Reading config/taxonomy.toml's tables: each value checked, each error naming its place.

Term tables are split by language for the editors (`terms.en`, `terms.fr`, `terms.es`) and read
as one tuple: every release is matched against the terms of all three languages.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any

from fakefree.index.words import parse_term

LANGUAGES = ("en", "fr", "es")


class TaxonomyError(ValueError):
    """The taxonomy file is malformed; the message names the table and the key."""


def check_keys(raw: Any, where: str, allowed: Iterable[str], required: Iterable[str] = ()) -> None:
    """`raw` is a table whose keys are all `allowed`, with every `required` one present."""
    if not isinstance(raw, dict):
        raise TaxonomyError(f"{where}: expected a table")
    allowed = tuple(allowed)
    unknown = sorted(set(raw) - set(allowed))
    if unknown:
        raise TaxonomyError(f"{where}: unknown key {unknown[0]!r}; allowed: {', '.join(allowed)}")
    missing = [key for key in required if key not in raw]
    if missing:
        raise TaxonomyError(f"{where}: missing {', '.join(repr(key) for key in missing)}")


def strings(raw: Any, where: str, terms: bool = True) -> tuple[str, ...]:
    """A list of non-empty strings; with `terms`, each in the term syntax of `words`."""
    if not isinstance(raw, list) or not all(isinstance(s, str) and s.strip() for s in raw):
        raise TaxonomyError(f"{where}: expected a list of non-empty strings")
    try:
        for term in raw if terms else ():
            parse_term(term)
    except ValueError as exc:
        raise TaxonomyError(f"{where}: {exc}") from exc
    return tuple(raw)


def number(raw: Any, where: str) -> float:
    if isinstance(raw, bool) or not isinstance(raw, int | float) or raw < 0:
        raise TaxonomyError(f"{where}: expected a number >= 0")
    return float(raw)


def labels(raw: Any, where: str) -> Mapping[str, str]:
    """A label in each of en, fr and es."""
    check_keys(raw, where, LANGUAGES, required=LANGUAGES)
    if not all(isinstance(v, str) and v.strip() for v in raw.values()):
        raise TaxonomyError(f"{where}: every label must be a non-empty string")
    return MappingProxyType(dict(raw))


def terms(raw: Any, where: str) -> tuple[str, ...]:
    """The terms of a table split by language (`en`, `fr`, `es`, each optional), as one tuple."""
    check_keys(raw, where, LANGUAGES)
    return tuple(t for lang in LANGUAGES for t in strings(raw.get(lang, []), f"{where}.{lang}"))


def optional_terms(raw: Mapping[str, Any], key: str, where: str) -> tuple[str, ...]:
    """The terms under `key` of `raw`, none when it is absent."""
    return terms(raw[key], f"{where}.{key}") if key in raw else ()
