"""Turning a traced run into findings a person can read: ``file:line: rule message``.

``check`` and ``explain`` both speak through here, so they describe a change the same way.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from .pipeline import Step

_SNIPPET = 36


@dataclass(frozen=True, order=True)
class Finding:
    line: int
    rule: str
    message: str


def findings(steps: list[Step]) -> Iterator[Finding]:
    """One finding per removed line/span and per line a stage edited, in original line numbers."""
    for step in steps:
        res = step.result
        rules = ",".join(sorted(res.changes)) or "edit"
        for r in res.removed:
            line = step.origin[r.line - 1] + 1 if r.line and r.line <= len(step.origin) else 0
            yield Finding(line, f"{step.stage}/{r.reason}", f"removes {_clip(r.text)!r}")
        before, after = step.before.split("\n"), step.after.split("\n")
        pairs = (enumerate(zip(before, after, strict=True)) if res.line_origin is None
                 else ((src, (before[src], after[j])) for j, src in enumerate(res.line_origin)))
        kept: set[int] = set()
        for src, (a, b) in pairs:
            kept.add(src)
            if a != b:
                rule = _line_rules(step, a, b, rules)
                yield Finding(step.origin[src] + 1, f"{step.stage}/{rule}", _diff(a, b))
        if res.line_origin is not None:
            listed = {r.line - 1 for r in res.removed if r.line}
            for src in range(len(before)):
                if src not in kept and src not in listed:
                    yield Finding(step.origin[src] + 1, f"{step.stage}/{rules}",
                                  "removes a blank line" if not before[src].strip()
                                  else f"removes {_clip(before[src])!r}")
        for flag in res.flags:
            yield Finding(0, f"{step.stage}/flag", flag)


def _line_rules(step: Step, a: str, b: str, rules: str) -> str:
    """The rules that made this one line edit: the stage rerun on the line alone, when that
    reproduces the edit (a line-local edit); otherwise every rule the stage used."""
    if "," not in rules or step.rerun is None:
        return rules
    try:
        alone = step.rerun(a)
    except Exception:  # a stage that needs its document; the stage-wide list stays true
        return rules
    used = sorted(r for r, n in alone.changes.items() if n)
    return ",".join(used) if alone.text == b and used else rules


def changed_span(a: str, b: str, context: int = 8) -> tuple[str, str]:
    """The differing middle of two strings, with ``context`` characters either side."""
    start = 0
    while start < min(len(a), len(b)) and a[start] == b[start]:
        start += 1
    end = 0
    while end < min(len(a), len(b)) - start and a[-1 - end] == b[-1 - end]:
        end += 1
    lo = max(0, start - context)
    return a[lo:len(a) - end + context], b[lo:len(b) - end + context]


def _diff(a: str, b: str) -> str:
    old, new = changed_span(a, b)
    return f"{_clip(old)!r} -> {_clip(new)!r}"


def _clip(s: str) -> str:
    return s if len(s) <= 2 * _SNIPPET else s[:_SNIPPET] + "…" + s[-_SNIPPET // 2:]
