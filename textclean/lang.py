"""Dominant language as a BCP 47 tag, from script statistics.

Scraped zh/en text needs no statistical language model to tell Chinese from English; scripts
decide it, and kana, Hangul, Thai and Cyrillic settle the neighbours. Latin text that is not
recognisably English is reported as ``und`` rather than guessed.
"""

from __future__ import annotations

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
_OTHER = {"thai": "th", "cyrillic": "ru", "greek": "el", "arabic": "ar", "hebrew": "he"}
# Options that make the output Simplified or Traditional, so the tag follows the conversion.
_TO_SIMPLIFIED = {"zh-Hans", "t2s", "tw2s", "tw2sp", "hk2s", "hk2sp"}


def detect_lang(text: str, script: str = "zh-Hans") -> str | None:
    sample = text[:20000]
    if not sample.strip():
        return None
    counts = _script_counts(sample)
    words = _LATIN_WORD.findall(sample)
    cjk = counts["han"] + counts["kana"]
    if counts["kana"] and counts["kana"] >= 0.1 * cjk and cjk >= 0.5 * len(words):
        return "ja"
    if counts["hangul"] > max(counts["han"], len(words)):
        return "ko"
    # A Han character carries about as much as a short English word.
    if counts["han"] and counts["han"] >= len(words):
        return _chinese_tag(sample, script)
    other = max(_OTHER, key=lambda k: counts[k])
    if counts[other] > 2 * len(words):
        return _OTHER[other]
    if words:
        hits = sum(map(_EN_FUNCTION_WORDS.__contains__, map(str.lower, words)))
        return "en" if hits >= max(1, 0.05 * len(words)) else "und"
    return None


#: Counting runs gives the same numbers with far fewer match objects where runs are long (Han).
#: (One combined class as a screen for the rarer scripts is slower: ``regex`` checks every
#: property of a class at each position, so separate single-property scans win.)
_RUNS = {name: regex.compile(f"(?:{p.pattern})+", p.flags) for name, p in _SCRIPTS.items()}


def _script_counts(sample: str) -> dict[str, int]:
    """Characters of each script in ``sample`` (the same numbers as one findall per script)."""
    return {name: sum(map(len, _RUNS[name].findall(sample))) if name == "han"
            else len(p.findall(sample)) for name, p in _SCRIPTS.items()}


def _chinese_tag(sample: str, script: str) -> str:
    s = script.removesuffix(".json")
    if s in _TO_SIMPLIFIED:
        return "zh-Hans"
    if s in ("zh-Hant", "zh-TW", "zh-HK") or s.startswith(("s2", "t2", "hk2t", "tw2t", "jp2t")):
        return "zh-Hant"
    from .chinese import is_traditional  # lazy: OpenCC is only needed for "keep"

    return "zh-Hant" if is_traditional(sample) else "zh-Hans"
