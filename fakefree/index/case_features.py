"""What a release says about its case, as keys that survive republication and translation.

Keys (strings, `kind:value`), each with a weight (`key_weight`):
- `d:` a court case, docket or file number ("1:24-cr-00117" and "24-CR-117" are one key);
- `o:` a named operation ("Operation Silver Mirror", "opération Silver Mirror"); an edition
  number or year stays in the name, so "Pangea XVI" and "Pangea XVII" are different keys;
- `n:` a defendant's name, first and last word folded ("Rosa M. Delgado" = "rosa delgado");
  officials ("U.S. Attorney Jane Roe", "juge ...") are left out (case_names.py); a common
  surname weighs less;
- `m:` a sum of money with its currency (`m:USD:1900000`); `q:` another number of 100 or more
  (items, pairs, kg ...). A round number ("$1 million", "5,000") weighs half.
Names and numbers read the same in English, French and Spanish versions of one release.

`minhash` is a one-permutation MinHash of the folded text's word 3-shingles (64 bins), for
near-duplicates in one language; `bands` are its LSH buckets (16 bands of 4 bins).
"""

from __future__ import annotations

import functools
import re
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime

from fakefree.index.case_names import COMMON_SURNAMES, names, word_set
from fakefree.index.money import find_money
from fakefree.index.numbers import AMOUNT_RE, amount_value, plain
from fakefree.index.words import fold

BINS = 64
ROWS = 4  # bins per LSH band: 16 bands; a pair at Jaccard 0.6 shares a band 88% of the time
_EMPTY = 0xFFFFFFFF
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


_US_DOCKET = re.compile(r"(?<![\w-])(?:\d:)?(\d{2})-([a-z]{2})-0*(\d{1,6})(?![\w-])", re.I)
_FILE_DOCKET = re.compile(
    r"(?:case|docket|file|dossier|expediente|causa penal|carpeta de investigacion|proceso)"
    r"\s*(?:no\.?|number|numero|n[°º.o]+|num\.?)?\s*:?\s*([a-z0-9][a-z0-9/.:-]{3,40}[a-z0-9])",
    re.I,
)
_OPERATION = re.compile(
    r"(?:[Oo]peration|[Oo]p[ée]ration|[Oo]peraci[oó]n|[Oo]perativo|codenamed|baptis[ée]e?|"
    r"denominad[ao])\s+[«\"“']?\s*((?:[A-Z0-9][\w’'-]*|[IVXLC]+)(?:\s+(?:[A-Z0-9][\w’'-]*))"
    r"{0,3})"
)
_GENERIC_OPERATION = word_set(
    "center centre centres centers team unit room plan plans joint task force summer winter"
    " the la el le of de"
)
_YEAR = re.compile(r"^(?:19|20)\d\d$")


@dataclass(frozen=True)
class Features:
    """A release's case signature: its keys, its MinHash and where and when it happened."""

    article_id: int
    source_id: str
    jurisdiction: str
    countries: tuple[str, ...]
    language: str
    day: int  # days since 1970-01-01 of the publication
    keys: tuple[str, ...]
    minhash: tuple[int, ...]

    @functools.cached_property
    def _bands(self) -> tuple[str, ...]:
        return tuple(band_keys(self.minhash))

    def bands(self) -> tuple[str, ...]:
        return self._bands


def key_weight(key: str) -> float:
    """How much one shared key says that two releases are about the same case."""
    kind, _, value = key.partition(":")
    if kind == "d":
        return 3.0
    if kind == "o":
        return 2.0
    if kind == "n":
        return 1.0 if value.rsplit(" ", 1)[-1] in COMMON_SURNAMES else 2.0
    if kind in ("m", "q"):
        digits = value.rsplit(":", 1)[-1].strip("0")
        return 0.5 if len(digits) <= 1 else 1.0
    return 0.0


def day_number(moment: datetime | str | None) -> int:
    """Days since 1970 of a datetime or ISO 8601 text (0 when unknown)."""
    if moment is None:
        return 0
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment.replace("Z", "+00:00"))
    return (moment.astimezone(UTC) - _EPOCH).days


def extract_features(
    article_id: int,
    *,
    title: str,
    text: str,
    language: str,
    source_id: str,
    jurisdiction: str,
    countries: tuple[str, ...] | list[str],
    published: datetime | str | None,
    facts: dict | None = None,
) -> Features:
    """Every key and the MinHash of one release (see the module's docstring)."""
    whole = f"{title}.\n{text}"
    low = plain(whole)
    keys = set(names(whole, low, language)) | set(dockets(whole, low))
    keys |= set(operations(whole, facts))
    keys |= set(numbers(low, jurisdiction))
    return Features(
        article_id=article_id,
        source_id=source_id,
        jurisdiction=jurisdiction,
        countries=tuple(countries),
        language=language,
        day=day_number(published),
        keys=tuple(sorted(keys)),
        minhash=minhash(whole),
    )


def dockets(text: str, low: str = "") -> list[str]:
    """Keys of court case, docket and file numbers, written one way."""
    found = [
        f"d:{m.group(1)}-{m.group(2).lower()}-{int(m.group(3))}"
        for m in _US_DOCKET.finditer(text)
        if m.group(2).lower() in ("cr", "cv", "mj", "mc", "po")
    ]
    for match in _FILE_DOCKET.finditer(low or plain(text)):
        value = match.group(1)
        if (
            any(c.isdigit() for c in value)
            and any(c in value for c in "-/:.")
            and not (_US_DOCKET.fullmatch(value))
        ):
            found.append(f"d:{value.strip('.')}")
    return found


def operations(text: str, facts: dict | None = None) -> list[str]:
    """Keys of named operations; the classifier's operation fact counts too."""
    candidates = [m.group(1) for m in _OPERATION.finditer(text)]
    fact = (facts or {}).get("operation") or {}
    if fact.get("value"):
        candidates.append(str(fact["value"]))
    keys = []
    for name in candidates:
        words = [w for w in fold(name).split() if w not in ("de", "la", "el", "le", "the")]
        if words and not all(w in _GENERIC_OPERATION for w in words):
            keys.append("o:" + " ".join(words[:4]))
    return keys


def numbers(low: str, jurisdiction: str) -> list[str]:
    """Keys of sums of money (with currency) and other numbers of 100 or more (not years),
    from `numbers.plain` text."""
    keys = []
    spans = []
    for money in find_money(low, jurisdiction):
        spans.append((money.start, money.end))
        if money.value >= 1000:
            keys.append(f"m:{money.currency}:{int(round(money.value))}")
    for match in AMOUNT_RE.finditer(low):
        if any(s <= match.start() < e for s, e in spans) or _YEAR.match(match.group()):
            continue
        if low[match.end() : match.end() + 1] in ("-", "/", ":") or low[
            max(0, match.start() - 1) : match.start()
        ] in ("-", "/", ":"):
            continue  # part of a docket, a date or a phone number
        value = amount_value(match)
        if value is not None and value >= 100 and float(value).is_integer():
            keys.append(f"q:{int(value)}")
    return keys


def minhash(text: str) -> tuple[int, ...]:
    """One-permutation MinHash of word 3-shingles: each shingle's CRC32 falls in one of BINS
    bins by its low bits, and a bin keeps its smallest value; empty bins borrow the next one's."""
    words = fold(text).split()
    bins = [_EMPTY] * BINS
    for i in range(max(0, len(words) - 2)):
        value = zlib.crc32(f"{words[i]} {words[i + 1]} {words[i + 2]}".encode())
        slot, rest = value % BINS, value // BINS
        if rest < bins[slot]:
            bins[slot] = rest
    filled = [b for b in bins if b != _EMPTY]
    if not filled:
        return tuple(bins)
    for slot in range(BINS):  # densification: the next non-empty bin, with its offset
        if bins[slot] == _EMPTY:
            step = 1
            while bins[(slot + step) % BINS] == _EMPTY or bins[(slot + step) % BINS] >= 1 << 27:
                step += 1
            bins[slot] = (bins[(slot + step) % BINS] + (step << 27)) & 0xFFFFFFFF
    return tuple(bins)


def similarity(a: tuple[int, ...], b: tuple[int, ...]) -> float:
    """Estimated Jaccard similarity of two MinHashes."""
    if not a or not b or a[0] == _EMPTY or b[0] == _EMPTY:
        return 0.0
    return sum(x == y for x, y in zip(a, b, strict=True)) / BINS


def band_keys(signature: tuple[int, ...]) -> list[str]:
    """The LSH bucket keys of a MinHash: one per band of ROWS bins."""
    if not signature or all(v == _EMPTY for v in signature):
        return []
    keys = []
    for band in range(0, BINS, ROWS):
        packed = ",".join(map(str, signature[band : band + ROWS])).encode()
        keys.append(f"b{band // ROWS}:{zlib.crc32(packed):x}")
    return keys
