"""Build the character unigram/bigram model used to rank CJK mojibake repairs.

Sources (build-time only, nameable): the word-frequency lists shipped inside the PyPI package
``wordfreq`` (zh ``large``, ja ``large``, ko ``small``), and the same Chinese list converted to
Traditional (Taiwan) characters with OpenCC's own ``s2tw`` dictionaries. Every word contributes its
frequency to its characters, to the bigrams inside it, and to the word-boundary pseudo-bigrams
``^c``/``c$`` (``\\x02``/``\\x03`` in the table), which stand in for "next to punctuation/ASCII".

Output: ``textclean/data/mojibake/charmodel.tsv.gz``; lines ``key<TAB>count``, where ``key`` is one
character (unigram) or two (bigram); counts are integers on a common scale, each language's mass
normalized to the same total so no language swamps another.

    pip install wordfreq opencc && python scripts/build_mojibake_model.py
"""

from __future__ import annotations

import gzip
from collections import Counter
from pathlib import Path

BOS, EOS = "\x02", "\x03"
SCALE = 1e9
MAX_BIGRAMS = 400_000
OUT = Path(__file__).resolve().parents[1] / "textclean" / "data" / "mojibake" / "charmodel.tsv.gz"


def _wordlists() -> dict[str, dict[str, float]]:
    import opencc
    import wordfreq

    zh = wordfreq.get_frequency_dict("zh", "large")
    s2tw = opencc.OpenCC("s2tw")
    hant: Counter[str] = Counter()
    for word, freq in zh.items():
        hant[s2tw.convert(word)] += freq
    return {
        "zh-Hans": zh,
        "zh-Hant": dict(hant),
        "ja": wordfreq.get_frequency_dict("ja", "large"),
        "ko": wordfreq.get_frequency_dict("ko", "small"),
    }


def _count(words: dict[str, float]) -> tuple[Counter[str], Counter[str]]:
    """Unigram and bigram mass from one word list; ASCII is treated as a word boundary."""
    uni: Counter[str] = Counter()
    bi: Counter[str] = Counter()
    total = sum(words.values())
    for word, freq in words.items():
        f = freq / total
        for piece in "".join(c if ord(c) >= 0x80 else " " for c in word).split():
            seq = BOS + piece + EOS
            for c in piece:
                uni[c] += f
            for a, b in zip(seq, seq[1:], strict=False):
                bi[a + b] += f
    return uni, bi


def build() -> tuple[Counter[str], Counter[str]]:
    uni: Counter[str] = Counter()
    bi: Counter[str] = Counter()
    for _name, words in _wordlists().items():
        u, b = _count(words)
        uni.update(u)
        bi.update(b)
    return uni, bi


def main() -> None:
    uni, bi = build()
    rows = [(k, round(v * SCALE)) for k, v in uni.items()]
    rows += [(k, round(v * SCALE)) for k, v in bi.most_common(MAX_BIGRAMS)]
    rows = [(k, n) for k, n in rows if n > 0]
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(OUT, "wt", encoding="utf-8", compresslevel=9) as fh:
        fh.write("# char unigram/bigram counts; see scripts/build_mojibake_model.py\n")
        for k, n in sorted(rows):
            fh.write(f"{k}\t{n}\n")
    print(f"{OUT}: {sum(len(k) == 1 for k, _ in rows)} unigrams, "
          f"{sum(len(k) == 2 for k, _ in rows)} bigrams, {OUT.stat().st_size} bytes")


if __name__ == "__main__":
    main()
