"""The README documents every setting, with its default, and the catalogue loads."""

from __future__ import annotations

import re

import pytest

from fakefree.catalogue import CatalogueError, load_sources
from fakefree.settings import REPO_ROOT, SETTINGS, load_settings


def readme_settings() -> dict[str, str]:
    text = (REPO_ROOT / "README.md").read_text()
    rows = re.findall(r"^\| `([A-Z_]+)` \| ([^|]+) \|", text, flags=re.M)
    return {name: default.strip() for name, default in rows}


def test_readme_documents_every_setting_with_its_default() -> None:
    documented = readme_settings()
    assert set(documented) == {s.env for s in SETTINGS}
    for s in SETTINGS:
        if s.default:
            assert documented[s.env] == f"`{s.default}`", s.env


def test_settings_from_environment(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    monkeypatch.setenv("FAKEFREE_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("PORT", "9123")
    monkeypatch.setenv("FAKEFREE_MIRROR", "http://127.0.0.1:9/")
    s = load_settings()
    assert s.data_dir == tmp_path and s.port == 9123 and s.mirror == "http://127.0.0.1:9"
    assert s.db_path.parent == tmp_path
    assert "http" in s.user_agent


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('[[source]]\nid = "x"\n', "missing"),
        ('[[source]]\nid="x"\nname="n"\nagency="a"\njurisdiction="US"\nhomepage="h"\n'
         'languages=["en"]\nreader="telepathy"\nurls=["https://a.example/"]\n', "reader"),
        ('[[source]]\nid="x"\nname="n"\nagency="a"\njurisdiction="us"\nhomepage="h"\n'
         'languages=["en"]\nreader="feed"\nurls=["https://a.example/"]\n', "jurisdiction"),
        ('[[source]]\nid="x"\nname="n"\nagency="a"\njurisdiction="US"\nhomepage="h"\n'
         'languages=["de"]\nreader="feed"\nurls=["https://a.example/"]\n', "languages"),
        ('[[source]]\nid="x"\nname="n"\nagency="a"\njurisdiction="US"\nhomepage="h"\n'
         'languages=["en"]\nreader="feed"\nurls=["ftp://a.example/"]\n', "bad url"),
    ],
)  # fmt: skip
def test_bad_catalogue_is_refused_with_a_clear_message(tmp_path, body: str, message: str) -> None:
    path = tmp_path / "sources.toml"
    path.write_text(body)
    with pytest.raises(CatalogueError, match=message):
        load_sources(path)
