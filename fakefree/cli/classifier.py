"""The classifier's commands: classify, evaluate, reclassify."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from fakefree.catalogue import load_sources
from fakefree.cli.base import _setup, cli
from fakefree.settings import load_settings


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
