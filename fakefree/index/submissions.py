"""Agency accounts, API tokens, submitted releases, their moderation and the audit log.

Functions take a Store (the tables come from the store's migrations). Approval, which
publishes a submission through the common ingest path, is in moderation.py.

Passwords: werkzeug's scrypt (a memory-hard KDF from the standard library's hashlib.scrypt,
salted, parameters kept in the hash string) — werkzeug ships with Flask, so no new dependency.
Tokens: `secrets.token_urlsafe(32)` shown once; only their SHA-256 is stored (a 256-bit random
token needs no slow KDF), looked up by hash and compared with `hmac.compare_digest`.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from datetime import datetime, timedelta
from typing import Any

from werkzeug.security import check_password_hash, generate_password_hash

from fakefree.index.store import Store, from_iso, to_iso, utcnow

ROLES = ("agency", "operator")
SUBMISSION_FIELDS = (
    "title", "published", "language", "body_html", "original_url",
    "suggested_countries", "suggested_sectors",
)  # fmt: skip
_JSON_COLUMNS = ("suggested_countries", "suggested_sectors", "corrections")
ATTACHMENT_FIELDS = ("attachment_file", "attachment_name", "attachment_bytes", "attachment_text")
_DUMMY_HASH: list[str] = []  # a hash to check against when the account does not exist


class SubmissionError(Exception):
    """A request the store refuses: unknown account, conflicting key, wrong status."""


class IdempotencyConflict(SubmissionError):
    """The same idempotency key came with a different body."""


class TooManySubmissions(SubmissionError):
    """The account reached its submissions per hour (FAKEFREE_SUBMISSIONS_PER_HOUR)."""


def audit(store: Store, actor: str, action: str, submission_id: int | None, **detail: Any) -> None:
    store.db.execute(
        "INSERT INTO audit_log (at, actor, action, submission_id, detail) VALUES (?,?,?,?,?)",
        (to_iso(utcnow()), actor, action, submission_id, json.dumps(detail, sort_keys=True)),
    )


def audit_entries(store: Store, submission_id: int | None = None) -> list[dict[str, Any]]:
    sql = "SELECT * FROM audit_log WHERE ? IS NULL OR submission_id = ? ORDER BY id"
    rows = store.db.execute(sql, (submission_id, submission_id)).fetchall()
    return [dict(row, detail=json.loads(row["detail"])) for row in rows]


# --- accounts and tokens ---------------------------------------------------------------------


def create_account(
    store: Store,
    username: str,
    agency: str,
    jurisdiction: str,
    password: str,
    role: str = "agency",
    *,
    email: str = "",
    actor: str = "cli",
) -> int:
    if role not in ROLES or not username or not agency or not password:
        raise SubmissionError("username, agency, password and a role among agency/operator needed")
    with store.transaction() as db:
        if db.execute("SELECT 1 FROM accounts WHERE username=?", (username,)).fetchone():
            raise SubmissionError(f"account {username!r} exists already")
        cur = db.execute(
            "INSERT INTO accounts (username, agency, jurisdiction, password_hash, role, created_at,"
            " email) VALUES (?,?,?,?,?,?,?)",
            (username, agency, jurisdiction.upper(), generate_password_hash(password, "scrypt"),
             role, to_iso(utcnow()), email),
        )  # fmt: skip
        audit(store, actor, "account.create", None, username=username, role=role)
    return int(cur.lastrowid or 0)


def list_accounts(store: Store) -> list[dict[str, Any]]:
    sql = (
        "SELECT id, username, agency, jurisdiction, role, created_at, disabled, email FROM accounts"
    )
    return [dict(row) for row in store.db.execute(sql + " ORDER BY id")]


def get_account(store: Store, *, username: str = "", account_id: int = 0) -> dict | None:
    row = store.db.execute(
        "SELECT * FROM accounts WHERE username=? OR id=?", (username, account_id)
    ).fetchone()
    return dict(row) if row else None


def check_password(store: Store, username: str, password: str) -> dict | None:
    """The account when the password is right (and the account enabled), else None."""
    account = get_account(store, username=username)
    if account is None or account["disabled"]:
        if not _DUMMY_HASH:
            _DUMMY_HASH.append(generate_password_hash(secrets.token_hex(16), "scrypt"))
        check_password_hash(_DUMMY_HASH[0], password)  # one scrypt, as for a real account
        return None
    return account if check_password_hash(account["password_hash"], password) else None


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_token(
    store: Store, username: str, days: int | None = None, label: str = "", actor: str = "cli"
) -> tuple:
    """(token id, token): the token itself is returned here once and never stored."""
    account = get_account(store, username=username)
    if account is None:
        raise SubmissionError(f"no account {username!r}")
    token, now = secrets.token_urlsafe(32), utcnow()
    expires = to_iso(now + timedelta(days=days)) if days else None
    with store.transaction() as db:
        cur = db.execute(
            "INSERT INTO api_tokens (account_id, token_hash, label, created_at, expires_at)"
            " VALUES (?,?,?,?,?)",
            (account["id"], token_hash(token), label, to_iso(now), expires),
        )
        audit(store, actor, "token.create", None, username=username, token_id=cur.lastrowid)
    return int(cur.lastrowid or 0), token


def revoke_token(store: Store, token_id: int, actor: str = "cli") -> bool:
    with store.transaction() as db:
        cur = db.execute(
            "UPDATE api_tokens SET revoked_at=? WHERE id=? AND revoked_at IS NULL",
            (to_iso(utcnow()), token_id),
        )
        audit(store, actor, "token.revoke", None, token_id=token_id, done=bool(cur.rowcount))
    return bool(cur.rowcount)


def account_for_token(store: Store, token: str, now: datetime | None = None) -> dict | None:
    """The enabled account a live (not revoked, not expired) token belongs to, else None."""
    digest, now = token_hash(token), now or utcnow()
    row = store.db.execute(
        "SELECT t.id AS token_id, t.token_hash, t.expires_at, t.revoked_at, a.* FROM api_tokens t"
        " JOIN accounts a ON a.id = t.account_id WHERE t.token_hash = ?",
        (digest,),
    ).fetchone()
    if row is None or not hmac.compare_digest(row["token_hash"], digest):
        return None
    expires = from_iso(row["expires_at"])
    expired = expires is not None and expires <= now
    if row["revoked_at"] or expired or row["disabled"]:
        return None
    with store.transaction() as db:
        db.execute(
            "UPDATE api_tokens SET last_used_at=? WHERE id=?", (to_iso(now), row["token_id"])
        )
    return dict(row)


# --- submissions -----------------------------------------------------------------------------


def _row(row: Any) -> dict[str, Any]:
    item = dict(row)
    for column in _JSON_COLUMNS:
        item[column] = json.loads(item[column])
    return item


def request_hash(fields: dict[str, Any]) -> str:
    """The identity of a request's content (an attachment counts only when there is one)."""
    content = {k: fields.get(k) for k in SUBMISSION_FIELDS}
    content.update({k: fields[k] for k in ATTACHMENT_FIELDS if fields.get(k)})
    body = json.dumps(content, sort_keys=True)
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def submit(
    store: Store, account: dict, key: str, fields: dict[str, Any], per_hour: int | None = None
) -> tuple[dict, bool]:
    """(submission, created): the same key and body give back the first submission.

    With `per_hour`, an account that created that many submissions in the last hour gets
    TooManySubmissions (counted in the store: the same for every web worker, and a replayed
    key is not counted)."""
    digest, now = request_hash(fields), to_iso(utcnow())
    with store.transaction() as db:
        found = db.execute(
            "SELECT * FROM submissions WHERE account_id=? AND idempotency_key=?",
            (account["id"], key),
        ).fetchone()
        if found is not None:
            if found["request_hash"] != digest:
                raise IdempotencyConflict(f"Idempotency-Key {key!r} was used with another body")
            return _row(found), False
        since = to_iso(utcnow() - timedelta(hours=1))
        recent = db.execute(
            "SELECT COUNT(*) FROM submissions WHERE account_id=? AND created_at>?",
            (account["id"], since),
        ).fetchone()[0]
        if per_hour is not None and recent >= per_hour:
            raise TooManySubmissions(f"{recent} submissions in the last hour (limit {per_hour})")
        values = [json.dumps(v) if isinstance(v, list) else v for v in fields.values()]
        cur = db.execute(
            f"INSERT INTO submissions (account_id, idempotency_key, request_hash, status,"
            f" created_at, updated_at, {', '.join(fields)}) VALUES (?,?,?,'pending',?,?"
            f"{',?' * len(fields)})",
            (account["id"], key, digest, now, now, *values),
        )
        audit(store, account["username"], "submission.create", cur.lastrowid)
    return get_submission(store, int(cur.lastrowid or 0)) or {}, True


def get_submission(store: Store, submission_id: int, account_id: int | None = None) -> dict | None:
    """One submission; with `account_id`, only if it belongs to that account."""
    row = store.db.execute(
        "SELECT * FROM submissions WHERE id=? AND (? IS NULL OR account_id=?)",
        (submission_id, account_id, account_id),
    ).fetchone()
    return _row(row) if row else None


def list_submissions(
    store: Store, account_id: int | None = None, status: str | None = None
) -> list[dict[str, Any]]:
    rows = store.db.execute(
        "SELECT * FROM submissions WHERE (? IS NULL OR account_id=?) AND (? IS NULL OR status=?)"
        " ORDER BY id",
        (account_id, account_id, status, status),
    ).fetchall()
    return [_row(row) for row in rows]


def reject(store: Store, submission_id: int, actor: str, reason: str) -> dict:
    if not reason.strip():
        raise SubmissionError("a reason is required to reject a submission")
    with store.transaction() as db:
        cur = db.execute(
            "UPDATE submissions SET status='rejected', reject_reason=?, updated_at=?"
            " WHERE id=? AND status='pending'",
            (reason.strip(), to_iso(utcnow()), submission_id),
        )
        if not cur.rowcount:
            raise SubmissionError(f"submission {submission_id} is not pending")
        audit(store, actor, "submission.reject", submission_id, reason=reason.strip())
    return get_submission(store, submission_id) or {}
