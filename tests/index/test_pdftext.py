"""Releases published as PDF: their text is extracted; a broken, encrypted or image-only PDF is
a clear error (IngestError at ingest), never a crash."""

from __future__ import annotations

import json

import pytest

from fakefree.index.documents import RawDocument
from fakefree.index.ingest import IngestError, build_record
from fakefree.index.pdftext import PdfError, is_pdf, pdf_text
from tests.crawler.pdfs import RELEASE_LINES, encrypt, make_pdf
from tests.index.conftest import SOURCE

PDF = make_pdf(RELEASE_LINES)


def test_text_comes_out_with_its_accents() -> None:
    text = pdf_text(PDF)
    assert text.splitlines()[0] == "Communiqué : saisie de contrefaçons au port de Montréal"
    assert "marques déposées" in text


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (encrypt(PDF), "encrypted"),
        (PDF[: len(PDF) // 2], "unreadable"),
        (b"%PDF-1.4\n" + b"\x00garbage" * 40, "unreadable"),
        (b"<html><body>Not found</body></html>", "not a PDF"),
        (make_pdf([]), "no text layer"),
    ],
    ids=["encrypted", "truncated", "garbage", "html", "image-only"],
)
def test_bad_pdfs_are_clear_errors(data: bytes, reason: str) -> None:
    with pytest.raises(PdfError, match=reason):
        pdf_text(data)


def test_is_pdf() -> None:
    assert is_pdf("application/pdf; qs=0.9", "https://a.example/x", b"")
    assert is_pdf("application/octet-stream", "https://a.example/x", PDF)
    assert is_pdf("", "https://a.example/comunicados/boletin-12.PDF", b"")
    assert not is_pdf("text/html", "https://a.example/x.pdf", b"<html></html>")


def test_ingest_reads_the_pdf() -> None:
    raw = RawDocument("https://agency.example/c-12.pdf", SOURCE.id, "Saisie à Montréal", pdf=PDF)
    record = build_record(SOURCE, raw)
    assert record["language"] == "fr"
    assert "4 200 montres et sacs contrefaits" in record["body_text"]
    assert record["body_html"].startswith("<p>Communiqué : saisie")


def test_ingest_refuses_a_broken_pdf_clearly() -> None:
    raw = RawDocument("https://agency.example/c-13.pdf", SOURCE.id, "Saisie", pdf=encrypt(PDF))
    with pytest.raises(IngestError, match="c-13.pdf: the PDF is encrypted"):
        build_record(SOURCE, raw)


def test_pdf_travels_as_json() -> None:
    raw = RawDocument("https://agency.example/c-12.pdf", SOURCE.id, "Saisie", pdf=PDF)
    again = RawDocument.from_dict(json.loads(json.dumps(raw.to_dict())))
    assert again == raw
    assert RawDocument.from_dict(RawDocument("u", "s", "t").to_dict()).pdf == b""
