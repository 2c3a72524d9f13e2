"""Accounts, tokens, submissions and approval on a real store (fakefree.index.submissions)."""

from __future__ import annotations

import threading
from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from fakefree.cli import cli
from fakefree.index.fulltext import SearchQuery, open_index
from fakefree.index.moderation import SUBMISSION_URL, approve, approve_and_index
from fakefree.index.store import Store, utcnow
from fakefree.index.submissions import (
    IdempotencyConflict,
    SubmissionError,
    account_for_token,
    audit_entries,
    check_password,
    create_account,
    create_token,
    get_account,
    get_submission,
    list_submissions,
    reject,
    revoke_token,
    submit,
)
from tests.index.conftest import record

FIELDS = {
    "title": "Customs seize counterfeit watches at the port",
    "published": "2025-03-04",
    "language": "en",
    "body_html": "<p>Customs officers seized 4,000 counterfeit watches bearing fake brands.</p>",
    "original_url": "",
    "suggested_countries": ["US"],
    "suggested_sectors": [],
}


@pytest.fixture
def agency(store: Store) -> dict:
    create_account(store, "cbp", "Test Customs", "us", "correct horse battery")
    return get_account(store, username="cbp") or {}


def test_passwords_are_hashed_with_scrypt(store: Store, agency: dict) -> None:
    assert agency["password_hash"].startswith("scrypt:")
    assert "correct horse" not in agency["password_hash"]
    assert check_password(store, "cbp", "correct horse battery")["id"] == agency["id"]
    assert check_password(store, "cbp", "wrong") is None
    assert check_password(store, "nobody", "correct horse battery") is None
    with pytest.raises(SubmissionError):
        create_account(store, "cbp", "Other", "US", "pw")


def test_tokens_are_stored_hashed_expire_and_revoke(store: Store, agency: dict) -> None:
    token_id, token = create_token(store, "cbp", days=1)
    stored = store.db.execute("SELECT token_hash FROM api_tokens").fetchone()[0]
    assert token not in stored and len(token) >= 40
    assert account_for_token(store, token)["username"] == "cbp"
    assert account_for_token(store, token, now=utcnow() + timedelta(days=2)) is None
    assert account_for_token(store, token + "x") is None
    assert revoke_token(store, token_id) and not revoke_token(store, token_id)
    assert account_for_token(store, token) is None


def test_submission_is_idempotent_on_its_key(store: Store, agency: dict) -> None:
    first, created = submit(store, agency, "k1", dict(FIELDS))
    again, created_again = submit(store, agency, "k1", dict(FIELDS))
    assert created and not created_again and first["id"] == again["id"]
    with pytest.raises(IdempotencyConflict):
        submit(store, agency, "k1", dict(FIELDS, title="Another title"))
    assert len(list_submissions(store, status="pending")) == 1


def test_approval_publishes_through_ingest_marked_as_submitted(
    store: Store, agency: dict, tmp_path: Path
) -> None:
    submission, _ = submit(store, agency, "k1", dict(FIELDS))
    article_id = approve_and_index(
        store, tmp_path / "index", submission["id"], "op", {"sectors": ["apparel"]}
    )
    article = store.get_article(article_id)
    assert article is not None and article.is_relevant
    assert article.url == SUBMISSION_URL.format(id=submission["id"])
    assert article.evidence["submitted_by"] == ["Test Customs"]
    assert article.jurisdiction == "US" and article.sectors == ("apparel",)
    assert article.countries == ("US",)  # the agency's suggestion
    assert get_submission(store, submission["id"])["status"] == "approved"
    found = open_index(tmp_path / "index").search(SearchQuery(text="watches"))
    assert found.total == 1
    with pytest.raises(SubmissionError):
        approve(store, submission["id"], "op")  # only once
    actions = [e["action"] for e in audit_entries(store, submission["id"])]
    assert actions == ["submission.create", "submission.approve"]


def test_reject_needs_a_reason_and_a_pending_submission(store: Store, agency: dict) -> None:
    submission, _ = submit(store, agency, "k1", dict(FIELDS))
    with pytest.raises(SubmissionError):
        reject(store, submission["id"], "op", "  ")
    assert reject(store, submission["id"], "op", "Not an IP case")["status"] == "rejected"
    with pytest.raises(SubmissionError):
        approve(store, submission["id"], "op")


def test_commands_create_accounts_tokens_and_moderate(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAKEFREE_DATA_DIR", str(tmp_path / "data"))
    run = CliRunner().invoke
    args = ["accounts", "create", "fr", "--agency", "Douane", "--jurisdiction", "FR"]
    assert run(cli, [*args, "--password-stdin"], input="secret pw\n").exit_code == 0
    assert "fr\tagency\tDouane\tFR" in run(cli, ["accounts", "list"]).output
    out = run(cli, ["tokens", "create", "fr", "--days", "30"])
    assert out.exit_code == 0
    token = out.stdout.strip().splitlines()[-1]
    with Store(tmp_path / "data" / "fakefree.sqlite3") as store:
        account = account_for_token(store, token)
        submission, _ = submit(store, account, "k", dict(FIELDS, language="en"))
    assert "\tpending\t" in run(cli, ["submissions", "list", "--status", "pending"]).output
    assert run(cli, ["submissions", "approve", "1", "--as", "fr"]).exit_code == 1  # not operator
    approved = run(cli, ["submissions", "approve", str(submission["id"])])
    assert approved.exit_code == 0, approved.output
    assert run(cli, ["submissions", "reject", "1", "--reason", "x"]).exit_code == 1
    assert run(cli, ["tokens", "revoke", "1"]).exit_code == 0
    assert run(cli, ["accounts", "disable", "fr"]).exit_code == 0
    assert "(disabled)" in run(cli, ["accounts", "list"]).output
    assert run(cli, ["accounts", "disable", "nobody"]).exit_code == 1


def test_a_crawled_release_is_not_taken_over(store: Store, agency: dict, tmp_path: Path) -> None:
    crawled = record("https://customs.example/press/watches")
    store.upsert_article(crawled)
    fields = dict(FIELDS, original_url=crawled["url"])
    submission, _ = submit(store, agency, "k1", fields)
    with pytest.raises(SubmissionError, match="already published"):
        approve(store, submission["id"], "op")
    assert get_submission(store, submission["id"])["status"] == "pending"


def test_approving_while_a_crawl_syncs_the_index_loses_nothing(
    store: Store, agency: dict, tmp_path: Path
) -> None:
    ids = [submit(store, agency, f"k{n}", dict(FIELDS))[0]["id"] for n in range(5)]
    index_dir = tmp_path / "index"

    def crawl() -> None:
        with Store(store.path) as own:
            for n in range(20):
                own.upsert_article(record(f"https://agency.example/press/{n}"))
                open_index(index_dir).sync(own)

    def moderate() -> None:
        with Store(store.path) as own:
            for sid in ids:
                approve_and_index(own, index_dir, sid, "op")

    threads = [threading.Thread(target=crawl), threading.Thread(target=moderate)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    index = open_index(index_dir)
    assert index.search(SearchQuery(text="decomiso")).total == 20
    assert index.search(SearchQuery(text="watches")).total == 5
    assert len(list_submissions(store, status="approved")) == 5
