"""Measure case grouping on a fixture set: pairwise precision and recall, and cross-language pairs.

    python -m fakefree.index.case_eval tests/fixtures/cases [--errors]

The set is a folder of TOML files, one per case (see tests/fixtures/cases/README.md). Every
release goes through the real ingest path (text, language, classification, store), which
groups it as it is stored, on a temporary store; then the cases found are compared with the
files. Pairwise: a pair of releases is in one case in the files and/or in the store.
"""

from __future__ import annotations

import argparse
import itertools
import tempfile
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from fakefree.catalogue import Source, load_sources
from fakefree.index.documents import RawDocument
from fakefree.index.ingest import ingest_document
from fakefree.index.store import Store
from fakefree.index.urls import canonical_url
from fakefree.settings import REPO_ROOT

ACCEPTANCE = {"precision": 0.95, "recall": 0.90}


@dataclass(frozen=True)
class FixtureRelease:
    key: str  # file stem / release id
    case: str
    kind: str
    source: str
    language: str
    published: str
    title: str
    text: str

    @property
    def url(self) -> str:
        return f"https://cases.example/{self.key}"


def _text(release: dict, by_id: dict[str, dict]) -> tuple[str, str]:
    if "based_on" not in release:
        return release["title"], release["text"]
    title, text = _text(by_id[release["based_on"]], by_id)
    for old, new in release.get("replace", []):
        if old not in text and old not in title:
            raise ValueError(f"{release['id']}: {old!r} is not in the text it edits")
        title, text = title.replace(old, new), text.replace(old, new)
    return title, release.get("prepend", "") + text + release.get("append", "")


def load_fixtures(folder: Path) -> list[FixtureRelease]:
    """Every release of every case file in `folder`."""
    releases = []
    for path in sorted(folder.glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        by_id = {r["id"]: r for r in data["release"]}
        for raw in data["release"]:
            title, text = _text(raw, by_id)
            releases.append(
                FixtureRelease(
                    key=f"{path.stem}/{raw['id']}",
                    case=data["case"],
                    kind=data.get("kind", ""),
                    source=raw["source"],
                    language=raw["language"],
                    published=raw["published"],
                    title=title,
                    text=text,
                )
            )
    return releases


@dataclass
class Report:
    releases: int
    cases: int
    decoys: int
    true_pairs: int
    found_pairs: int
    right_pairs: int
    language_pairs: int
    language_pairs_joined: int
    unpublished: list[str] = field(default_factory=list)
    false_joins: list[tuple[str, str]] = field(default_factory=list)
    missed: list[tuple[str, str]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.right_pairs / self.found_pairs if self.found_pairs else 1.0

    @property
    def recall(self) -> float:
        return self.right_pairs / self.true_pairs if self.true_pairs else 1.0

    def passes(self) -> bool:
        return (
            self.precision >= ACCEPTANCE["precision"]
            and self.recall >= ACCEPTANCE["recall"]
            and self.language_pairs_joined == self.language_pairs
        )


def group_fixtures(releases: list[FixtureRelease], data_dir: Path) -> dict[str, int | None]:
    """Ingest every release into a new store under `data_dir`; release key -> case id found."""
    catalogue = {s.id: s for s in load_sources(REPO_ROOT / "config" / "sources.toml")}
    with Store(data_dir / "cases.sqlite3") as store:
        store.sync_sources(catalogue.values())
        for release in sorted(releases, key=lambda r: (r.published, r.key)):
            ingest_document(store, _source(catalogue, release), _raw(release))
        rows = store.db.execute(
            "SELECT a.url, m.case_id FROM articles a LEFT JOIN case_members m"
            " ON m.article_id = a.id"
        ).fetchall()
    found = {url: case for url, case in rows}
    return {r.key: found.get(canonical_url(r.url)) for r in releases}


def _source(catalogue: dict[str, Source], release: FixtureRelease) -> Source:
    return catalogue[release.source]


def _raw(release: FixtureRelease) -> RawDocument:
    return RawDocument(
        url=release.url,
        source_id=release.source,
        title=release.title,
        text=release.text,
        published=release.published,
        language=release.language,
    )


def evaluate_grouping(releases: list[FixtureRelease], found: dict[str, int | None]) -> Report:
    """Pairwise figures of the cases `found` against the fixture files."""
    right = found_n = true_n = lang_n = lang_ok = 0
    false_joins, missed = [], []
    for a, b in itertools.combinations(releases, 2):
        same_truth = a.case == b.case
        case_a, case_b = found[a.key], found[b.key]
        same_found = case_a is not None and case_a == case_b
        true_n += same_truth
        found_n += same_found
        right += same_truth and same_found
        if same_found and not same_truth:
            false_joins.append((a.key, b.key))
        if same_truth and not same_found:
            missed.append((a.key, b.key))
        if same_truth and {a.language, b.language} == {"en", "fr"}:
            lang_n += 1
            lang_ok += same_found
    return Report(
        releases=len(releases),
        cases=len({r.case for r in releases if r.kind != "decoy"}),
        decoys=len({r.case for r in releases if r.kind == "decoy"}),
        true_pairs=true_n,
        found_pairs=found_n,
        right_pairs=right,
        language_pairs=lang_n,
        language_pairs_joined=lang_ok,
        unpublished=[key for key, case in found.items() if case is None],
        false_joins=false_joins,
        missed=missed,
    )


def evaluate_folder(folder: Path) -> Report:
    releases = load_fixtures(folder)
    with tempfile.TemporaryDirectory(prefix="fakefree-cases-") as tmp:
        return evaluate_grouping(releases, group_fixtures(releases, Path(tmp)))


def format_report(report: Report, errors: bool = False) -> str:
    lines = [
        f"{report.releases} releases, {report.cases} cases and {report.decoys} decoys",
        f"pairs: {report.true_pairs} true, {report.found_pairs} found, {report.right_pairs} right",
        f"pairwise precision {report.precision:.3f} (floor {ACCEPTANCE['precision']})",
        f"pairwise recall    {report.recall:.3f} (floor {ACCEPTANCE['recall']})",
        f"English/French pairs grouped: {report.language_pairs_joined}/{report.language_pairs}",
        f"not published (no case): {len(report.unpublished)}",
    ]
    if errors:
        lines += [f"  unpublished {key}" for key in report.unpublished]
        lines += [f"  FALSE JOIN {a} + {b}" for a, b in report.false_joins]
        lines += [f"  MISSED     {a} + {b}" for a, b in report.missed]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, nargs="?", default=REPO_ROOT / "tests/fixtures/cases")
    parser.add_argument("--errors", action="store_true", help="list false joins and misses")
    args = parser.parse_args(argv)
    report = evaluate_folder(args.folder)
    print(format_report(report, args.errors))
    return 0 if report.passes() else 1


if __name__ == "__main__":
    raise SystemExit(main())
