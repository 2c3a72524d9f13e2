"""Sets of documents as bitsets, for facet counts and filters at the speed of C.

Built once per index generation from the postings of the facet fields: for each facet value, the
set of live documents carrying it, as a Python int used as a bitset (bit d = document number d).
Then a filter is an AND of ORs of those ints, a facet count is `(matched & value).bit_count()`,
and a page by date walks a precomputed date order. A date range is a slice of the documents in
date order, read from prefix bitsets taken every STEP documents, so it costs at most 2 x STEP
bits set one by one whatever its length. Nothing here knows the search engine.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import suppress
from datetime import date

STEP = 1024
REMEMBERED = 32  # query results kept per generation (12.5 kB each at 100,000 documents)


def bitset(docnums: Iterable[int], size: int) -> int:
    """The bitset of `docnums` (each below `size`)."""
    bits = bytearray((size >> 3) + 1)
    for d in docnums:
        bits[d >> 3] |= 1 << (d & 7)
    return int.from_bytes(bits, "little")


class DocSets:
    """Bitsets of the live documents carrying each facet value, and the newest-first order."""

    def __init__(
        self,
        postings: Mapping[str, Mapping[str, Iterable[int]]],
        live: Iterable[int],
        newest_first: list[int],
        size: int,
        dated: Sequence[tuple[int, int]] = (),
    ) -> None:
        """`dated`: (day ordinal of the publication date, document number) of the live documents
        that have a date, in ascending order."""
        self.size = size
        self.live = bitset(live, size)
        self.values = {
            field: {value: bitset(ids, size) & self.live for value, ids in by_value.items()}
            for field, by_value in postings.items()
        }
        self.newest_first = newest_first
        self._days = [day for day, _ in dated]
        self._by_date = [doc for _, doc in dated]
        self._prefix = [0]  # _prefix[i]: the documents at date positions below i * STEP
        for start in range(0, len(dated), STEP):
            self._prefix.append(
                self._prefix[-1] | bitset(self._by_date[start : start + STEP], size)
            )
        years: dict[str, list[int]] = {}
        for day, doc in dated:
            years.setdefault(str(date.fromordinal(day).year), []).append(doc)
        self.years = {year: bitset(docs, size) for year, docs in years.items()}
        self._remembered: OrderedDict[str, int] = OrderedDict()

    def remember(self, key: str, compute: Callable[[], int]) -> int:
        """The bitset of a query's documents, computed once for the latest few queries; it
        lives as long as this generation of the index, so it is never stale."""
        found = self._remembered.get(key)
        if found is None:
            found = self._remembered[key] = compute()
            while len(self._remembered) > REMEMBERED:
                with suppress(KeyError):  # another thread may have trimmed it meanwhile
                    self._remembered.popitem(last=False)
        return found

    def between(self, first: date | None, last: date | None) -> int:
        """Documents published from `first` to `last` (inclusive days; None: unbounded)."""
        lo = bisect_left(self._days, first.toordinal()) if first else 0
        hi = bisect_right(self._days, last.toordinal()) if last else len(self._days)
        if lo >= hi:
            return 0
        a, b = -(-lo // STEP), hi // STEP  # whole steps inside [lo, hi)
        if a >= b:
            return bitset(self._by_date[lo:hi], self.size)
        edges = self._by_date[lo : a * STEP] + self._by_date[b * STEP : hi]
        return (self._prefix[b] ^ self._prefix[a]) | bitset(edges, self.size)

    def matching(self, filters: Mapping[str, tuple[str, ...]]) -> int:
        """Live documents passing every filter (values of one field are OR-ed)."""
        mask = self.live
        for field, values in filters.items():
            by_value = self.values.get(field, {})
            either = 0
            for value in values:
                either |= by_value.get(value, 0)
            mask &= either
        return mask

    def counts(self, mask: int) -> dict[str, list[tuple[str, int]]]:
        """For each facet field, (value, number of documents of `mask` carrying it), most first."""
        out = {}
        for field, by_value in self.values.items():
            pairs = ((value, (mask & bits).bit_count()) for value, bits in by_value.items())
            out[field] = sorted((p for p in pairs if p[1]), key=lambda p: (-p[1], p[0]))
        years = ((year, (mask & bits).bit_count()) for year, bits in self.years.items())
        out["year"] = sorted((p for p in years if p[1]), reverse=True)  # newest year first
        return out

    def page_by_date(self, mask: int, start: int, count: int) -> list[int]:
        """Document numbers of `mask`, newest first, from position `start` on (at most `count`)."""
        bits = mask.to_bytes((self.size >> 3) + 1, "little")
        found: list[int] = []
        wanted = start + count
        for d in self.newest_first:
            if bits[d >> 3] >> (d & 7) & 1:
                found.append(d)
                if len(found) == wanted:
                    break
        return found[start:]
