"""Dominant language as a BCP 47 tag, from script statistics.

Scraped zh/en text needs no statistical language model to tell Chinese from English; scripts
decide it, and kana, Hangul, Thai and Cyrillic settle the neighbours. Latin text that is not
recognisably English is reported as ``und`` rather than guessed.
"""

from __future__ import annotations

import itertools
import re

import regex

_SCRIPTS = {
    "han": regex.compile(r"[\p{Han}--\p{Radical}]", regex.V1),
    "kana": regex.compile(r"[\p{Hiragana}\p{Katakana}]"),
    "hangul": regex.compile(r"\p{Hangul}"),
    "thai": regex.compile(r"\p{Thai}"),
    "cyrillic": regex.compile(r"\p{Cyrillic}"),
    "greek": regex.compile(r"\p{Greek}"),
    "arabic": regex.compile(r"\p{Arabic}"),
    "hebrew": regex.compile(r"\p{Hebrew}"),
}
_LATIN_WORD = regex.compile(r"\b\p{Latin}{2,}\b")
_EN_FUNCTION_WORDS = frozenset(
    "the of and to in is that for it with as was on are be by this from at or an have not".split()  # noqa: SIM905
)
#: Every spelling whose ``lower()`` is a function word, so no word needs lowering: only ASCII
#: letters and U+212A KELVIN SIGN (a ``k``, in no function word) lower to ASCII letters (tested).
_EN_FUNCTION_WORDS_ANY_CASE = frozenset(
    "".join(spelling) for word in _EN_FUNCTION_WORDS
    for spelling in itertools.product(*((c, c.upper()) for c in word)))
_ASCII_LETTERS = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_ASCII_WORD = _ASCII_LETTERS + b"0123456789_"  # what ``\w`` takes among ASCII characters
#: Byte maps for the bounds of _LazyCounts: ASCII letters to ``a`` (or to lower case), digits
#: and ``_`` to ``0``, ``?`` (the stand-in for non-ASCII) to ``#`` or a space, the rest a space.
_SHAPE = bytes(ord("a") if c in _ASCII_LETTERS else ord("0") if c in _ASCII_WORD else 32
               for c in range(256))
_LOWER = bytes(ord(chr(c).lower()) if c in _ASCII_LETTERS else ord("0") if c in _ASCII_WORD
               else ord("#") if c == ord("?") or c > 127 else 32 for c in range(256))
_FREQUENT = (b" the ", b" of ")
_OTHER = {"thai": "th", "cyrillic": "ru", "greek": "el", "arabic": "ar", "hebrew": "he"}
# Options that make the output Simplified or Traditional, so the tag follows the conversion.
_TO_SIMPLIFIED = {"zh-Hans", "t2s", "tw2s", "tw2sp", "hk2s", "hk2sp"}


def detect_lang(text: str, script: str = "zh-Hans") -> str | None:
    sample = text[:20000]
    if not sample.strip():
        return None
    counts = _LazyCounts(sample)
    han, kana = counts["han"], counts["kana"]
    cjk = han + kana
    # Characters neither ASCII nor Han nor kana (Hangul, Thai, Cyrillic, accented letters, …).
    ascii_part = sample.encode("ascii", "ignore")
    rest = len(sample) - len(ascii_part) - cjk
    # Latin words are the slowest count and often not needed. Each holds two or more letters
    # (ASCII, or among ``rest``) and starts after something not a letter, digit or ``_``
    # (ASCII, or among ``rest``: Han and kana are word characters) or at the start, so
    # there are at most ``most`` of them.
    letters = len(ascii_part) - len(ascii_part.translate(None, _ASCII_LETTERS))
    nonword = len(ascii_part.translate(None, _ASCII_WORD))
    most = min((letters + rest) // 2, nonword + rest + 1)
    if kana and kana >= 0.1 * cjk and (cjk >= 0.5 * most or cjk >= 0.5 * counts.words):
        return "ja"
    if rest > han and counts["hangul"] > han and counts["hangul"] > counts.words:
        return "ko"
    # A Han character carries about as much as a short English word.
    if han and (han >= most or han >= counts.words_at_most(rest) or han >= counts.words):
        return _chinese_tag(sample, script)
    # English proved from a few function words when the words would take the regex: each is a
    # word and a hit, so ``sure`` bounds both from below (``words_at_most``, the words above).
    if not counts.words_counted_in_c():
        sure = counts.english_at_least()
        if sure and rest <= 2 * sure and sure >= 0.05 * min(most, counts.words_at_most(rest)):
            return "en"
    n_words = counts.words
    if rest > 2 * n_words:  # otherwise no other script can outnumber the words twice over
        other = max(_OTHER, key=lambda k: counts[k])
        if counts[other] > 2 * n_words:
            return _OTHER[other]
    if n_words:
        return "en" if counts.hits >= max(1, 0.05 * n_words) else "und"
    return None


class _LazyCounts(dict):  # type: ignore[type-arg]
    """Script counts of ``sample``, each computed when first asked for (most documents are
    settled by Han and kana alone)."""

    def __init__(self, sample: str) -> None:
        super().__init__()
        self.sample = sample
        self._words: list[str] | None = None
        self._n_words: int | None = None
        self._hits: int | None = None
        self._encoded: bytes | None = None

    def __missing__(self, name: str) -> int:
        screen = _SCREENS.get(name)
        if screen is not None and not screen.search(self.sample):
            n = 0
        else:
            n = _count(name, self.sample)
        self[name] = n
        return n

    def _ascii(self) -> bytes:
        """The sample with every non-ASCII character as ``?``."""
        if self._encoded is None:
            self._encoded = self.sample.encode("ascii", "replace")
        return self._encoded

    def words_at_most(self, rest: int) -> int:
        """An upper bound of :attr:`words` (``rest``: the non-ASCII characters neither Han nor
        kana). A word starting with an ASCII letter follows the start, an ASCII non-word
        character or a non-ASCII one, all of which _SHAPE makes a space; one starting with a
        non-ASCII Latin letter starts at one of ``rest``."""
        return self._ascii().translate(_SHAPE).count(b" a") + 1 + rest

    def english_at_least(self) -> int:
        """A lower bound of the English function words (and so of the words): a frequent one
        between two ASCII non-word characters (not ``?``, which may stand for a letter) is a
        whole word, counted at most once (``count`` does not overlap, so ``the the`` is one)."""
        low = self._ascii().translate(_LOWER)
        return sum(low.count(w) for w in _FREQUENT)

    @property
    def word_list(self) -> list[str]:
        """The Latin words (``_LATIN_WORD`` matches) of the sample."""
        if self._words is None:
            self._words = _LATIN_WORD.findall(self.sample)
        return self._words

    def words_counted_in_c(self) -> bool:
        """Whether :attr:`words` and :attr:`hits` come without the regex (a cp1252 sample)."""
        if self._n_words is None:
            fast = _cp1252_counts(self.sample)
            if fast is None:
                return False
            self._n_words, self._hits = fast
        return True

    @property
    def words(self) -> int:
        """How many Latin words (``len(word_list)``)."""
        if self._n_words is None and not self.words_counted_in_c():
            self._n_words = len(self.word_list)
        return self._n_words or 0

    @property
    def hits(self) -> int:
        """How many of the words are English function words."""
        if self._hits is None:
            self._hits = sum(map(_EN_FUNCTION_WORDS_ANY_CASE.__contains__, self.word_list))
        return self._hits


def _cp1252_byte_maps() -> tuple[bytes, bytes]:
    """For each cp1252 byte, from what ``regex`` says of its character: ``a`` for a Latin word
    character, ``0`` for another word character, a space for the rest (the first map); the
    byte itself for a word character, a space for the rest (the second)."""
    shape, word = bytearray(b" " * 256), bytearray(b" " * 256)
    for i in range(256):
        try:
            ch = bytes([i]).decode("cp1252")
        except UnicodeDecodeError:  # five bytes cp1252 leaves undefined: never encoded
            continue
        if regex.match(r"\w", ch):
            word[i] = i
            shape[i] = ord("a") if regex.match(r"\p{Latin}", ch) else ord("0")
    return bytes(shape), bytes(word)


_CP1252_SHAPE, _CP1252_WORD = _cp1252_byte_maps()
_FUNCTION_WORD_BYTES = frozenset(w.encode() for w in _EN_FUNCTION_WORDS)


def _cp1252_counts(sample: str) -> tuple[int, int] | None:
    """``(words, hits)`` as the word list gives them, counted in C, for a sample all in cp1252
    (most Latin-script pages: one byte per character, whose class is known); else ``None``.

    A word (a _LATIN_WORD match) is a maximal run of word characters, all Latin, two or more
    long (a shorter run is followed by a Latin letter, so no ``\\b``). Runs are counted by their
    starts, those holding a non-Latin word character by the starts left once the Latin ones
    are deleted, one-letter runs as the Latin starts not followed by another word character."""
    try:
        raw = sample.encode("cp1252")
    except UnicodeEncodeError:
        return None
    shape = b" " + raw.translate(_CP1252_SHAPE) + b" "
    latin_first = shape.count(b" a")
    runs = latin_first + shape.count(b" 0")
    mixed = shape.translate(None, b"a").count(b" 0")
    single = latin_first - shape.count(b" aa") - shape.count(b" a0")
    # Only ASCII letters lower to ASCII in cp1252, so a run is a function word exactly when
    # its ASCII-lowered bytes are one.
    hits = sum(map(_FUNCTION_WORD_BYTES.__contains__, raw.lower().translate(_CP1252_WORD).split()))
    return runs - mixed - single, hits


#: Exact screens (plain ranges, which the stdlib ``re`` scans fast): every character a count
#: looks for lies in its screen's ranges (tested over every code point), so no match means 0.
_MAY_BE_KANA = re.compile("[\u3041-\u30ff\u31f0-\u31ff\u32d0-\u3357\uff66-\uff9d"
                          "\U0001aff0-\U0001b16f\U0001f200]")
_MAY_BE_HAN = re.compile("[^\x00-\u3004]")
#: Han is counted in runs (far fewer match objects than characters), of a plain property (which
#: scans faster than a set difference). (One combined class as a screen for the rarer scripts is
#: slower than a scan for each: ``regex`` checks every property of a class at each position.)
_HAN_RUNS = regex.compile(r"\p{Han}+")
_RADICAL = regex.compile(r"\p{Radical}")
_MAY_BE_RADICAL = re.compile("[\u2e80-\u2fdf]")
_SCREENS = {"han": _MAY_BE_HAN, "kana": _MAY_BE_KANA}


def _count(name: str, sample: str) -> int:
    """Characters of script ``name`` in ``sample`` (the same number as its findall)."""
    if name == "han":  # radicals are Han characters (tested), rare, and in one block
        n = sum(map(len, _HAN_RUNS.findall(sample)))
        return n - len(_RADICAL.findall(sample)) if _MAY_BE_RADICAL.search(sample) else n
    return len(_SCRIPTS[name].findall(sample))


def _script_counts(sample: str) -> dict[str, int]:
    """Characters of each script in ``sample`` (the same numbers as one findall per script)."""
    return {name: _count(name, sample) for name in _SCRIPTS}


def _chinese_tag(sample: str, script: str) -> str:
    s = script.removesuffix(".json")
    if s in _TO_SIMPLIFIED:
        return "zh-Hans"
    if s in ("zh-Hant", "zh-TW", "zh-HK") or s.startswith(("s2", "t2", "hk2t", "tw2t", "jp2t")):
        return "zh-Hant"
    from .chinese import is_traditional  # lazy: OpenCC is only needed for "keep"

    return "zh-Hant" if is_traditional(sample) else "zh-Hans"
