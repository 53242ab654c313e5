"""Throughput of the local engine (``--jobs N``) versus the Ray engine on the same input.

    python benchmarks/ray_bench.py                      # eval-dev pages if present, else generated
    python benchmarks/ray_bench.py --copies 4 --jobs 2 --cross-doc
    python benchmarks/ray_bench.py --input my.jsonl --address ray://head:10001

Both engines go through ``textclean.cli.main`` (the same code path as the command line) and must
write identical output; the script says so. Ray start-up is timed apart from the run, since a
cluster is started once and serves many jobs; the Ray run still includes starting its actors.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

from textclean.cli import main as textclean

DEV = Path(__file__).resolve().parents[2] / "shared" / "eval-dev" / "boilerplate-dev.jsonl"


def _generated(n: int = 600) -> list[str]:
    """Made-up pages (our own words) with chrome lines shared by the pages of each site."""
    out = []
    for i in range(n):
        site = f"https://site{i % 6}.example.com/p/{i}"
        body = [f"第{i}篇报道：市区新开了一家书店，店主说希望大家常来坐坐。" * 3,
                f"Report {i}: the river path reopened after repairs, and cyclists are back. " * 3]
        text = "\n".join(["首页 | 新闻 | 关于", f"Title {i}", *body, "Copyright example site"])
        out.append(json.dumps({"url": site, "text": text}, ensure_ascii=False))
    return out


def _input(args: argparse.Namespace, folder: Path) -> tuple[Path, int, int]:
    """A JSONL file of ``copies`` × the source rows (fresh ids per copy); (path, docs, bytes)."""
    src = Path(args.input) if args.input else DEV
    lines = src.read_text("utf-8").splitlines() if src.is_file() else _generated()
    lines = [ln for ln in lines if ln.strip()]
    path = folder / "input.jsonl"
    text_bytes = 0
    with open(path, "w", encoding="utf-8") as f:
        for c in range(args.copies):
            for n, line in enumerate(lines):
                row = json.loads(line)
                row = {"id": f"{c}-{n}", "url": row.get("url"), "text": row["text"]}
                text_bytes += len(row["text"].encode("utf-8"))
                f.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"input: {src if src.is_file() else 'generated pages'} × {args.copies}: "
          f"{len(lines) * args.copies} docs, {text_bytes / 1e6:.1f} MB of text")
    return path, len(lines) * args.copies, text_bytes


def _timed(argv: list[str]) -> float:
    start = time.perf_counter()
    status = textclean(argv)
    elapsed = time.perf_counter() - start
    if status not in (0, 1):
        sys.exit(f"textclean {' '.join(argv)} exited {status}")
    return elapsed


def _differing(a: Path, b: Path) -> int:
    """Output lines that differ (0 expected: the engines run the same code on the same input)."""
    with open(a, encoding="utf-8") as fa, open(b, encoding="utf-8") as fb:
        left, right = fa.read().splitlines(), fb.read().splitlines()
    diff = [n for n, (x, y) in enumerate(zip(left, right, strict=False)) if x != y]
    for n in diff[:1]:
        x, y = json.loads(left[n]), json.loads(right[n])
        keys = [k for k in x if x[k] != y.get(k)]
        print(f"first difference: record {n + 1} ({x.get('source')}), fields {keys}")
    return len(diff) + abs(len(left) - len(right))


def _line(name: str, seconds: float, docs: int, size: int) -> None:
    rate = f"{docs / seconds:8.1f} docs/s  {size / seconds / 1e6:6.2f} MB/s"
    print(f"{name:<22} {seconds:7.1f} s  {rate}")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--input", help="JSONL with a text field (default: eval-dev pages)")
    p.add_argument("--copies", type=int, default=1, help="repeat the input this many times")
    p.add_argument("--jobs", type=int, default=2)
    p.add_argument("--cross-doc", action="store_true")
    p.add_argument("--address", help="Ray cluster address (default: a local Ray with --jobs CPUs)")
    args = p.parse_args()

    import ray

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path, docs, size = _input(args, folder)
        common = [str(path), "-q", *(["--cross-doc"] if args.cross_doc else [])]
        local_s = _timed(["clean", *common, "-j", str(args.jobs),
                          "-o", str(folder / "local.jsonl")])

        start = time.perf_counter()
        os.environ.setdefault("RAY_BACKEND_LOG_LEVEL", "fatal")
        ray.init(address=args.address, num_cpus=None if args.address else args.jobs,
                 include_dashboard=False, log_to_driver=False, logging_level="ERROR")
        startup = time.perf_counter() - start
        ray_s = _timed(["clean", *common, "--engine", "ray", "-j", str(args.jobs),
                        "-o", str(folder / "ray.jsonl")])
        cpus = ray.cluster_resources().get("CPU", 0)
        ray.shutdown()

        differing = _differing(folder / "local.jsonl", folder / "ray.jsonl")
    print(f"{'engine':<22} {'wall':>9}  {'throughput':>14}")
    _line(f"local --jobs {args.jobs}", local_s, docs, size)
    _line(f"ray ({cpus:g} CPUs)", ray_s, docs, size)
    print(f"ray start-up (not in the above): {startup:.1f} s; records that differ: {differing}")


if __name__ == "__main__":
    main()
