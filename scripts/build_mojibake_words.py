"""Build the word tables that let the CJK mojibake repair prefer letters that complete a word.

Source (build-time only, nameable): the ``large`` word lists of the PyPI package ``wordfreq``
for Chinese and Japanese (the same lists ``build_mojibake_model.py`` counts letters in); words
of two to four (Chinese) or six (Japanese) letters with a frequency of at least ``MIN_FREQ``.
For each word the table stores how much likelier the word is than its letters taken one by one:
``log P(word) - sum log P(letter)``, with the list's own single-letter frequencies (a floor for
letters it never lists alone). Words that are no likelier than their letters are left out; so
are words with non-letters (ASCII, punctuation). (jieba's dictionary, tried too, did no better;
added to wordfreq's list, one line in 400 better, for 0.8 MB more.) Every word of the lists is
kept: the rare ones (吴语, 酬宾, 汉化版) are the words a lost byte most often hides, and cutting
at 1e-7 instead cost 2 lines in 100 of UTF-8 read as GBK (1 as GB18030, 1 as Shift-JIS).

Output: ``textclean/data/mojibake/words.bin`` (Simplified Chinese) and ``words_ja.bin``
(format: ``textclean.mojibake.words.pack``).

    pip install wordfreq && python scripts/build_mojibake_words.py
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

MIN_FREQ = 1e-8  # every word (wordfreq's floor is 1.02e-8)
DATA = ROOT / "textclean" / "data" / "mojibake"


def read_wordfreq(lang: str) -> dict[str, float]:
    import wordfreq

    return wordfreq.get_frequency_dict(lang, "large")


def bonuses(freq: dict[str, float], min_freq: float, max_len: int) -> dict[str, float]:
    """Word -> log P(word) - sum of log P(letter), for the words worth keeping."""
    from textclean.mojibake.trigram import is_letter

    total = sum(freq.values())
    floor = math.log(0.5 * min(freq.values()) / total)
    single = {w: math.log(f / total) for w, f in freq.items() if len(w) == 1}
    out: dict[str, float] = {}
    for word, f in freq.items():
        if not 2 <= len(word) <= max_len or f < min_freq or not all(map(is_letter, word)):
            continue
        gain = math.log(f / total) - sum(single.get(c, floor) for c in word)
        if gain > 0.05:
            out[word] = round(gain, 1)
    return out


def main() -> None:
    from textclean.mojibake.words import pack

    for name, freq, min_freq, max_len in (
        ("words.bin", read_wordfreq("zh"), MIN_FREQ, 4),
        ("words_ja.bin", read_wordfreq("ja"), MIN_FREQ, 6),
    ):
        table = bonuses(freq, min_freq, max_len)
        out = DATA / name
        out.write_bytes(pack(table))
        print(f"{out}: {len(table)} words, {out.stat().st_size} bytes")


if __name__ == "__main__":
    main()
