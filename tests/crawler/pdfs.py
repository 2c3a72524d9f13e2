"""Small real PDF files for the tests, written here byte by byte (one page, Helvetica text in
WinAnsiEncoding, so French and Spanish accents survive), and an encrypted copy made by pypdf."""

from __future__ import annotations

import io

from pypdf import PdfReader, PdfWriter


def _pdf_string(line: str) -> str:
    """A PDF literal string for one line of text, in WinAnsi (cp1252) bytes."""
    out = []
    for byte in line.encode("cp1252"):
        char = chr(byte)
        if char in "()\\":
            out.append("\\" + char)
        elif 32 <= byte < 127:
            out.append(char)
        else:
            out.append(f"\\{byte:03o}")
    return "(" + "".join(out) + ")"


def make_pdf(lines: list[str]) -> bytes:
    """A one-page PDF showing `lines`, with a correct cross-reference table."""
    ops = ["BT", "/F1 11 Tf", "72 740 Td", "14 TL"]
    ops += [f"{_pdf_string(line)} Tj T*" for line in lines] + ["ET"]
    stream = "\n".join(ops).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792]"
        b" /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def encrypt(pdf: bytes, password: str = "only-for-the-agency") -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.encrypt(user_password=password, algorithm="AES-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


RELEASE_LINES = [
    "Communiqué : saisie de contrefaçons au port de Montréal",
    "Les agents ont retenu 4 200 montres et sacs contrefaits destinés à des boutiques.",
    "La marchandise portait des marques déposées sans l'autorisation des titulaires.",
]
