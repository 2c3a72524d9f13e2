"""The taxonomy (config/taxonomy.toml) loaded into frozen dataclasses, validated at load.

Sectors, IP types and actions are editorial data from the file. Countries are ISO 3166-1 alpha-2
codes whose names (English, French, Spanish) come from pycountry (`fakefree.index.countries`),
plus the aliases, demonyms, label overrides and regional codes (EU) of the file. The rules of
relevance, sentences, places and sector scores are read by the modules that apply them. Term
syntax: see `fakefree.index.words`; reading tables: `fakefree.index.taxonomy_file`.
"""

from __future__ import annotations

import functools
import logging
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

from fakefree.index import taxonomy_file as tf
from fakefree.index.countries import country_names, iso_labels
from fakefree.index.places import Places, parse_places
from fakefree.index.relevance import Relevance, parse_relevance
from fakefree.index.sentences import SentenceCues, parse_cues
from fakefree.index.tagging import SectorScores, parse_sector_scores
from fakefree.index.taxonomy_file import LANGUAGES, TaxonomyError
from fakefree.index.words import parse_term
from fakefree.settings import load_settings

__all__ = ["KINDS", "LANGUAGES", "TAG_KINDS", "Taxonomy", "TaxonomyError", "load_taxonomy"]

log = logging.getLogger(__name__)

TAG_KINDS = ("sectors", "ip_types", "actions")
KINDS = (*TAG_KINDS, "countries")
_TABLES = ("relevance", "sentences", "origin", "places", "people", "goods", "sector_scores")
_TABLES += KINDS


@dataclass(frozen=True)
class Tag:
    id: str
    labels: Mapping[str, str]  # language → label
    terms: tuple[str, ...]  # every language's terms, in the file's syntax
    fallback: bool = False  # given to a relevant release when no tag of its kind matched
    alone: bool = False  # kept only when no other tag of its kind matched
    named: tuple[str, ...] = ()  # cue words before a Capitalised name ("Operation Pangea")
    not_terms: tuple[str, ...] = ()  # phrases that hide a term inside them ("if convicted")
    weak: tuple[str, ...] = ()  # terms meaning this tag only beside goods of `weak_needs`
    weak_needs: tuple[str, ...] = ()  # sector ids
    weak_else: str = ""  # the tag of the same kind they mean otherwise
    persons: tuple[str, ...] = ()  # terms meaning `persons_tag` in a sentence naming people
    persons_tag: str = ""
    sole_for: tuple[str, ...] = ()  # the only sector when a release's IP types are all these


@dataclass(frozen=True)
class Countries:
    names: Mapping[str, tuple[str, ...]]  # code → terms naming it (pycountry names + aliases)
    demonyms: Mapping[str, tuple[str, ...]]  # code → its adjectives and nationals
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
    sentences: SentenceCues
    places: Places
    people: tuple[str, ...]  # words naming people, for `persons` terms
    goods: tuple[str, ...]  # words naming goods besides the sectors' (items, paires, piezas)
    sector_scores: SectorScores
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
    if path is None:
        path = _default_path(os.environ.get("FAKEFREE_CONFIG_DIR", ""), os.getcwd())
    return _read(path.resolve())


@functools.lru_cache(maxsize=8)
def _default_path(config_dir: str, cwd: str) -> Path:
    """The settings' taxonomy file for that FAKEFREE_CONFIG_DIR, relative to that directory
    (reading every setting for each release classified cost 0.1 ms)."""
    return load_settings().config_dir / "taxonomy.toml"


@functools.lru_cache(maxsize=8)
def _read(path: Path) -> Taxonomy:
    """Read and validate a taxonomy file; raises TaxonomyError (a failed read is not cached)."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise TaxonomyError(f"{path}: {exc}") from exc
    tf.check_keys(raw, "taxonomy", _TABLES, required=_TABLES)
    tags = {kind: _tags(raw[kind], kind) for kind in TAG_KINDS}
    _check_references(tags)
    taxonomy = Taxonomy(
        path=path,
        **tags,
        relevance=parse_relevance(raw["relevance"], tags["ip_types"]),
        sentences=parse_cues(raw["sentences"]),
        places=parse_places(raw["origin"], raw["places"]),
        people=_word_list(raw["people"], "people"),
        goods=_word_list(raw["goods"], "goods"),
        sector_scores=parse_sector_scores(raw["sector_scores"]),
        countries=_countries(raw["countries"]),
    )
    log.debug("taxonomy %s: %d country codes", path, len(taxonomy.countries.names))
    return taxonomy


def _word_list(raw: Any, where: str) -> tuple[str, ...]:
    """A table holding only `terms.en|fr|es`."""
    tf.check_keys(raw, where, ("terms",), ("terms",))
    return tf.terms(raw["terms"], f"{where}.terms")


_TAG_OPTIONS = ("fallback", "alone", "named", "not", "weak", "weak_needs", "weak_else")
_TAG_OPTIONS += ("persons", "persons_tag", "sole_for")


def _tags(raw: Any, kind: str) -> Mapping[str, Tag]:
    if not isinstance(raw, dict) or not raw:
        raise TaxonomyError(f"{kind}: expected a table of tags")
    tags = {tag_id: _tag(tag_id, spec, f"{kind}.{tag_id}") for tag_id, spec in raw.items()}
    if sum(tag.fallback for tag in tags.values()) > 1:
        raise TaxonomyError(f"{kind}: more than one fallback tag")
    return MappingProxyType(tags)


def _tag(tag_id: str, spec: Any, where: str) -> Tag:
    tf.check_keys(spec, where, ("labels", "terms", *_TAG_OPTIONS), ("labels",))
    lists = {key: tf.strings(spec.get(key, []), f"{where}.{key}", terms=False) for key in
             ("named", "weak_needs", "sole_for")}  # fmt: skip
    tag = Tag(
        tag_id,
        tf.labels(spec["labels"], f"{where}.labels"),
        tf.optional_terms(spec, "terms", where),
        spec.get("fallback") is True,
        spec.get("alone") is True,
        lists["named"],
        tf.optional_terms(spec, "not", where),
        tf.optional_terms(spec, "weak", where),
        lists["weak_needs"],
        str(spec.get("weak_else", "")),
        tf.optional_terms(spec, "persons", where),
        str(spec.get("persons_tag", "")),
        lists["sole_for"],
    )
    if not (tag.terms or tag.named or tag.fallback):
        raise TaxonomyError(f"{where}: no terms, no named cues and not a fallback")
    return tag


def _check_references(tags: Mapping[str, Mapping[str, Tag]]) -> None:
    """Tag options name tags that exist: of the same kind, or sectors and IP types."""
    for kind, of_kind in tags.items():
        for tag in of_kind.values():
            where = f"{kind}.{tag.id}"
            named = [(tag.weak_else, kind), (tag.persons_tag, kind)]
            named += [(s, "sectors") for s in tag.weak_needs]
            named += [(t, "ip_types") for t in tag.sole_for]
            for other, other_kind in named:
                if other and other not in tags[other_kind]:
                    raise TaxonomyError(f"{where}: no {other_kind} tag {other!r}")


def _countries(raw: Any) -> Countries:
    keys = ("ambiguous", "not_places", "labels", "aliases", "demonyms")
    tf.check_keys(raw, "countries", keys, required=("aliases",))
    labels = iso_labels()
    for code, spec in raw.get("labels", {}).items():
        labels[code] = tf.labels(spec, f"countries.labels.{code}")
    extra = {table: _named(raw.get(table, {}), table, labels) for table in ("aliases", "demonyms")}
    names = country_names(term for found in extra.values() for t in found.values() for term in t)
    for code, aliases in extra["aliases"].items():
        names.setdefault(code, []).extend(aliases)
    ambiguous = tf.strings(raw.get("ambiguous", []), "countries.ambiguous")
    return Countries(
        names=MappingProxyType({code: tuple(found) for code, found in names.items()}),
        demonyms=MappingProxyType(extra["demonyms"]),
        labels=MappingProxyType(labels),
        ambiguous=frozenset(parse_term(name) for name in ambiguous),
        not_places=tf.strings(raw.get("not_places", []), "countries.not_places"),
    )


def _named(raw: Any, table: str, labels: Mapping[str, Any]) -> dict[str, tuple[str, ...]]:
    """A code → terms table of [countries], every code a known one."""
    found = {}
    for code, terms in raw.items():
        if code not in labels:
            raise TaxonomyError(f"countries.{table}.{code}: not an ISO code; give it labels")
        found[code] = tf.strings(terms, f"countries.{table}.{code}")
    return found
