"""Whitespace and blank lines.

Runs last, so it can sweep up after stages that delete spans. It never joins or splits lines of
content: only trailing blanks, runs of inner spaces, and runs of blank lines change.
"""

from __future__ import annotations

import regex

from ..stage import Context, StageResult, drop_lines, stage

_TRAILING = regex.compile(r"[ \t]+$", regex.M)
_INNER_RUN = regex.compile(r"(?<=\S)[ ]{2,}(?=\S)")


@stage("whitespace", max_blank_lines=1)
def normalize_whitespace(text: str, ctx: Context) -> StageResult:
    changes: dict[str, int] = {}
    text, n = _TRAILING.subn("", text)
    if n:
        changes["trailing-space"] = n
    text, n = _INNER_RUN.subn(" ", text)
    if n:
        changes["space-run"] = n
    dropped = _surplus_blank_lines(text.split("\n"), int(ctx.option("max_blank_lines", 1)))
    res = drop_lines(text, dict.fromkeys(dropped, ""))
    if dropped:
        changes["blank-lines"] = len(dropped)
    return StageResult(text=res.text, changes=changes, line_origin=res.line_origin)


def _surplus_blank_lines(lines: list[str], keep: int) -> list[int]:
    """Blank lines at either end, and beyond ``keep`` in a row inside."""
    out: list[int] = []
    run = 0
    for i, line in enumerate(lines):
        if line.strip():
            run = 0
            continue
        run += 1
        if run > keep:
            out.append(i)
    first = next((i for i, line in enumerate(lines) if line.strip()), len(lines))
    last = max((i for i, line in enumerate(lines) if line.strip()), default=-1)
    edges = set(range(first)) | set(range(last + 1, len(lines)))
    return sorted(set(out) | edges)


STAGE = normalize_whitespace
