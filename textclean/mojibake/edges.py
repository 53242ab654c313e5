"""Letters next to digits and Latin letters: a second opinion on the edge letters of a run.

A lost byte at the edge of a run of CJK letters, right before or after ASCII, leaves the letter
with one CJK neighbour at most, and the most frequent letter of the byte block wins (们 for the
从 of 从1987年). Running text knows which letters stand next to numbers (年月日个万, 第从达约) and
next to Latin words. The table (``data/mojibake/edges.tsv``) is built by
``scripts/build_mojibake_edges.py``; loaded once, lazily.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass
from functools import cache

from .model import table_rows

_PRIOR = 20.0  # pseudo-observations of the average letter behind each letter's rates
COLUMNS = ("after-digit", "before-digit", "after-latin", "before-latin")


def ascii_class(ch: str) -> str | None:
    """``digit`` or ``latin`` for ASCII and full-width digits and letters, else None."""
    plain = unicodedata.normalize("NFKC", ch)
    if len(plain) != 1 or not plain.isascii():
        return None
    return "digit" if plain.isdigit() else "latin" if plain.isalpha() else None


@dataclass(frozen=True)
class Edges:
    counts: dict[str, tuple[int, ...]]  # letter -> (count, *one count per column)
    rates: dict[str, float]  # column -> its share over all letters

    def bonus(self, ch: str, before: str | None, after: str | None) -> float:
        """log of how much likelier ``ch`` is than the average letter with a ``before`` and an
        ``after`` neighbour of these classes (``digit``, ``latin`` or None)."""
        row = self.counts.get(ch)
        if row is None:
            return 0.0
        out = 0.0
        for side, cls in (("after", before), ("before", after)):
            if cls is None:
                continue
            column = f"{side}-{cls}"
            rate = self.rates[column]
            seen = row[1 + COLUMNS.index(column)]
            out += math.log((seen + _PRIOR * rate) / (row[0] + _PRIOR) / rate)
        return out


@cache
def load_edges() -> Edges | None:
    """The packaged table, or None when it is not installed (no edge opinions then)."""
    rows = table_rows("edges.tsv")
    if rows is None:
        return None
    counts = {ch: tuple(int(n) for n in numbers) for ch, *numbers in rows}
    total = sum(row[0] for row in counts.values()) or 1
    rates = {c: max(1, sum(row[1 + k] for row in counts.values())) / total
             for k, c in enumerate(COLUMNS)}
    return Edges(counts, rates)
