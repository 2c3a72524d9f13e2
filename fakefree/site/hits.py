"""The hits of a search as shown: each article with its title and a snippet of its text marked
where the query's words are (index/snippets.py finds them; here they become safe HTML)."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape

from fakefree.index.documents import Article
from fakefree.index.fulltext import SearchResult
from fakefree.index.snippets import Parts, Wanted, mark, snippet


@dataclass(frozen=True)
class Hit:
    article: Article
    title: Parts  # the whole title, marked
    snippet: Parts  # a marked stretch of the text; empty when the words are not in it


def _wanted(result: SearchResult, part: str, lang: str) -> Wanted:
    return Wanted.of(lang, result.terms.get(f"{part}_{lang}", frozenset()))


def make_hit(article: Article, result: SearchResult) -> Hit:
    """Mark the query's words in the title and in the summary or body (whichever has them)."""
    lang = article.language
    if not result.terms:
        return Hit(article, [(article.title, False)], [])
    body = _wanted(result, "body", lang)
    found = snippet(article.body_text, body) or snippet(article.summary, body)
    return Hit(article, mark(article.title, _wanted(result, "title", lang)), found)


def make_hits(articles: list[Article], result: SearchResult) -> list[Hit]:
    return [make_hit(a, result) for a in articles]


def parts_html(parts: Parts) -> Markup:
    """Escaped text with the marked words in <mark>: stored text never becomes markup."""
    return Markup("").join(
        Markup("<mark>%s</mark>") % text if marked else escape(text) for text, marked in parts
    )
