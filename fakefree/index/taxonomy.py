"""The taxonomy (config/taxonomy.toml) loaded into frozen dataclasses, validated at load.

Sectors, IP types and actions are editorial data from the file. Countries are ISO 3166-1 alpha-2
codes whose names (English, French, Spanish) come from pycountry, plus the aliases, label
overrides and regional codes (EU) of the file. Term syntax: see `fakefree.index.words`.
"""

from __future__ import annotations

import functools
import gettext
import logging
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pycountry

from fakefree.index.words import parse_term
from fakefree.settings import load_settings

log = logging.getLogger(__name__)

LANGUAGES = ("en", "fr", "es")
TAG_KINDS = ("sectors", "ip_types", "actions")
KINDS = (*TAG_KINDS, "countries")
SCOPES = ("window", "document")


class TaxonomyError(ValueError):
    """The taxonomy file is malformed; the message names the table and the key."""


@dataclass(frozen=True)
class Tag:
    id: str
    labels: Mapping[str, str]  # language → label
    terms: tuple[str, ...]  # every language's terms, in the file's syntax
    fallback: bool = False  # given to a relevant release when no tag of its kind matched
    alone: bool = False  # kept only when no other tag of its kind matched
    named: tuple[str, ...] = ()  # cue words before a Capitalised name ("Operation Pangea")
    not_terms: tuple[str, ...] = ()  # phrases that hide a term inside them ("if convicted")


@dataclass(frozen=True)
class TermGroup:
    name: str
    weight: float
    terms: tuple[str, ...]
    supporting: bool = False  # counts only when a non-supporting group scored
    infers: str = ""  # IP type given to a relevant release that has no IP type of its own


@dataclass(frozen=True)
class NegativeContext:
    name: str
    scope: str  # one of SCOPES
    cancels: tuple[str, ...]  # names of the TermGroups it cancels
    terms: tuple[str, ...]
    window: int = 0  # characters on either side, for scope "window"


@dataclass(frozen=True)
class Relevance:
    threshold: float
    title_weight: float
    max_hits_per_phrase: int
    groups: Mapping[str, TermGroup]
    negatives: Mapping[str, NegativeContext]


@dataclass(frozen=True)
class Origin:
    before: tuple[str, ...]  # cue terms right before a country: "made in", "procedentes de"
    between: tuple[str, ...]  # words allowed between the cue and the country: "the", "la"
    after: tuple[str, ...]  # cue terms right after a country: "origin", "nationals"
    joins: tuple[str, ...]  # carry a cue on to the next country: "and", "et"
    repeats: tuple[str, ...]  # may follow a join, repeating the cue: "and in", "et en"


@dataclass(frozen=True)
class Countries:
    names: Mapping[str, tuple[str, ...]]  # code → terms naming it (pycountry names + aliases)
    labels: Mapping[str, Mapping[str, str]]  # code → language → label
    ambiguous: frozenset[str]  # parsed names that never count alone
    not_places: tuple[str, ...]  # phrases that hide a country name inside them


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: compiled rules key on it
class Taxonomy:
    path: Path
    sectors: Mapping[str, Tag]
    ip_types: Mapping[str, Tag]
    actions: Mapping[str, Tag]
    relevance: Relevance
    origin: Origin
    countries: Countries

    def tags(self, kind: str) -> Mapping[str, Tag]:
        if kind not in TAG_KINDS:
            raise ValueError(f"no tags of kind {kind!r}; kinds: {', '.join(TAG_KINDS)}")
        return getattr(self, kind)

    def ids(self, kind: str) -> tuple[str, ...]:
        """The ids of one kind, in the file's order (countries: sorted codes)."""
        if kind == "countries":
            return tuple(sorted(self.countries.labels))
        return tuple(self.tags(kind))

    def label(self, kind: str, tag_id: str, lang: str = "en") -> str:
        """The label of a tag in en, fr or es; an unknown id is its own label."""
        if lang not in LANGUAGES:
            raise ValueError(f"language {lang!r}; expected one of {', '.join(LANGUAGES)}")
        if kind == "countries":
            labels = self.countries.labels.get(tag_id)
            return labels[lang] if labels else tag_id
        tag = self.tags(kind).get(tag_id)
        return tag.labels[lang] if tag else tag_id


def load_taxonomy(path: Path | None = None) -> Taxonomy:
    """The taxonomy at `path` (default: the settings' config_dir / taxonomy.toml), loaded once."""
    return _read((path or load_settings().config_dir / "taxonomy.toml").resolve())


@functools.lru_cache(maxsize=8)
def _read(path: Path) -> Taxonomy:
    """Read and validate a taxonomy file; raises TaxonomyError (a failed read is not cached)."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise TaxonomyError(f"{path}: {exc}") from exc
    keys = ("relevance", "origin", *TAG_KINDS, "countries")
    _check_keys(raw, "taxonomy", keys, required=keys)
    tags = {kind: _tags(raw[kind], kind) for kind in TAG_KINDS}
    taxonomy = Taxonomy(
        path=path,
        **tags,
        relevance=_relevance(raw["relevance"], tags["ip_types"]),
        origin=_origin(raw["origin"]),
        countries=_countries(raw["countries"]),
    )
    log.debug("taxonomy %s: %d country codes", path, len(taxonomy.countries.names))
    return taxonomy


def _check_keys(raw: Any, where: str, allowed: Iterable[str], required: Iterable[str] = ()) -> None:
    if not isinstance(raw, dict):
        raise TaxonomyError(f"{where}: expected a table")
    allowed = tuple(allowed)
    unknown = sorted(set(raw) - set(allowed))
    if unknown:
        raise TaxonomyError(f"{where}: unknown key {unknown[0]!r}; allowed: {', '.join(allowed)}")
    missing = [key for key in required if key not in raw]
    if missing:
        raise TaxonomyError(f"{where}: missing {', '.join(repr(key) for key in missing)}")


def _strings(raw: Any, where: str, terms: bool = True) -> tuple[str, ...]:
    if not isinstance(raw, list) or not all(isinstance(s, str) and s.strip() for s in raw):
        raise TaxonomyError(f"{where}: expected a list of non-empty strings")
    try:
        for term in raw if terms else ():
            parse_term(term)
    except ValueError as exc:
        raise TaxonomyError(f"{where}: {exc}") from exc
    return tuple(raw)


def _number(raw: Any, where: str) -> float:
    if isinstance(raw, bool) or not isinstance(raw, int | float) or raw < 0:
        raise TaxonomyError(f"{where}: expected a number >= 0")
    return float(raw)


def _labels(raw: Any, where: str) -> Mapping[str, str]:
    _check_keys(raw, where, LANGUAGES, required=LANGUAGES)
    if not all(isinstance(v, str) and v.strip() for v in raw.values()):
        raise TaxonomyError(f"{where}: every label must be a non-empty string")
    return MappingProxyType(dict(raw))


def _terms(raw: Any, where: str) -> tuple[str, ...]:
    _check_keys(raw, where, LANGUAGES)
    return tuple(t for lang in LANGUAGES for t in _strings(raw.get(lang, []), f"{where}.{lang}"))


_TAG_OPTIONS = ("fallback", "alone", "named")


def _tags(raw: Any, kind: str) -> Mapping[str, Tag]:
    if not isinstance(raw, dict) or not raw:
        raise TaxonomyError(f"{kind}: expected a table of tags")
    tags = {}
    for tag_id, spec in raw.items():
        where = f"{kind}.{tag_id}"
        _check_keys(spec, where, ("labels", "terms", "not", *_TAG_OPTIONS), ("labels",))
        labels = _labels(spec["labels"], f"{where}.labels")
        terms = _terms(spec.get("terms", {}), f"{where}.terms")
        named = _strings(spec.get("named", []), f"{where}.named", terms=False)
        flags = (spec.get("fallback") is True, spec.get("alone") is True)
        not_terms = _terms(spec.get("not", {}), f"{where}.not")
        tag = Tag(tag_id, labels, terms, *flags, named, not_terms)
        if not (tag.terms or tag.named or tag.fallback):
            raise TaxonomyError(f"{where}: no terms, no named cues and not a fallback")
        tags[tag_id] = tag
    if sum(tag.fallback for tag in tags.values()) > 1:
        raise TaxonomyError(f"{kind}: more than one fallback tag")
    return MappingProxyType(tags)


def _relevance(raw: Any, ip_types: Mapping[str, Tag]) -> Relevance:
    keys = ("threshold", "title_weight", "max_hits_per_phrase", "groups", "negative")
    _check_keys(raw, "relevance", keys, required=keys)
    groups = {name: _group(spec, name, ip_types) for name, spec in raw["groups"].items()}
    negatives = {name: _negative(spec, name, groups) for name, spec in raw["negative"].items()}
    numbers = {key: _number(raw[key], f"relevance.{key}") for key in keys[:3]}
    numbers["max_hits_per_phrase"] = max(1, int(numbers["max_hits_per_phrase"]))
    return Relevance(
        **numbers, groups=MappingProxyType(groups), negatives=MappingProxyType(negatives)
    )


def _group(spec: Any, name: str, ip_types: Mapping[str, Tag]) -> TermGroup:
    where = f"relevance.groups.{name}"
    _check_keys(spec, where, ("weight", "supporting", "infers", "terms"), ("weight", "terms"))
    infers = spec.get("infers", "")
    if infers and infers not in ip_types:
        raise TaxonomyError(f"{where}.infers: no IP type {infers!r}")
    weight = _number(spec["weight"], f"{where}.weight")
    terms = _terms(spec["terms"], f"{where}.terms")
    return TermGroup(name, weight, terms, spec.get("supporting") is True, infers)


def _negative(spec: Any, name: str, groups: Mapping[str, TermGroup]) -> NegativeContext:
    where = f"relevance.negative.{name}"
    _check_keys(spec, where, ("scope", "window", "cancels", "terms"), ("scope", "cancels", "terms"))
    if spec["scope"] not in SCOPES:
        raise TaxonomyError(f"{where}.scope: expected one of {', '.join(SCOPES)}")
    cancels = _strings(spec["cancels"], f"{where}.cancels", terms=False)
    if unknown := [group for group in cancels if group not in groups]:
        raise TaxonomyError(f"{where}.cancels: no group named {unknown[0]!r}")
    if spec["scope"] == "window" and "window" not in spec:
        raise TaxonomyError(f"{where}: scope 'window' needs a window (characters)")
    window = int(_number(spec.get("window", 0), f"{where}.window"))
    terms = _terms(spec["terms"], f"{where}.terms")
    return NegativeContext(name, spec["scope"], cancels, terms, window)


def _origin(raw: Any) -> Origin:
    keys = ("before", "between", "after", "joins", "repeats")
    _check_keys(raw, "origin", keys, ("before", "after"))
    return Origin(*(_strings(raw.get(key, []), f"origin.{key}") for key in keys))


def _countries(raw: Any) -> Countries:
    keys = ("ambiguous", "not_places", "labels", "aliases")
    _check_keys(raw, "countries", keys, required=("aliases",))
    labels = {country.alpha_2: _country_labels(country) for country in pycountry.countries}
    for code, spec in raw.get("labels", {}).items():
        labels[code] = _labels(spec, f"countries.labels.{code}")
    aliases = raw["aliases"]
    for code, names in aliases.items():
        if code not in labels:
            raise TaxonomyError(f"countries.aliases.{code}: not an ISO code; give it labels")
        _strings(names, f"countries.aliases.{code}")
    ambiguous = _strings(raw.get("ambiguous", []), "countries.ambiguous")
    return Countries(
        names=MappingProxyType(_country_names(aliases)),
        labels=MappingProxyType(labels),
        ambiguous=frozenset(parse_term(name) for name in ambiguous),
        not_places=_strings(raw.get("not_places", []), "countries.not_places"),
    )


@functools.cache
def _translators() -> Mapping[str, gettext.NullTranslations]:
    found = {"en": gettext.NullTranslations()}
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


def _country_names(aliases: Mapping[str, list[str]]) -> dict[str, tuple[str, ...]]:
    """Every code's names for matching. An ISO name shared by two codes is left out, and one
    that an alias gives to a code ("Granada" to ES) is left to that code only."""
    claimed = {parse_term(alias) for extra in aliases.values() for alias in extra}
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
    for code, extra in aliases.items():
        names.setdefault(code, []).extend(extra)
    return {code: tuple(found) for code, found in names.items()}


def _iso_names(country: Any) -> set[str]:
    """Name, common and official names in en, fr and es, uninverted ("Korea, Republic of")."""
    english = [getattr(country, a, None) for a in ("name", "common_name", "official_name")]
    translators = _translators().values()
    return {
        parse_term(_uninverted(t.gettext(n))) for t in translators for n in filter(None, english)
    }


_PARENTHESIS = re.compile(r"\s*\(.*?\)")


def _uninverted(name: str) -> str:
    """'Korea, Republic of' → 'Republic of Korea'; a part in parentheses is dropped."""
    name = _PARENTHESIS.sub("", name)
    head, comma, tail = name.partition(", ")
    if not comma:
        return name
    return f"{tail}{'' if tail.endswith(chr(39)) else ' '}{head}"
