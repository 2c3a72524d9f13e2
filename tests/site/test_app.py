from __future__ import annotations

import stat
import subprocess
import sys
from pathlib import Path

from fakefree.settings import Settings
from fakefree.site import SECRET_KEY_FILE, create_app
from tests.site.conftest import make_settings


def test_secret_key_is_generated_once_and_private(tmp_path: Path) -> None:
    settings = make_settings(tmp_path / "data")
    first = create_app({"SETTINGS": settings}).config["SECRET_KEY"]
    key_file = settings.data_dir / SECRET_KEY_FILE
    assert len(first) >= 32
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert create_app({"SETTINGS": settings}).config["SECRET_KEY"] == first
    assert [p.name for p in settings.data_dir.iterdir() if p.name.startswith(".secret")] == []


def test_configured_secret_key_wins(tmp_path: Path) -> None:
    settings: Settings = make_settings(tmp_path / "data").replace(secret_key="configured")
    assert create_app({"SETTINGS": settings}).config["SECRET_KEY"] == "configured"
    assert not (settings.data_dir / SECRET_KEY_FILE).exists()


def test_site_does_not_import_the_crawler_or_scrapy() -> None:
    code = (
        "import sys, fakefree.site; "
        "bad = sorted(m for m in sys.modules if m.split('.')[0] == 'scrapy' "
        "or m.startswith('fakefree.crawler')); print(bad); sys.exit(1 if bad else 0)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr
