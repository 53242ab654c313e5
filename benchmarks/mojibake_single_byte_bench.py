"""Benchmark: Latin and lossy single-byte mojibake (issue 3), against ftfy.

Kinds (each: clean lines → corrupt → repair with the ``mojibake`` stage → compare):

* ``utf8-as-tis620-c1-dropped``: UTF-8 read as TIS-620, bytes 0x80–0x9F and 0xA0 lost
  (the aggregator seed's damage), on English lines with typographic punctuation (``en``) and on
  every line of English pages that have some (``en-pages``);
* ``utf8-as-cp1252``: UTF-8 read as cp1252 the way browsers do (undefined bytes → C1), on the
  same English lines and on Chinese lines; compared with ``ftfy.fix_encoding``/``fix_text``;
* ``utf8-as-cp1252-dropped``: the same with the five undefined bytes dropped;
* ``clean``: lines of clean text per language that the stage changes (target 0).

Data: English lines come from ``../shared/eval-dev/boilerplate-dev.jsonl`` (lines whose letters
are all ASCII, with two or more English function words and a typographic character); clean text
per language from ``../shared/eval-dev/char-dataset/<encoding>/``. Both are read at run time
only. Run: ``python benchmarks/mojibake_single_byte_bench.py [--limit N]``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path

import ftfy
import ftfy.bad_codecs  # noqa: F401  (registers sloppy-windows-1252)

from textclean.mojibake import STAGE
from textclean.mojibake.single_byte import corrupt as corrupt_tis620
from textclean.stage import Context

SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "eval-dev"
_TYPO = re.compile("[\u2013\u2014\u2018\u2019\u201c\u201d\u2022\u2026\u2192\u2122\u20ac]")
_FUNCTION_WORDS = re.compile(r"\b(?:the|and|of|to|in|is|for|that|with|on|was|are)\b")
_LETTER = re.compile(r"[^\W\d_]")
_THAI = re.compile("[\u0e01-\u0e5b]")
#: char-dataset folders holding clean text in the languages issue 3 names.
CLEAN_SETS = {"zh": ("gb18030", "gb2312", "big5"), "ja": ("shift_jis", "euc_jp", "cp932"),
              "ko": ("euc_kr", "cp949"), "th": ("tis_620",), "ru": ("koi8_r", "windows_1251",
              "ibm866", "mac_cyrillic"), "en": ("ascii", "windows_1252", "iso8859_1")}


def english_lines(limit: int) -> list[str]:
    """English lines with typographic punctuation from the boilerplate dev pages."""
    path = SHARED / "boilerplate-dev.jsonl"
    out: dict[str, None] = {}
    with path.open(encoding="utf-8") as fh:
        for row in fh:
            for line in json.loads(row)["text"].split("\n"):
                line = line.strip()
                letters = _LETTER.findall(line)
                if (len(line) >= 20 and letters and all(c.isascii() for c in letters)
                        and _TYPO.search(line) and len(set(_FUNCTION_WORDS.findall(line))) >= 2):
                    out[line] = None
    return list(out)[:limit]


def english_pages(limit: int) -> list[str]:
    """English pages (no non-ASCII letters) with typographic punctuation, as whole documents:
    the document-level reading of the target, where the stage sees the page it repairs."""
    path = SHARED / "boilerplate-dev.jsonl"
    out: list[str] = []
    with path.open(encoding="utf-8") as fh:
        for row in fh:
            text = json.loads(row)["text"]
            letters = _LETTER.findall(text)
            if (_TYPO.search(text) and letters
                    and sum(c.isascii() for c in letters) >= 0.995 * len(letters)
                    and len(_FUNCTION_WORDS.findall(text)) >= 20):
                out.append(text)
    return out[:limit]


def score_docs(docs: list[str], corrupt: Callable[[str], str]) -> dict[str, float]:
    """Corrupt and repair whole documents; count exact lines (all non-empty lines, and those
    the corruption changed) and lines with Thai letters left."""
    lines = changed = exact = exact_changed = thai_left = 0
    for doc in docs:
        damaged = corrupt(doc)
        fixed = stage_fix(damaged)
        for a, d, b in zip(doc.split("\n"), damaged.split("\n"), fixed.split("\n"),
                           strict=True):
            if not a.strip():
                continue
            lines += 1
            exact += a == b
            thai_left += bool(_THAI.search(b))
            if a != d:
                changed += 1
                exact_changed += a == b
    return {"docs": len(docs), "lines": lines, "exact": round(100 * exact / max(lines, 1), 2),
            "damaged_lines": changed,
            "exact_damaged": round(100 * exact_changed / max(changed, 1), 2),
            "lines_with_thai_left": thai_left}


def clean_lines(folders: Iterable[str], limit: int) -> list[str]:
    lines: list[str] = []
    for folder in folders:
        for path in sorted((SHARED / "char-dataset" / folder).glob("*")):
            try:
                text = path.read_bytes().decode(folder)
            except (UnicodeDecodeError, LookupError):
                continue
            lines.extend(x for x in text.split("\n") if x.strip() and not x.isascii())
    return lines[:limit]


def split_c1(lines: list[str]) -> tuple[list[str], int]:
    """Lines without C1 controls, and how many had some (their label was wrong: not clean)."""
    kept = [x for x in lines if not re.search("[\x80-\x9f]", x)]
    return kept, len(lines) - len(kept)


def chinese_lines(limit: int) -> list[str]:
    return [x for x in clean_lines(CLEAN_SETS["zh"], limit * 3) if len(x) < 2000][:limit]


def stage_fix(text: str) -> str:
    return STAGE(text, Context()).text


def cp1252_sloppy(text: str) -> str:
    return text.encode("utf-8").decode("sloppy-windows-1252")


def cp1252_dropped(text: str) -> str:
    return text.encode("utf-8").decode("cp1252", errors="ignore")


def score(lines: list[str], corrupt: Callable[[str], str],
          fixers: dict[str, Callable[[str], str]]) -> dict[str, dict[str, float]]:
    """Exact-line rate, character accuracy (on lines of equal length) and leftover Thai."""
    damaged = [corrupt(x) for x in lines]
    out: dict[str, dict[str, float]] = {}
    for name, fix in fixers.items():
        t0 = time.perf_counter()
        fixed = [fix(x) for x in damaged]
        secs = time.perf_counter() - t0
        exact = sum(a == b for a, b in zip(lines, fixed, strict=True))
        same_len = [(a, b) for a, b in zip(lines, fixed, strict=True) if len(a) == len(b)]
        chars = sum(len(a) for a, _ in same_len) or 1
        right = sum(x == y for a, b in same_len for x, y in zip(a, b, strict=True))
        out[name] = {
            "lines": len(lines),
            "exact": round(100 * exact / max(len(lines), 1), 2),
            "char_acc_same_len": round(100 * right / chars, 2),
            "lines_with_thai_left": sum(bool(_THAI.search(b)) for b in fixed),
            "MB/s": round(sum(len(x.encode()) for x in damaged) / secs / 1e6, 2),
        }
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--limit", type=int, default=5000)
    args = ap.parse_args(argv)
    if not SHARED.exists():
        print(f"skipped: {SHARED} not found", file=sys.stderr)
        return 0
    en = english_lines(args.limit)
    zh = chinese_lines(args.limit)
    ftfy_fixers = {"textclean": stage_fix, "ftfy.fix_encoding": ftfy.fix_encoding,
                   "ftfy.fix_text": ftfy.fix_text}
    pages = english_pages(args.limit // 10)
    report = {
        "utf8-as-tis620-c1-dropped/en": score(en, corrupt_tis620, {"textclean": stage_fix}),
        "utf8-as-tis620-c1-dropped/en-pages": {"textclean": score_docs(pages, corrupt_tis620)},
        "utf8-as-cp1252/en": score(en, cp1252_sloppy, ftfy_fixers),
        "utf8-as-cp1252/zh": score(zh, cp1252_sloppy, ftfy_fixers),
        "utf8-as-cp1252-dropped/en": score(en, cp1252_dropped, ftfy_fixers),
        "utf8-as-cp1252-dropped/zh": score(zh, cp1252_dropped, ftfy_fixers),
    }
    clean = {}
    for lang, folders in CLEAN_SETS.items():
        lines, with_c1 = split_c1(clean_lines(folders, args.limit))
        changed = [x for x in lines if stage_fix(x) != x]
        clean[lang] = {"lines": len(lines), "changed": len(changed),
                       "excluded_lines_with_c1_controls": with_c1,
                       "examples": [x[:80] for x in changed[:3]]}
    report["clean"] = clean  # type: ignore[assignment]
    print(json.dumps(report, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
