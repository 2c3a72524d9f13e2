"""Human labels for tag ids, languages and agencies, shared by pages, feeds and the API."""

from __future__ import annotations

from flask import Flask, current_app, g

from fakefree.index.taxonomy import Taxonomy, load_taxonomy

from .db import get_store

TAXONOMY_KINDS = ("countries", "sectors", "ip_types", "actions")
LANGUAGE_NAMES = {"en": "English", "fr": "Français", "es": "Español"}
KIND_NAMES = {
    "countries": "Country",
    "origin_countries": "Origin",
    "sectors": "Sector",
    "ip_types": "IP type",
    "actions": "Action",
    "language": "Language",
    "source_id": "Agency",
}
_EXTENSION = "fakefree.taxonomy"
TAXONOMY_FILE = "taxonomy.toml"


def init_app(app: Flask) -> None:
    """Load the taxonomy once per process and expose the label helpers to templates."""
    settings = app.config["SETTINGS"]
    app.extensions[_EXTENSION] = load_taxonomy(settings.config_dir / TAXONOMY_FILE)
    app.jinja_env.globals.update(tag_label=tag_label, kind_name=kind_name)
    app.jinja_env.filters["language_name"] = language_name


def _taxonomy() -> Taxonomy:
    return current_app.extensions[_EXTENSION]


def language_name(code: str) -> str:
    return LANGUAGE_NAMES.get(code, code)


def kind_name(kind: str) -> str:
    return KIND_NAMES.get(kind, kind)


def agency_names() -> dict[str, str]:
    """Source id -> agency name, read once per request."""
    if "agency_names" not in g:
        g.agency_names = get_store().agency_names()
    return g.agency_names


def tag_label(kind: str, tag_id: str, lang: str = "en") -> str:
    """The label of any facet value: taxonomy tags, languages, agencies (the id if unknown)."""
    if kind == "language":
        return language_name(tag_id)
    if kind == "source_id":
        return agency_names().get(tag_id, tag_id)
    taxonomy_kind = "countries" if kind == "origin_countries" else kind
    if taxonomy_kind not in TAXONOMY_KINDS:
        return tag_id
    return _taxonomy().label(taxonomy_kind, tag_id, lang)
