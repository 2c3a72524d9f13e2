"""The `fakefree` command's group and what its commands share (logging, data directory)."""

from __future__ import annotations

import logging

import click

from fakefree.catalogue import Source, load_sources
from fakefree.settings import Settings

log = logging.getLogger("fakefree")


def _setup(settings: Settings) -> tuple[Source, ...]:
    """Logging, the data directory, and the catalogue mirrored into the store."""
    from fakefree.index.store import Store

    logging.basicConfig(
        level=getattr(logging, settings.log_level, logging.INFO),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    sources = load_sources(settings.config_dir / "sources.toml")
    with Store(settings.db_path) as store:
        store.sync_sources(sources)
    return sources


@click.group()
def cli() -> None:
    """Fake Free: IP-enforcement press releases from agencies around the world."""
