"""Boilerplate quality on ../shared/eval-dev/boilerplate-dev.jsonl and the seeds.

For each page, every ``with`` snippet must still be in the output and every ``without`` snippet
must be gone (substring checks after collapsing whitespace). Modes: the full default pipeline,
the boilerplate stage alone, and the stage with cross-document repeat counts (pages grouped by
site). Halves (by position, even/odd) show whether tuning on one half overfits.

Usage: python benchmarks/boilerplate_bench.py [--data PATH] [--modes full,stage,cross]
       python benchmarks/boilerplate_bench.py --seeds
"""

from __future__ import annotations

import argparse
import glob
import json
import re
import sys
import time
from pathlib import Path

import textclean
from textclean.boilerplate import RepeatCounter, site_of
from textclean.lang import detect_lang
from textclean.pipeline import Pipeline

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
_WS = re.compile(r"\s+")


def norm(s: str) -> str:
    return _WS.sub(" ", s).strip()


def score(rows: list[dict], outputs: list[str],
          groups: list[str] | None = None) -> dict[str, tuple[tuple[int, int], tuple[int, int]]]:
    """Per group (default: halves A/B by position) and overall: (kept with, total with),
    (removed without, total without)."""
    acc: dict[str, list[int]] = {}
    for n, (row, out) in enumerate(zip(rows, outputs, strict=True)):
        text = norm(out)
        group = groups[n] if groups else "A" if n % 2 == 0 else "B"
        for key in (group, "all"):
            a = acc.setdefault(key, [0, 0, 0, 0])
            for s in row["with"]:
                a[0] += norm(s) in text
                a[1] += 1
            for s in row["without"]:
                a[2] += norm(s) not in text
                a[3] += 1
    return {h: ((a[0], a[1]), (a[2], a[3])) for h, a in sorted(acc.items())}


def language(row: dict) -> str:
    """``en``, ``zh`` or ``other`` (most dev pages are German, which the detector calls und):
    the evaluation sets we do not see are mostly Chinese and English news."""
    tag = detect_lang(row["text"][:5000]) or "und"
    return "zh" if tag.startswith("zh") else "en" if tag == "en" else "other"


def run(rows: list[dict], mode: str) -> list[str]:
    if mode == "none":
        return [r["text"] for r in rows]
    if mode == "full":
        return [textclean.process(r["text"], source=r.get("url")).text for r in rows]
    pipe = Pipeline(["boilerplate"])
    if mode == "stage":
        return [pipe.process(r["text"], source=r.get("url")).text for r in rows]
    counter = RepeatCounter()  # mode == "cross": first pass counts, second pass uses
    for r in rows:
        counter.add(r["text"], site_of(r.get("url")))
    return [pipe.process(r["text"], source=r.get("url"),
                         repeated=counter.lookup(site_of(r.get("url")))).text for r in rows]


def report(mode: str, res: dict[str, tuple[tuple[int, int], tuple[int, int]]],
           secs: float | None = None) -> None:
    parts = []
    for h in [k for k in res if k != "all"] + ["all"]:
        (wk, wt), (xr, xt) = res[h]
        parts.append(f"{h}: with kept {100 * wk / max(wt, 1):5.1f}%  without removed "
                     f"{100 * xr / max(xt, 1):5.1f}%" + (f" ({wt}/{xt})" if h != "all" and
                                                         h not in "AB" else ""))
    print(f"{mode:6} | " + " | ".join(parts) + (f" | {secs:.1f}s" if secs is not None else ""))


SEED_GONE = ("Search documents", "反对齐", "相关推荐", "参考资料:", "来源:新浪财经",
             "B站影视 韩国电影", "30-Second TL;DR", "Who should care:", "Weekly AI Recap",
             "AI-curated news aggregator", "Original source:", "[1][27]")


def seeds() -> int:
    """Seed expectations from issue 4; returns the number of failures."""
    paths = sorted(glob.glob(str(SHARED / "seeds" / "*.txt")))
    if not paths:
        print("no seeds found")
        return 0
    failures = 0
    for p in paths:
        raw = Path(p).read_text("utf-8")
        rec = textclean.process(raw)
        out = rec.text
        gone = [s for s in SEED_GONE if s in raw and s in out]
        print(f"{Path(p).name}: title={rec.title!r} published={rec.published} site={rec.site!r} "
              f"author={rec.author!r} flags={rec.flags} removed={len(rec.removed)}")
        for s in gone:
            print(f"   STILL PRESENT: {s!r}")
        lost = [r for r in rec.removed if r.reason in ("context", "low-stopwords")
                and len(r.text.strip()) > 40]
        for r in lost:
            print(f"   long line removed by {r.reason}: {r.text[:70]!r}")
        failures += len(gone)
    return failures


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default=str(SHARED / "eval-dev" / "boilerplate-dev.jsonl"))
    ap.add_argument("--modes", default="none,stage,full,cross")
    ap.add_argument("--seeds", action="store_true")
    ap.add_argument("--limit", type=int, default=0)
    args = ap.parse_args(argv)
    if args.seeds:
        return 1 if seeds() else 0
    path = Path(args.data)
    if not path.exists():
        print(f"{path} not found; nothing to measure")
        return 0
    rows = [json.loads(ln) for ln in path.open(encoding="utf-8") if ln.strip()]
    if args.limit:
        rows = rows[: args.limit]
    langs = [language(r) for r in rows]
    counts = ", ".join(f"{k} {langs.count(k)}" for k in sorted(set(langs)))
    print(f"{len(rows)} pages; half A = even positions, half B = odd; pages by language: "
          f"{counts} (snippets with/without in brackets)")
    for mode in args.modes.split(","):
        t0 = time.perf_counter()
        outputs = run(rows, mode)
        report(mode, score(rows, outputs), time.perf_counter() - t0)
        if mode != "none":
            report("  lang", score(rows, outputs, langs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
