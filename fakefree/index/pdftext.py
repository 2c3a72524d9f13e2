"""The text of a release published as a PDF (pypdf), or a clear PdfError: never a crash.

Some agencies publish their releases as PDF files only. `pdf_text` returns the text of the first
MAX_PAGES pages, one line per text line; a broken file, an encrypted one we cannot open, or one
without a text layer (a scan) raises PdfError with the reason.
"""

from __future__ import annotations

import io
import logging
from urllib.parse import urlsplit

from pypdf import PdfReader
from pypdf.errors import PyPdfError

MAX_PAGES = 50
PDF_MAGIC = b"%PDF-"

# pypdf reports every oddity of a damaged file on its logger; the outcome is what matters here.
logging.getLogger("pypdf").setLevel(logging.ERROR)


class PdfError(ValueError):
    """The PDF cannot give its text; the message says why."""


def is_pdf(content_type: str, url: str, body: bytes) -> bool:
    """Whether an answer (or, with an empty body, a link) is a PDF document."""
    if content_type.split(";")[0].strip().lower() == "application/pdf":
        return True
    if body.lstrip()[:5] == PDF_MAGIC:
        return True
    return not body and urlsplit(url).path.lower().endswith(".pdf")


def _open(data: bytes) -> PdfReader:
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise PdfError("the PDF is encrypted with a password")
        return reader
    except PdfError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, OSError, NotImplementedError) as exc:
        raise PdfError(f"unreadable PDF ({type(exc).__name__}: {exc})") from exc


def pdf_text(data: bytes) -> str:
    """The text of a PDF's first MAX_PAGES pages. Raises PdfError."""
    if not data.lstrip().startswith(PDF_MAGIC):
        raise PdfError("not a PDF (no %PDF- header)")
    reader = _open(data)
    pages = []
    try:
        for page in reader.pages[:MAX_PAGES]:
            pages.append(page.extract_text() or "")
    except Exception as exc:  # pypdf raises many kinds on damaged content streams
        raise PdfError(f"unreadable PDF page ({type(exc).__name__}: {exc})") from exc
    text = "\n".join(pages).strip()
    if not text:
        raise PdfError("the PDF has no text layer (a scanned image?)")
    return text
