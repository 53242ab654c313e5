"""Pathological input must finish: long lines, runs of marks, deep nesting, ReDoS-shaped text.

These are hang detectors, not benchmarks: each case runs at a moderate size in a subprocess
with a generous timeout, and only a hang (or a crash) fails. Timings at full size (1 MB lines,
millions of marks) are measured and reported by ``benchmarks/pathological_bench.py``.

Every compiled regex in the package is found by walking its modules (module-level patterns,
also inside tuples, lists and dicts) and is run over inputs built from its own characters:
long runs of each literal and of each adjacent pair, then a character that breaks the match —
the shape that makes a backtracking engine retry from every position.
"""

from __future__ import annotations

import importlib
import json
import os
import pkgutil
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import regex

import textclean

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
PATTERN_TYPES = (re.Pattern, regex.Pattern)


def compiled_patterns() -> Iterator[tuple[str, Any]]:
    """``(where, pattern)`` for every compiled pattern reachable from a textclean module."""
    seen: set[int] = set()
    for info in pkgutil.walk_packages(textclean.__path__, "textclean."):
        if info.name.endswith((".ray", ".__main__")):
            continue  # an optional dependency; the CLI entry point (runs on import)
        try:
            module = importlib.import_module(info.name)
        except ImportError:
            continue
        for attr, value in sorted(vars(module).items()):
            for i, pat in enumerate(_patterns_in(value)):
                if id(pat) not in seen:
                    seen.add(id(pat))
                    yield f"{info.name}.{attr}" + (f"[{i}]" if i else ""), pat
        # patterns built lazily by cached functions (``@cache def _screen(): ...``)
        for attr, value in sorted(vars(module).items()):
            if callable(getattr(value, "cache_info", None)) and _takes_no_args(value):
                try:
                    built = value()
                except Exception:
                    continue
                for i, pat in enumerate(_patterns_in(built)):
                    if id(pat) not in seen:
                        seen.add(id(pat))
                        yield f"{info.name}.{attr}()" + (f"[{i}]" if i else ""), pat


def _takes_no_args(func: Any) -> bool:
    import inspect

    try:
        return not any(p.default is p.empty and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
                       for p in inspect.signature(func).parameters.values())
    except (TypeError, ValueError):
        return False


def _patterns_in(value: Any, depth: int = 0) -> Iterator[Any]:
    if isinstance(value, PATTERN_TYPES):
        yield value
    elif depth < 3 and isinstance(value, tuple | list):
        for v in value:
            yield from _patterns_in(v, depth + 1)
    elif depth < 3 and isinstance(value, dict):
        for v in value.values():
            yield from _patterns_in(v, depth + 1)


_META = set("\\^$.|?*+()[]{}")
_ALWAYS = (" ", "a", "中", "\n", "。", ",", "\ufffd", "Ã", "-", "1")


def adversarial_inputs(pattern: str, n: int) -> Iterator[tuple[str, str]]:
    """Inputs of about ``n`` characters shaped by the pattern's own literals."""
    literals = [c for c in dict.fromkeys(_literal_chars(pattern)) if c]
    units = list(dict.fromkeys([*literals, *_ALWAYS]))
    pairs = [a + b for a, b in zip(literals, literals[1:], strict=False) if a != b]
    for unit in (*units, *dict.fromkeys(pairs)):
        body = unit * max(1, n // len(unit))
        yield f"run {unit!r}", body
        yield f"run {unit!r}+break", body + "\x00"
        yield f"break+run {unit!r}", "\x00" + body
    yield "all literals", "".join(literals) * max(1, n // max(1, len(literals)))


_HEX_WIDTH = {"u": 4, "x": 2}


def _hex_escape(pattern: str, i: int) -> str | None:
    """The character of a ``\\uXXXX`` or ``\\xXX`` escape at ``i``, if it is one."""
    width = _HEX_WIDTH.get(pattern[i + 1])
    if width is None or i + 2 + width > len(pattern):
        return None
    try:
        return chr(int(pattern[i + 2:i + 2 + width], 16))
    except ValueError:
        return None


def _literal_chars(pattern: str) -> Iterator[str]:
    """Characters the pattern mentions literally (escapes decoded where simple)."""
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\" and i + 1 < len(pattern):
            nxt = pattern[i + 1]
            if nxt in "pPN" and i + 2 < len(pattern) and pattern[i + 2] == "{":
                end = pattern.find("}", i)
                i = end + 1 if end > 0 else i + 2
                continue
            escaped = _hex_escape(pattern, i)
            if escaped:
                yield escaped
                i += 2 + _HEX_WIDTH[nxt]
                continue
            yield {"n": "\n", "t": "\t", "s": " ", "d": "7", "w": "w", "S": "x"}.get(nxt, nxt)
            i += 2
            continue
        if c not in _META:
            yield c
        i += 1


def run_regex_cases(n: int) -> Iterator[tuple[str, str, float]]:
    """Every pattern over every adversarial input: (pattern, input, seconds), worst first."""
    for where, pat in compiled_patterns():
        worst = ("", 0.0)
        for label, text in adversarial_inputs(pat.pattern, n):
            t0 = time.perf_counter()
            for _ in pat.finditer(text):
                pass
            dt = time.perf_counter() - t0
            if dt >= worst[1]:
                worst = (label, dt)
        yield where, worst[0], worst[1]


def run_pipeline_cases(size: int, names: list[str] | None = None
                       ) -> Iterator[tuple[str, float, int]]:
    """The default pipeline on each pathological case: (case, seconds, output length)."""
    sys.path.insert(0, str(TESTS))
    from strategies import pathological_cases

    pipeline = textclean.Pipeline()
    for name, text in pathological_cases(size).items():
        if names and name not in names:
            continue
        t0 = time.perf_counter()
        record = pipeline.process(text)
        yield name, time.perf_counter() - t0, len(record.text)


_WORKER = """
import json, sys
sys.path.insert(0, {tests!r})
import test_pathological as tp
kind, size = sys.argv[1], int(sys.argv[2])
rows = tp.run_regex_cases(size) if kind == "regex" else tp.run_pipeline_cases(size, sys.argv[3:])
for row in rows:
    print(json.dumps(row), flush=True)
"""

#: Generous: a linear pass over these sizes takes well under a second; only a hang reaches it.
HANG_SECONDS = 240


def _in_subprocess(kind: str, size: int, *names: str, limit: float = HANG_SECONDS
                   ) -> list[list[Any]]:
    code = _WORKER.format(tests=str(TESTS))
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    try:
        res = subprocess.run([sys.executable, "-c", code, kind, str(size), *names],
                             capture_output=True, text=True, timeout=limit, env=env)
    except subprocess.TimeoutExpired as e:
        done = (e.stdout or b"").decode() if isinstance(e.stdout, bytes) else (e.stdout or "")
        last = done.strip().splitlines()[-1:] or ["nothing"]
        pytest.fail(f"{kind} cases hung (> {limit}s); last finished: {last[0]}")
    assert res.returncode == 0, res.stderr[-3000:]
    return [json.loads(line) for line in res.stdout.splitlines()]


def test_every_regex_survives_adversarial_input():
    """600 characters are plenty to expose exponential backtracking; quadratic patterns are
    found by the benchmark, which reports how each pattern's time grows with its input."""
    rows = _in_subprocess("regex", 600)
    found = {r[0] for r in rows}
    assert len(found) >= 20, f"too few patterns found ({len(found)}): the walk is broken"


def test_pattern_walk_finds_the_known_patterns():
    found = {where for where, _ in compiled_patterns()}
    for expected in ("textclean.stages.markup._LINK", "textclean.stages.whitespace._TRAILING"):
        assert expected in found


def test_adversarial_inputs_cover_the_pattern_literals():
    labels = dict(adversarial_inputs(r"(\*\*|__)(?=\S)([^\n]{1,500}?)(?<=\S)\1", 100))
    assert "run '*'+break" in labels and "run '__'" not in labels  # pairs only if distinct
    assert labels["run '*'"] == "*" * 100


CASE_GROUPS = {
    "lines": ["line-zh", "line-en", "line-mixed", "line-no-space", "url", "digits", "date-like",
              "thai", "emoji-zwj", "private-use"],
    "punctuation": ["punct-fullstop", "punct-comma-half", "punct-dot", "punct-ellipsis",
                    "punct-bang", "punct-dash", "punct-star", "punct-underscore", "punct-hash",
                    "punct-quote", "punct-zh-comma-between-han", "punct-soup"],
    "nesting": ["nest-paren", "nest-paren-open", "nest-square", "nest-zh", "nest-lenticular",
                "nest-md-link", "md-link-unclosed", "md-image-unclosed", "md-bold-unclosed",
                "md-bold-nested", "md-heading", "entity-chain", "entity-run", "entity-almost",
                "entity-numeric", "front-matter-unclosed", "front-matter-dashes"],
    "lines-and-space": ["blank-lines", "cr-lines", "crlf-lines", "short-lines", "chrome-lines",
                        "same-line-repeated", "spaces", "spaces-between-han", "tabs",
                        "ideographic-space", "nul", "zero-width", "combining",
                        "combining-after-han"],
    "mojibake": ["latin-mojibake", "latin-mojibake-mixed", "utf8-as-gbk", "utf8-as-gbk-holes",
                 "gbk-as-cp1252", "utf8-as-tis620", "kunkao"],
    # runs of U+FFFD (undecodable bytes; lone surrogates become U+FFFD): common in real scrapes
    "replacement-runs": ["replacement-chars", "surrogates"],
}


def test_case_groups_cover_every_case():
    sys.path.insert(0, str(TESTS))
    from strategies import pathological_cases

    grouped = [n for names in CASE_GROUPS.values() for n in names]
    assert sorted(grouped) == sorted(pathological_cases(10))


#: (size, seconds) for a group that needs other limits than the default (none at present).
GROUP_LIMITS: dict[str, tuple[int, float]] = {}


@pytest.mark.parametrize("group", sorted(CASE_GROUPS))
def test_pipeline_finishes_on_pathological_input(group):
    size, limit = GROUP_LIMITS.get(group, (5_000, HANG_SECONDS))
    rows = _in_subprocess("pipeline", size, *CASE_GROUPS[group], limit=limit)
    assert sorted(r[0] for r in rows) == sorted(CASE_GROUPS[group])
