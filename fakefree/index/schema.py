"""The store's schema: the first version and each migration since, applied in order.

Each entry of MIGRATIONS moves the schema one version up (PRAGMA user_version); never edit one
that has shipped, add another.
"""

from __future__ import annotations

SCHEMA = """
CREATE TABLE IF NOT EXISTS sources (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    agency TEXT NOT NULL,
    jurisdiction TEXT NOT NULL,
    homepage TEXT NOT NULL,
    reader TEXT NOT NULL,
    enabled INTEGER NOT NULL,
    interval_minutes INTEGER NOT NULL,
    last_run_at TEXT,
    last_success_at TEXT,
    last_error_at TEXT,
    last_error_kind TEXT,
    last_error_message TEXT,
    consecutive_failures INTEGER NOT NULL DEFAULT 0,
    items_found INTEGER NOT NULL DEFAULT 0,
    items_new INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS crawl_runs (
    id INTEGER PRIMARY KEY,
    source_id TEXT NOT NULL REFERENCES sources(id),
    started_at TEXT NOT NULL,
    finished_at TEXT,
    status TEXT NOT NULL CHECK (status IN ('running', 'ok', 'failed')),
    error_kind TEXT,
    error_message TEXT,
    items_found INTEGER NOT NULL DEFAULT 0,
    items_new INTEGER NOT NULL DEFAULT 0,
    items_updated INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS crawl_runs_source ON crawl_runs(source_id, started_at);
CREATE TABLE IF NOT EXISTS articles (
    id INTEGER PRIMARY KEY,
    url TEXT NOT NULL UNIQUE,
    source_id TEXT NOT NULL REFERENCES sources(id),
    title TEXT NOT NULL,
    summary TEXT NOT NULL,
    body_text TEXT NOT NULL,
    body_html TEXT NOT NULL,
    language TEXT NOT NULL,
    published_at TEXT,
    fetched_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    is_relevant INTEGER NOT NULL,
    relevance_score REAL NOT NULL,
    countries TEXT NOT NULL,
    origin_countries TEXT NOT NULL,
    sectors TEXT NOT NULL,
    ip_types TEXT NOT NULL,
    actions TEXT NOT NULL,
    evidence TEXT NOT NULL,
    rev INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS articles_rev ON articles(rev);
CREATE INDEX IF NOT EXISTS articles_published ON articles(is_relevant, published_at);
"""

# Each entry moves the schema one version up; never edit one that has shipped, add another.
MIGRATIONS: tuple[str, ...] = (
    SCHEMA,
    """
    ALTER TABLE articles ADD COLUMN facts TEXT NOT NULL DEFAULT '{}';
    ALTER TABLE crawl_runs ADD COLUMN requests INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE crawl_runs ADD COLUMN bytes_received INTEGER NOT NULL DEFAULT 0;
    CREATE TABLE IF NOT EXISTS http_cache (
        url TEXT PRIMARY KEY,
        etag TEXT,
        last_modified TEXT,
        content_hash TEXT,
        checked_at TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS articles_updated ON articles(updated_at);
    """,
    "CREATE INDEX IF NOT EXISTS articles_source ON articles(source_id, is_relevant);",
    # Agencies submit releases (issue 7); data access in fakefree/index/submissions.py.
    """
    CREATE TABLE IF NOT EXISTS accounts (
        id INTEGER PRIMARY KEY,
        username TEXT NOT NULL UNIQUE,
        agency TEXT NOT NULL,
        jurisdiction TEXT NOT NULL,
        password_hash TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('agency', 'operator')),
        created_at TEXT NOT NULL,
        disabled INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE IF NOT EXISTS api_tokens (
        id INTEGER PRIMARY KEY,
        account_id INTEGER NOT NULL REFERENCES accounts(id),
        token_hash TEXT NOT NULL UNIQUE,
        label TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        expires_at TEXT,
        revoked_at TEXT,
        last_used_at TEXT
    );
    CREATE TABLE IF NOT EXISTS submissions (
        id INTEGER PRIMARY KEY,
        account_id INTEGER NOT NULL REFERENCES accounts(id),
        idempotency_key TEXT NOT NULL,
        request_hash TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
        title TEXT NOT NULL,
        published TEXT NOT NULL DEFAULT '',
        language TEXT NOT NULL,
        body_html TEXT NOT NULL,
        original_url TEXT NOT NULL DEFAULT '',
        suggested_countries TEXT NOT NULL DEFAULT '[]',
        suggested_sectors TEXT NOT NULL DEFAULT '[]',
        corrections TEXT NOT NULL DEFAULT '{}',
        reject_reason TEXT,
        article_id INTEGER REFERENCES articles(id),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        UNIQUE (account_id, idempotency_key)
    );
    CREATE INDEX IF NOT EXISTS submissions_status ON submissions(status, created_at);
    CREATE TABLE IF NOT EXISTS audit_log (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        submission_id INTEGER,
        detail TEXT NOT NULL DEFAULT '{}'
    );
    """,
    # Agencies on the web (issue 7): e-mail of accounts, PDF attachments (attachments.py).
    """
    ALTER TABLE accounts ADD COLUMN email TEXT NOT NULL DEFAULT '';
    ALTER TABLE submissions ADD COLUMN attachment_file TEXT NOT NULL DEFAULT '';
    ALTER TABLE submissions ADD COLUMN attachment_name TEXT NOT NULL DEFAULT '';
    ALTER TABLE submissions ADD COLUMN attachment_bytes INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE submissions ADD COLUMN attachment_text TEXT NOT NULL DEFAULT '';
    CREATE INDEX IF NOT EXISTS submissions_account ON submissions(account_id, created_at);
    """,
    # Case grouping (issue 8): signatures, key index, cases, members, links (case_store.py).
    """
    CREATE TABLE IF NOT EXISTS case_sigs (
        article_id INTEGER PRIMARY KEY,
        source_id TEXT NOT NULL,
        jurisdiction TEXT NOT NULL,
        countries TEXT NOT NULL,
        language TEXT NOT NULL,
        day INTEGER NOT NULL,
        keys TEXT NOT NULL,
        minhash BLOB NOT NULL
    );
    CREATE TABLE IF NOT EXISTS case_keys (
        key TEXT NOT NULL,
        article_id INTEGER NOT NULL,
        PRIMARY KEY (key, article_id)
    ) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS cases (
        id INTEGER PRIMARY KEY,
        primary_id INTEGER NOT NULL,
        size INTEGER NOT NULL,
        first_at TEXT,
        last_at TEXT,
        updated_at TEXT NOT NULL
    );
    CREATE TABLE IF NOT EXISTS case_members (
        article_id INTEGER PRIMARY KEY,
        case_id INTEGER NOT NULL
    );
    CREATE INDEX IF NOT EXISTS case_members_case ON case_members(case_id);
    CREATE TABLE IF NOT EXISTS case_links (
        article_id INTEGER NOT NULL,
        other_id INTEGER NOT NULL,
        score REAL NOT NULL,
        reasons TEXT NOT NULL,
        PRIMARY KEY (article_id, other_id)
    ) WITHOUT ROWID;
    CREATE INDEX IF NOT EXISTS case_links_other ON case_links(other_id);
    """,
    # Statistics (fakefree/index/statistics.py) count tags per month from this covering index
    # instead of reading whole rows: 0.5 s instead of 1.75 s at 100,000 releases.
    "CREATE INDEX IF NOT EXISTS articles_stats"
    " ON articles(is_relevant, published_at, countries, sectors, ip_types);",
)


def statements(script: str) -> list[str]:
    return [part.strip() for part in script.split(";") if part.strip()]
