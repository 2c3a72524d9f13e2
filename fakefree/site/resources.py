"""Where to turn in each country: config/resources.toml loaded into frozen dataclasses,
validated at load (every text in en, fr and es; every address https; no code twice).

The file is editorial data like the catalogue and the taxonomy; the site shows it on /resources
and on each country's page.
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

from fakefree.settings import REPO_ROOT

from .db import get_settings

RESOURCES_FILE = "resources.toml"
LANGUAGES = ("en", "fr", "es")
KINDS = ("office", "report", "enforcement")


class ResourcesError(ValueError):
    """The resources file is malformed; the message names the entry and the field."""


@dataclass(frozen=True)
class Service:
    kind: str  # one of KINDS
    url: str
    name: Mapping[str, str]  # language -> text
    about: Mapping[str, str]


@dataclass(frozen=True)
class Jurisdiction:
    code: str  # ISO 3166-1 alpha-2, or a regional code (EU, INT)
    services: tuple[Service, ...]
    label: Mapping[str, str] | None = None  # only for codes the taxonomy does not name

    def of_kind(self, kind: str) -> tuple[Service, ...]:
        return tuple(s for s in self.services if s.kind == kind)


def _texts(raw: Any, where: str, field: str) -> Mapping[str, str]:
    if not isinstance(raw, dict) or any(not str(raw.get(lang, "")).strip() for lang in LANGUAGES):
        raise ResourcesError(f"{where}: {field} needs a text in each of {', '.join(LANGUAGES)}")
    return MappingProxyType({lang: str(raw[lang]).strip() for lang in LANGUAGES})


def _service(raw: dict[str, Any], where: str) -> Service:
    if raw.get("kind") not in KINDS:
        raise ResourcesError(f"{where}: kind must be one of {', '.join(KINDS)}")
    url = str(raw.get("url", ""))
    if not url.startswith("https://") or " " in url:
        raise ResourcesError(f"{where}: url must be an https address, not {url!r}")
    return Service(raw["kind"], url, _texts(raw.get("name"), where, "name"),
                   _texts(raw.get("about"), where, "about"))  # fmt: skip


def _jurisdiction(raw: dict[str, Any]) -> Jurisdiction:
    code = str(raw.get("code", ""))
    if not (len(code) in (2, 3) and code.isupper() and code.isalpha()):
        raise ResourcesError(f"jurisdiction {code!r}: code must be 2 or 3 capital letters")
    services = tuple(
        _service(s, f"{code} service {i + 1}") for i, s in enumerate(raw.get("service", []))
    )
    if not services:
        raise ResourcesError(f"jurisdiction {code}: needs at least one service")
    label = _texts(raw["label"], code, "label") if "label" in raw else None
    return Jurisdiction(code, services, label)


@functools.lru_cache(maxsize=4)
def load_resources(path: Path) -> tuple[Jurisdiction, ...]:
    """Every jurisdiction of the file, in the file's order; raises ResourcesError."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ResourcesError(f"{path}: {exc}") from exc
    found = tuple(_jurisdiction(raw) for raw in data.get("jurisdiction", []))
    codes = [j.code for j in found]
    if len(set(codes)) != len(codes):
        raise ResourcesError(f"{path}: a jurisdiction appears twice")
    return found


def resources_file() -> Path:
    """The configured folder's resources.toml, else the repository's (a test or demo config
    folder may hold only the catalogue and the taxonomy)."""
    configured = get_settings().config_dir / RESOURCES_FILE
    return configured if configured.exists() else REPO_ROOT / "config" / RESOURCES_FILE


def site_resources() -> tuple[Jurisdiction, ...]:
    return load_resources(resources_file())


def jurisdiction_resources(code: str) -> Jurisdiction | None:
    """The services listed for one country or region, if any."""
    return next((j for j in site_resources() if j.code == code), None)
