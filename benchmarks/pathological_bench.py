"""Worst-case timings: the pipeline on pathological input, and every regex on ReDoS-shaped text.

    python benchmarks/pathological_bench.py                     # 1 MB cases, all regexes
    python benchmarks/pathological_bench.py --size 2000000 --cases punct-fullstop,nest-paren
    python benchmarks/pathological_bench.py --skip-regex --timeout 60

Reports, never asserts. Each pipeline case runs in its own process with a time limit, so a
hang shows as ``>LIMIT`` instead of stopping the run; the per-stage split tells which stage
is slow. For regexes, every pattern runs over inputs built from its own literals at two sizes;
``growth`` is how the time grows when the input grows 10× (≈10 linear, ≈100 quadratic).
The cases are defined in ``tests/strategies.py`` and the regex walk in
``tests/test_pathological.py``, so the benchmark and the hang tests measure the same things.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))


def one_case(name: str, size: int) -> dict[str, float]:
    """Per-stage seconds for one case (run in a child process)."""
    from strategies import pathological_cases

    import textclean

    text = pathological_cases(size)[name]
    timings: dict[str, float] = {}
    for stage in textclean.Pipeline().stages:
        pipeline = textclean.Pipeline([stage])
        t0 = time.perf_counter()
        pipeline.process(text)
        timings[stage.name] = time.perf_counter() - t0
    t0 = time.perf_counter()
    textclean.Pipeline().process(text)
    timings["total"] = time.perf_counter() - t0
    return timings


def run_cases(names: list[str], size: int, limit: float) -> list[tuple[str, dict | None]]:
    rows = []
    for name in names:
        cmd = [sys.executable, __file__, "--one", name, "--size", str(size)]
        try:
            res = subprocess.run(cmd, capture_output=True, text=True, timeout=limit,
                                 env={**os.environ, "PYTHONPATH": str(ROOT)})
            rows.append((name, json.loads(res.stdout) if res.returncode == 0 else
                         {"error": res.stderr.strip().splitlines()[-1:]}))
        except subprocess.TimeoutExpired:
            rows.append((name, None))
        print(_fmt(*rows[-1], limit), flush=True)
    return rows


def _fmt(name: str, t: dict | None, limit: float) -> str:
    if t is None:
        return f"{name:28s} total >{limit:.0f}s (killed: hang or superlinear)"
    if "error" in t:
        return f"{name:28s} ERROR {t['error']}"
    slowest = max((k for k in t if k != "total"), key=t.__getitem__)
    return f"{name:28s} total {t['total']:7.2f}s   slowest stage {slowest} {t[slowest]:.2f}s"


def run_regexes(small: int, factor: int = 10) -> list[tuple[str, str, float, float]]:
    """Per pattern: the worst adversarial input at ``small`` chars, re-timed at ``factor``×
    (skipped, shown as inf, when the small time predicts minutes even if only quadratic)."""
    from test_pathological import adversarial_inputs, compiled_patterns

    rows = []
    for where, pat in compiled_patterns():
        inputs = adversarial_inputs(pat.pattern, small)
        timed = [(_time(pat, text), label) for label, text in inputs]
        t_small, label = max(timed)
        big = dict(adversarial_inputs(pat.pattern, small * factor))[label]
        t_big = _time(pat, big) if t_small * factor * factor < 60 else float("inf")
        rows.append((where, label, t_small, t_big))
    return rows


def _time(pat, text: str) -> float:  # noqa: ANN001 - re or regex pattern
    t0 = time.perf_counter()
    for _ in pat.finditer(text):
        pass
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--size", type=int, default=1_000_000, help="characters per case")
    ap.add_argument("--cases", help="comma-separated case names (default: all)")
    ap.add_argument("--timeout", type=float, default=120, help="seconds per case")
    ap.add_argument("--regex-size", type=int, default=5_000)
    ap.add_argument("--skip-regex", action="store_true")
    ap.add_argument("--skip-pipeline", action="store_true")
    ap.add_argument("--one", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        print(json.dumps(one_case(args.one, args.size)))
        return
    from strategies import pathological_cases

    if not args.skip_regex:
        print(f"# regexes: worst adversarial input at {args.regex_size} and "
              f"{args.regex_size * 10} chars")
        rows = sorted(run_regexes(args.regex_size), key=lambda r: -r[3])
        for where, label, small, big in rows[:25]:
            growth = big / small if small > 0 else float("nan")
            print(f"{where:58s} {big:8.3f}s  growth ×{growth:6.1f}  {label}")
        print(f"# {len(rows)} patterns; slowest above", flush=True)
    if not args.skip_pipeline:
        names = args.cases.split(",") if args.cases else list(pathological_cases(10))
        print(f"# pipeline: {len(names)} cases of {args.size} chars, limit {args.timeout}s")
        rows = run_cases(names, args.size, args.timeout)
        done = [(n, t) for n, t in rows if t and "total" in t]
        hung = [n for n, t in rows if t is None]
        if done:
            n, t = max(done, key=lambda r: r[1]["total"])
            print(f"# worst finished case: {n} {t['total']:.2f}s; "
                  f"over the limit: {', '.join(hung) or 'none'}")


if __name__ == "__main__":
    main()
