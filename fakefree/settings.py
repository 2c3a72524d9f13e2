"""Settings: each one declared once, with its environment variable, default and help.

The README's settings table is checked against this list by a test, so the two cannot drift.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Setting:
    env: str
    default: str
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "FAKEFREE_DATA_DIR",
        "./data",
        "Directory holding the SQLite store, the Whoosh index and logs.",
    ),
    Setting("PORT", "8000", "TCP port the web server listens on (Procfile convention)."),
    Setting(
        "FAKEFREE_HOST", "127.0.0.1", "Address the web server binds to (`0.0.0.0` to expose it)."
    ),
    Setting("FAKEFREE_WEB_WORKERS", "2", "Number of gunicorn worker processes for the web server."),
    Setting(
        "FAKEFREE_CONFIG_DIR",
        "",
        "Folder with sources.toml and taxonomy.toml; empty = the repository's config/.",
    ),
    Setting(
        "FAKEFREE_MIRROR",
        "",
        "Base URL of a local mirror: every source request to https://HOST/PATH goes to MIRROR/HOST/PATH instead.",
    ),
    Setting(
        "FAKEFREE_CONTACT_URL",
        "https://github.com/fakefree/fakefree",
        "Contact URL sent in the crawler's User-Agent.",
    ),
    Setting(
        "FAKEFREE_HTTP_TIMEOUT",
        "20",
        "Seconds before a source request is abandoned (connect and each read).",
    ),
    Setting(
        "FAKEFREE_MAX_RESPONSE_BYTES",
        "10000000",
        "Largest response body accepted from a source, in bytes.",
    ),
    Setting("FAKEFREE_DOWNLOAD_DELAY", "1.0", "Seconds between two requests to the same host."),
    Setting(
        "FAKEFREE_CRAWL_TIME_LIMIT",
        "900",
        "Hard limit in seconds for one crawl of one source; the crawl is killed past it.",
    ),
    Setting(
        "FAKEFREE_CRAWL_ON_START",
        "1",
        "1: the worker crawls every enabled source once at start; 0: waits for each interval.",
    ),
    Setting(
        "FAKEFREE_SECRET_KEY",
        "",
        "Flask secret key; empty = a random key generated once and kept in the data directory.",
    ),
    Setting("FAKEFREE_LOG_LEVEL", "INFO", "Log level: DEBUG, INFO, WARNING or ERROR."),
)


def _env(name: str) -> str:
    for s in SETTINGS:
        if s.env == name:
            return os.environ.get(name, s.default)
    raise KeyError(name)


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    port: int
    host: str
    web_workers: int
    config_dir: Path
    mirror: str
    contact_url: str
    http_timeout: float
    max_response_bytes: int
    download_delay: float
    crawl_time_limit: float
    crawl_on_start: bool
    secret_key: str
    log_level: str

    @property
    def db_path(self) -> Path:
        return self.data_dir / "fakefree.sqlite3"

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "index"

    @property
    def user_agent(self) -> str:
        return f"FakeFreeBot/0.1 (+{self.contact_url})"

    def replace(self, **changes: object) -> Settings:
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        values.update(changes)
        return Settings(**values)  # type: ignore[arg-type]


def load_settings() -> Settings:
    """Read every setting from the environment (defaults above)."""
    config_dir = _env("FAKEFREE_CONFIG_DIR")
    return Settings(
        data_dir=Path(_env("FAKEFREE_DATA_DIR")).resolve(),
        port=int(_env("PORT")),
        host=_env("FAKEFREE_HOST"),
        web_workers=int(_env("FAKEFREE_WEB_WORKERS")),
        config_dir=Path(config_dir).resolve() if config_dir else REPO_ROOT / "config",
        mirror=_env("FAKEFREE_MIRROR").rstrip("/"),
        contact_url=_env("FAKEFREE_CONTACT_URL"),
        http_timeout=float(_env("FAKEFREE_HTTP_TIMEOUT")),
        max_response_bytes=int(_env("FAKEFREE_MAX_RESPONSE_BYTES")),
        download_delay=float(_env("FAKEFREE_DOWNLOAD_DELAY")),
        crawl_time_limit=float(_env("FAKEFREE_CRAWL_TIME_LIMIT")),
        crawl_on_start=_env("FAKEFREE_CRAWL_ON_START").strip() not in ("0", "false", "no", ""),
        secret_key=_env("FAKEFREE_SECRET_KEY"),
        log_level=_env("FAKEFREE_LOG_LEVEL").upper(),
    )
