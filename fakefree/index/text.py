"""Clean text from HTML, and short summaries."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup

_DROP = ("script", "style", "noscript", "template", "nav", "header", "footer", "form", "svg",
         "iframe", "object", "embed")  # fmt: skip
_BLOCKS = ("p", "div", "li", "br", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "blockquote",
           "section", "article", "table", "ul", "ol", "dd", "dt")  # fmt: skip
_SPACES = re.compile(r"[ \t\u00a0\u200b]+")
_BREAKS = re.compile(r"\s*\n\s*")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def html_to_text(html: str) -> str:
    """Readable text of an HTML fragment or page: one paragraph a line, no markup."""
    if not html:
        return ""
    soup = BeautifulSoup(html, "lxml")
    for tag in soup(_DROP):
        tag.decompose()
    for tag in soup.find_all(_BLOCKS):
        tag.insert_before("\n")
        tag.insert_after("\n")
    return normalize_space(soup.get_text())


def normalize_space(text: str) -> str:
    """Collapse runs of spaces; keep single line breaks between paragraphs."""
    text = _SPACES.sub(" ", text.replace("\r", "\n"))
    return _BREAKS.sub("\n", text).strip()


def one_line(text: str) -> str:
    """Text on a single line (titles), markup removed."""
    if "<" in text:
        text = BeautifulSoup(text, "lxml").get_text(" ")
    return " ".join(text.split())


def summarize(text: str, limit: int = 300) -> str:
    """The first sentences of a text, up to about `limit` characters, cut on a word."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    out = ""
    for sentence in _SENTENCE_END.split(text):
        if out and len(out) + len(sentence) + 1 > limit:
            return out
        out = f"{out} {sentence}".strip()
        if len(out) > limit:
            break
    return out[:limit].rsplit(" ", 1)[0] + "…"
