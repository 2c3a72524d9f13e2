"""The `fakefree` command: up, serve, worker, crawl, reindex, sources, mirror."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import click

from fakefree.catalogue import Source, load_sources
from fakefree.settings import Settings, load_settings

log = logging.getLogger("fakefree")


def _setup(settings: Settings) -> tuple[Source, ...]:
    """Logging, the data directory, and the catalogue mirrored into the store."""
    from fakefree.index.store import Store

    logging.basicConfig(
        level=getattr(logging, settings.log_level, logging.INFO),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    sources = load_sources(settings.config_dir / "sources.toml")
    with Store(settings.db_path) as store:
        store.sync_sources(sources)
    return sources


def _gunicorn_argv(settings: Settings) -> list[str]:
    return [
        sys.executable, "-m", "gunicorn",
        "--workers", str(settings.web_workers),
        "--bind", f"{settings.host}:{settings.port}",
        "--access-logfile", "-",
        "--timeout", "60",
        "fakefree.site:create_app()",
    ]  # fmt: skip


@click.group()
def cli() -> None:
    """Fake Free: IP-enforcement press releases from agencies around the world."""


@cli.command()
@click.option("--port", type=int, help="Port for the web server (default: PORT).")
@click.option("--no-worker", is_flag=True, help="Serve the site without crawling.")
def up(port: int | None, no_worker: bool) -> None:
    """Run a whole local instance: web server and crawl worker on one data directory."""
    settings = load_settings()
    if port:
        settings = settings.replace(port=port)
    sources = _setup(settings)
    from fakefree.index.fulltext import open_index

    open_index(settings.index_dir)  # created once here, before several web workers race for it
    env = {**os.environ, "FAKEFREE_DATA_DIR": str(settings.data_dir), "PORT": str(settings.port)}
    procs = [subprocess.Popen(_gunicorn_argv(settings), env=env)]
    if not no_worker:
        procs.append(subprocess.Popen([sys.executable, "-m", "fakefree.cli", "worker"], env=env))
    enabled = sum(s.enabled for s in sources)
    click.echo(
        f"Fake Free is running at http://{settings.host}:{settings.port}/ — data in "
        f"{settings.data_dir}; {enabled} sources {'scheduled' if not no_worker else 'not crawled'}."
        " Source health: /sources or `fakefree sources`. Ctrl-C stops."
    )
    sys.exit(_supervise(procs))


def _supervise(procs: list[subprocess.Popen]) -> int:
    """Wait until a signal or until one child ends; then stop them all."""
    stopping = []
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda signum, _f: stopping.append(signum))
    code = 0
    while not stopping:
        ended = [p for p in procs if p.poll() is not None]
        if ended:
            code = ended[0].returncode or 1
            click.echo(f"a process of the instance ended (exit {ended[0].returncode}); stopping")
            break
        time.sleep(0.5)
    for p in procs:
        if p.poll() is None:
            p.terminate()
    for p in procs:
        try:
            p.wait(timeout=15)
        except subprocess.TimeoutExpired:
            p.kill()
    return code


@cli.command()
@click.option("--port", type=int, help="Port (default: PORT).")
def serve(port: int | None) -> None:
    """Run the web server (gunicorn) alone."""
    settings = load_settings()
    if port:
        settings = settings.replace(port=port)
    _setup(settings)
    argv = _gunicorn_argv(settings)
    os.execv(argv[0], argv)


@cli.command()
def worker() -> None:
    """Run the crawl scheduler alone (one per data directory)."""
    from fakefree.crawler.worker import WorkerAlreadyRunning, run_worker

    settings = load_settings()
    _setup(settings)
    try:
        run_worker(settings)
    except WorkerAlreadyRunning as exc:
        raise click.ClickException(str(exc)) from exc


@cli.command()
@click.argument("source_ids", nargs=-1)
def crawl(source_ids: tuple[str, ...]) -> None:
    """Crawl the given sources now (default: every enabled source). Exit 1 if any failed."""
    from fakefree.crawler.run import run_source

    settings = load_settings()
    sources = _setup(settings)
    by_id = {s.id: s for s in sources}
    unknown = [i for i in source_ids if i not in by_id]
    if unknown:
        raise click.BadParameter(f"unknown source(s): {', '.join(unknown)}; see `fakefree sources`")
    chosen = [by_id[i] for i in source_ids] if source_ids else [s for s in sources if s.enabled]
    failed = 0
    for source in chosen:
        out = run_source(source, settings)
        if out.skipped:
            click.echo(f"{source.id}: skipped, a crawl of it is already under way")
        elif out.ok:
            click.echo(f"{source.id}: ok, {out.found} found, {out.new} new, {out.updated} updated")
        else:
            failed += 1
            click.echo(f"{source.id}: FAILED ({out.error_kind}) {out.error_message}")
    if failed:
        sys.exit(1)


@cli.command()
def reindex() -> None:
    """Rebuild the full-text index from the store."""
    from fakefree.index.fulltext import open_index
    from fakefree.index.store import Store

    settings = load_settings()
    _setup(settings)
    with Store(settings.db_path) as store:
        count = open_index(settings.index_dir).rebuild(store)
    click.echo(f"reindexed {count} articles into {settings.index_dir}")


@cli.command()
def sources() -> None:
    """Print every source with its health; persistent failures are flagged."""
    from fakefree.index.store import Store

    settings = load_settings()
    _setup(settings)
    with Store(settings.db_path) as store:
        rows = store.source_health()
    header = ("source", "jur", "reader", "state", "last success", "last error", "fails",
              "found", "new", "published")  # fmt: skip
    table = [header] + [
        (
            r["id"], r["jurisdiction"], r["reader"], _state(r), r["last_success_at"] or "never",
            r["last_error_kind"] or "-", str(r["consecutive_failures"]), str(r["items_found"]),
            str(r["items_new"]), str(r["published"]),
        )
        for r in rows
    ]  # fmt: skip
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    for row in table:
        click.echo("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
    for r in rows:
        if r["consecutive_failures"]:
            click.echo(f"! {r['id']}: {r['last_error_kind']}: {r['last_error_message']}")
    _echo_persistent(rows)


def _state(row: dict) -> str:
    """One word for a source's health: off, new (never crawled), ok, failing, PERSISTENT."""
    if not row["enabled"]:
        return "off"
    if row["consecutive_failures"]:
        return "PERSISTENT" if row["persistent_failure"] else "failing"
    return "ok" if row["last_success_at"] else "new"


def _echo_persistent(rows: list[dict]) -> None:
    persistent = [r for r in rows if r["enabled"] and r["persistent_failure"]]
    for r in persistent:
        click.echo(f"!! {r['id']}: PERSISTENT FAILURE: {r['consecutive_failures']} failures in a"
                   f" row since {r['failing_since']}")  # fmt: skip
    if persistent:
        enabled = sum(1 for r in rows if r["enabled"])
        click.echo(f"{len(persistent)} of {enabled} enabled sources fail persistently")


@cli.command()
@click.argument("root", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--port", type=int, default=8001, show_default=True)
def mirror(root: Path, port: int) -> None:
    """Serve a local mirror of agencies' sites from ROOT/HOST/PATH (see README)."""
    from fakefree.crawler.mirror import serve_mirror

    server = serve_mirror(root, port=port)
    click.echo(f"mirror of {root} on http://127.0.0.1:{server.server_port} — "
               f"set FAKEFREE_MIRROR=http://127.0.0.1:{server.server_port}")  # fmt: skip
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        server.shutdown()


# --- classification: classify, evaluate, reclassify ------------------------------------------


@cli.command("classify")
def classify_command() -> None:
    """Classify releases read as JSON lines on stdin (title, text or html; optionally url,
    language, source or jurisdiction); print one JSON line each, on the ingest code path."""
    import json

    from fakefree.index.release_json import analyse_lines

    settings = load_settings()
    sources = {s.id: s for s in load_sources(settings.config_dir / "sources.toml")}
    failed = 0
    for result in analyse_lines(sys.stdin, sources):
        failed += "error" in result
        click.echo(json.dumps(result, ensure_ascii=False))
    if failed:
        sys.exit(1)


@cli.command("evaluate")
@click.option(
    "--set",
    "path",
    type=click.Path(exists=True, path_type=Path),
    help="A labelled set: a .toml or .jsonl file, or a folder (default: the dev set).",
)
@click.option(
    "--detail",
    type=click.Choice(("all", "tuning", "held-out")),
    default="all",
    show_default=True,
    help="The slice whose per-label figures are printed.",
)
@click.option(
    "--errors", is_flag=True, help="Also list every release that differs from its labels."
)
@click.option("--check", is_flag=True, help="Exit 1 when a figure is below its acceptance floor.")
def evaluate_command(path: Path | None, detail: str, errors: bool, check: bool) -> None:
    """Measure the classifier on labelled releases: per-label precision, recall and F1."""
    from fakefree.index.evaluate import ACCEPTANCE, evaluate, format_report
    from fakefree.index.labelled import LabelledSetError, default_set, load_labelled

    try:
        releases = load_labelled(path or default_set())
    except LabelledSetError as exc:
        raise click.ClickException(str(exc)) from exc
    scores, differences = evaluate(releases)
    click.echo(f"{len(releases)} labelled releases from {path or default_set()}\n")
    click.echo(format_report(scores, detail))
    for line in differences if errors else ():
        click.echo(line)
    summary = scores["all"].summary()
    if check and any(summary[name] < floor for name, floor in ACCEPTANCE.items()):
        sys.exit(1)


@cli.command()
def reclassify() -> None:
    """Classify every stored release again (after a taxonomy change) and update the index."""
    from fakefree.index.fulltext import open_index
    from fakefree.index.reclassify import reclassify_store
    from fakefree.index.store import Store

    settings = load_settings()
    _setup(settings)
    with Store(settings.db_path) as store:
        done = reclassify_store(store)
        indexed = open_index(settings.index_dir).sync(store)
    click.echo(
        f"reclassified {done.articles} articles: {done.changed} changed, relevant"
        f" {done.relevant_before} → {done.relevant_after}; {indexed} index updates"
    )


# --- agencies' submissions (issue 7) ----------------------------------------------------------


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


def main() -> None:
    cli()


if __name__ == "__main__":
    main()
