"""Attached PDFs: judged by their bytes, stored under generated names, never reached by a path
made from what the client sent."""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pytest

from fakefree.index.attachments import (
    AttachmentError,
    attachment_path,
    display_name,
    prune_orphans,
    store_pdf,
)
from tests.crawler.pdfs import RELEASE_LINES, encrypt, make_pdf

PDF = make_pdf(RELEASE_LINES)


@pytest.mark.parametrize(
    ("given", "shown"),
    [
        ("communique.pdf", "communique.pdf"),
        ("Communiqué de presse.PDF", "Communiqué de presse.pdf"),
        ("../../etc/passwd", "passwd.pdf"),
        ("..\\..\\windows\\system32\\x.pdf", "x.pdf"),
        ('a"b<script>.pdf', "a_b_script.pdf"),
        ("/", "attachment.pdf"),
        ("....pdf", "pdf.pdf"),
        (".htaccess", "htaccess.pdf"),
        ("line\nbreak\r\x00.pdf", "line_break.pdf"),
        ("x" * 300 + ".pdf", "x" * 100 + ".pdf"),
    ],
)
def test_display_names_are_harmless(given: str, shown: str) -> None:
    assert display_name(given) == shown


def test_a_pdf_is_stored_under_a_generated_name(tmp_path: Path) -> None:
    fields = store_pdf(tmp_path, PDF, "../../../../tmp/evil.pdf", 1_000_000)
    assert re.fullmatch(r"[0-9a-f]{32}\.pdf", fields["attachment_file"])
    assert fields["attachment_name"] == "evil.pdf" and fields["attachment_bytes"] == len(PDF)
    assert "contrefaçons" in fields["attachment_text"]
    assert [p.name for p in (tmp_path / "attachments").iterdir()] == [fields["attachment_file"]]
    assert attachment_path(tmp_path, fields["attachment_file"]).read_bytes() == PDF


@pytest.mark.parametrize(
    "name",
    ["../secret_key", "../fakefree.sqlite3", "/etc/passwd", "", "x.pdf",
     "0123456789abcdef0123456789abcdef.pdf\n", "0123456789ABCDEF0123456789ABCDEF.pdf"],
)  # fmt: skip
def test_only_generated_names_lead_to_a_file(tmp_path: Path, name: str) -> None:
    (tmp_path / "secret_key").write_text("not for anyone")
    assert attachment_path(tmp_path, name) is None


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (PDF, "too_large"),
        (b"GIF89a...", "not_pdf"),
        (b" %PDF-1.4 but leading space", "not_pdf"),
        (make_pdf([]), "no_text"),
        (encrypt(PDF), "unreadable"),
        (PDF[: len(PDF) // 2], "unreadable"),
    ],
)
def test_refused_pdfs_say_why_and_leave_nothing(tmp_path: Path, data: bytes, code: str) -> None:
    limit = len(PDF) - 1 if code == "too_large" else 1_000_000
    with pytest.raises(AttachmentError) as refused:
        store_pdf(tmp_path, data, "x.pdf", limit)
    assert refused.value.code == code
    assert not (tmp_path / "attachments").exists()


def test_only_old_unreferenced_uploads_are_pruned(tmp_path: Path) -> None:
    kept = store_pdf(tmp_path, PDF, "sent.pdf", 1_000_000)["attachment_file"]
    orphan = store_pdf(tmp_path, PDF, "never-sent.pdf", 1_000_000)["attachment_file"]
    fresh = store_pdf(tmp_path, PDF, "just-previewed.pdf", 1_000_000)["attachment_file"]
    stranger = tmp_path / "attachments" / "notes.txt"
    stranger.write_text("not ours to delete")
    old = time.time() - 3 * 86400
    for name in (kept, orphan, "notes.txt"):
        os.utime(tmp_path / "attachments" / name, (old, old))
    assert prune_orphans(tmp_path, {kept}, 2 * 86400, time.time()) == 1
    left = {p.name for p in (tmp_path / "attachments").iterdir()}
    assert left == {kept, fresh, "notes.txt"}
