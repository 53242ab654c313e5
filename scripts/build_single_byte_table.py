"""Build textclean/data/mojibake/single_byte/table.json for lossy single-byte repair.

Source: ``corpus_en.txt`` (English news-style text written for this project, in our own words)
and ``prior.tsv`` (hand-set pseudo-counts, each line says why). For every non-ASCII character
(CJK letters aside: the CJK model ranks those) we count how often it occurs and in which context
class (what precedes / follows it, see ``textclean.mojibake.single_byte.left_class``).
Run: ``python scripts/build_single_byte_table.py``.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from pathlib import Path

from textclean.mojibake.single_byte import _CJK_CHAR, left_class, right_class

DATA = Path(__file__).resolve().parent.parent / "textclean" / "data" / "mojibake" / "single_byte"


def _read_prior(path: Path) -> dict[str, float]:
    prior: dict[str, float] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        char, weight, _why = line.split("\t", 2)
        if char.startswith("U+"):
            char = chr(int(char[2:], 16))
        prior[char] = float(weight)
    return prior


Counts = tuple[Counter[str], dict[str, Counter[str]], dict[str, Counter[str]],
               dict[str, Counter[str]]]


def _count(corpus: str) -> Counts:
    counts: Counter[str] = Counter()
    left: dict[str, Counter[str]] = defaultdict(Counter)
    right: dict[str, Counter[str]] = defaultdict(Counter)
    both: dict[str, Counter[str]] = defaultdict(Counter)
    for line in corpus.splitlines():
        if line.startswith("#"):
            continue
        for i, ch in enumerate(line):
            if ch.isascii() or _CJK_CHAR.match(ch):
                continue  # CJK letters are context here; the CJK model ranks them
            counts[ch] += 1
            lcls, rcls = left_class(line[:i]), right_class(line[i + 1:])
            left[ch][lcls] += 1
            right[ch][rcls] += 1
            both[ch][f"{lcls} {rcls}"] += 1
    return counts, left, right, both


def build() -> dict[str, object]:
    prior = _read_prior(DATA / "prior.tsv")
    counts, left, right, both = _count((DATA / "corpus_en.txt").read_text(encoding="utf-8"))
    chars = {}
    for ch in sorted(set(prior) | set(counts)):
        chars[ch] = {
            "count": counts[ch] + prior.get(ch, 0.0) or 0.1,
            "left": dict(sorted(left[ch].items())),
            "right": dict(sorted(right[ch].items())),
            "both": dict(sorted(both[ch].items())),
        }
    return {"source": "corpus_en.txt + prior.tsv (written for textclean)", "chars": chars}


if __name__ == "__main__":
    out = DATA / "table.json"
    out.write_text(json.dumps(build(), ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(f"wrote {out}")
