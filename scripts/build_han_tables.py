"""Build the Han normalization tables shipped in ``textclean/data/chinese/``.

Source: Python's own Unicode Character Database (``unicodedata``): the NFKC decomposition of the
Kangxi radicals (U+2F00–U+2FDF), the CJK radicals supplement (U+2E80–U+2EFF) and the CJK
compatibility ideographs (U+F900–U+FAFF, U+2F800–U+2FA1F). Nothing is typed by hand, so the
tables change only when the Unicode version does. Run: ``python scripts/build_han_tables.py``.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "textclean" / "data" / "chinese"
TABLES = {
    "kangxi.tsv": ((0x2F00, 0x2FDF), (0x2E80, 0x2EFF)),
    "compat.tsv": ((0xF900, 0xFAFF), (0x2F800, 0x2FA1F)),
}


def derive(ranges: tuple[tuple[int, int], ...]) -> list[tuple[int, int]]:
    """(source, target) code points whose NFKC form is one different character."""
    pairs = []
    for lo, hi in ranges:
        for cp in range(lo, hi + 1):
            nf = unicodedata.normalize("NFKC", chr(cp))
            if len(nf) == 1 and nf != chr(cp):
                pairs.append((cp, ord(nf)))
    return pairs


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, ranges in TABLES.items():
        rows = [f"# derived from unicodedata {unicodedata.unidata_version} NFKC by "
                "scripts/build_han_tables.py; columns: source, target (hex code points)"]
        rows += [f"{s:04X}\t{t:04X}" for s, t in derive(ranges)]
        (OUT / name).write_text("\n".join(rows) + "\n", encoding="utf-8")
        print(f"{name}: {len(rows) - 1} entries")


if __name__ == "__main__":
    main()
