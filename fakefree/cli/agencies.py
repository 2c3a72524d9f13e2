"""Agencies' accounts, API tokens and the moderation of their submissions."""

from __future__ import annotations

import sys
from typing import Any

import click

from fakefree.cli.base import cli
from fakefree.settings import load_settings


def _store_for_commands() -> Any:
    from fakefree.index.store import Store

    settings = load_settings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    return Store(settings.db_path)


@cli.group()
def accounts() -> None:
    """Agency and operator accounts."""


@accounts.command("create")
@click.argument("username")
@click.option("--agency", required=True, help="The agency's name, as shown on its releases.")
@click.option("--jurisdiction", required=True, help="ISO 3166-1 alpha-2 code (or EU, INT).")
@click.option("--operator", is_flag=True, help="An operator (moderates) rather than an agency.")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def accounts_create(
    username: str, agency: str, jurisdiction: str, operator: bool, password_stdin: bool
) -> None:
    """Create an account; the password is asked for (or read from stdin)."""
    from fakefree.index.submissions import SubmissionError, create_account

    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    role = "operator" if operator else "agency"
    with _store_for_commands() as store:
        try:
            account_id = create_account(store, username, agency, jurisdiction, password, role)
        except SubmissionError as exc:
            raise click.ClickException(str(exc)) from exc
    click.echo(f"created {role} account {account_id}: {username} ({agency}, {jurisdiction})")


@accounts.command("list")
def accounts_list() -> None:
    """Every account: id, username, role, agency, jurisdiction."""
    from fakefree.index.submissions import list_accounts

    with _store_for_commands() as store:
        for a in list_accounts(store):
            state = " (disabled)" if a["disabled"] else ""
            click.echo(
                f"{a['id']}\t{a['username']}\t{a['role']}\t{a['agency']}\t{a['jurisdiction']}{state}"
            )


@accounts.command("disable")
@click.argument("username")
@click.option("--enable", is_flag=True, help="Enable the account again instead.")
def accounts_disable(username: str, enable: bool) -> None:
    """Disable an account: no sign-in, no API token works, open sessions end."""
    from fakefree.index.accounts import set_disabled
    from fakefree.index.submissions import get_account

    with _store_for_commands() as store:
        account = get_account(store, username=username)
        if account is None:
            raise click.ClickException(f"no account {username!r}")
        set_disabled(store, account["id"], not enable, "cli")
    click.echo(f"{'enabled' if enable else 'disabled'} account {username}")


@cli.group()
def tokens() -> None:
    """API tokens of accounts."""


@tokens.command("create")
@click.argument("username")
@click.option("--days", type=click.IntRange(min=1), help="Expire after this many days.")
@click.option("--label", default="", help="A note on what the token is for.")
def tokens_create(username: str, days: int | None, label: str) -> None:
    """Create a token and print it: it is shown this once and stored only hashed."""
    from fakefree.index.submissions import SubmissionError, create_token

    with _store_for_commands() as store:
        try:
            token_id, token = create_token(store, username, days, label)
        except SubmissionError as exc:
            raise click.ClickException(str(exc)) from exc
    click.echo(f"token {token_id} for {username} (shown once, keep it safe):", err=True)
    click.echo(token)


@tokens.command("revoke")
@click.argument("token_id", type=int)
def tokens_revoke(token_id: int) -> None:
    """Revoke a token at once."""
    from fakefree.index.submissions import revoke_token

    with _store_for_commands() as store:
        if not revoke_token(store, token_id):
            raise click.ClickException(f"no live token {token_id}")
    click.echo(f"revoked token {token_id}")


@cli.group()
def submissions() -> None:
    """Releases submitted by agencies: list, approve, reject."""


@submissions.command("list")
@click.option("--status", type=click.Choice(("pending", "approved", "rejected")))
def submissions_list(status: str | None) -> None:
    """Submissions (all, or of one status): id, status, account, language, title."""
    from fakefree.index.submissions import list_submissions

    with _store_for_commands() as store:
        for s in list_submissions(store, status=status):
            click.echo(
                f"{s['id']}\t{s['status']}\t{s['account_id']}\t{s['language']}\t{s['title']}"
            )


@submissions.command("approve")
@click.argument("submission_id", type=int)
@click.option("--as", "actor", default="cli", help="The operator approving (for the audit log).")
def submissions_approve(submission_id: int, actor: str) -> None:
    """Publish a pending submission through the common ingest, then update the index."""
    from fakefree.index.moderation import approve_and_index
    from fakefree.index.submissions import SubmissionError, get_account

    settings = load_settings()
    with _store_for_commands() as store:
        account = get_account(store, username=actor)
        if actor != "cli" and (account is None or account["role"] != "operator"):
            raise click.ClickException(f"{actor!r} is not an operator account")
        try:
            article_id = approve_and_index(store, settings.index_dir, submission_id, actor)
        except SubmissionError as exc:
            raise click.ClickException(str(exc)) from exc
    click.echo(f"approved submission {submission_id}: article {article_id}")


@submissions.command("reject")
@click.argument("submission_id", type=int)
@click.option("--reason", required=True, help="Why; the agency sees it.")
@click.option("--as", "actor", default="cli", help="The operator rejecting (for the audit log).")
def submissions_reject(submission_id: int, reason: str, actor: str) -> None:
    """Reject a pending submission with a reason."""
    from fakefree.index.submissions import SubmissionError, reject

    with _store_for_commands() as store:
        try:
            reject(store, submission_id, actor, reason)
        except SubmissionError as exc:
            raise click.ClickException(str(exc)) from exc
    click.echo(f"rejected submission {submission_id}")
