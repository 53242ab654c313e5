"""How much the damaged bytes still determine: ceilings for the lossy kinds of issue 3.

For UTF-8 read as a CJK codec (``--kinds`` default: big5, euc_kr, gbk, gb18030, shift_jis), on the
same lines as ``mojibake_bench.py`` (150 per kind, ``random.Random(3)``) and on every line:

* ``bytes lost``: share of the UTF-8 bytes that the wrong codec turned into U+FFFD (measured
  with an error handler that records each error's byte range, so it is exact);
* ``chars hit``: share of characters with at least one lost byte, so ``100 - chars hit`` is the
  characters-right figure a repair reaches if it never guesses a lost letter right (and a
  bound on what bytes alone give: every hit character is a guess);
* ``lines hit``: share of damaged lines with at least one lost byte (lines that need a guess);
* ``cands``: how many characters of the line's script (Han U+4E00–9FFF, Hangul syllables, kana)
  agree with a hit character's surviving bytes, on average (mean and median): the choice the
  model has to make for each hit letter;
* ``alone``: share of hit letters with no CJK letter on either side (between ASCII or marks):
  only the letter's own frequency can choose there;
* ``guesses/line`` and ``per-guess % for 95% lines``: characters hit per damaged line, and how
  often each such guess must be right (independently) for 95% of the lines to come out exact;
  with ``--repair``, how often the repair's guesses are right now (lines it kept the length of).

For UTF-8 read as TIS-620 with C1 dropped (the English lines of ``mojibake_single_byte_bench``):
a damaged character keeps its skeleton (the surviving bytes); the line is *determined by its
bytes* when every damaged character's skeleton belongs to one plausible character only.
Plausible characters: every non-ASCII character of the English source pages (what such text
really uses) plus the repair's own candidate table. ``ambiguous`` lines hold a character
whose skeleton several plausible characters share (– and —, ‘ and “, 📰 and 💰); the 90%
exact-line target is reachable only on the determined lines plus the ambiguous ones context
decides.

    python benchmarks/mojibake_ceiling.py [--kinds big5,euc_kr] [--all-lines] [--tis620-limit N]
                                          [--repair]

Reads ``../shared/eval-dev`` at run time; prints a note and nothing else when it is absent.
"""

from __future__ import annotations

import argparse
import codecs
import json
import statistics
import sys
from collections import Counter
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

SOURCE = {"big5": "zh-Hant", "euc_kr": "ko", "gbk": "zh-Hans", "gb18030": "zh-Hans",
          "shift_jis": "ja"}
_SCRIPT = {
    "zh-Hant": ((0x4E00, 0x9FFF),),
    "zh-Hans": ((0x4E00, 0x9FFF),),
    "ko": ((0xAC00, 0xD7A3),),
    "ja": ((0x3041, 0x30FF), (0x4E00, 0x9FFF)),
}
_errors: list[tuple[int, int]] = []


def _record(exc: UnicodeError) -> tuple[str, int]:
    assert isinstance(exc, UnicodeDecodeError)
    _errors.append((exc.start, exc.end))
    return "\ufffd", exc.end


codecs.register_error("textclean-ceiling", _record)


def lost_bytes(data: bytes, codec: str) -> list[bool]:
    """Per byte of ``data``: whether decoding it as ``codec`` turned it into U+FFFD."""
    _errors.clear()
    data.decode(codec, "textclean-ceiling")
    lost = [False] * len(data)
    for start, end in _errors:
        for i in range(start, end):
            lost[i] = True
    return lost


@cache
def _script_index(lang: str) -> dict[tuple[int, ...], list[bytes]]:
    """The script's characters by UTF-8 length, for matching surviving bytes."""
    out: dict[tuple[int, ...], list[bytes]] = {}
    for lo, hi in _SCRIPT[lang]:
        for cp in range(lo, hi + 1):
            data = chr(cp).encode("utf-8")
            out.setdefault((len(data),), []).append(data)
    return out


def candidates(data: bytes, lost: list[bool], lang: str) -> int:
    """Characters of ``lang``'s script whose UTF-8 agrees with ``data`` where it survived."""
    pool = _script_index(lang).get((len(data),), [])
    keep = [(i, b) for i, (b, gone) in enumerate(zip(data, lost, strict=True)) if not gone]
    return sum(all(c[i] == b for i, b in keep) for c in pool)


def _is_cjk(ch: str) -> bool:
    return any(lo <= ord(ch) <= hi for rng in _SCRIPT.values() for lo, hi in rng) or (
        0xAC00 <= ord(ch) <= 0xD7A3)


def cjk_ceiling(lines: list[str], codec: str, lang: str, repair: bool = False
                ) -> dict[str, float]:
    total_bytes = lost_total = chars = hit_chars = damaged = hit_lines = alone = 0
    n_guessed = n_right = 0
    cands: list[int] = []
    per_line: list[int] = []
    for line in lines:
        data = line.encode("utf-8")
        if data.decode(codec, "replace") == line:
            continue
        damaged += 1
        lost = lost_bytes(data, codec)
        got = _repair(data.decode(codec, "replace")) if repair else ""
        if len(got) != len(line):
            got = ""  # the repair changed the length: its guesses are not counted
        total_bytes += len(data)
        lost_total += sum(lost)
        pos, line_hit, hits = 0, False, 0
        for i, ch in enumerate(line):
            size = len(ch.encode("utf-8"))
            chars += 1
            mine = lost[pos:pos + size]
            if any(mine):
                hit_chars += 1
                hits += 1
                if got:
                    n_guessed += 1
                    n_right += got[i] == ch
                line_hit = True
                if _is_cjk(ch):
                    cands.append(candidates(ch.encode("utf-8"), mine, lang))
                    left = line[i - 1] if i else ""
                    right = line[i + 1] if i + 1 < len(line) else ""
                    alone += not (left and _is_cjk(left)) and not (right and _is_cjk(right))
            pos += size
        hit_lines += line_hit
        per_line.append(hits)
    return {
        "lines": damaged,
        "bytes lost %": 100 * lost_total / max(1, total_bytes),
        "chars hit %": 100 * hit_chars / max(1, chars),
        "lines hit %": 100 * hit_lines / max(1, damaged),
        "cands mean": statistics.fmean(cands) if cands else 0.0,
        "cands median": statistics.median(cands) if cands else 0.0,
        "alone %": 100 * alone / max(1, len(cands)),
        "guesses/line": statistics.fmean(per_line) if per_line else 0.0,
        "per-guess % for 95% lines": 100 * _needed(per_line, 0.95),
        **({"per-guess % now": 100 * n_right / max(1, n_guessed)} if repair else {}),
    }


def _repair(line: str) -> str:
    from textclean.mojibake.cjk import repair_cjk

    return repair_cjk(line)[0]


def _needed(per_line: list[int], target: float) -> float:
    """The accuracy p of each guess (independent) at which the mean of p**k over the lines
    (k: the line's guessed characters) reaches ``target``: what 95% exact lines asks of a model."""
    if not per_line:
        return 0.0
    lo, hi = 0.0, 1.0
    for _ in range(50):
        mid = (lo + hi) / 2
        if statistics.fmean(mid ** k for k in per_line) < target:
            lo = mid
        else:
            hi = mid
    return hi


def tis620_ceiling(limit: int) -> dict[str, float]:
    from mojibake_single_byte_bench import SHARED, english_lines

    from textclean.mojibake.single_byte import (
        _LOST,
        corrupt,
        left_class,
        right_class,
        skeleton,
    )

    lines = english_lines(limit)
    plausible: set[str] = set()
    with (SHARED / "boilerplate-dev.jsonl").open(encoding="utf-8") as fh:
        for row in fh:
            plausible.update(c for c in json.loads(row)["text"] if not c.isascii())
    table = ROOT / "textclean" / "data" / "mojibake" / "single_byte" / "table.json"
    plausible.update(json.loads(table.read_text(encoding="utf-8"))["chars"])
    by_skeleton: dict[bytes, set[str]] = {}
    for c in plausible:
        if any(b in _LOST for b in c.encode("utf-8")):
            by_skeleton.setdefault(skeleton(c), set()).add(c)
    damaged = ambiguous = 0
    pairs: Counter[str] = Counter()
    keyed: list[list[tuple[tuple[bytes, str, str], str]]] = []
    by_key: dict[tuple[bytes, str, str], Counter[str]] = {}
    for line in lines:
        if corrupt(line) == line:
            continue
        damaged += 1
        clash = False
        mine = []
        for i, c in enumerate(line):
            if c.isascii() or not any(b in _LOST for b in c.encode("utf-8")):
                continue
            group = by_skeleton.get(skeleton(c), {c})
            if len(group) > 1:
                clash = True
                pairs[c + " vs " + "".join(sorted(group - {c}))[:12]] += 1
            key = (skeleton(c), left_class(line[:i]), right_class(line[i + 1:]))
            by_key.setdefault(key, Counter())[c] += 1
            mine.append((key, c))
        ambiguous += clash
        keyed.append(mine)
    # the best any repair deciding from (skeleton, class before, class after) can do, with the
    # majority answer of each context taken from these very lines (optimistic, in-sample)
    majority = {key: counts.most_common(1)[0][0] for key, counts in by_key.items()}
    oracle = sum(all(majority[key] == c for key, c in mine) for mine in keyed)
    print("  most frequent clashes:", ", ".join(f"{k} ({n})" for k, n in pairs.most_common(6)))
    # the contexts where the oracle is wrong most often: choices the classes cannot make
    misses = sorted(by_key.items(), key=lambda kv: -(sum(kv[1].values()) - max(kv[1].values())))
    print("  contexts the classes cannot decide:", "; ".join(
        f"{sk.hex()} after {left} before {right}: "
        + " ".join(f"{c} {n}" for c, n in counts.most_common(3))
        for (sk, left, right), counts in misses[:4]))
    return {"damaged lines": damaged, "ambiguous %": 100 * ambiguous / max(1, damaged),
            "determined %": 100 * (damaged - ambiguous) / max(1, damaged),
            "context-class oracle exact %": 100 * oracle / max(1, damaged),
            "plausible chars": len(plausible)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kinds", default="big5,euc_kr,gbk,gb18030,shift_jis")
    ap.add_argument("--all-lines", action="store_true", help="every line, not the 150 sampled")
    ap.add_argument("--tis620-limit", type=int, default=3000)
    ap.add_argument("--repair", action="store_true",
                    help="also run the repair: how often its guesses are right now")
    args = ap.parse_args(argv)
    import mojibake_bench as bench

    if not bench.DATA.is_dir():
        print(f"note: {bench.DATA} not found; nothing to measure")
        return 0
    for codec in filter(None, args.kinds.split(",")):
        lang = SOURCE[codec]
        lines = list(bench.lines_for(lang))
        if not args.all_lines:
            lines = bench.sample(tuple(lines), 150)
        row = cjk_ceiling(lines, codec, lang, args.repair)
        print(f"utf8-as-{codec:<10}" + "  ".join(f"{k} {v:.1f}" if isinstance(v, float)
                                                  else f"{k} {v}" for k, v in row.items()))
    if args.tis620_limit:
        row = tis620_ceiling(args.tis620_limit)
        print("utf8-as-tis620-c1-dropped  " + "  ".join(
            f"{k} {v:.1f}" if isinstance(v, float) else f"{k} {v}" for k, v in row.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
