"""Script conversion through textclean versus OpenCC itself, for every OpenCC config.

Reads ``../shared/eval-dev/char-dataset/`` (each folder named after its encoding) when present.
For every config in ``opencc.CONFIGS`` it converts

* the Chinese corpus (GB18030/GB2312/Big5 folders, concatenated into one large text) with
  ``clean(text, stages=["script"], script=cfg)`` and with ``OpenCC(cfg).convert``;
* every other document of the data set the same way,

and explains each line where the two differ: the kana/Hangul guard (Japanese and Korean are
deliberately not converted), Han normalization (Kangxi radicals, variation selectors), "target
script kept" (the line holds no character the config converts on its own, so OpenCC's phrase
tables are not let loose on text already in the target script: s2t's 了解→瞭解 and 懷念→懷唸 on
Traditional lines, t2s's 打坏→打坯 on Simplified ones), or "unexplained" (a bug). The kept
lines of the Chinese corpus are printed (five per config), to be read.

Run: ``/tmp/venv/bin/python benchmarks/script_bench.py [DATASET_DIR]``.
"""

from __future__ import annotations

import html
import sys
import time
from pathlib import Path

import opencc
import regex

import textclean
from textclean.chinese import _HAN, _SUSPECT, _source_chars, convertible

DEFAULT_DIR = Path(__file__).resolve().parents[2] / "shared" / "eval-dev" / "char-dataset"
ZH_FOLDERS = ("gb18030", "gb2312", "big5")
SUPERSET = {"gb2312": "gb18030", "gbk": "gb18030", "big5": "cp950", "shift_jis": "cp932",
            "euc_jp": "euc_jis_2004", "ascii": "utf-8"}
_TAG = regex.compile(r"<[^>\n]{0,2000}>")
_NEWLINE = regex.compile(r"\r\n|[\n\r\u2028\u2029]")


def decode(path: Path) -> str | None:
    """The file decoded with its folder's codec (a superset codec if that fails)."""
    codec = path.parent.name
    data = path.read_bytes()
    for c in (codec, SUPERSET.get(codec)):
        if not c:
            continue
        try:
            return data.decode(c)
        except (UnicodeDecodeError, LookupError):
            continue
    try:
        return data.decode(SUPERSET.get(codec, codec), errors="replace")
    except LookupError:
        return None


def plain_text(raw: str) -> str:
    """Markup stripped (twice unescaped, as feeds escape their HTML), one paragraph per line."""
    text = raw.replace("<![CDATA[", "").replace("]]>", "")
    for _ in range(2):
        text = _TAG.sub("\n", html.unescape(text))
    lines = (ln.strip() for ln in _NEWLINE.split(text))
    return "\n".join(ln for ln in lines if ln and "\ufffd" not in ln)


def load_texts(root: Path, folders: tuple[str, ...] | None = None) -> dict[str, str]:
    """``{folder/file: plain text}`` for the chosen folders (all when ``None``)."""
    out: dict[str, str] = {}
    for d in sorted(p for p in root.iterdir() if p.is_dir()):
        if folders is not None and d.name not in folders:
            continue
        for f in sorted(d.iterdir()):
            raw = decode(f) if f.is_file() else None
            if raw:
                out[f"{d.name}/{f.name}"] = plain_text(raw)
    return out


def explain(line: str, converted: str, guarded: bool, stem: str) -> str:
    """Why our line differs from OpenCC's."""
    if guarded:
        return "kana/hangul guard"
    if _SUSPECT.search(line):
        return "han normalization"
    if converted == line and not _source_chars(stem).search(line):
        return "target script kept"
    return "unexplained"


def differences(src: str, ours: str, ref: str, stem: str, guarded: set[int],
                kinds: dict[str, int], show: str) -> None:
    """Count each differing line by its explanation; print those of kind ``show``."""
    for k, (la, lb, lo) in enumerate(zip(ours.split("\n"), ref.split("\n"), src.split("\n"),
                                         strict=True)):
        if la != lb:
            kind = explain(lo, la, k in guarded, stem)
            kinds[kind] += 1
            if (kind == show and kinds[kind] <= 5) or (kind == "unexplained" and kinds[kind] <= 2):
                print(f"  {kind} ({stem}): {lo[:60]!r} (OpenCC: {lb[:60]!r})")


def guarded_lines(text: str, stem: str) -> set[int]:
    """Lines holding Han that the Japanese/Korean guard keeps (wholly or partly) from OpenCC."""
    covered = [False] * len(text)
    for a, b in convertible(text, stem):
        covered[a:b] = [True] * (b - a)
    out, at = set(), 0
    for i, line in enumerate(text.split("\n")):
        if any(not covered[at + m.start()] for m in _HAN.finditer(line)):
            out.add(i)
        at += len(line) + 1
    return out


def main(argv: list[str]) -> int:
    root = Path(argv[0]) if argv else DEFAULT_DIR
    if not root.is_dir():
        print(f"data set not found: {root}")
        return 2
    docs = load_texts(root)
    zh = "\n".join(t for k, t in docs.items() if k.split("/")[0] in ZH_FOLDERS)
    others = {k: t for k, t in docs.items() if k.split("/")[0] not in ZH_FOLDERS}
    print(f"Chinese corpus: {len(zh):,} chars; other documents: {len(others)} "
          f"({sum(map(len, others.values())):,} chars)")
    total_unexplained = 0
    print(f"{'config':8} {'zh lines kept':>13} {'zh MB/s':>8} {'OpenCC MB/s':>10} "
          f"{'other docs differing':>21} {'guard':>6} {'han-norm':>8} {'kept':>5} "
          f"{'unexplained':>11}")
    for cfg in sorted(opencc.CONFIGS):
        stem = cfg.removesuffix(".json")
        ref = opencc.OpenCC(cfg).convert
        textclean.clean("漢字", stages=["script"], script=stem)  # load dictionaries first
        t0 = time.perf_counter()
        ours = textclean.clean(zh, stages=["script"], script=stem)
        dt = time.perf_counter() - t0
        t0 = time.perf_counter()
        same = ours == ref(zh)
        dt_ref = time.perf_counter() - t0
        kinds = {"kana/hangul guard": 0, "han normalization": 0, "target script kept": 0,
                 "unexplained": 0}
        if not same:
            differences(zh, ours, ref(zh), stem, set(), kinds, "target script kept")
        kept_zh = kinds["target script kept"]
        differing = 0
        for text in others.values():
            a = textclean.clean(text, stages=["script"], script=stem)
            b = ref(text)
            if a == b:
                continue
            differing += 1
            differences(text, a, b, stem, guarded_lines(text, stem), kinds, "")
        total_unexplained += kinds["unexplained"]
        mb = len(zh.encode()) / 1e6
        print(f"{stem:8} {kept_zh:>13} {mb / dt:8.1f} {mb / dt_ref:10.1f} {differing:21} "
              f"{kinds['kana/hangul guard']:6} {kinds['han normalization']:8} "
              f"{kinds['target script kept'] - kept_zh:5} {kinds['unexplained']:11}")
    print(f"unexplained mismatches (target 0): {total_unexplained}")
    return 0 if total_unexplained == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
