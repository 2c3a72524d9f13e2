"""How text becomes index terms, in English, French and Spanish, and the index's schema.

Each language has its analyzer (words, lower case, stop words, stemmer, accents folded); the
same analyzer serves indexing, the query parser and the highlighter (index/snippets.py).
"""

from __future__ import annotations

from functools import lru_cache

from whoosh.analysis import CharsetFilter, LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
from whoosh.analysis.tokenizers import default_pattern
from whoosh.fields import DATETIME, ID, KEYWORD, TEXT, Schema
from whoosh.lang import stemmer_for_language
from whoosh.support.charset import accent_map

from fakefree.index.documents import Article

LANGUAGES = ("en", "fr", "es")


FACET_FIELDS = ("countries", "sectors", "ip_types", "actions", "language", "source_id")


MULTI_FIELDS = ("countries", "sectors", "ip_types", "actions")


TEXT_FIELDS = tuple(f"{part}_{lang}" for lang in LANGUAGES for part in ("title", "body"))


BOOSTS = {f: (2.0 if f.startswith("title") else 1.0) for f in TEXT_FIELDS}


WORD_PATTERN = default_pattern  # what the analyzers call a word


def _french_stem(word: str, _stem=stemmer_for_language("fr")) -> str:  # noqa: B008
    """Snowball French after dropping a plural s/x: Snowball alone stems "contrefait" to
    "contref" but "contrefaits" to "contrefait", so singular and plural would not meet."""
    if len(word) > 4 and word[-1] in "sx":
        word = word[:-1]
    return _stem(word)


# Whoosh pickles the schema, and with it this function by module and name: the name indexes on
# disk already use (fakefree.index.fulltext, which re-exports it) stays the one written.
_french_stem.__module__ = "fakefree.index.fulltext"


def _analyzer(lang: str):  # noqa: ANN202 (a Whoosh analyzer chain)
    """Words, lower case, the language's stop words and stemmer, then accents folded."""
    stem = StemFilter(stemfn=_french_stem) if lang == "fr" else StemFilter(lang=lang)
    return (
        RegexTokenizer()
        | LowercaseFilter()
        | StopFilter(lang=lang)
        | stem
        | CharsetFilter(accent_map)
    )


_ANALYZERS = {lang: _analyzer(lang) for lang in LANGUAGES}


def fold(text: str) -> str:
    """Lower case without accents, as the index keeps its terms."""
    return text.lower().translate(accent_map)


@lru_cache(maxsize=65536)
def analyze_word(word: str, lang: str) -> str | None:
    """The index term of one word in `lang` (None for a stop word): what a search matches."""
    terms = [t.text for t in _ANALYZERS.get(lang, _ANALYZERS["en"])(word)]
    return terms[0] if len(terms) == 1 else None


def make_schema() -> Schema:
    text_fields = {
        f"{part}_{lang}": TEXT(analyzer=_analyzer(lang), phrase=True, field_boost=1.0)
        for lang in LANGUAGES
        for part in ("title", "body")
    }
    return Schema(
        id=ID(stored=True, unique=True),
        language=ID,
        source_id=ID,
        published=DATETIME(sortable=True),
        **{name: KEYWORD(commas=True) for name in MULTI_FIELDS},
        **text_fields,
    )


def document(article: Article) -> dict:
    lang = article.language if article.language in LANGUAGES else "en"
    doc = {
        "id": str(article.id),
        "language": lang,
        "source_id": article.source_id,
        f"title_{lang}": article.title,
        f"body_{lang}": f"{article.summary}\n{article.body_text}",
        **{name: ",".join(getattr(article, name)) for name in MULTI_FIELDS},
    }
    if article.published_at is not None:
        doc["published"] = article.published_at.replace(tzinfo=None)
    return doc
