"""Releases dated relative to today, for the pages that count the last 30 days or 24 months."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fakefree.settings import Settings
from tests.site.conftest import fill_collection, record

NOW = datetime.now(UTC).replace(microsecond=0)


def days_ago(days: int) -> datetime:
    return NOW - timedelta(days=days)


RECENT = {
    "recent-us": record(
        "recent-us", "us-agency", title="Counterfeit insulin pens seized at a warehouse",
        summary="Agents found fake insulin pens.", published_at=days_ago(2),
        countries=["US"], sectors=["pharma"], ip_types=["counterfeit"], actions=["seizure"],
    ),
    "recent-mx": record(
        "recent-mx", "mx-aduana", language="es", title="Aseguran juguetes apócrifos en la aduana",
        summary="Juguetes falsificados en un contenedor.", published_at=days_ago(10),
        countries=["MX", "US"], sectors=["toys-sports"], ip_types=["counterfeit"],
        actions=["seizure"],
    ),
    "older-fr": record(
        "older-fr", "fr-douane", language="fr", title="Démantèlement d'un site de streaming illicite",
        summary="Un site pirate fermé.", published_at=days_ago(45),
        countries=["FR"], sectors=["media"], ip_types=["piracy"], actions=["takedown"],
    ),
    "years-ago": record(
        "years-ago", "mx-aduana", language="es", title="Sentencia por venta de discos piratas",
        summary="Un vendedor condenado.", published_at=days_ago(3 * 365),
        countries=["MX"], sectors=["media"], ip_types=["piracy"], actions=["sentence"],
    ),
    "hidden-recent": record(
        "hidden-recent", "us-agency", title="Notice on forged banknotes", is_relevant=False,
        relevance_score=0.1, published_at=days_ago(1), countries=["US"], sectors=["pharma"],
    ),
}  # fmt: skip


def month(moment: datetime) -> str:
    return moment.strftime("%Y-%m")


def fill_recent(settings: Settings, extra: dict[str, dict] | None = None) -> dict[str, int]:
    return fill_collection(settings, {**RECENT, **(extra or {})})
