"""Throughput of the full default pipeline against its peers, side by side in one process.

Contenders run on the same corpus (see ``corpus.py``), in alternating order, each repeat timing
one pass over every document (CPU time of the process, so a busy machine does not skew it);
the table shows medians, MB/s (UTF-8 input bytes) and the ratio to
``ftfy.fix_text``. Then every stage is timed on the text it actually receives inside the
pipeline, so the slow stage is obvious, and a tracemalloc pass gives the in-process peak.

    python benchmarks/throughput.py [--size-mb 2] [--repeats 5] [--stages-only]

Peers: ``ftfy.fix_text`` (defaults), clean-text's ``clean`` (defaults; ``pip install
clean-text``; skipped with a note when missing), and a naive chain: ftfy, then OpenCC t2s, then
two whitespace regexes. textclean does far more than any of them (boilerplate, metadata,
provenance), so the comparison is deliberately unfavourable to it.
"""

from __future__ import annotations

import argparse
import gc
import re
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import corpus  # noqa: E402

import textclean  # noqa: E402
from textclean.pipeline import Pipeline  # noqa: E402
from textclean.stage import Context  # noqa: E402

Fn = Callable[[str], object]


def contenders() -> tuple[dict[str, Fn], list[str]]:
    """Name → function of one text; and notes on peers that could not be loaded."""
    import ftfy

    notes: list[str] = []
    pipeline = Pipeline()
    fns: dict[str, Fn] = {
        "textclean Pipeline().process": pipeline.process,
        "ftfy.fix_text": ftfy.fix_text,
    }
    try:
        from cleantext import clean as clean_text

        fns["clean-text clean()"] = clean_text
    except ImportError:
        notes.append("clean-text not installed (pip install clean-text): skipped")
    try:
        import opencc

        t2s = opencc.OpenCC("t2s.json").convert
        spaces, blanks = re.compile(r"[ \t]+"), re.compile(r"\n{3,}")

        def naive(text: str) -> str:
            text = t2s(ftfy.fix_text(text))
            return blanks.sub("\n\n", spaces.sub(" ", text)).strip()

        fns["naive ftfy+OpenCC+regex"] = naive
    except Exception as e:  # a missing or shadowed binding: say so, keep going
        notes.append(f"naive chain skipped: OpenCC unavailable ({e})")
    return fns, notes


def run_once(fn: Fn, docs: list[str]) -> float:
    """CPU seconds of this process for one pass: other work on a shared machine does not count
    (on an idle machine this equals wall time)."""
    forget_memos()
    gc.collect()
    t0 = time.process_time()
    for d in docs:
        fn(d)
    return time.process_time() - t0


def forget_memos() -> None:
    """Empty textclean's memos of earlier results (caches with a size limit; the unlimited
    ones load data files, and those marked ``data_index`` are lookups into package data keyed
    by a few characters, which a long run keeps warm), so every repeat meets the corpus as a
    first-time corpus would be met: repeating the same documents must not turn into cache
    hits."""
    for name, module in list(sys.modules.items()):
        if name == "textclean" or name.startswith("textclean."):
            for obj in vars(module).values():
                info = getattr(obj, "cache_info", None)
                if (info is not None and (info().maxsize or 0) > 1
                        and not getattr(obj, "data_index", False)):
                    obj.cache_clear()


def side_by_side(fns: dict[str, Fn], docs: list[str], repeats: int) -> dict[str, list[float]]:
    """Every contender once per repeat, the order rotated each time (no one always goes first)."""
    names = list(fns)
    for name in names:  # warm-up: imports, OpenCC dictionaries, regex compilation
        fns[name](docs[0])
    times: dict[str, list[float]] = {n: [] for n in names}
    for r in range(repeats):
        order = names[r % len(names):] + names[:r % len(names)]
        for name in order:
            times[name].append(run_once(fns[name], docs))
    return times


def stage_inputs(pipeline: Pipeline, docs: list[str]) -> dict[str, list[str]]:
    """For each stage, the texts it receives when the pipeline runs on ``docs``."""
    ctx = Context(options=pipeline.options)
    inputs: dict[str, list[str]] = {s.name: [] for s in pipeline.stages}
    for d in docs:
        text = d.replace("\r\n", "\n").replace("\r", "\n").removesuffix("\n")
        for s in pipeline.stages:
            inputs[s.name].append(text)
            text = s(text, ctx).text
    return inputs


def per_stage(pipeline: Pipeline, docs: list[str], repeats: int) -> dict[str, list[float]]:
    ctx = Context(options=pipeline.options)
    inputs = stage_inputs(pipeline, docs)
    times: dict[str, list[float]] = {s.name: [] for s in pipeline.stages}
    for _ in range(repeats):
        for s in pipeline.stages:
            times[s.name].append(run_once(lambda t, s=s: s(t, ctx), inputs[s.name]))
    return times


def stage_rows(pipeline: Pipeline, docs: list[str], repeats: int, size: float,
               full: float | None) -> list[tuple[str, ...]]:
    """The per-stage table: each stage on its pipeline input, then the pipeline's own overhead
    (and, given the full run's time ``full``, each part's share and what is left over)."""
    st = per_stage(pipeline, docs, repeats)
    total_stage = sum(statistics.median(ts) for ts in st.values())
    rows = [("stage (on its pipeline input)", "median s", "MB/s", "share")]
    for name, ts in st.items():
        med = statistics.median(ts)
        rows.append((name, f"{med:.3f}", f"{size / med:.1f}" if med else "inf",
                     f"{med / full:.0%}" if full else ""))
    bare = Pipeline([])  # no stages: newlines, surrogates, id, language, the record
    over = statistics.median(run_once(bare.process, docs) for _ in range(repeats))
    rows.append(("pipeline without stages (id, lang, record)", f"{over:.3f}",
                 f"{size / over:.1f}", f"{over / full:.0%}" if full else ""))
    if full:
        rest = full - total_stage - over
        rows.append(("rest: full run minus parts (cache, variance)", f"{rest:.3f}", "",
                     f"{rest / full:.0%}"))
    return rows


def traced_peak(fn: Fn, docs: list[str]) -> int:
    """Peak bytes allocated by Python while ``fn`` runs over ``docs`` (results discarded)."""
    tracemalloc.start()
    tracemalloc.reset_peak()
    base = tracemalloc.get_traced_memory()[0]
    for d in docs:
        fn(d)
    peak = tracemalloc.get_traced_memory()[1] - base
    tracemalloc.stop()
    return peak


def table(rows: list[tuple[str, ...]]) -> str:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    out = []
    for j, r in enumerate(rows):
        out.append("  ".join(c.ljust(w) if i == 0 else c.rjust(w)
                             for i, (c, w) in enumerate(zip(r, widths, strict=True))))
        if j == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--size-mb", type=float, default=2.0, help="corpus size (default 2 MB)")
    ap.add_argument("--repeats", type=int, default=5, help="timed passes per contender (≥5)")
    ap.add_argument("--no-peers", action="store_true", help="only textclean and ftfy.fix_text")
    ap.add_argument("--stages-only", action="store_true",
                    help="only the per-stage table (and the pipeline's own overhead)")
    args = ap.parse_args(argv)

    docs, desc = corpus.load(args.size_mb)
    size = corpus.mb(docs)
    print(f"corpus: {len(docs)} docs, {size:.2f} MB UTF-8 — {desc}")
    print(f"textclean {textclean.__version__}, python {sys.version.split()[0]}, "
          f"{args.repeats} alternating repeats, medians of CPU seconds\n")

    if args.stages_only:
        print(table(stage_rows(Pipeline(), docs, max(3, args.repeats // 2), size, None)))
        return 0

    fns, notes = contenders()
    if args.no_peers:
        fns = {k: v for k, v in fns.items() if k.startswith(("textclean", "ftfy"))}
    times = side_by_side(fns, docs, args.repeats)
    ftfy_rate = size / statistics.median(times["ftfy.fix_text"])
    rows = [("contender", "median s", "min s", "max s", "MB/s", "× ftfy")]
    for name, ts in times.items():
        med = statistics.median(ts)
        rows.append((name, f"{med:.3f}", f"{min(ts):.3f}", f"{max(ts):.3f}",
                     f"{size / med:.2f}", f"{size / med / ftfy_rate:.2f}"))
    print(table(rows))
    for n in notes:
        print(f"note: {n}")

    rows = [("by source", "MB", "textclean MB/s", "ftfy MB/s", "× ftfy")]
    for name, part in corpus.groups(args.size_mb).items():
        if not part:
            continue
        t = side_by_side({k: fns[k] for k in ("textclean Pipeline().process", "ftfy.fix_text")},
                         part, 3)
        mb_part = corpus.mb(part)
        tc, ft = (mb_part / statistics.median(v) for v in t.values())
        rows.append((name, f"{mb_part:.2f}", f"{tc:.2f}", f"{ft:.2f}", f"{tc / ft:.2f}"))
    print("\n" + table(rows))

    pipeline = Pipeline()
    full = statistics.median(times["textclean Pipeline().process"])
    print("\n" + table(stage_rows(pipeline, docs, max(3, args.repeats // 2), size, full)))

    peak = traced_peak(pipeline.process, docs)
    biggest = max(len(d.encode("utf-8")) for d in docs)
    print(f"\nmemory: tracemalloc peak {peak / 1e6:.1f} MB over one in-process pass "
          f"(largest document {biggest / 1e6:.2f} MB; results discarded as they stream)")
    ratio = size / full / ftfy_rate
    verdict = "PASS" if ratio >= 5 else "FAIL"
    print(f"\ntarget: full pipeline ≥ 5× ftfy.fix_text → {ratio:.2f}× {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
