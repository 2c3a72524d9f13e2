"""Human labels for tag ids, languages and agencies, shared by pages, feeds and the API.

The Python functions answer in English by default: feeds, the CSV export and the API are the
same for every reader. Templates get the `ui_*` versions (as `tag_label`, `kind_name` and the
`language_name` filter), which answer in the interface language: taxonomy labels from
config/taxonomy.toml, kind and language names through the gettext catalogs.
"""

from __future__ import annotations

from flask import Flask, current_app, g
from flask_babel import gettext

from fakefree.index.taxonomy import Taxonomy, load_taxonomy

from .db import get_store
from .i18n import current_language


def N_(message: str) -> str:
    """Mark `message` for extraction into the catalogs; it is translated where it is shown."""
    return message


TAXONOMY_KINDS = ("countries", "sectors", "ip_types", "actions")
LANGUAGE_NAMES = {"en": "English", "fr": "Français", "es": "Español"}
# Language names as the interface shows them ("Language: French"), translated when shown.
UI_LANGUAGE_NAMES = {"en": N_("English"), "fr": N_("French"), "es": N_("Spanish")}
KIND_NAMES = {
    "countries": N_("Country"),
    "origin_countries": N_("Origin"),
    "sectors": N_("Sector"),
    "ip_types": N_("IP type"),
    "actions": N_("Action"),
    "language": N_("Language"),
    "source_id": N_("Agency"),
}
_EXTENSION = "fakefree.taxonomy"
TAXONOMY_FILE = "taxonomy.toml"


def init_app(app: Flask) -> None:
    """Load the taxonomy once per process and expose the label helpers to templates."""
    settings = app.config["SETTINGS"]
    app.extensions[_EXTENSION] = load_taxonomy(settings.config_dir / TAXONOMY_FILE)
    app.jinja_env.globals.update(tag_label=ui_tag_label, kind_name=ui_kind_name)
    app.jinja_env.filters["language_name"] = ui_language_name


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


def ui_language_name(code: str) -> str:
    """A language's name in the interface language: "French", "français", "francés"."""
    name = UI_LANGUAGE_NAMES.get(code)
    return gettext(name) if name else code


def ui_kind_name(kind: str) -> str:
    """A facet's name in the interface language."""
    name = KIND_NAMES.get(kind)
    return gettext(name) if name else kind


def ui_tag_label(kind: str, tag_id: str, lang: str | None = None) -> str:
    """A facet value's label in `lang`, by default the interface language."""
    if kind == "language":
        return ui_language_name(tag_id)
    return tag_label(kind, tag_id, lang or current_language())
