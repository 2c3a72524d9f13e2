"""config/resources.toml: the real file loads and is complete; bad entries are refused; the
page shows it in the interface language."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask.testing import FlaskClient

from fakefree.catalogue import load_sources
from fakefree.settings import REPO_ROOT
from fakefree.site.resources import ResourcesError, load_resources

REAL = REPO_ROOT / "config" / "resources.toml"


def test_the_real_file_covers_every_jurisdiction_of_the_catalogue() -> None:
    found = {j.code: j for j in load_resources(REAL)}
    for source in load_sources(REPO_ROOT / "config" / "sources.toml"):
        assert source.jurisdiction in found, source.jurisdiction
    for jurisdiction in found.values():
        assert jurisdiction.of_kind("office") or jurisdiction.code == "INT"
        for service in jurisdiction.services:
            assert service.url.startswith("https://")
            assert set(service.name) == {"en", "fr", "es"}


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ('[[jurisdiction]]\ncode = "us"\n', "capital letters"),
        ('[[jurisdiction]]\ncode = "US"\n', "at least one service"),
        ('[[jurisdiction]]\ncode = "US"\n[[jurisdiction.service]]\nkind = "office"\n'
         'url = "http://x.example/"\nname = {en="a", fr="b", es="c"}\n'
         'about = {en="a", fr="b", es="c"}\n', "https"),
        ('[[jurisdiction]]\ncode = "US"\n[[jurisdiction.service]]\nkind = "office"\n'
         'url = "https://x.example/"\nname = {en="a", fr="b"}\nabout = {en="a", fr="b", es="c"}\n',
         "name needs a text"),
        ('[[jurisdiction]]\ncode = "US"\n[[jurisdiction.service]]\nkind = "blog"\n', "kind"),
    ],
)  # fmt: skip
def test_bad_entries_are_refused(tmp_path: Path, text: str, error: str) -> None:
    path = tmp_path / "resources.toml"
    path.write_text(text)
    with pytest.raises(ResourcesError, match=error):
        load_resources(path)


def test_resources_page_in_each_language(client: FlaskClient) -> None:
    page = client.get("/resources").get_data(as_text=True)
    assert 'id="MX"' in page and 'href="https://www.gob.mx/impi"' in page
    assert "Mexican Institute of Industrial Property" in page
    assert 'href="/countries/MX"' in page
    french = client.get("/resources?lang=fr").get_data(as_text=True)
    assert "Institut mexicain de la propriété industrielle" in french
    assert "Internacional" in client.get("/resources?lang=es").get_data(as_text=True)
