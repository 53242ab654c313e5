"""Within-document rules: a summary that repeats the lead, pull quotes, citation markers and
link labels left in sentences."""

from __future__ import annotations

from collections.abc import Sequence

import regex

from .memo import per_document

_SUMMARY = regex.compile(
    r"^\s*(?:摘要|导读|内容摘要|内容提要|summary|abstract)\s*[:：]\s*(?P<v>.+)$", regex.I)
_LEAD_TAG = regex.compile(r"^\s*[【\[][^】\]]{1,20}[】\]]\s*")
_SQUASH = regex.compile(r"[\s\p{P}\p{S}]+")
#: one to eight citation markers in a row (``[1]``, ``[1][27]``, ``[3–5]``)
MARKERS = r"(?:\[\d{1,3}(?:\s*[,，–-]\s*\d{1,3})*\]){1,8}"
_CITATION = regex.compile(
    rf"(?P<pre>(?<=[\p{{L}}\p{{N}}\p{{P}}%])\s?)(?P<m>{MARKERS})(?=[\s\p{{P}}]|$)")
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


#: a line that is one quotation and nothing else (a pull quote, or a paragraph of speech)
_QUOTE_LINE = regex.compile(r"^\s*[“\"「『](?P<v>[^“”\"「」『』]{8,200})[”\"」』]\s*$")
_TOKEN = regex.compile(r"\p{Han}|[\p{L}\p{N}'’]+")
_QUOTE_GAP = 6  # words (or characters) a paragraph may insert into the quote: ``Batiste says``


def pull_quotes(lines: Sequence[str]) -> dict[int, str]:
    """Lines that only quote what a paragraph at least twice as long says, with at most a few
    words of attribution inserted: the magazine's pull quote (and 金句 boxes) shown twice."""
    quotes = [(i, _tokens(m.group("v"))) for i, line in enumerate(lines)
              if (m := _QUOTE_LINE.match(line))]
    quotes = [(i, q) for i, q in quotes if len(q) >= 5]
    if not quotes:
        return {}
    paragraphs = [(j, _tokens(line)) for j, line in enumerate(lines) if len(line) >= 40]
    found: dict[int, str] = {}
    for i, q in quotes:
        if any(j != i and len(p) >= 2 * len(q) and _inside(q, p) for j, p in paragraphs):
            found[i] = "dup-quote"
    return found


def _tokens(text: str) -> list[str]:
    return [t.lower().replace("’", "'") for t in _TOKEN.findall(text)]


def _inside(quote: list[str], para: list[str]) -> bool:
    """``quote`` is a subsequence of ``para`` spanning at most ``_QUOTE_GAP`` extra tokens."""
    for start, token in enumerate(para):
        if token != quote[0]:
            continue
        k, end = 1, start + len(quote) + _QUOTE_GAP
        for t in para[start + 1:end]:
            if k < len(quote) and t == quote[k]:
                k += 1
        if k == len(quote):
            return True
    return False


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


#: a link's label for screen readers, left in the sentence by the scrape (``…in a statement,
#: opens new tab.``, ``Share on X (Opens in new window)``)
_LINK_LABEL = regex.compile(r",?\s*\(?\bopens? (?:in )?(?:a )?new (?:tab|window)\b\)?", regex.I)


def strip_link_labels(line: str) -> tuple[str, tuple[str, ...]]:
    """The line without its link labels, and the labels (the stage screens lines for ``new
    tab`` and ``new window`` before it asks)."""
    labels = tuple(m.group() for m in _LINK_LABEL.finditer(line))
    return (_LINK_LABEL.sub("", line), labels) if labels else (line, ())
