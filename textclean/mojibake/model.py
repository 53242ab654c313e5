"""Character unigram/bigram model that ranks candidate repairs of CJK mojibake.

The table (``data/mojibake/charmodel.tsv.gz``) is built by ``scripts/build_mojibake_model.py``
from wordfreq's zh/ja/ko word lists (plus zh converted to Traditional with OpenCC). Unigrams alone
pick the most frequent character in a byte block (一 where 个 belongs); bigrams with word
boundaries (``\\x02`` start, ``\\x03`` end) are what make the choice right. Loaded once, lazily.
"""

from __future__ import annotations

import gzip
import math
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources

BOS, EOS = "\x02", "\x03"
_LAMBDA = 0.8  # weight of the bigram estimate against the unigram backoff
UNKNOWN_LOGP = -20.0  # a character the model has never seen (rare Han, symbols, Latin)
_PUNCT_MASS = 0.08  # share of punctuation among non-ASCII characters of CJK text
_OTHER_PUNCT_LOGP = -14.0  # punctuation outside the table (it is still punctuation)


@dataclass(frozen=True)
class CharModel:
    uni: dict[str, int]
    bi: dict[str, int]
    total: float
    bos_total: float
    punct: dict[str, float]

    def unigram(self, c: str) -> float:
        """log P(c); the floor for unseen characters."""
        n = self.uni.get(c)
        return math.log(n / self.total) if n else UNKNOWN_LOGP

    def logp(self, prev: str | None, c: str | None) -> float:
        """log P(c | prev) with ``None`` meaning a boundary (ASCII, punctuation, line edge).

        Boundary to boundary costs nothing, so ASCII stretches are neutral.
        """
        if c is None or c not in self.uni:
            if prev is None or prev not in self.uni:
                return 0.0 if c is None else UNKNOWN_LOGP
            # a known char followed by a boundary (or by an unseen char): how word-final is prev?
            p = self.bi.get(prev + EOS, 0) / self.uni[prev]
            end = math.log(_LAMBDA * p + (1 - _LAMBDA) * 0.3)
            return end if c is None else end + UNKNOWN_LOGP
        p_uni = self.uni[c] / self.total
        if prev is None or prev not in self.uni:
            p_bi = self.bi.get(BOS + c, 0) / self.bos_total
        else:
            p_bi = self.bi.get(prev + c, 0) / self.uni[prev]
        return math.log(_LAMBDA * p_bi + (1 - _LAMBDA) * p_uni)

    def step(self, prev: str | None, ch: str) -> tuple[float, str | None]:
        """Cost of ``ch`` after context ``prev``, and the context it leaves for the next char.

        ASCII and punctuation are boundaries; punctuation pays its own (table) cost, anything
        else the model has never seen pays the floor.
        """
        if ch in self.uni:
            return self.logp(prev, ch), ch
        cost = self.logp(prev, None)
        if ord(ch) < 0x80:
            return cost, None
        p = self.punct.get(ch)
        if p is not None:
            return cost + p, None
        if unicodedata.category(ch)[0] == "P":
            return cost + _OTHER_PUNCT_LOGP, None
        return cost + UNKNOWN_LOGP, None

    def score(self, text: str) -> float:
        """Total log-probability of ``text`` (closing boundary included)."""
        total = 0.0
        prev: str | None = None
        for ch in text:
            cost, prev = self.step(prev, ch)
            total += cost
        return total + self.logp(prev, None)


@cache
def load_model() -> CharModel:
    """Read the packaged table once."""
    uni: dict[str, int] = {}
    bi: dict[str, int] = {}
    path = resources.files("textclean") / "data" / "mojibake" / "charmodel.tsv.gz"
    with path.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#"):
                continue
            key, _, count = line.rstrip("\n").partition("\t")
            (uni if len(key) == 1 else bi)[key] = int(count)
    bos_total = float(sum(n for k, n in bi.items() if k[0] == BOS)) or 1.0
    return CharModel(uni, bi, float(sum(uni.values())), bos_total, _load_punct())


def _load_punct() -> dict[str, float]:
    weights: dict[str, float] = {}
    path = resources.files("textclean") / "data" / "mojibake" / "punct.tsv"
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            ch, _, w = line.partition("\t")
            weights[ch] = float(w)
    total = sum(weights.values())
    return {ch: math.log(_PUNCT_MASS * w / total) for ch, w in weights.items()}
