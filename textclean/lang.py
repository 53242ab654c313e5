"""Dominant language as a BCP 47 tag, from script statistics.

Scraped zh/en text needs no statistical language model to tell Chinese from English; scripts
decide it, and kana, Hangul, Thai and Cyrillic settle the neighbours. Latin text that is not
recognisably English is reported as ``und`` rather than guessed.
"""

from __future__ import annotations

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
_ASCII_LETTERS = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_ASCII_WORD = _ASCII_LETTERS + b"0123456789_"  # what ``\w`` takes among ASCII characters
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
    if han and (han >= most or han >= counts.words):
        return _chinese_tag(sample, script)
    n_words = counts.words
    if rest > 2 * n_words:  # otherwise no other script can outnumber the words twice over
        other = max(_OTHER, key=lambda k: counts[k])
        if counts[other] > 2 * n_words:
            return _OTHER[other]
    if n_words:
        words = counts.word_list
        hits = sum(map(_EN_FUNCTION_WORDS.__contains__, map(str.lower, words)))
        return "en" if hits >= max(1, 0.05 * n_words) else "und"
    return None


class _LazyCounts(dict):  # type: ignore[type-arg]
    """Script counts of ``sample``, each computed when first asked for (most documents are
    settled by Han and kana alone)."""

    def __init__(self, sample: str) -> None:
        super().__init__()
        self.sample = sample
        self._words: list[str] | None = None

    def __missing__(self, name: str) -> int:
        screen = _SCREENS.get(name)
        if screen is not None and not screen.search(self.sample):
            n = 0
        else:
            n = _count(name, self.sample)
        self[name] = n
        return n

    @property
    def word_list(self) -> list[str]:
        """The Latin words (``_LATIN_WORD`` matches) of the sample."""
        if self._words is None:
            self._words = _LATIN_WORD.findall(self.sample)
        return self._words

    @property
    def words(self) -> int:
        return len(self.word_list)


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
