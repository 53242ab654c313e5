"""Character unigram/bigram model that ranks candidate repairs of CJK mojibake.

The table (``data/mojibake/charmodel.bin``) is built by ``scripts/build_mojibake_model.py``
from wordfreq's zh/ja/ko word lists (plus zh converted to Traditional with OpenCC). Unigrams alone
pick the most frequent character in a byte block (一 where 个 belongs); bigrams with word
boundaries (``\\x02`` start, ``\\x03`` end) are what make the choice right. Loaded once, lazily.
"""

from __future__ import annotations

import json
import math
import sys
import unicodedata
import zlib
from array import array
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

BOS, EOS = "\x02", "\x03"
_LAMBDA = 0.95  # weight of the bigram estimate against the unigram backoff
UNKNOWN_LOGP = -20.0  # a character the model has never seen (rare Han, symbols, Latin)
_PUNCT_MASS = 0.02  # share of punctuation among non-ASCII characters of CJK text
_OTHER_PUNCT_LOGP = -14.0
_FULLWIDTH_LOGP = -9.0
LANGS = ("zh-Hans", "zh-Hant", "ja", "ko")
_ABSENT_SHIFT = -8.0  # a character never seen in the language at all
_MAX_SHIFT = 3.0  # punctuation outside the table (it is still punctuation)


_SHIFT = 21  # a bigram ab is keyed ord(a) << 21 | ord(b): ints hash and store cheaper than str
_EOS = ord(EOS)
_BOS_KEY = ord(BOS) << _SHIFT


def bigram_key(pair: str) -> int:
    """The integer key of a two-character bigram in :attr:`CharModel.bi`."""
    return ord(pair[0]) << _SHIFT | ord(pair[1])


@dataclass(frozen=True)
class CharModel:
    uni: dict[str, int]
    bi: dict[int, int]  # keyed by bigram_key
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
            p = self.bi.get(ord(prev) << _SHIFT | _EOS, 0) / self.uni[prev]
            end = math.log(_LAMBDA * p + (1 - _LAMBDA) * 0.3)
            return end if c is None else end + UNKNOWN_LOGP
        p_uni = self.uni[c] / self.total
        code = ord(c)
        p_start = self.bi.get(_BOS_KEY | code, 0) / self.bos_total
        if prev is None or prev not in self.uni:
            p_bi = p_start
        else:
            # text is a sequence of words: c continues prev's word, or prev ends one and c
            # starts the next (word lists have no cross-word bigrams; this supplies them)
            n_prev = self.uni[prev]
            key = ord(prev) << _SHIFT
            p_bi = (self.bi.get(key | code, 0) + self.bi.get(key | _EOS, 0) * p_start) / n_prev
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


_MAGIC = b"textclean-charmodel/2\n"
_HEAD = ("uni_keys", "uni_counts")  # small: read alone by known_chars()
_BODY = ("bi_keys", "bi_counts", "lang_chars", "lang_counts")


def _model_path() -> Any:
    return resources.files("textclean") / "data" / "mojibake" / "charmodel.bin"


def pack_model(uni: dict[str, int], bi: dict[str, int], per_lang: dict[str, list[int]]) -> bytes:
    """The packaged model file: a magic line, then two zlib streams (the unigrams; the rest).

    Each stream is a JSON header line and flat sections: unigram keys are concatenated UTF-8
    (one character each), bigram keys :func:`bigram_key` integers, counts little-endian uint64
    arrays, so loading is a few C-level calls rather than a parse of every line.
    ``per_lang`` maps a character to its count in each of ``LANGS``. The first stream alone
    says which characters the model knows (:func:`known_chars`).
    """
    lang_chars = sorted(per_lang)
    parts = {
        "uni_keys": "".join(uni).encode("utf-8"),
        "uni_counts": u64_bytes(list(uni.values())),
        "bi_keys": u64_bytes([bigram_key(k) for k in bi]),
        "bi_counts": u64_bytes(list(bi.values())),
        "lang_chars": "".join(lang_chars).encode("utf-8"),
        "lang_counts": u64_bytes([n for c in lang_chars for n in per_lang[c]]),
    }
    head = _stream({"langs": list(LANGS)}, parts, _HEAD)
    body = _stream({"bos_total": sum(n for k, n in bi.items() if k[0] == BOS)}, parts, _BODY)
    return _MAGIC + len(head).to_bytes(8, "little") + head + body


def _stream(header: dict[str, Any], parts: dict[str, bytes], names: tuple[str, ...]) -> bytes:
    header = {**header, "sections": [[k, len(parts[k])] for k in names]}
    raw = json.dumps(header).encode("ascii") + b"\n" + b"".join(parts[k] for k in names)
    return zlib.compress(raw, 9)


def _read_stream(data: bytes) -> tuple[dict[str, Any], dict[str, bytes]]:
    raw = zlib.decompress(data)
    end = raw.index(b"\n")
    header = json.loads(raw[:end])
    parts: dict[str, bytes] = {}
    pos = end + 1
    for name, size in header["sections"]:
        parts[name] = raw[pos:pos + size]
        pos += size
    return header, parts


def _split(blob: bytes) -> tuple[bytes, bytes]:
    """The two streams of a model file."""
    if not blob.startswith(_MAGIC):
        raise ValueError("not a textclean character model (or an older format)")
    start = len(_MAGIC) + 8
    size = int.from_bytes(blob[len(_MAGIC):start], "little")
    return blob[start:start + size], blob[start + size:]


def u64_bytes(values: list[int]) -> bytes:
    """Unsigned 64-bit integers, little-endian (the packed tables' number format)."""
    arr = array("Q", values)
    if sys.byteorder == "big":
        arr.byteswap()
    return arr.tobytes()


def u64_array(data: bytes) -> array:
    """Inverse of :func:`u64_bytes`."""
    arr = array("Q")
    arr.frombytes(data)
    if sys.byteorder == "big":
        arr.byteswap()
    return arr


def _unpack_head(head: bytes) -> dict[str, int]:
    header, parts = _read_stream(head)
    if tuple(header["langs"]) != LANGS:
        raise ValueError(f"model languages {header['langs']} differ from {LANGS}")
    return dict(zip(parts["uni_keys"].decode("utf-8"), u64_array(parts["uni_counts"]),
                    strict=True))


def unpack_model(
    blob: bytes,
) -> tuple[dict[str, int], dict[int, int], dict[str, list[int]], int]:
    """Inverse of :func:`pack_model`: (unigram counts, bigram counts by :func:`bigram_key`,
    per-language counts, total count of bigrams that start a word)."""
    head, body = _split(blob)
    uni = _unpack_head(head)
    header, parts = _read_stream(body)
    bi = dict(zip(u64_array(parts["bi_keys"]).tolist(), u64_array(parts["bi_counts"]).tolist(),
                  strict=True))
    n = len(LANGS)
    counts = u64_array(parts["lang_counts"]).tolist()
    lang_chars = parts["lang_chars"].decode("utf-8")
    per_lang = {c: counts[i * n:(i + 1) * n] for i, c in enumerate(lang_chars)}
    return uni, bi, per_lang, int(header["bos_total"])


@cache
def known_chars() -> frozenset[str]:
    """The characters the model knows, without loading it: enough to tell whether a lost byte
    could belong to a real CJK letter (a few milliseconds, against the whole model's 0.2 s)."""
    if load_model.cache_info().currsize:
        return frozenset(load_model().uni)
    with _model_path().open("rb") as fh:
        start = fh.read(len(_MAGIC) + 8)
        head = fh.read(int.from_bytes(start[len(_MAGIC):], "little"))
    return frozenset(_unpack_head(_split(start + head)[0]))


@cache
def load_model() -> CharModel:
    """Read the packaged table once (lazily: only a repair that has candidates to rank needs it).

    ``charmodel.bin`` is built by ``scripts/build_mojibake_model.py``.
    """
    uni, bi, per_lang, bos = unpack_model(_model_path().read_bytes())
    bos_total = float(bos) or 1.0
    total = float(sum(uni.values()))
    return CharModel(uni, bi, total, bos_total, _load_punct(), _lang_shift(per_lang, uni, total))


def _lang_shift(
    rows: dict[str, list[int]], uni: dict[str, int], total: float
) -> dict[str, tuple[float, ...]]:
    """log(P(c | lang) / P(c)), clipped: how much more (or less) a language uses c."""
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


def table_rows(name: str) -> list[list[str]] | None:
    """The tab-separated rows of a packaged table in ``data/mojibake`` (comments and blank lines
    skipped), or None when it is not installed."""
    path = resources.files("textclean") / "data" / "mojibake" / name
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    return [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]


def _load_punct() -> dict[str, float]:
    weights = {ch: float(w) for ch, w in table_rows("punct.tsv") or ()}
    total = sum(weights.values())
    return {ch: math.log(_PUNCT_MASS * w / total) for ch, w in weights.items()}
