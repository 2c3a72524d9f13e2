"""Running an instance: up, serve, worker, crawl, reindex, sources, mirror."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import click

from fakefree.cli.base import _setup, cli
from fakefree.settings import Settings, load_settings


def _gunicorn_argv(settings: Settings) -> list[str]:
    return [
        sys.executable, "-m", "gunicorn",
        "--workers", str(settings.web_workers),
        "--bind", f"{settings.host}:{settings.port}",
        "--access-logfile", "-",
        "--timeout", "60",
        "fakefree.site:create_app()",
    ]  # fmt: skip


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
    _fill_cases(settings)
    try:
        run_worker(settings)
    except WorkerAlreadyRunning as exc:
        raise click.ClickException(str(exc)) from exc


def _fill_cases(settings: Settings) -> None:
    """Group the releases left without a case (a store from before case grouping, issue 8)."""
    from fakefree.index.cases import fill_store
    from fakefree.index.store import Store

    with Store(settings.db_path) as store:
        fill_store(store.transaction)


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
