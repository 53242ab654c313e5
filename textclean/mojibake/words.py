"""Word bonuses for the letters a lossy CJK repair had to guess.

Character bigrams and trigrams favour frequent letters: with a lost byte, 问目 beats 闭目 because
问 is common and 闭 is not, although 闭目 is a word. A word table (built by
``scripts/build_mojibake_words.py`` from wordfreq's word lists) says how much likelier a
word is than its letters taken one by one; :meth:`Words.score` is the best total of such
bonuses over non-overlapping words in a stretch of text, so a candidate letter that completes a
word with its neighbours gains, whatever its own frequency. One table per language
(``words.bin`` for Simplified Chinese, ``words_ja.bin`` for Japanese);
each is loaded once, lazily.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from .trigram import is_letter

_MAGIC = b"textclean-words/1\n"
FILES = {"zh-Hans": "words.bin", "ja": "words_ja.bin"}


@dataclass(frozen=True)
class Words:
    bonus: dict[str, float]
    max_len: int = 4

    def score(self, text: str) -> float:
        """Best sum of word bonuses over non-overlapping words inside runs of letters."""
        total = 0.0
        spaced = "".join(ch if is_letter(ch) else " " for ch in text)
        for run in spaced.split():
            best = [0.0] * (len(run) + 1)
            for i in range(1, len(run) + 1):
                top = best[i - 1]
                for j in range(max(0, i - self.max_len), i - 1):
                    b = self.bonus.get(run[j:i])
                    if b is not None and best[j] + b > top:
                        top = best[j] + b
                best[i] = top
            total += best[-1]
        return total


def pack(table: dict[str, float]) -> bytes:
    """The packaged table: zlib over ``word<TAB>bonus`` lines (bonus in tenths)."""
    body = "\n".join(f"{w}\t{round(b * 10)}" for w, b in sorted(table.items()))
    return _MAGIC + zlib.compress(body.encode("utf-8"), 9)


def unpack(blob: bytes) -> Words:
    if not blob.startswith(_MAGIC):
        raise ValueError("not a textclean word table")
    bonus: dict[str, float] = {}
    for line in zlib.decompress(blob[len(_MAGIC):]).decode("utf-8").split("\n"):
        word, _, tenths = line.partition("\t")
        bonus[word] = int(tenths) / 10
    return Words(bonus, max(map(len, bonus), default=1))


@cache
def load_words(lang: str = "zh-Hans") -> Words | None:
    """The packaged table of ``lang``, or None when there is none (no word bonuses then)."""
    name = FILES.get(lang)
    if name is None:
        return None
    path = resources.files("textclean") / "data" / "mojibake" / name
    try:
        return unpack(path.read_bytes())
    except FileNotFoundError:
        return None
