"""PDF files agencies attach to a submitted release: checked, their text extracted, kept on disk.

The file is judged by its bytes, never by what the client says: it must start with the %PDF-
magic and pypdf must read text from it (pdftext.py). It is stored under the data directory as
`attachments/<32 random hex digits>.pdf`; the client's filename is never used as a path, only
kept, reduced to harmless characters, as the name shown and offered on download. Reading a
file back goes through `attachment_path`, which accepts only names of that generated shape.
"""

from __future__ import annotations

import os
import re
import secrets
import tempfile
import unicodedata
from pathlib import Path
from typing import Any

from fakefree.index.pdftext import PDF_MAGIC, PdfError, pdf_text
from fakefree.index.store import Store

FOLDER = "attachments"
MAX_TEXT_CHARS = 200_000
MAX_NAME_CHARS = 100
_STORED_NAME = re.compile(r"^[0-9a-f]{32}\.pdf$")
_UNSAFE_IN_NAME = re.compile(r"[^\w .()-]+")


class AttachmentError(ValueError):
    """A refused attachment. `code`: too_large, not_pdf, no_text or unreadable."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code, self.detail = code, detail


def display_name(filename: str) -> str:
    """The client's filename as harmless text: its last path part, word characters, spaces,
    dots, dashes and brackets only, no leading dots, at most MAX_NAME_CHARS, ending in .pdf."""
    name = unicodedata.normalize("NFKC", filename or "").replace("\\", "/").split("/")[-1]
    name = _UNSAFE_IN_NAME.sub("_", name).strip(" ._")[:MAX_NAME_CHARS]
    stem = name[:-4] if name.lower().endswith(".pdf") else name
    return f"{stem.strip(' ._') or 'attachment'}.pdf"


def check_pdf(data: bytes, max_bytes: int) -> str:
    """The PDF's text; raises AttachmentError (size first, then the magic, then pypdf)."""
    if len(data) > max_bytes:
        raise AttachmentError("too_large", f"{len(data)} bytes, limit {max_bytes}")
    if not data.startswith(PDF_MAGIC):
        raise AttachmentError("not_pdf")
    try:
        return pdf_text(data)[:MAX_TEXT_CHARS]
    except PdfError as exc:
        code = "no_text" if "no text layer" in str(exc) else "unreadable"
        raise AttachmentError(code, str(exc)) from exc


def store_pdf(data_dir: Path, data: bytes, filename: str, max_bytes: int) -> dict[str, Any]:
    """Check and keep a PDF; the submission's attachment fields. Raises AttachmentError."""
    text = check_pdf(data, max_bytes)
    folder = data_dir / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    stored = f"{secrets.token_hex(16)}.pdf"
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".upload-")
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    os.replace(tmp, folder / stored)  # a file appears whole or not at all
    return {
        "attachment_file": stored,
        "attachment_name": display_name(filename),
        "attachment_bytes": len(data),
        "attachment_text": text,
    }


def attachment_path(data_dir: Path, stored: str) -> Path | None:
    """The path of a stored attachment, or None for any name this module did not generate."""
    if not _STORED_NAME.fullmatch(stored or ""):
        return None
    path = data_dir / FOLDER / stored
    return path if path.is_file() else None


def prune_orphans(data_dir: Path, referenced: set[str], older_than: float, now: float) -> int:
    """Delete stored PDFs that no submission names and that are older than `older_than`
    seconds (previews never sent; a draft lives a day, so give it more); how many went."""
    folder, removed = data_dir / FOLDER, 0
    if not folder.is_dir():
        return 0
    for path in folder.iterdir():
        ours = _STORED_NAME.fullmatch(path.name) or path.name.startswith(".upload-")
        if ours and path.name not in referenced and now - path.stat().st_mtime > older_than:
            path.unlink(missing_ok=True)
            removed += 1
    return removed


def referenced_files(store: Store) -> set[str]:
    """The stored names of every submission's attachment."""
    rows = store.db.execute("SELECT attachment_file FROM submissions WHERE attachment_file != ''")
    return {row[0] for row in rows}
