"""Line classification and jusText-style smoothing for plain text.

Each non-blank line gets a class: ``bad`` (with a rule id), ``short``, ``neargood`` or ``good``
from the lexicon, structure and jusText features. Smoothing then decides the undecided lines from
their neighbours: a short line between two content lines is content, a short line among chrome is
chrome. Lines matched by the lexicon or a structural rule stay bad whatever their neighbours.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import regex

from .features import Line
from .lexicon import chrome_groups

GOOD, NEARGOOD, SHORT, BAD = "good", "neargood", "short", "bad"
_MAX_LEXICON_LEN = 200
_URL = regex.compile(r"^(?:https?://|www\.)\S+$|^\S+@\S+\.\w+$", regex.I)
_ARROW = regex.compile(r"(?:[→➜➤⇒»›]|>>|\.\.\.\s*>)\s*$|^\s*[→➜➤⇒»›]")
_NUMBERS_ONLY = regex.compile(r"^[\d\s,.:;|/·()\[\]%+\-–—kKmMwW万千]+$")
_HEADING_END = regex.compile(r"[,，、;；]\s*$")


@dataclass(frozen=True)
class Thresholds:
    """jusText's defaults, with sizes in Latin-character equivalents."""

    length_low: int = 70
    length_high: int = 200
    stop_low: float = 0.30
    stop_high: float = 0.32
    heading_distance: int = 200


def zone_of(position: int, total: int) -> str:
    """head / body / tail by the line's rank among the non-blank lines."""
    if position < max(3, total // 4):
        return "head"
    if position >= total - max(3, total // 4):
        return "tail"
    return "body"


def lexicon_rule(line: Line, zone: str) -> str | None:
    norm = line.norm
    if not norm or len(norm) > _MAX_LEXICON_LEN:
        return None
    for entry in chrome_groups():
        if len(norm) > entry.max_len or (entry.zone != "any" and entry.zone != zone):
            continue
        if entry.pattern.fullmatch(norm):
            return entry.rule
    return None


def structure_rule(line: Line) -> str | None:
    """Navigation and link residue recognisable from shape alone."""
    s = line.text.strip()
    if _URL.match(s):
        return "url"
    if _NUMBERS_ONLY.match(s):
        return "counter"
    if line.terminal:
        return None
    if line.separators >= 2 and line.size / (line.separators + 1) < 40:
        return "nav-separators"
    if line.size < 100 and _ARROW.search(s):
        return "arrow-link"
    return None


def jusText_class(line: Line, t: Thresholds) -> str:
    """jusText's context-free class for a line that no rule matched."""
    density = line.density
    sentence_like = line.terminal and (line.words >= 3 or line.cjk >= 6) and line.size >= 15
    if density is None:  # a language without a stoplist: length and punctuation only
        if line.size >= t.length_high or (line.size >= t.length_low and line.terminal):
            return GOOD
        if line.size >= t.length_low or sentence_like:
            return NEARGOOD
        return SHORT
    if line.cjk * 6 > line.size and line.terminal and line.cjk >= 10:
        # Chinese/Japanese prose ends in 。！？; menus and tag lists do not
        return GOOD if line.size >= t.length_low else NEARGOOD
    if line.size < t.length_low:
        return NEARGOOD if sentence_like and density >= t.stop_low * 0.7 else SHORT
    if density >= t.stop_high:
        return GOOD if line.size > t.length_high or line.terminal else NEARGOOD
    if density >= t.stop_low or (line.terminal and density >= t.stop_low / 2):
        return NEARGOOD
    return BAD


def _neighbour(classes: Sequence[str], i: int, step: int, ignore_neargood: bool) -> str:
    j = i + step
    while 0 <= j < len(classes):
        c = classes[j]
        if c == SHORT or (ignore_neargood and c == NEARGOOD):
            j += step
            continue
        return c
    return BAD


def smooth(lines: Sequence[Line], classes: list[str], t: Thresholds,
           mixed: str = BAD) -> list[str]:
    """jusText's context revision: headings before good text, then short, then near-good."""
    out = list(classes)
    headings = [i for i, ln in enumerate(lines) if out[i] == SHORT and _heading_like(ln)]
    for i in headings:
        if _good_follows(lines, out, i, t.heading_distance):
            out[i] = NEARGOOD
    revised = {}
    for i, c in enumerate(out):
        if c != SHORT:
            continue
        prev, nxt = _neighbour(out, i, -1, True), _neighbour(out, i, 1, True)
        if prev == GOOD and nxt == GOOD:
            revised[i] = GOOD
        elif prev == BAD and nxt == BAD:
            revised[i] = BAD
        elif (prev == BAD and _neighbour(out, i, -1, False) == NEARGOOD) or (
                nxt == BAD and _neighbour(out, i, 1, False) == NEARGOOD):
            revised[i] = GOOD
        else:
            revised[i] = mixed
    for i, c in revised.items():
        out[i] = c
    revised = {}
    for i, c in enumerate(out):
        if c == NEARGOOD:
            prev, nxt = _neighbour(out, i, -1, True), _neighbour(out, i, 1, True)
            revised[i] = BAD if prev == BAD and nxt == BAD else GOOD
    for i, c in revised.items():
        out[i] = c
    return out


def _heading_like(line: Line) -> bool:
    return 2 <= line.size <= 160 and not _HEADING_END.search(line.text)


def _good_follows(lines: Sequence[Line], classes: Sequence[str], i: int, limit: int) -> bool:
    distance = 0
    for j in range(i + 1, len(lines)):
        if classes[j] == GOOD:
            return True
        if classes[j] == BAD and distance > 0:
            return False
        distance += lines[j].size
        if distance > limit:
            return False
    return False


def main_region(lines: Sequence[Line], classes: Sequence[str],
                penalty: float = 1.0) -> tuple[int, int] | None:
    """The run of lines (positions ``start..end`` inclusive) with the most content net of chrome.

    Body Text Extraction (Finn et al.) on lines: content scores its size, chrome costs its size,
    so the article body wins over scattered sidebar text; the maximum-sum window is exact.
    """
    best, best_range = 0.0, None
    run, start = 0.0, 0
    for k, (ln, c) in enumerate(zip(lines, classes, strict=True)):
        weight = float(max(ln.size, 10))
        gain = weight if c == GOOD else -weight * penalty
        if run <= 0:
            run, start = 0.0, k
        run += gain
        if run > best:
            best, best_range = run, (start, k)
    return best_range


def mark_short_runs(lines: Sequence[Line], classes: Sequence[str], why: dict[int, str],
                    min_run: int) -> list[str]:
    """Runs of ``min_run`` or more short lines without sentence punctuation are menus or link
    lists (an article's own lists are rarer and usually punctuated)."""
    out = list(classes)
    k = 0
    while k < len(lines):
        j = k
        while j < len(lines) and out[j] == SHORT and not lines[j].terminal:
            j += 1
        run = lines[k:j]
        mean = sum(ln.size for ln in run) / len(run) if run else 0
        if (j - k >= min_run and mean <= 22) or (j - k >= 2 * min_run and mean <= 40):
            for m in range(k, j):
                out[m] = BAD
                why.setdefault(lines[m].index, "nav-run")
        k = max(j, k + 1)
    return out
