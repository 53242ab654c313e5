"""Whitespace and blank lines.

Runs last, so it can sweep up after stages that delete spans. It never joins or splits lines of
content: only trailing blanks, runs of inner spaces, and runs of blank lines change.
"""

from __future__ import annotations

import regex

from ..stage import Context, StageResult, drop_lines, stage

# The lookbehind makes a run match only from its start: without it a long run of blanks that
# is not at the end of a line is rescanned from every position (quadratic).
_TRAILING = regex.compile(r"(?<![ \t])[ \t]+$", regex.M)
_INNER_RUN = regex.compile(r"(?<=\S)[ ]{2,}(?=\S)")


@stage("whitespace", max_blank_lines=1)
def normalize_whitespace(text: str, ctx: Context) -> StageResult:
    changes: dict[str, int] = {}
    if may_trail(text):
        text, n = _TRAILING.subn("", text)
        if n:
            changes["trailing-space"] = n
    if may_run(text):
        text, n = _INNER_RUN.subn(" ", text)
        if n:
            changes["space-run"] = n
    dropped = _surplus_blank_lines(text.split("\n"), int(ctx.option("max_blank_lines", 1)))
    res = drop_lines(text, dict.fromkeys(dropped, ""))
    # A file's final newline is not a blank line anyone typed: dropping it is not an edit.
    counted = len(dropped) - (text.endswith("\n") and bool(text.strip()))
    if counted:
        changes["blank-lines"] = counted
    return StageResult(text=res.text, changes=changes, line_origin=res.line_origin)


def may_trail(text: str) -> bool:
    """Exact screen for ``_TRAILING``: a space or tab right before a line end."""
    return " \n" in text or "\t\n" in text or text.endswith((" ", "\t"))


def may_run(text: str) -> bool:
    """Exact screen for ``_INNER_RUN``: two spaces in a row."""
    return "  " in text


def _surplus_blank_lines(lines: list[str], keep: int) -> list[int]:
    """Blank lines at either end, and beyond ``keep`` in a row inside."""
    blank = [not line.strip() for line in lines]  # one strip per line, not three
    if True not in blank:
        return []
    out: list[int] = []
    run = 0
    for i, b in enumerate(blank):
        if not b:
            run = 0
            continue
        run += 1
        if run > keep:
            out.append(i)
    if False not in blank:
        return list(range(len(lines)))
    first = blank.index(False)
    last = len(blank) - 1 - blank[::-1].index(False)
    edges = set(range(first)) | set(range(last + 1, len(lines)))
    return sorted(set(out) | edges)


STAGE = normalize_whitespace
