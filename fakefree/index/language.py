"""Which of English, French and Spanish a release is written in.

Most releases say so plainly in their function words ("the", "of", "was"; "les", "des", "été";
"los", "del", "fue"): a count of those in the first PREFIX_CHARS characters decides when one
language has many and the others few, in about 0.1 ms. Anything less clear (mixed, short, or
listing names) goes to langdetect, which is unreliable on short texts ("contrefaçon Paris" came
out pt) and slow (about 3 ms a release), so it reads the same bounded prefix and knows only the
en/fr/es profiles (the only answers we accept, and 18 times less work per n-gram than all 55).
The source's declared language decides short or uncertain texts. Both steps are deterministic
(langdetect is seeded).
"""

from __future__ import annotations

import re
import threading
from pathlib import Path

from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory
from langdetect.lang_detect_exception import LangDetectException

LANGUAGES = ("en", "fr", "es")
PREFIX_CHARS = 800
MIN_CHARS = 120  # below this, a declared language wins outright
MIN_PROBABILITY = 0.90
# The fast decision: at least this many function words of one language, and this many times
# as many as of either other language.
MIN_FUNCTION_WORDS = 8
MIN_MARGIN = 4

# Words frequent in one of the three languages and rare in the other two: never words shared
# by two of them ("la", "de", "en", "que", "se", "un", "a", "no", "par"/"por" kept apart).
FUNCTION_WORDS = {
    "en": "the and of to was were with for that by is are has have been from which who this "
    "said his her their it its at on will would an be after into they or",
    "fr": "le les des du et une dans est pour qui sur au aux été avec ont sont il ils elle "
    "ses leur leurs cette ce ces pas mais ou où très après selon lors être",
    "es": "el los las del y una por con fue fueron para su sus al lo como más este esta estos "
    "ha han entre sobre también tras según durante cuando dijo ser",
}
_LANGUAGE_OF = {word: lang for lang, words in FUNCTION_WORDS.items() for word in words.split()}
_WORD = re.compile(r"\w+")

_lock = threading.Lock()
_factory: DetectorFactory | None = None


def _detector_factory() -> DetectorFactory:
    global _factory
    if _factory is None:
        factory = DetectorFactory()
        profiles = [(Path(PROFILES_DIRECTORY) / lang).read_text("utf-8") for lang in LANGUAGES]
        factory.load_json_profile(profiles)
        factory.set_seed(0)
        _factory = factory
    return _factory


def _ranked(sample: str) -> list[tuple[str, float]]:
    with _lock:  # a factory's detectors share its profile tables
        detector = _detector_factory().create()
        detector.append(sample)
        try:
            return [(c.lang, c.prob) for c in detector.get_probabilities()]
        except LangDetectException:
            return []


def by_function_words(sample: str) -> str | None:
    """The language whose function words clearly dominate `sample`, or None when none does."""
    counts = dict.fromkeys(LANGUAGES, 0)
    for word in _WORD.findall(sample.lower()):
        lang = _LANGUAGE_OF.get(word)
        if lang:
            counts[lang] += 1
    best, second = sorted(counts.values(), reverse=True)[:2]
    if best < MIN_FUNCTION_WORDS or best < MIN_MARGIN * second:
        return None
    return max(counts, key=counts.__getitem__)


def detect_language(text: str, declared: str | None = None) -> str:
    """The language code of `text`, one of LANGUAGES; `declared` breaks ties and short texts."""
    sample = " ".join(text[:PREFIX_CHARS].split())
    if declared in LANGUAGES and len(sample) < MIN_CHARS:
        return declared
    clear = by_function_words(sample)
    if clear:
        return clear
    ranked = _ranked(sample) if sample else []
    if not ranked:
        return declared if declared in LANGUAGES else "en"
    best, prob = ranked[0]
    if declared in LANGUAGES and best != declared and prob < MIN_PROBABILITY:
        return declared
    return best
