"""Corruption benchmark for the mojibake repairs (issue 3).

Real clean lines come from ``../shared/eval-dev/char-dataset/<codec>/`` (each file decoded with its
folder's codec) plus a few sentences written for this benchmark. Every *kind* corrupts clean lines
one way; the repairer must give them back. Clean lines of many languages measure false positives.

A kind is ``Kind(name, corrupt, source)``: ``corrupt(line) -> str | None`` (None: the line cannot
be corrupted this way, e.g. not encodable) and ``source`` a key of ``SOURCES``. Other repairs add
their kinds with ``register(Kind(...))`` / ``register_source(name, loader)``.

    python benchmarks/mojibake_bench.py [--repair cjk|stage] [--lines N] [--kinds a,b]
    python benchmarks/mojibake_bench.py --speed   # the stage alone on benchmarks/corpus.py

``--speed`` reports the stage's CPU throughput on ``corpus.load(1.0)`` (the raw documents, as the
stage sees them first in the pipeline; best of three runs) and the cold load time of the
character model, the trigram table and the word and mark tables, in a fresh process.
"""

from __future__ import annotations

import argparse
import difflib
import random
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DATA = ROOT.parent / "shared" / "eval-dev" / "char-dataset"

_CJK = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}]")
_CP1252_UNDEFINED = {0x81, 0x8D, 0x8F, 0x90, 0x9D}


@dataclass(frozen=True)
class Kind:
    name: str
    corrupt: Callable[[str], str | None]
    source: str


KINDS: list[Kind] = []
SOURCES: dict[str, Callable[[], list[str]]] = {}


def register(kind: Kind) -> None:
    """Add a corruption kind (other repairs call this from their own module or here)."""
    KINDS.append(kind)


def register_source(name: str, loader: Callable[[], list[str]]) -> None:
    SOURCES[name] = loader


# ------------------------------------------------------------------------------------ sources

OWN_TEXT = {
    "zh-Hans": [
        "我们今天下午在图书馆讨论了新项目的进度，大家都觉得时间有点紧。",
        "这个问题其实不难，只要把数据先清洗一遍，再重新训练模型就可以了。",
        "他说明天会把报告发给我，但是到现在还没有收到任何消息。",
        "城市的公共交通在过去十年里发生了很大的变化，地铁线路增加了一倍。",
    ],
    "zh-Hant": [
        "我們今天下午在圖書館討論了新專案的進度，大家都覺得時間有點緊。",
        "這個問題其實不難，只要把資料先整理一遍，再重新訓練模型就可以了。",
    ],
    "ja": [
        "今日は朝から雨が降っていたので、一日中家で本を読んでいました。",
        "新しいプロジェクトの打ち合わせは来週の月曜日に行う予定です。",
    ],
    "ko": [
        "오늘은 아침부터 비가 와서 하루 종일 집에서 책을 읽었습니다.",
        "새로운 프로젝트 회의는 다음 주 월요일에 열릴 예정입니다.",
    ],
}

FOLDERS = {
    "zh-Hans": ["gb18030", "gb2312"],
    "zh-Hant": ["big5"],
    "ja": ["shift_jis", "euc_jp", "cp932"],
    "ko": ["euc_kr", "cp949"],
    "th": ["tis_620"],
    "ru": ["koi8_r", "windows_1251"],
    "en": ["ascii", "windows_1252", "iso8859_1"],
}


def folder_lines(folder: str) -> list[str]:
    """Non-empty stripped lines of every file in one char-dataset folder, decoded by its name."""
    out: list[str] = []
    base = DATA / folder
    if not base.is_dir():
        return out
    for path in sorted(base.iterdir()):
        try:
            text = path.read_bytes().decode(folder)
        except (UnicodeDecodeError, LookupError):
            continue
        out.extend(line.strip() for line in text.splitlines() if line.strip())
    return out


@cache
def lines_for(source: str) -> tuple[str, ...]:
    """Deduplicated lines of a source: CJK sources keep lines with CJK text, 4-200 chars."""
    if source in SOURCES:
        return tuple(SOURCES[source]())
    lines = list(OWN_TEXT.get(source, []))
    for folder in FOLDERS.get(source, []):
        lines.extend(folder_lines(folder))
    cjk = source in OWN_TEXT
    seen: dict[str, None] = {}
    for line in lines:
        if 4 <= len(line) <= 200 and (not cjk or len(_CJK.findall(line)) >= 2):
            seen.setdefault(line, None)
    return tuple(seen)


# -------------------------------------------------------------------------------- corruptions


def as_cp1252(codec: str, whatwg: bool = True) -> Callable[[str], str | None]:
    """Legacy bytes shown by a cp1252 reader (browsers map its 5 holes to C1) or latin-1."""

    def corrupt(line: str) -> str | None:
        try:
            data = line.encode(codec)
        except UnicodeEncodeError:
            return None
        if not whatwg:
            return data.decode("latin-1")
        return "".join(
            chr(b) if b < 0x80 or b in _CP1252_UNDEFINED else bytes((b,)).decode("cp1252")
            for b in data
        )

    return corrupt


def utf8_as(codec: str) -> Callable[[str], str | None]:
    """UTF-8 bytes decoded by a CJK codec with errors='replace' (lossy)."""

    def corrupt(line: str) -> str | None:
        return line.encode("utf-8").decode(codec, "replace")

    return corrupt


for _name, _codec, _src in (
    ("gbk-as-cp1252", "gbk", "zh-Hans"),
    ("big5-as-cp1252", "big5", "zh-Hant"),
    ("sjis-as-cp1252", "shift_jis", "ja"),
):
    register(Kind(_name, as_cp1252(_codec), _src))
register(Kind("gbk-as-latin1", as_cp1252("gbk", whatwg=False), "zh-Hans"))
register(Kind("euckr-as-latin1", as_cp1252("euc_kr", whatwg=False), "ko"))
for _name, _codec, _src in (
    ("utf8-as-gbk", "gbk", "zh-Hans"),
    ("utf8-as-gb18030", "gb18030", "zh-Hans"),
    ("utf8-as-big5", "big5", "zh-Hant"),
    ("utf8-as-sjis", "shift_jis", "ja"),
    ("utf8-as-euckr", "euc_kr", "ko"),
):
    register(Kind(_name, utf8_as(_codec), _src))

# Single-byte kinds (Latin and lossy single-byte part of issue 3; run with --repair stage).
# Details and the comparison with ftfy: benchmarks/mojibake_single_byte_bench.py.
from mojibake_single_byte_bench import (  # noqa: E402
    cp1252_dropped,
    cp1252_sloppy,
    english_lines,
)

from textclean.mojibake.single_byte import corrupt as tis620_lossy  # noqa: E402

register_source("en-typo", lambda: english_lines(5000))
register(Kind("utf8-as-tis620-c1-dropped", tis620_lossy, "en-typo"))
register(Kind("utf8-as-cp1252", cp1252_sloppy, "en-typo"))
register(Kind("utf8-as-cp1252", cp1252_sloppy, "zh-Hans"))
register(Kind("utf8-as-cp1252-dropped", cp1252_dropped, "en-typo"))
register(Kind("utf8-as-cp1252-dropped", cp1252_dropped, "zh-Hans"))

CLEAN_SOURCES = ["zh-Hans", "zh-Hant", "ja", "ko", "th", "ru", "en"]


# ------------------------------------------------------------------------------------ running


def repairer(name: str) -> Callable[[str], str]:
    if name == "stage":
        from textclean.mojibake import STAGE
        from textclean.stage import Context

        ctx = Context(options=dict(STAGE.defaults))
        return lambda line: STAGE(line, ctx).text
    from textclean.mojibake.cjk import repair_cjk

    return lambda line: repair_cjk(line)[0]


def char_accuracy(want: str, got: str) -> float:
    matcher = difflib.SequenceMatcher(None, want, got, autojunk=False)
    return sum(b.size for b in matcher.get_matching_blocks()) / max(1, len(want))


def sample(lines: tuple[str, ...], n: int) -> list[str]:
    rng = random.Random(3)
    return list(lines) if len(lines) <= n else rng.sample(list(lines), n)


def run_kind(kind: Kind, repair: Callable[[str], str], n: int) -> tuple[int, float, float, float]:
    """(lines, % exact, % chars right, seconds) over lines that the corruption changed."""
    total = exact = 0
    chars = 0.0
    start = time.perf_counter()
    for line in sample(lines_for(kind.source), n):
        bad = kind.corrupt(line)
        if bad is None or bad == line:
            continue
        got = repair(bad)
        total += 1
        exact += got == line
        chars += char_accuracy(line, got)
    secs = time.perf_counter() - start
    if not total:
        return 0, 0.0, 0.0, secs
    return total, 100 * exact / total, 100 * chars / total, secs


def run_clean(source: str, repair: Callable[[str], str], n: int) -> tuple[int, int, list[str]]:
    lines = sample(lines_for(source), n)
    changed = [line for line in lines if repair(line) != line]
    return len(lines), len(changed), changed[:3]


_LOAD_TIMER = """
import time
t = time.process_time()
from textclean.mojibake.model import load_model
from textclean.mojibake.trigram import load_trigrams
from textclean.mojibake.words import load_words
from textclean.mojibake.marks import load_marks
t1 = time.process_time(); load_model(); t2 = time.process_time(); load_trigrams()
t3 = time.process_time(); load_words("zh-Hans"); load_words("ja"); load_marks()
t4 = time.process_time()
print(f"import {t1 - t:.3f} s, character model {t2 - t1:.3f} s, trigram table {t3 - t2:.3f} s, "
      f"word and mark tables {t4 - t3:.3f} s")
"""


def speed() -> None:
    """Stage CPU throughput on the benchmark corpus, and cold model load times."""
    import subprocess

    from corpus import load, mb

    from textclean.mojibake import STAGE
    from textclean.stage import Context

    docs, desc = load(1.0)
    ctx = Context(options=dict(STAGE.defaults))
    for doc in docs:  # warm: compiled screens and (if any document needs it) the model
        STAGE(doc, ctx)
    best = min(_cpu(lambda: [STAGE(d, ctx) for d in docs]) for _ in range(3))
    print(f"corpus: {desc}, {mb(docs):.2f} MB")
    print(f"mojibake stage: {best:.3f} s CPU = {mb(docs) / best:.1f} MB/s")
    out = subprocess.run([sys.executable, "-c", _LOAD_TIMER], capture_output=True, text=True,
                         cwd=ROOT, check=True)
    print("cold load:", out.stdout.strip())


def _cpu(work: Callable[[], object]) -> float:
    start = time.process_time()
    work()
    return time.process_time() - start


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--speed", action="store_true", help="stage throughput and model load only")
    ap.add_argument("--repair", choices=["cjk", "stage"], default="cjk")
    ap.add_argument("--lines", type=int, default=150, help="lines sampled per kind")
    ap.add_argument("--clean-lines", type=int, default=1500)
    ap.add_argument("--kinds", default="", help="comma-separated kind names (default all)")
    args = ap.parse_args(argv)
    if args.speed:
        speed()
        return 0
    if not DATA.is_dir():
        print(f"note: {DATA} not found; only the built-in sentences are used")
    repair = repairer(args.repair)
    wanted = set(filter(None, args.kinds.split(",")))
    print(f"{'kind':<28}{'source':<9}{'lines':>6}{'exact%':>8}{'chars%':>8}{'sec':>7}")
    for kind in KINDS:
        if wanted and kind.name not in wanted:
            continue
        total, exact, chars, secs = run_kind(kind, repair, args.lines)
        print(f"{kind.name:<28}{kind.source:<9}{total:>6}{exact:>8.1f}{chars:>8.2f}{secs:>7.1f}")
    if wanted and "clean" not in wanted:
        return 0
    print(f"\n{'clean source':<18}{'lines':>6}{'changed':>8}")
    for source in CLEAN_SOURCES:
        total, changed, examples = run_clean(source, repair, args.clean_lines)
        print(f"{source:<18}{total:>6}{changed:>8}")
        for ex in examples:
            print(f"    changed: {ex[:80]!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
