"""Peak memory of ``textclean clean big.jsonl -o out.jsonl`` at 100 MB and 1 GB.

Generates each JSONL file in a temp folder (``--tmp``, default /tmp; never the repo) by cycling
the benchmark corpus (see ``corpus.py``) with a distinct ``id`` per row, runs the CLI on it and
reports two peaks: the largest single process (``ru_maxrss`` of the children, as
``/usr/bin/time -v`` shows it) and the sum over the process tree (PSS polled from /proc every
50 ms: with ``--jobs N`` the workers count too, pages they share with the parent once).
Streaming means both stay flat as the input grows. The files are deleted afterwards
unless ``--keep``.

    python benchmarks/memory.py [--sizes 100,1000] [--jobs 1] [--stages LIST]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus  # noqa: E402
from jobs_scaling import textclean_cmd  # noqa: E402

GNU_TIME = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None


def make_jsonl(path: Path, size_mb: float) -> int:
    """Write about ``size_mb`` MB of JSONL rows; returns the number of rows."""
    docs, _ = corpus.load(2.0)
    rows = [json.dumps({"text": d}, ensure_ascii=False) for d in docs]
    n, total, target = 0, 0, size_mb * 1e6
    with path.open("w", encoding="utf-8") as f:
        while total < target:
            for row in rows:
                line = f'{{"id": "r{n}", {row[1:]}\n'
                f.write(line)
                n += 1
                total += len(line.encode("utf-8"))
                if total >= target:
                    break
    return n


def _pss(pid: int, rss_pages: int) -> int:
    """Proportional set size: shared pages (forked workers share the parent's) count once
    in total instead of once per process. Falls back to RSS where /proc has no rollup."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return rss_pages * os.sysconf("SC_PAGE_SIZE")


def _tree_rss(root: int) -> int:
    """Memory of ``root`` and all its descendants (Linux /proc), as PSS."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid, ppid = int(entry), int(fields[1])
        children.setdefault(ppid, []).append(pid)
        rss[pid] = int(fields[21])
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += _pss(pid, rss[pid]) if pid in rss else 0
        todo.extend(children.get(pid, []))
    return total


def measure(src: Path, out: Path, jobs: int, extra: list[str]) -> dict[str, float]:
    cmd = [*textclean_cmd(), "clean", str(src), "-o", str(out), "-q", "--jobs", str(jobs), *extra]
    report = out.with_suffix(".maxrss")
    if GNU_TIME:  # its own wait4: the peak of this run alone, not of every earlier child
        cmd = [GNU_TIME, "-f", "%M", "-o", str(report), *cmd]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, start_new_session=True)  # its own group: stoppable as one
    peak = [0]

    def poll() -> None:
        while proc.poll() is None:
            peak[0] = max(peak[0], _tree_rss(proc.pid))
            time.sleep(0.05)

    t = threading.Thread(target=poll, daemon=True)
    t.start()
    try:
        code = proc.wait()
    finally:  # on Ctrl-C, stop the run and its workers too (they would outlive the parent)
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
    t.join()
    wall = time.perf_counter() - t0
    if code != 0:
        raise SystemExit(f"textclean exited with {code}")
    if GNU_TIME:
        maxrss = int(report.read_text().split()[-1]) * 1024
        report.unlink()
    else:  # cumulative over this script's children: sizes run smallest first
        maxrss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    return {"wall": wall, "tree_peak": peak[0], "maxrss": maxrss}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="100,1000", help="input sizes in MB (default 100,1000)")
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--stages", help="pass --stages to the CLI (default: full pipeline)")
    ap.add_argument("--tmp", default="/tmp", help="where the big files go (never the repo)")
    ap.add_argument("--keep", action="store_true", help="keep the generated files")
    args = ap.parse_args(argv)
    extra = ["--stages", args.stages] if args.stages else []
    tmp = Path(tempfile.mkdtemp(prefix="textclean-mem-", dir=args.tmp))
    print(f"textclean clean big.jsonl -o out.jsonl --jobs {args.jobs} "
          f"{' '.join(extra)}".rstrip())
    print(f"{'input MB':>9}  {'rows':>8}  {'wall s':>7}  {'MB/s':>5}  {'max RSS MB':>10}  "
          f"{'tree PSS MB':>12}  {'out rows':>8}")
    try:
        for size in (float(s) for s in args.sizes.split(",")):
            src, out = tmp / f"big{int(size)}.jsonl", tmp / f"out{int(size)}.jsonl"
            rows = make_jsonl(src, size)
            real = src.stat().st_size / 1e6
            m = measure(src, out, args.jobs, extra)
            with out.open("rb") as f:
                out_rows = sum(1 for _ in f)
            print(f"{real:>9.0f}  {rows:>8}  {m['wall']:>7.1f}  {real / m['wall']:>5.1f}  "
                  f"{m['maxrss'] / 1e6:>10.1f}  {m['tree_peak'] / 1e6:>12.1f}  {out_rows:>8}",
                  flush=True)
            src.unlink()
            if not args.keep:
                out.unlink()
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    print("target: peak < 300 MB at 1 GB, and the same as at 100 MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
