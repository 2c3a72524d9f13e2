"""Which of English, French and Spanish a release is written in.

langdetect is unreliable on short texts ("contrefaçon Paris" came out pt) and slow on long ones,
so it reads a bounded prefix of the body, its answer is restricted to en/fr/es, and the source's
declared language decides short or uncertain texts. It is seeded, so results are repeatable.
"""

from __future__ import annotations

import threading

from langdetect import DetectorFactory, detect_langs
from langdetect.lang_detect_exception import LangDetectException

LANGUAGES = ("en", "fr", "es")
PREFIX_CHARS = 1500
MIN_CHARS = 120  # below this, a declared language wins outright
MIN_PROBABILITY = 0.80

DetectorFactory.seed = 0
_lock = threading.Lock()  # langdetect's factory is a shared global


def detect_language(text: str, declared: str | None = None) -> str:
    """The language code of `text`, one of LANGUAGES; `declared` breaks ties and short texts."""
    sample = " ".join(text[:PREFIX_CHARS].split())
    if declared in LANGUAGES and len(sample) < MIN_CHARS:
        return declared
    try:
        with _lock:
            ranked = detect_langs(sample) if sample else []
    except LangDetectException:
        ranked = []
    best = next((c for c in ranked if c.lang in LANGUAGES), None)
    if best is None:
        return declared if declared in LANGUAGES else "en"
    if declared in LANGUAGES and best.lang != declared and best.prob < MIN_PROBABILITY:
        return declared
    return best.lang
