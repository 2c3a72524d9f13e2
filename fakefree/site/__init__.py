"""The Flask site: `create_app` builds it (gunicorn: "fakefree.site:create_app()").

Blueprints: pages (home, article, sources, about), search, feeds (Atom, RSS, JSON Feed, OPML),
api (/api/v1), exports (CSV). The API and the exports are rate-limited; reads allow CORS.
The site reads the store and the search index; it never imports the crawler.
"""

from __future__ import annotations

import logging
import os
import secrets
import tempfile
from pathlib import Path
from typing import Any

from flask import Flask

from fakefree.settings import Settings, load_settings

from . import (
    agency_web,
    api,
    auth,
    browse,
    cases,
    converters,
    cors,
    csvexport,
    db,
    errors,
    feeds,
    i18n,
    labels,
    operator_web,
    pages,
    ratelimit,
    search,
    security,
    seo,
    sitemap,
    stats,
    submit_api,
    templating,
)

log = logging.getLogger(__name__)

SECRET_KEY_FILE = "secret_key"


def secret_key(settings: Settings) -> str:
    """The configured key, else one generated once and kept (mode 0600) in the data directory."""
    if settings.secret_key:
        return settings.secret_key
    path: Path = settings.data_dir / SECRET_KEY_FILE
    if not path.exists():
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=settings.data_dir, prefix=".secret-")  # mode 0600
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_hex(32))
        try:
            os.link(tmp, path)  # atomic: of two processes starting at once, one key wins
            log.info("generated a new secret key in %s", path)
        except FileExistsError:
            pass
        finally:
            os.unlink(tmp)
    return path.read_text().strip()


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the site. `test_config` may carry SETTINGS (a Settings) and any Flask config."""
    app = Flask(__name__)
    converters.init_app(app)  # before any route: ids within SQLite's range
    config = dict(test_config or {})
    settings = config.pop("SETTINGS", None) or load_settings()
    app.config.update(SETTINGS=settings, SECRET_KEY=secret_key(settings))
    app.config.update(config)
    app.json.sort_keys = False  # keep the API's fields in their documented order
    for part in (db, i18n, labels, security, templating, errors, cors):
        part.init_app(app)
    for blueprint in (pages.bp, search.bp, feeds.bp, api.bp, csvexport.bp, submit_api.bp):
        app.register_blueprint(blueprint)
    for blueprint in (browse.bp, stats.bp, sitemap.bp):  # browse pages, statistics, sitemap
        app.register_blueprint(blueprint)
    seo.init_app(app)
    app.register_blueprint(cases.bp)  # /cases/<id>, the article page's case (issue 8)
    cases.init_app(app)
    ratelimit.init_app(app, limited=(api.bp, csvexport.bp, submit_api.bp))
    auth.init_app(app, exempt=(submit_api.bp,))  # sign-in, sessions, CSRF on every form
    agency_web.init_app(app)
    operator_web.init_app(app)
    return app
