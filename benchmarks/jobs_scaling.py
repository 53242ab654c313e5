"""``textclean clean --jobs 1`` against ``--jobs 2`` on a batch of files.

Writes the benchmark corpus (see ``corpus.py``) as one ``.txt`` file per document into a temp
folder (repeated to ``--size-mb``), then runs the CLI on the folder with each job count, in
alternating order, and reports medians of wall time, MB/s, the speed-up, and the CPU time the
children used (so a busy machine can be told apart from poor scaling: ``cpu ratio`` near 1.0
means --jobs 2 does no extra work, and the speed-up is then bounded only by free cores). It
also checks that both runs write byte-identical output (ordered output). The CPU time of
every process of a run is polled from /proc, which gives an estimate of the wall time on
idle cores for when the machine is busy (see ``run``).

    python benchmarks/jobs_scaling.py [--size-mb 4] [--repeats 3] [--jobs 1,2]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus  # noqa: E402


def textclean_cmd() -> list[str]:
    exe = shutil.which("textclean", path=os.path.dirname(sys.executable))
    return [exe] if exe else [sys.executable, "-m", "textclean"]


def write_batch(folder: Path, size_mb: float) -> tuple[int, float]:
    """Corpus documents as files until ``size_mb`` is reached; (files, MB)."""
    docs, _ = corpus.load(min(size_mb, 2.0))
    n, total = 0, 0
    while total < size_mb * 1e6:
        for d in docs:
            data = d.encode("utf-8")
            (folder / f"doc{n:06d}.txt").write_bytes(data)
            n, total = n + 1, total + len(data)
            if total >= size_mb * 1e6:
                break
    return n, total / 1e6


def _tree_cpu(root: int, seen: dict[int, float]) -> None:
    """Record the CPU seconds so far of ``root`` and its descendants (Linux /proc)."""
    tick = os.sysconf("SC_CLK_TCK")
    parent: dict[int, int] = {}
    cpu: dict[int, float] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parent[int(entry)] = int(fields[1])
            cpu[int(entry)] = (int(fields[11]) + int(fields[12])) / tick
    tree, todo = set(), [root]
    while todo:
        pid = todo.pop()
        tree.add(pid)
        todo.extend(p for p, pp in parent.items() if pp == pid and p not in tree)
    for pid in tree & cpu.keys():
        seen[pid] = max(seen.get(pid, 0.0), cpu[pid])


def run(folder: Path, out: Path, jobs: int, extra: list[str]) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds of the children, busiest process's CPU seconds) of one run.

    The busiest process bounds the wall time on idle cores from below, as does the total
    divided by the cores; their maximum estimates the wall time without other load.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.Popen([*textclean_cmd(), "clean", str(folder), "-o", str(out), "-q",
                             "--jobs", str(jobs), *extra])
    seen: dict[int, float] = {}
    while proc.poll() is None:
        _tree_cpu(proc.pid, seen)
        time.sleep(0.1)
    if proc.returncode:
        raise SystemExit(f"textclean exited with {proc.returncode}")
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, max(seen.values(), default=cpu)


def first_difference(outputs: dict[int, bytes]) -> str:
    """Where two job counts' outputs first differ: the record's source, or the line count."""
    (j1, a), (j2, b) = list(outputs.items())[:2]
    la, lb = a.splitlines(), b.splitlines()
    for x, y in zip(la, lb, strict=False):
        if x != y:
            return f"--jobs {j1} vs {j2} at {json.loads(x).get('source')}"
    return f"--jobs {j1} wrote {len(la)} records, --jobs {j2} {len(lb)}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--size-mb", type=float, default=4.0, help="batch size (default 4 MB)")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--jobs", default="1,2", help="job counts to compare (default 1,2)")
    ap.add_argument("--stages", help="pass --stages to the CLI (default: full pipeline)")
    args = ap.parse_args(argv)
    counts = [int(j) for j in args.jobs.split(",")]
    extra = ["--stages", args.stages] if args.stages else []

    with tempfile.TemporaryDirectory(prefix="textclean-jobs-") as tmp:
        folder = Path(tmp) / "batch"
        folder.mkdir()
        files, size = write_batch(folder, args.size_mb)
        print(f"batch: {files} files, {size:.2f} MB; {os.cpu_count()} CPUs; "
              f"load average {os.getloadavg()[0]:.1f}; {args.repeats} alternating repeats")
        walls: dict[int, list[float]] = {j: [] for j in counts}
        cpus: dict[int, list[float]] = {j: [] for j in counts}
        ideal: dict[int, list[float]] = {j: [] for j in counts}
        same_per_repeat: list[bool] = []
        for r in range(args.repeats):
            order = counts if r % 2 == 0 else counts[::-1]
            outputs: dict[int, bytes] = {}
            for j in order:
                out = Path(tmp) / f"out{j}.jsonl"
                wall, cpu, busiest = run(folder, out, j, extra)
                walls[j].append(wall)
                cpus[j].append(cpu)
                ideal[j].append(max(busiest, cpu / min(j, os.cpu_count() or 1)))
                outputs[j] = out.read_bytes()
            same_per_repeat.append(len(set(outputs.values())) == 1)
            if not same_per_repeat[-1]:
                print(f"repeat {r + 1}: outputs differ: {first_difference(outputs)}")
        base = statistics.median(walls[counts[0]])
        base_cpu = statistics.median(cpus[counts[0]])
        base_ideal = statistics.median(ideal[counts[0]])
        print(f"\n{'jobs':>4}  {'median s':>9}  {'MB/s':>6}  {'speed-up':>8}  {'cpu s':>6}  "
              f"{'cpu ratio':>9}  {'idle-est s':>10}  {'est. speed-up':>13}  runs")
        for j in counts:
            med, cpu = statistics.median(walls[j]), statistics.median(cpus[j])
            est = statistics.median(ideal[j])
            runs = ", ".join(f"{w:.1f}" for w in walls[j])
            print(f"{j:>4}  {med:>9.2f}  {size / med:>6.2f}  {base / med:>7.2f}×  {cpu:>6.1f}  "
                  f"{cpu / base_cpu:>9.2f}  {est:>10.2f}  {base_ideal / est:>12.2f}×  {runs}")
        print("idle-est: max(busiest process's CPU s, total CPU s / cores used), the wall time "
              "these runs would take on idle cores (a lower bound)")
        same = all(same_per_repeat)
        print(f"\noutputs identical across job counts, per repeat: {same_per_repeat} "
              "(a difference can also mean the code changed between two runs)")
        print(f"load average after: {os.getloadavg()[0]:.1f} (other work on the machine "
              "competes for the cores; compare on an idle machine)")
        if 2 in walls and 1 in walls:
            speedup = statistics.median(walls[1]) / statistics.median(walls[2])
            est = statistics.median(ideal[1]) / statistics.median(ideal[2])
            verdict = "PASS" if speedup >= 1.7 else "FAIL"
            print(f"target: --jobs 2 ≥ 1.7× --jobs 1 → measured {speedup:.2f}× {verdict}; "
                  f"estimated on idle cores {est:.2f}×")
        return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
