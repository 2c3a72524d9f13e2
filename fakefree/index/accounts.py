"""What operators do to accounts from the web pages: disable, reset a password, list tokens,
read the recent audit log; and the fingerprint that ties a signed-in session to its account.

Creating accounts and tokens, checking passwords and tokens stay in submissions.py (the API and
the `fakefree` command use them too). Every change here writes the audit log.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from werkzeug.security import generate_password_hash

from fakefree.index.store import Store
from fakefree.index.submissions import SubmissionError, audit

MIN_PASSWORD_LENGTH = 10


def session_fingerprint(account: dict[str, Any]) -> str:
    """Changes when the password changes: a session remembers it, so a new password (or a
    reset by an operator) signs out every other session of the account."""
    return hashlib.sha256(account["password_hash"].encode("utf-8")).hexdigest()[:32]


def set_disabled(store: Store, account_id: int, disabled: bool, actor: str) -> bool:
    """Disable (or enable again) an account: a disabled one can neither sign in nor use its
    tokens, and its open sessions end at their next request."""
    with store.transaction() as db:
        cur = db.execute("UPDATE accounts SET disabled=? WHERE id=?", (int(disabled), account_id))
        action = "account.disable" if disabled else "account.enable"
        audit(store, actor, action, None, account_id=account_id, done=bool(cur.rowcount))
    return bool(cur.rowcount)


def set_password(store: Store, account_id: int, password: str, actor: str) -> None:
    """A new password (scrypt), which ends the account's other sessions."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise SubmissionError(f"a password needs at least {MIN_PASSWORD_LENGTH} characters")
    with store.transaction() as db:
        cur = db.execute(
            "UPDATE accounts SET password_hash=? WHERE id=?",
            (generate_password_hash(password, "scrypt"), account_id),
        )
        if not cur.rowcount:
            raise SubmissionError(f"no account {account_id}")
        audit(store, actor, "account.password", None, account_id=account_id)


def list_tokens(store: Store) -> list[dict[str, Any]]:
    """Every token's metadata (never its hash), with the account's username."""
    rows = store.db.execute(
        "SELECT t.id, t.account_id, a.username, t.label, t.created_at, t.expires_at,"
        " t.revoked_at, t.last_used_at FROM api_tokens t JOIN accounts a ON a.id = t.account_id"
        " ORDER BY t.id"
    )
    return [dict(row) for row in rows]


def recent_audit(store: Store, limit: int = 100) -> list[dict[str, Any]]:
    """The latest entries of the audit log, newest first."""
    rows = store.db.execute("SELECT * FROM audit_log ORDER BY id DESC LIMIT ?", (limit,))
    return [dict(row, detail=json.loads(row["detail"])) for row in rows]


def submission_counts(store: Store) -> dict[str, int]:
    """How many submissions are pending, approved, rejected (each status present)."""
    counts = dict.fromkeys(("pending", "approved", "rejected"), 0)
    for status, count in store.db.execute(
        "SELECT status, COUNT(*) FROM submissions GROUP BY status"
    ):
        counts[status] = count
    return counts
