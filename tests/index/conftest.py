from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from fakefree.catalogue import Source, SourceURL
from fakefree.index.store import Store

SOURCE = Source(
    id="test-src", name="Test source", agency="Test Agency", jurisdiction="MX",
    homepage="https://agency.example/", languages=("es",), reader="feed",
    urls=(SourceURL("https://agency.example/feed"),),
)  # fmt: skip


@pytest.fixture
def store(tmp_path: Path) -> Store:
    with Store(tmp_path / "store.sqlite3") as s:
        s.sync_sources([SOURCE])
        yield s


def record(url: str, **changes: object) -> dict:
    """A complete article record for Store.upsert_article."""
    base = {
        "url": url, "source_id": SOURCE.id, "title": "Decomiso de mercancía apócrifa",
        "summary": "Resumen.", "body_text": "Texto del comunicado.", "body_html": "<p>Texto</p>",
        "language": "es", "published_at": datetime(2025, 3, 1, 12, tzinfo=UTC),
        "fetched_at": datetime(2025, 3, 2, tzinfo=UTC), "content_hash": url,
        "is_relevant": True, "relevance_score": 3.0, "countries": ["MX"],
        "origin_countries": [], "sectors": ["apparel"], "ip_types": ["counterfeit"],
        "actions": ["seizure"], "evidence": {"sectors:apparel": ["ropa"]},
    }  # fmt: skip
    base.update(changes)
    return base
