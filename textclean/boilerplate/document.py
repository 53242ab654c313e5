"""Within-document rules: a summary that repeats the lead, citation markers."""

from __future__ import annotations

from collections.abc import Sequence

import regex

from .memo import per_document

_SUMMARY = regex.compile(
    r"^\s*(?:摘要|导读|内容摘要|内容提要|summary|abstract)\s*[:：]\s*(?P<v>.+)$", regex.I)
_LEAD_TAG = regex.compile(r"^\s*[【\[][^】\]]{1,20}[】\]]\s*")
_SQUASH = regex.compile(r"[\s\p{P}\p{S}]+")
_CITATION = regex.compile(
    r"(?P<pre>(?<=[\p{L}\p{N}\p{P}%])\s?)(?P<m>(?:\[\d{1,3}(?:\s*[,，–-]\s*\d{1,3})*\]){1,8})"
    r"(?=[\s\p{P}]|$)")
_CODE = regex.compile(r"[{}]|;\s*$|\w\s*[!=<>+\-*/]?=\s*\w|\(\)|->|::|\bdef\s+\w+\(|"
                      r"\b(?:var|let|const)\s+\w+\s*=|\b(?:for|if|while)\s*\(")
_MARKER_START = regex.compile(r"\[\d")
_PROSE_WORD = regex.compile(r"\p{L}{2,}")
_CJK = regex.compile(r"\p{Han}")


def _squash(text: str) -> str:
    return _SQUASH.sub("", text).lower()


def duplicate_summary(lines: Sequence[str], window: int = 12) -> dict[int, str]:
    """``摘要:`` / ``Summary:`` lines whose text is repeated by a paragraph just below."""
    found: dict[int, str] = {}
    for i, line in enumerate(lines[:60]):
        m = _SUMMARY.match(line)
        if not m:
            continue
        body = _squash(m.group("v"))
        if len(body) < 12:
            continue
        below = [j for j in range(i + 1, len(lines)) if lines[j].strip()][:window]
        for j in below:
            other = _squash(_LEAD_TAG.sub("", lines[j]))
            inside = body in other or (other in body and len(other) > 0.8 * len(body))
            if len(other) >= 12 and inside:
                found[i] = "dup-summary"
                break
    return found


def _prose(line: str) -> bool:
    return len(_PROSE_WORD.findall(line)) >= 5 or len(_CJK.findall(line)) >= 10


def citation_spans(line: str) -> list[tuple[int, int, str]]:
    """``(start, end, marker)`` of citation markers like ``[1][27]`` in running prose.

    Never at the start of a line (list numbering) nor in code-like lines (array indexes).
    """
    if "[" not in line or _MARKER_START.search(line) is None:  # every marker has one
        return []
    if _CODE.search(line) or not _prose(line):
        return []
    spans = []
    for m in _CITATION.finditer(line):
        if m.start("m") == 0 or not line[: m.start("m")].strip():
            continue
        spans.append((m.start(), m.end(), m.group("m")))
    return spans


@per_document
def strip_citations(line: str) -> tuple[str, tuple[str, ...]]:
    """The line without its citation markers, and the markers (cached: every pass asks)."""
    if "[" not in line:
        return line, ()
    spans = citation_spans(line)
    if not spans:
        return line, ()
    out, pos = [], 0
    for start, end, _ in spans:
        out.append(line[pos:start])
        pos = end
    out.append(line[pos:])
    return "".join(out), tuple(marker for _, _, marker in spans)
