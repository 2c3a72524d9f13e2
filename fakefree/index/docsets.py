"""Sets of documents as bitsets, for facet counts and filters at the speed of C.

Built once per index generation from the postings of the facet fields: for each facet value, the
set of live documents carrying it, as a Python int used as a bitset (bit d = document number d).
Then a filter is an AND of ORs of those ints, a facet count is `(matched & value).bit_count()`,
and a page by date walks a precomputed date order. Nothing here knows the search engine.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping


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
    ) -> None:
        self.size = size
        self.live = bitset(live, size)
        self.values = {
            field: {value: bitset(ids, size) & self.live for value, ids in by_value.items()}
            for field, by_value in postings.items()
        }
        self.newest_first = newest_first

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
