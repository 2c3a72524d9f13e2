"""The facets a feed, the OPML file and the API follow: country, sector, IP type, action,
agency and language, with their known values and labels."""

from __future__ import annotations

from flask import abort

from fakefree.index.fulltext import LANGUAGES
from fakefree.index.taxonomy import Taxonomy, load_taxonomy

from .db import get_settings
from .labels import TAXONOMY_FILE, TAXONOMY_KINDS, agency_names
from .queries import FILTER_PARAMS

# URL name of each facet (as in /feeds/country/MX.atom and ?country=MX) -> index field.
FACETS = dict(FILTER_PARAMS)
FACET_NAMES = tuple(FACETS)


def site_taxonomy() -> Taxonomy:
    """The taxonomy the site labels with (loaded once per process by load_taxonomy)."""
    return load_taxonomy(get_settings().config_dir / TAXONOMY_FILE)


def facet_values(field: str) -> tuple[str, ...]:
    """Every value a facet field can take: taxonomy ids, languages, or the agencies' source ids."""
    if field in TAXONOMY_KINDS:
        return site_taxonomy().ids(field)
    if field == "language":
        return LANGUAGES
    if field == "source_id":
        return tuple(agency_names())
    raise ValueError(f"not a facet field: {field!r}")


def known_value_or_404(field: str, value: str) -> None:
    """Stop with a 404 unless `value` is a value of the facet `field`."""
    if value not in facet_values(field):
        abort(404, description="There is no such country, sector, IP type, action or agency.")
