"""The `fakefree` command: up, serve, worker, crawl, reindex, sources, mirror (run.py);
classify, evaluate, reclassify (classifier.py); accounts, tokens, submissions (agencies.py);
cases (cases.py)."""

from __future__ import annotations

from fakefree.cli import agencies, cases, classifier, run  # noqa: F401 (each registers its commands)
from fakefree.cli.base import cli


def main() -> None:
    cli()
