"""The case-grouping command: rebuild every case, fill the missing ones, explain a pair."""

from __future__ import annotations

import json
import sqlite3
import time

import click

from fakefree.cli.base import _setup, cli
from fakefree.settings import load_settings


@cli.command("cases")
@click.option("--rebuild", is_flag=True, help="Group every published release again from scratch.")
@click.option("--fill", is_flag=True, help="Group the published releases that have no case yet.")
@click.option(
    "--explain",
    nargs=2,
    type=int,
    metavar="A B",
    help="Why releases A and B are (or are not) in one case.",
)
def cases_command(rebuild: bool, fill: bool, explain: tuple[int, int] | None) -> None:
    """Group the releases about one case (across agencies, languages and time).

    Without an option, print how many cases and releases there are and the cases' sizes."""
    from fakefree.index import cases
    from fakefree.index.case_view import case_totals, size_histogram
    from fakefree.index.case_view import explain as explain_pair
    from fakefree.index.store import Store

    settings = load_settings()
    _setup(settings)
    with Store(settings.db_path) as store:
        if rebuild:
            started = time.perf_counter()
            done = cases.rebuild(lambda: _connect(store), progress=_progress)
            click.echo(f"grouped {done} releases in {time.perf_counter() - started:.1f}s")
        if fill:
            click.echo(f"{cases.fill_store(store.transaction)} releases brought up to date")
        if explain:
            click.echo(json.dumps(explain_pair(store.db, *explain), indent=2, ensure_ascii=False))
            return
        found, releases = case_totals(store.db)
        sizes = ", ".join(f"{n}×{size}" for size, n in sorted(size_histogram(store.db).items()))
        click.echo(f"{found} cases for {releases} published releases (cases × size: {sizes})")


def _connect(store: object) -> sqlite3.Connection:
    db = sqlite3.connect(store.path, timeout=60, isolation_level=None)  # type: ignore[attr-defined]
    db.execute("PRAGMA busy_timeout=60000")
    return db


def _progress(done: int) -> None:
    if done % 10_000 == 0:
        click.echo(f"  {done:,} releases grouped")
