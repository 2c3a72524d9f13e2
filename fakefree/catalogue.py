"""The source catalogue (config/sources.toml) loaded into frozen dataclasses, validated at load."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from types import MappingProxyType
from typing import Any

READERS = ("json_api", "feed", "spider")
LANGUAGES = ("en", "fr", "es")


class CatalogueError(ValueError):
    """The catalogue file is malformed; the message names the source and the field."""


@dataclass(frozen=True)
class SourceURL:
    url: str
    language: str | None = None  # the language the agency publishes at this URL, if fixed


@dataclass(frozen=True)
class Source:
    id: str
    name: str
    agency: str
    jurisdiction: str  # ISO 3166-1 alpha-2, or a regional code such as EU / INT
    homepage: str
    languages: tuple[str, ...]
    reader: str  # one of READERS
    urls: tuple[SourceURL, ...]
    interval_minutes: int = 60
    enabled: bool = True
    site: str = ""  # what the real site offers, in a word or two (API, Atom, listing ...)
    options: MappingProxyType = field(default_factory=lambda: MappingProxyType({}))

    def option(self, name: str, default: Any = None) -> Any:
        return self.options.get(name, default)

    def __reduce__(self) -> tuple:
        """Picklable (for the worker's analysis process), though a mappingproxy is not."""
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        return (_source_from, ({**values, "options": dict(self.options)},))


def _source_from(values: dict[str, Any]) -> Source:
    return Source(**{**values, "options": MappingProxyType(values["options"])})


_REQUIRED = ("id", "name", "agency", "jurisdiction", "homepage", "languages", "reader", "urls")


def _parse_source(raw: dict[str, Any]) -> Source:
    sid = raw.get("id", "?")
    missing = [k for k in _REQUIRED if k not in raw]
    if missing:
        raise CatalogueError(f"source {sid}: missing {', '.join(missing)}")
    if raw["reader"] not in READERS:
        raise CatalogueError(f"source {sid}: reader must be one of {READERS}")
    langs = tuple(raw["languages"])
    if not langs or any(lang not in LANGUAGES for lang in langs):
        raise CatalogueError(f"source {sid}: languages must be among {LANGUAGES}")
    urls = []
    for u in raw["urls"]:
        u = {"url": u} if isinstance(u, str) else u
        if not str(u.get("url", "")).startswith(("http://", "https://")):
            raise CatalogueError(f"source {sid}: bad url {u!r}")
        if u.get("language") not in (None, *LANGUAGES):
            raise CatalogueError(f"source {sid}: bad url language {u.get('language')!r}")
        urls.append(SourceURL(url=u["url"], language=u.get("language")))
    if not urls:
        raise CatalogueError(f"source {sid}: needs at least one url")
    interval = int(raw.get("interval_minutes", 60))
    if interval < 1:
        raise CatalogueError(f"source {sid}: interval_minutes must be >= 1")
    jur = str(raw["jurisdiction"])
    if not (len(jur) in (2, 3) and jur.isupper()):
        raise CatalogueError(f"source {sid}: jurisdiction must be an upper-case code, got {jur!r}")
    return Source(
        id=str(sid),
        name=str(raw["name"]),
        agency=str(raw["agency"]),
        jurisdiction=jur,
        homepage=str(raw["homepage"]),
        languages=langs,
        reader=str(raw["reader"]),
        urls=tuple(urls),
        interval_minutes=interval,
        enabled=bool(raw.get("enabled", True)),
        site=str(raw.get("site", "")),
        options=MappingProxyType(dict(raw.get("options", {}))),
    )


def load_sources(path: Path) -> tuple[Source, ...]:
    """Load and validate every source of the catalogue; ids must be unique."""
    with open(path, "rb") as fh:
        data = tomllib.load(fh)
    sources = tuple(_parse_source(raw) for raw in data.get("source", []))
    ids = [s.id for s in sources]
    dupes = {i for i in ids if ids.count(i) > 1}
    if dupes:
        raise CatalogueError(f"duplicate source ids: {sorted(dupes)}")
    return sources
