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
        "FAKEFREE_RETRY_AFTER_MAX",
        "60",
        "Longest wait in seconds honoured when a source answers 429 or 503 with Retry-After; a longer one fails the request.",
    ),
    Setting(
        "FAKEFREE_CRAWL_TIME_LIMIT",
        "900",
        "Hard limit in seconds for one crawl of one source; the crawl is killed past it.",
    ),
    Setting(
        "FAKEFREE_CRAWL_INTERVAL",
        "",
        "Seconds between two crawls of every source, overriding the catalogue's intervals (demos, soak tests); empty = each source's own.",
    ),
    Setting(
        "FAKEFREE_BACKOFF_MAX",
        "1440",
        "After failures a source waits its interval doubled per failure in a row beyond the first, at most this many minutes.",
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
    Setting(
        "FAKEFREE_API_RATE_LIMIT",
        "120/minute;1200/hour",
        "Requests one client address may make to /api/v1 and the CSV export, per web worker "
        "process (limits syntax; several separated by ;). 304 answers are not counted.",
    ),
    Setting(
        "FAKEFREE_SECURE_COOKIES",
        "0",
        "1: the sign-in cookie is sent over HTTPS only (set it behind HTTPS); 0 for local http.",
    ),
    Setting(
        "FAKEFREE_MAX_ATTACHMENT_BYTES",
        "10000000",
        "Largest PDF an agency may attach to a submitted release, in bytes.",
    ),
    Setting(
        "FAKEFREE_SUBMISSIONS_PER_HOUR",
        "20",
        "Releases one agency account may submit in an hour (form and API together).",
    ),
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
    retry_after_max: float
    crawl_time_limit: float
    crawl_interval: float | None  # seconds; None = each source's interval_minutes
    backoff_max_minutes: float
    crawl_on_start: bool
    secret_key: str
    log_level: str
    api_rate_limit: str = "120/minute;1200/hour"
    secure_cookies: bool = False
    max_attachment_bytes: int = 10_000_000
    submissions_per_hour: int = 20

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
        retry_after_max=float(_env("FAKEFREE_RETRY_AFTER_MAX")),
        crawl_time_limit=float(_env("FAKEFREE_CRAWL_TIME_LIMIT")),
        crawl_interval=float(_env("FAKEFREE_CRAWL_INTERVAL"))
        if _env("FAKEFREE_CRAWL_INTERVAL").strip()
        else None,
        backoff_max_minutes=float(_env("FAKEFREE_BACKOFF_MAX")),
        crawl_on_start=_env("FAKEFREE_CRAWL_ON_START").strip() not in ("0", "false", "no", ""),
        secret_key=_env("FAKEFREE_SECRET_KEY"),
        log_level=_env("FAKEFREE_LOG_LEVEL").upper(),
        api_rate_limit=_env("FAKEFREE_API_RATE_LIMIT"),
        secure_cookies=_env("FAKEFREE_SECURE_COOKIES").strip() in ("1", "true", "yes"),
        max_attachment_bytes=int(_env("FAKEFREE_MAX_ATTACHMENT_BYTES")),
        submissions_per_hour=int(_env("FAKEFREE_SUBMISSIONS_PER_HOUR")),
    )
