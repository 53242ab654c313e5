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
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

BOS, EOS = "\x02", "\x03"
_LAMBDA = 0.95  # weight of the bigram estimate against the unigram backoff
UNKNOWN_LOGP = -20.0  # a character the model has never seen (rare Han, symbols, Latin)
_PUNCT_MASS = 0.02  # share of punctuation among non-ASCII characters of CJK text
_OTHER_PUNCT_LOGP = -14.0
_FULLWIDTH_LOGP = -9.0
LANGS = ("zh-Hans", "zh-Hant", "ja", "ko")
_ABSENT_SHIFT = -8.0  # a character never seen in the language at all
_MAX_SHIFT = 3.0  # punctuation outside the table (it is still punctuation)


@dataclass(frozen=True)
class CharModel:
    uni: dict[str, int]
    bi: dict[str, int]
    total: float
    bos_total: float
    punct: dict[str, float]
    # per character: log P(c | language) - log P(c) for each of LANGS (unigram rescaling)
    lang_shift: dict[str, tuple[float, ...]] = field(default_factory=dict)

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
        p_start = self.bi.get(BOS + c, 0) / self.bos_total
        if prev is None or prev not in self.uni:
            p_bi = p_start
        else:
            # text is a sequence of words: c continues prev's word, or prev ends one and c
            # starts the next (word lists have no cross-word bigrams; this supplies them)
            n_prev = self.uni[prev]
            p_bi = (self.bi.get(prev + c, 0) + self.bi.get(prev + EOS, 0) * p_start) / n_prev
        return math.log(_LAMBDA * p_bi + (1 - _LAMBDA) * p_uni)

    def step(
        self, prev: str | None, ch: str, lang: int | None = None, boost: bool = True
    ) -> tuple[float, str | None]:
        """Cost of ``ch`` after context ``prev``, and the context it leaves for the next char.

        ASCII and punctuation are boundaries; punctuation pays its own (table) cost, anything
        else the model has never seen pays the floor. With ``lang`` (an index into ``LANGS``)
        the character's frequency is rescaled to that language (no 讓 in Simplified text).
        """
        p = self.punct.get(ch)
        if p is not None:
            return self.logp(prev, None) + p, None
        if ch in self.uni:
            cost = self.logp(prev, ch)
            if lang is not None:
                shift = self.lang_shift.get(ch)
                delta = shift[lang] if shift else _ABSENT_SHIFT
                cost += delta if boost else min(0.0, delta)
            return cost, ch
        cost = self.logp(prev, None)
        if ord(ch) < 0x80:
            return cost, None
        if "\uff10" <= ch <= "\uff5a":  # full-width digits and letters: common in CJK text
            return cost + _FULLWIDTH_LOGP, None
        if unicodedata.category(ch)[0] == "P":
            return cost + _OTHER_PUNCT_LOGP, None
        return cost + UNKNOWN_LOGP, None

    def guess_lang(self, text: str) -> int | None:
        """The language (index into ``LANGS``) whose characters ``text`` uses, if any."""
        sums = [0.0] * len(LANGS)
        seen = False
        for ch in text:
            shift = self.lang_shift.get(ch)
            if shift:
                seen = True
                for i, v in enumerate(shift):
                    sums[i] += v
        return max(range(len(LANGS)), key=sums.__getitem__) if seen else None

    def score(self, text: str, lang: int | None = None, boost: bool = True) -> float:
        """Total log-probability of ``text`` (closing boundary included).

        ``boost=False`` only penalizes characters foreign to ``lang``, never rewards.
        """
        total = 0.0
        prev: str | None = None
        for ch in text:
            cost, prev = self.step(prev, ch, lang, boost)
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
    total = float(sum(uni.values()))
    return CharModel(uni, bi, total, bos_total, _load_punct(), _load_lang_shift(uni, total))


def _load_lang_shift(uni: dict[str, int], total: float) -> dict[str, tuple[float, ...]]:
    """log(P(c | lang) / P(c)), clipped: how much more (or less) a language uses c."""
    rows: dict[str, list[int]] = {}
    path = resources.files("textclean") / "data" / "mojibake" / "charuni_lang.tsv.gz"
    with path.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as fh:
        for line in fh:
            if not line.startswith("#"):
                ch, *counts = line.rstrip("\n").split("\t")
                rows[ch] = [int(c) for c in counts]
    totals = [float(sum(r[i] for r in rows.values())) or 1.0 for i in range(len(LANGS))]
    out: dict[str, tuple[float, ...]] = {}
    for ch, counts in rows.items():
        if ch not in uni:
            continue
        base = math.log(uni[ch] / total)
        out[ch] = tuple(
            min(_MAX_SHIFT, math.log(n / t) - base) if n else _ABSENT_SHIFT
            for n, t in zip(counts, totals, strict=True)
        )
    return out


def _load_punct() -> dict[str, float]:
    weights: dict[str, float] = {}
    path = resources.files("textclean") / "data" / "mojibake" / "punct.tsv"
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            ch, _, w = line.partition("\t")
            weights[ch] = float(w)
    total = sum(weights.values())
    return {ch: math.log(_PUNCT_MASS * w / total) for ch, w in weights.items()}
