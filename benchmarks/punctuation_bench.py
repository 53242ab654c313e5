"""Punctuation restoration and false edits on real text (``../shared/eval-dev/char-dataset``).

1. Restoration: Chinese lines from the GB18030/GB2312/Big5 folders that are correctly punctuated
   (full-width marks, no ASCII ``, : ; ! ? ( ) "`` and no ``.`` touching Han) are folded the way
   NFKC and scrapers fold them (NFKC of ``，：；！？（）``, ``。``→``.``, ``“”``→``"``,
   ``……``→``...``) and run through the ``punctuation`` stage. A line counts as restored when it
   equals the original, ignoring spaces beside full-width marks. Target ≥ 95%.
2. False edits: the same correct Chinese lines, and every line of the English/Western folders,
   through ``punctuation`` and ``script``: every change is listed (target 0).
3. Japanese: every line of the Japanese folders through ``script`` (default ``zh-Hans``) must
   keep every kanji.
4. Optional comparison with autocorrect-py (``pip install autocorrect-py``) when importable.

GB lines run with the default ``script`` (zh-Hans), Big5 lines with ``script="keep"``: under a
Simplified target ``‧`` (Big5's middle dot) is normalized to ``·`` on purpose.
Run: ``/tmp/venv/bin/python benchmarks/punctuation_bench.py [DATASET_DIR] [-v]``.
"""

from __future__ import annotations

import sys
import time
import unicodedata
from collections import Counter
from pathlib import Path

import regex
from script_bench import DEFAULT_DIR, load_texts

import textclean
from textclean.report import changed_span

ZH = {"gb18030": "zh-Hans", "gb2312": "zh-Hans", "big5": "keep"}
EN = ("ascii", "utf_8", "windows_1252", "iso8859_1", "windows_1250", "iso8859_2", "cp037")
JA = ("shift_jis", "euc_jp", "cp932", "iso2022_jp")
_HAN = regex.compile(r"\p{Han}")
_KANA = regex.compile(r"[\p{Hiragana}\p{Katakana}]")
_TARGET = regex.compile(r"[，：；！？（）。“”]|……")
_ASCII_MARKS = regex.compile(r'[,:;!?()"]|\p{Han}\.|\.\p{Han}')
# Not standard punctuation (GB/T 15834), which the stage normalizes on purpose: full-width Latin
# letters/digits, dash and ellipsis substitutes, full-width colon in times, quotes out of order.
_NONSTANDARD = regex.compile(
    r"[Ａ-Ｚａ-ｚ０-９]|--|－－|。。|\.\.\.|\d：\d|^[^“]*”|“[^”]*“|”[^“]*”")
_SPACE_BY_FW = regex.compile(r"[ \t\u3000]+(?=[^\x00-\x7f\p{L}\p{N}])|"
                             r"(?<=[^\x00-\x7f\p{L}\p{N}])[ \t\u3000]+")


def fold(line: str) -> str:
    """What NFKC and scrapers do to Chinese punctuation."""
    line = "".join(unicodedata.normalize("NFKC", c) if c in "，：；！？（）" else c for c in line)
    return line.replace("。", ".").replace("“", '"').replace("”", '"').replace("……", "...")


_INTERPUNCT = regex.compile(r"(?<=\p{Han})[•・∙⋅](?=\p{Han})")


def by_design(line: str, script: str) -> str:
    """The line with the normalizations the issue asks for (``・`` between Han → ``·``)."""
    line = _INTERPUNCT.sub("·", line)
    return line if script == "keep" else line.replace("‧", "·")


def same(a: str, b: str) -> bool:
    return _SPACE_BY_FW.sub("", a) == _SPACE_BY_FW.sub("", b)


def _diff(a: str, b: str) -> str:
    old, new = changed_span(a, b, context=12)
    return f"…{old}… → …{new}…"


def zh_lines(root: Path) -> list[tuple[str, str]]:
    """(line, script option) for correctly punctuated Chinese lines, deduplicated."""
    out: dict[str, str] = {}
    for key, text in load_texts(root, tuple(ZH)).items():
        for line in text.split("\n"):
            if (len(_HAN.findall(line)) >= 6 and _TARGET.search(line)
                    and not _ASCII_MARKS.search(line) and not _KANA.search(line)
                    and not _NONSTANDARD.search(line)):
                out.setdefault(line, ZH[key.split("/")[0]])
    return list(out.items())


def try_autocorrect():  # type: ignore[no-untyped-def]
    try:
        import autocorrect_py
    except ImportError:
        return None
    return autocorrect_py.format


def main(argv: list[str]) -> int:
    verbose = "-v" in argv
    args = [a for a in argv if a != "-v"]
    root = Path(args[0]) if args else DEFAULT_DIR
    if not root.is_dir():
        print(f"data set not found: {root}")
        return 2
    lines = zh_lines(root)
    folded = [(line, fold(line), script) for line, script in lines if fold(line) != line]
    restored = [textclean.clean(f, stages=["punctuation"], script=s) for _, f, s in folded]
    ok = sum(same(r, o) for (o, _, _), r in zip(folded, restored, strict=True))
    joined = "\n".join(f for _, f, _ in folded)
    t0 = time.perf_counter()
    textclean.clean(joined, stages=["punctuation"])
    dt = time.perf_counter() - t0
    mb = len(joined.encode()) / 1e6
    print(f"1. restoration: {ok}/{len(folded)} lines exactly restored = {ok / len(folded):.1%} "
          f"(target ≥ 95%), {mb / dt:.1f} MB/s")
    if verbose:
        for (o, _, _), r in zip(folded, restored, strict=True):
            if not same(r, o):
                print(f"   miss: {_diff(o, r)}")
    ac = try_autocorrect()
    if ac:
        ac_ok = sum(same(ac(folded_line), o) for o, folded_line, _ in folded)
        print(f"   autocorrect-py: {ac_ok}/{len(folded)} = {ac_ok / len(folded):.1%}")
    else:
        print("   autocorrect-py: not installed (pip install autocorrect-py to compare)")

    false_zh: Counter[str] = Counter()
    n_zh = n_space = 0
    for line, script in lines:
        rec = textclean.process(line, stages=["punctuation"], script=script)
        if rec.text == line:
            continue
        if same(rec.text, by_design(line, script)):
            n_space += 1
            continue
        n_zh += 1
        false_zh.update(c.rule for c in rec.changes)
        if verbose:
            print(f"   zh edit: {_diff(line, rec.text)}")
    print(f"2. false edits on {len(lines)} correct Chinese lines: {n_zh} lines "
          f"{dict(false_zh) or ''} (+{n_space} lines changed by design only: spaces beside "
          "full-width marks removed, ・ between Han → ·)")
    en = [ln for t in load_texts(root, EN).values() for ln in t.split("\n")
          if ln.strip() and not _HAN.search(ln)]
    n_en = 0
    for line in en:
        out = textclean.clean(line, stages=["script", "punctuation"])
        if out != line:
            n_en += 1
            if verbose or n_en <= 3:
                print(f"   en edit: {line[:100]!r}\n         → {out[:100]!r}")
    print(f"   false edits on {len(en)} English/Western lines: {n_en}")

    ja_docs = load_texts(root, JA)
    kanji_lost = lines_changed = n_ja = 0
    for text in ja_docs.values():
        out = textclean.clean(text, stages=["script"])
        for a, b in zip(text.split("\n"), out.split("\n"), strict=True):
            if _HAN.search(a):
                n_ja += 1
                if a != b:
                    lines_changed += 1
                    kanji_lost += sum(x != y for x, y in zip(a, b, strict=False))
                    if verbose:
                        print(f"   ja edit: {a[:80]!r} → {b[:80]!r}")
    print(f"3. Japanese lines with kanji: {n_ja}; changed by script: {lines_changed} "
          f"({kanji_lost} characters)")
    return 0 if ok >= 0.95 * len(folded) and not n_zh and not n_en and not lines_changed else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
