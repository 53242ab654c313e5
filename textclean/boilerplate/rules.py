"""Line classification and jusText-style smoothing for plain text.

Each non-blank line gets a class: ``bad`` (with a rule id), ``short``, ``neargood`` or ``good``
from the lexicon, structure and jusText features. Smoothing then decides the undecided lines from
their neighbours: a short line between two content lines is content, a short line among chrome is
chrome. Lines matched by the lexicon or a structural rule stay bad whatever their neighbours.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Collection, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

import regex

from .features import CLOSERS, SEPARATORS, Line, script_of, stopwords
from .lexicon import (
    ChromeEntry,
    chrome_sequence,
    could_start,
    entries,
    needs_screen,
)
from .memo import data_index, per_document

GOOD, NEARGOOD, SHORT, BAD = "good", "neargood", "short", "bad"
_MAX_LEXICON_LEN = 400
_URL = regex.compile(r"^(?:https?://|www\.)\S+$|^[^\s@]+@\S+\.\w+$", regex.I)
#: a link's arrow: at the end (a play mark too: ``全场集锦 ▶``) or at the start
_ARROW = regex.compile(r"(?:[→➜➤⇒»›▶►]|>>|\.\.\.\s*>)\s*$|^\s*[→➜➤⇒»›]")
_NUMBERS_ONLY = regex.compile(r"^[\d\s,.:;|/·()\[\]%+\-–—kKmMwW万千]+$")
_CJK_COMMA = regex.compile(r"\p{Han}\s*[，；,;]\s*\p{Han}")
_TABLE_ROW = regex.compile(r"^\|.*\|$")
#: ``DOW 41,208.33 +0.4% S&P 500 5,612.10 +0.3%`` or ``恒指 24,318 +0.82%``: a market ticker,
#: names each followed by a level and a change (or a bare rate), and nothing else; two changes
_TICKER = regex.compile(r"(?:(?=\S*\p{L})\S+(?:\s(?=\S*\p{L})\S+|\s\d+)?\s+(?:[\d,.]+\s*)?"
                        r"[+\-−▲▼]?[\d,.]+%\s*){2,}")
_CHANGE = regex.compile(r"[+\-−▲▼][\d,.]+%")  # a ticker shows changes, a table of rates does not
#: ``首页 新闻 体育 财经 更多``: four or more CJK words of at most four characters, spaced (a
#: spaced headline has two or three long parts; a poem line's parts are longer)
_CJK_MENU = regex.compile(r"\p{Han}{1,4}(?:[ \u3000]+\p{Han}{1,4}){3,}")
#: ``Site>>Section>>Article`` or ``首页＞新闻＞正文``: a breadcrumb written without spaces (the
#: spaced ones count as separators); three parts or more, each a few words (the last may be the
#: headline)
_BREADCRUMB = regex.compile(r"[^>＞]{2,24}(?:\s*(?:>>?|＞＞?)\s*[^>＞\s][^>＞]{1,23}){1,7}"
                            r"\s*(?:>>?|＞＞?)\s*[^>＞\s][^>＞]{1,59}")
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


@data_index
def _screen_from(prefix: str, start: int, script: int) -> tuple[re.Pattern[str] | None,
                                                                tuple[str, ...]]:
    """A screen for the screen strings of ``prefix``'s candidates from the ``start``-th on
    (those that admit the line by length; keyed by a few characters, bounded), and those
    strings: long lines scan for the few strings of the long entries, not for all of them. A
    line of ``script`` (:func:`script_of`) cannot contain strings of a wider one."""
    rows = _table(prefix).rows[start:]
    needs = {n for row in rows if row[1] is not None for n in row[1]}
    needs = {n for n in needs if script_of(n) <= script}
    return needs_screen(frozenset(needs)), tuple(sorted(needs))


@data_index
def _plain_from(prefix: str, zone: str, k: int) -> tuple[tuple[Callable[[str], object], str], ...]:
    """``prefix``'s unscreened candidates from the ``k``-th on that apply in ``zone``, in
    order, as (full match, rule) pairs (keyed by a few characters, bounded)."""
    rows = _table(prefix).unscreened[k:]
    return tuple((pattern.fullmatch, rule) for entry_zone, _, pattern, rule in rows
                 if entry_zone == "any" or entry_zone == zone)


_NARROW_BEYOND = 3  # unscreened candidates of a two-character prefix worth a third character


@per_document
def lexicon_of(norm: str, zone: str) -> str | None:
    size = len(norm)
    if not norm or size > _MAX_LEXICON_LEN:
        return None
    prefix = norm[:_PREFIX]
    table = _table(prefix)
    # the entries are in order of their length limit: those that admit the line are a suffix
    start = bisect_left(table.limits, size)
    if start == len(table.limits):
        return None
    # a line without any admitted entry's screen string can match only the unscreened entries
    # (most lines: one scan instead of a loop over every screened candidate); no scan when no
    # screened entry admits the line
    screen, strings = (_screen_from(prefix, start, script_of(norm))
                       if table.last_screened >= start else (None, ()))
    if screen is not None and screen.search(norm) is not None:
        # the screen strings the line contains, found once (an entry passes its screen when
        # it shares one with them) instead of one scan per screened entry; the strings of
        # the entries that do not admit the line, or of a wider script, cannot count
        present = frozenset(n for n in strings if n in norm)
        for entry_zone, needs, pattern, rule in table.rows[start:]:
            if entry_zone != "any" and entry_zone != zone:
                continue
            if needs is not None and needs.isdisjoint(present):
                continue
            if pattern.fullmatch(norm) is not None:
                return rule
        return None
    if len(table.unscreened) > _NARROW_BEYOND and size > _PREFIX:
        # many unscreened candidates (common Latin starts): a third character narrows them
        # (about half as many full matches; few such prefixes, so the tables stay small)
        prefix = norm[:_PREFIX + 1]
        table = _table(prefix)
    for fullmatch, rule in _plain_from(prefix, zone, bisect_left(table.unscreened_limits, size)):
        if fullmatch(norm) is not None:
            return rule
    return None


_ITEM_SEPARATORS = frozenset("|｜/／·•")
_MAX_ITEMS, _ITEM_SPAN = 12, 4


@per_document
def items_rule(norm: str, zone: str) -> str | None:
    """A row of interface items that the lexicon knows one by one (``a- a+ 字级 ｜ 打印 ｜
    分享``, ``打印】 【关闭``, ``whatsapp facebook 复制链接``): the words split into runs of at
    most four, each a lexicon line. A sentence has words the lexicon does not know."""
    words = [w.strip("【】[]") for w in norm.split() if w not in _ITEM_SEPARATORS]
    words = [w for w in words if w]
    n = len(words)
    if not 2 <= n <= _MAX_ITEMS:
        return None
    covered = [True] + [False] * n  # covered[k]: the first k words are lexicon items
    for end in range(1, n + 1):
        covered[end] = any(covered[start] and lexicon_of(" ".join(words[start:end]), zone)
                           for start in range(max(0, end - _ITEM_SPAN), end))
    return "chrome" if covered[n] else None


class _Table(NamedTuple):
    """The candidate entries of one prefix as plain rows ``(zone, screen strings or None,
    pattern, rule)``, with their length limits (ascending) for a bisection, and the same for
    the unscreened ones alone."""

    limits: tuple[int, ...]
    rows: tuple[tuple[str, frozenset[str] | None, regex.Pattern[str], str], ...]
    last_screened: int  # position of the last screened row, -1 if none
    unscreened_limits: tuple[int, ...]
    unscreened: tuple[tuple[str, frozenset[str] | None, regex.Pattern[str], str], ...]


@data_index
def _table(prefix: str) -> _Table:
    """``_candidates(prefix)`` as a :class:`_Table` (keyed by a few characters, bounded)."""
    cands = _candidates(prefix)
    row = _rows()
    last = max((k for k, e in enumerate(cands) if e.needs), default=-1)
    plain = [e for e in cands if not e.needs]
    return _Table(tuple(e.max_len for e in cands), tuple(row[id(e)] for e in cands), last,
                  tuple(e.max_len for e in plain), tuple(row[id(e)] for e in plain))


@lru_cache(maxsize=1)
def _rows() -> dict[int, tuple[str, frozenset[str] | None, regex.Pattern[str], str]]:
    """Each lexicon entry's row (by the id of the cached entry), built once."""
    return {id(e): (e.zone, frozenset(e.needs) if e.needs else None, e.pattern, e.rule)
            for e in chrome_sequence()}


@lru_cache(maxsize=1)
def lexicon_zones() -> frozenset[str]:
    """The zones some entry is limited to; in any other zone only ``any`` entries apply."""
    return frozenset(e.zone for e in chrome_sequence() if e.zone != "any")


_PREFIX = 2  # characters of a line's start that select the lexicon entries to try


@data_index
def _candidates(prefix: str) -> tuple[ChromeEntry, ...]:
    """The lexicon entries, in order, that a line starting with ``prefix`` can match: each
    character narrows the previous prefix's list by the engine's own partial match. Keyed by
    a few characters and bounded, unlike a cache by line text (which grows with the corpus)."""
    base = _candidates(prefix[:-1]) if len(prefix) > 1 else chrome_sequence()
    if any(len(c.casefold()) != 1 for c in prefix):  # folds to several (ß → ss): keep all
        return base
    return tuple(e for e in base if could_start(e, prefix))


def structure_rule(line: Line) -> str | None:
    """Navigation and link residue recognisable from shape alone."""
    return _structure(line.text, line.terminal, line.separators, line.size)


def _structure(text: str, terminal: bool, separators: int, size: int) -> str | None:
    """Asked once per line and document (the stage caches its lines' rules)."""
    s = text.strip()
    # screens: a URL has ``://``, ``www.`` or ``@``; a table row starts with ``|``
    if ("://" in s or s[3:4] == "." or "@" in s) and _URL.match(s):
        return "url"
    if terminal or (s[:1] == "|" and _TABLE_ROW.match(s)) or _NUMBERS_ONLY.match(s):
        return None  # sentences, table rows and bare numbers are left to the classifier
    if separators >= 2 and size / (separators + 1) < 40:
        if "%" in s and len(_CHANGE.findall(s)) >= 2 and _TICKER.fullmatch(s):
            return "nav-separators"
        return None if figures_row(s) else "nav-separators"
    if size <= 120 and (">" in s or "＞" in s) and _BREADCRUMB.fullmatch(s):
        return "nav-separators"
    if " " in s and _CJK_MENU.fullmatch(s):
        return "nav-separators"
    if "%" in s and len(_CHANGE.findall(s)) >= 2 and _TICKER.fullmatch(s):
        return "nav-separators"
    if size < 100 and _ARROW_CHARS.search(s) and _ARROW.search(s) and not _quoted(s):
        return "arrow-link"
    return None


def figures_row(s: str) -> bool:
    """A table's row set out with separators (``Day 1-2: 38 | Day 3-4: 31``, ``8月｜27.1｜3.1%``):
    half the items are bare figures, or nearly every item holds a figure and there are more
    digits than letters. A menu's items are words; a date and byline row (``Friday | 14 June
    2019 | 15:49 by …``) has more letters."""
    items = [x for x in SEPARATORS.split(s) if x.strip()]
    if len(items) < 2:
        return False
    if sum(_FIGURE.fullmatch(x) is not None for x in items) * 2 >= len(items):
        return True  # ``Shanghai–Genoa | 2,604 | 2,688 | -3.1%``: half the items are figures
    return (sum(c.isdigit() for c in s) >= sum(c.isalpha() for c in s)
            and sum(any(c.isdigit() for c in x) for x in items) * 4 >= len(items) * 3)


_FIGURE = regex.compile(r"\s*[+\-−–]?[$€£¥]?\d[\d,.]*\s*[%‰]?\s*")
#: a table cell's quantity: a figure or a range, with a unit (``£6.8 million``, ``512 – 638``,
#: ``6:00—21:00``); not a time ago (``3 hours ago``, ``3小时前``)
_CELL_FIGURE = regex.compile(
    r"\s*[+\-−–]?[$€£¥]?\d[\d,.:]*\s*[%‰℃°]?(?:\s*[-–—~～至]\s*[$€£¥]?\d[\d,.:]*\s*[%‰]?)?"
    r"(?:\s*\p{L}{1,12}){0,2}\s*")
_TIME_AGO = regex.compile(r"(?:ago|前|後|后)\s*$", regex.I)
_CELL_SIZE = 40  # a table's cells are short; a teaser row holds a headline


def table_rows(rows: Sequence[str]) -> list[tuple[int, int]]:
    """``(start, end)`` of the runs of consecutive rows set out with separators into as many
    short cells, with a column of quantities below the first row: a table (results, prices, a
    timetable) and its header. Two rows need a row of figures under the header. A menu has no
    column of figures, and a teaser list's rows hold a headline and a time ago. Rows that
    cannot be one may be given as empty strings (the caller knows them)."""
    cells = [_cells(r) for r in rows]
    out, k = [], 0
    while k < len(rows):
        j = k + 1
        width = len(cells[k])
        while j < len(rows) and width >= 2 and len(cells[j]) == width:
            j += 1
        if (j - k >= 3 and _figure_column(cells[k + 1:j])) or (
                j - k == 2 and figures_row(rows[k + 1].strip())):
            out.append((k, j))
        k = j
    return out


def _cells(row: str) -> list[str]:
    """A row's cells: set apart by separators, or else by spaces (``5月 202.59 +24.1%``,
    ``Denver  28  22  29``; one space or several, so collapsing spaces changes no answer)."""
    if not row:
        return []
    if SEPARATORS.search(row):
        return [c.strip() for c in SEPARATORS.split(row)]
    return row.split()


def _figure_column(rows: list[list[str]]) -> bool:
    if any(len(c) > _CELL_SIZE or not c for row in rows for c in row):
        return False
    return any(all(_CELL_FIGURE.fullmatch(row[c]) and not _TIME_AGO.search(row[c])
                   for row in rows) for c in range(len(rows[0])))


_ARROW_CHARS = re.compile("[→➜➤⇒»›>▶►]")  # every ``_ARROW`` match has one


def _quoted(s: str) -> bool:
    """``«Headline»``: a closing guillemet after an opening one is a quote mark, not an arrow."""
    return ("«" in s and s.endswith("»")) or ("‹" in s and s.endswith("›"))


def jusText_class(line: Line, t: Thresholds) -> str:
    """jusText's context-free class for a line that no rule matched."""
    if line.text.lstrip()[:1] == "|" and _TABLE_ROW.match(line.text.strip()):
        return SHORT  # a table row lives or dies with its neighbours
    density = line.density
    sentence_like = line.terminal and (line.words >= 3 or line.cjk >= 6) and line.size >= 15
    if density is None:  # a language without a stoplist: length and punctuation only
        if line.size >= t.length_high or (line.size >= t.length_low and line.terminal):
            return GOOD
        if line.size >= t.length_low or sentence_like:
            return NEARGOOD
        return SHORT
    if line.cjk * 6 > line.size and line.cjk >= 10:
        # Chinese/Japanese prose ends in 。！？ and runs on with ，; menus and tag lists do not
        if line.terminal:
            return GOOD if line.size >= t.length_low else NEARGOOD
        if line.cjk >= 20 and _search(_CJK_COMMA, line.text):
            return NEARGOOD
    if line.size < t.length_low:
        return NEARGOOD if sentence_like else SHORT
    if density >= t.stop_high:
        return GOOD if line.size > t.length_high or line.terminal else NEARGOOD
    if density >= t.stop_low or sentence_like or _code_like(line.text):
        return NEARGOOD
    return BAD


#: kinds of program syntax (one group each): assignment, call, braces, statement end, index,
#: dotted or snake_case names, operators, command-line flags, JSON keys. Code has few stopwords
#: yet is article content
_CODE_SYNTAX = regex.compile(r"(=)|(\w\()|([{}])|(;)|(\[\w*\])|([a-z_]\w*\.[a-z_]\w*)"
                             r"|([a-z]_[a-z])|(::|->|=>)|((?<=\s)--?[a-zA-Z][\w-]*)|(\"\w[^\"]*\":)")


def _code_like(s: str) -> bool:
    """Two kinds of program syntax, three marks in all: a line of code, which its neighbours
    decide (inside an article it stays) instead of its low stopword density."""
    kinds: set[int | None] = set()
    for marks, m in enumerate(_CODE_SYNTAX.finditer(s), 1):
        kinds.add(m.lastindex)
        if marks >= 3 and len(kinds) >= 2:
            return True
    return False


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
           mixed: str = BAD, keep_sentences: bool = False) -> list[str]:
    """jusText's context revision: headings before good text, then short, then near-good (a
    line's ``heading`` flag holds its :func:`_heading_like` answer)."""
    out = list(classes)
    headings = [i for i, ln in enumerate(lines) if out[i] == SHORT and ln.heading]
    for i in headings:
        if _good_follows(lines, out, i, t.heading_distance):
            out[i] = NEARGOOD
    if SHORT in out:
        near, near_all = _nearest(out, (SHORT, NEARGOOD)), _nearest(out, (SHORT,))
        revised = {}
        for i, c in enumerate(out):
            if c != SHORT:
                continue
            prev, nxt = near[0][i], near[1][i]
            if prev == GOOD and nxt == GOOD:
                revised[i] = GOOD
            elif prev == BAD and nxt == BAD:
                revised[i] = BAD
            elif (prev == BAD and near_all[0][i] == NEARGOOD) or (
                    nxt == BAD and near_all[1][i] == NEARGOOD):
                revised[i] = GOOD
            elif mixed == "next":  # leading into content: a heading; trailing: a label
                revised[i] = GOOD if nxt == GOOD else BAD
            else:
                revised[i] = mixed
        for i, c in revised.items():
            out[i] = c
    if NEARGOOD in out:
        prevs, nexts = _nearest(out, (SHORT, NEARGOOD))
        revised = {}
        for i, c in enumerate(out):
            if c == NEARGOOD:
                lone = prevs[i] == BAD and nexts[i] == BAD and not (
                    keep_sentences and _sentence(lines[i]))
                revised[i] = BAD if lone else GOOD
        for i, c in revised.items():
            out[i] = c
    return out


def _nearest(classes: Sequence[str], skip: tuple[str, ...]) -> tuple[list[str], list[str]]:
    """For every position, the nearest class before and after it that is not in ``skip``
    (``BAD`` past the ends): :func:`_neighbour` for all positions in two sweeps."""
    n = len(classes)
    before, after = [BAD] * n, [BAD] * n
    last = BAD
    for i, c in enumerate(classes):
        before[i] = last
        if c not in skip:
            last = c
    last = BAD
    for i in range(n - 1, -1, -1):
        after[i] = last
        c = classes[i]
        if c not in skip:
            last = c
    return before, after


def _sentence(line: Line) -> bool:
    """Ends like a sentence, or runs on like one: ten words or more at prose stopword density
    (a lead paragraph often lacks its final full stop)."""
    return line.terminal or (line.words >= 10 and line.density is not None
                             and line.density >= 0.40)


def _heading_like(line: Line) -> bool:
    return 2 <= line.size <= 160 and not _ends_heading(line.text)


_HEADING_END_SCREEN = re.compile("[,，、;；]")  # every ``_HEADING_END`` match has one


def _ends_heading(text: str) -> bool:
    """``_HEADING_END.search(text)``, screened by a scan in C for its punctuation."""
    return _HEADING_END_SCREEN.search(text) is not None and _HEADING_END.search(text) is not None


@per_document
def _search(pattern: regex.Pattern[str], text: str) -> bool:
    """``pattern.search(text)``, cached: the same lines come back in every pass."""
    return pattern.search(text) is not None


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


#: a quantity (``200 g``, ``2 EL``, ``1/2 cup``) or code (``x = f(y)``): list items of the
#: article itself (ingredients, code), which menus and teaser lists never contain
# Both widths of ``;`` and ``(``, with or without a space before a bracket beside CJK, and a
# quantity that starts with a number: the punctuation stage (which runs later) turns ``,`` ``;``
# ``(`` beside Chinese into full-width marks and drops the spaces around them, and a second
# run must see the line the way the first did.
_QUANTITY_OR_CODE = (r"^\s*[\d½¼¾⅓⅔][\d½¼¾⅓⅔/.,-]*\s*(?:\p{L}{1,5}\.?\s+\p{L}|\p{L}{1,5}$)"
                     r"|[=;；{}$]|\w[(（]|[\p{Han}\p{Hiragana}\p{Katakana}]\s+[(（]|\w\s+（")
_CODE_OR_QUANTITY = regex.compile(_QUANTITY_OR_CODE)
_NOT_MENU = regex.compile(_QUANTITY_OR_CODE + r"|[)）]\s*$")  # nor a closing bracket


#: a match of ``_CODE_OR_QUANTITY`` either starts with a number or contains one of these
#: characters (``_NOT_MENU``'s also with the closing brackets): lines without them (most) skip
#: the pattern's alternation at every position
_CODE_CHARS = re.compile("[=;；{}$(（]")
_NOT_MENU_CHARS = re.compile("[=;；{}$(（)）]")
_LEAD_NUMBER = regex.compile(r"\s*[\d½¼¾⅓⅔]")


def _code_or_quantity(s: str) -> bool:
    """``_CODE_OR_QUANTITY.search(s)``, screened."""
    return ((_CODE_CHARS.search(s) is not None or _LEAD_NUMBER.match(s) is not None)
            and _CODE_OR_QUANTITY.search(s) is not None)


def _not_menu(s: str) -> bool:
    """``_NOT_MENU.search(s)``, screened."""
    return ((_NOT_MENU_CHARS.search(s) is not None or _LEAD_NUMBER.match(s) is not None)
            and _NOT_MENU.search(s) is not None)


def _menu_item(line: Line) -> bool:
    """Menu entries are a few content words: no sentence end, no label colon, few stopwords."""
    s = line.text.rstrip()
    if line.terminal or s.endswith((":", "：")):
        return False
    # the cheap stopword test first: the pattern only matters when it passes
    return ((line.density is None or line.density < 0.34 or line.words <= 2) and not _not_menu(s)
            and not _STAT_ROW.fullmatch(s.strip()) and not _LABEL_FIGURE.match(s.strip()))


#: ``Possession 58% 42%``, ``控球率　54%　46%``: a label and two values or more, the row of a
#: table in the article (a menu item holds no figures; a pager holds no label)
_STAT_ROW = regex.compile(r"\p{L}[\p{L}\p{M}'’ .-]{0,30}?(?:[\s:：]+[+\-−]?[\d][\d,.:/]*%?){2,}")


#: ``Battery<tab>4,800mAh``, ``投票率：52.3%``: a label and its figure, a fact of the article
_LABEL_FIGURE = regex.compile(r"[^\t:：]{1,30}?(?:\t+|\s*[:：]\s*)[+\-−]?\d")


def mark_short_runs(lines: Sequence[Line], classes: Sequence[str], why: dict[int, str],
                    min_run: int) -> list[str]:
    """Runs of ``min_run`` or more short lines without sentence punctuation are menus or link
    lists (an article's own lists are rarer and usually punctuated). A line's ``menu`` flag
    holds its :func:`_menu_item` answer."""
    out = list(classes)
    k = 0
    while k < len(lines):
        j = k
        while j < len(lines) and out[j] == SHORT and lines[j].menu:
            j += 1
        if j == k:  # no run starts here (an empty run changes nothing)
            k += 1
            continue
        run = lines[k:j]
        mean = sum(ln.size for ln in run) / len(run) if run else 0
        if (j - k >= min_run and mean <= 22) or (j - k >= 2 * min_run and mean <= 40):
            for m in range(k, j):
                out[m] = BAD
                why.setdefault(lines[m].index, "nav-run")
        k = max(j, k + 1)
    return out


def content_weight(line: Line, cls: str) -> float:
    return float(line.size) if cls == GOOD else 0.5 * line.size if cls == NEARGOOD else 0.0


def _weights(lines: Sequence[Line], classes: Sequence[str]) -> list[float]:
    """:func:`content_weight` of every line, without a call per line."""
    return [float(ln.size) if c == GOOD else 0.5 * ln.size if c == NEARGOOD else 0.0
            for ln, c in zip(lines, classes, strict=True)]


def article_end(lines: Sequence[Line], classes: Sequence[str], chrome: Sequence[bool],
                tail_ratio: float, headings: AbstractSet[int] = frozenset()) -> int | None:
    """Position of the first chrome line after which at most ``tail_ratio`` of the document's
    content remains: the article has ended and what follows (comments, teasers, footers) goes.

    Needs a chrome line as the boundary, so an article that simply ends keeps its last lines.
    A call to action (newsletter, app, news tip) and a story list under its heading (at
    ``headings``: Most Popular) are set inside articles too: they are no boundary when the
    article's prose goes on after them.
    """
    weights = _weights(lines, classes)
    total = sum(weights)
    if total <= 0:
        return None
    after = total
    for k, w in enumerate(weights):
        after -= w
        if chrome[k] and after <= tail_ratio * total and total - after >= 0.5 * total and not (
                (k in headings or _promo_line(lines[k].norm))
                and _prose_resumes(lines, classes, chrome, k, k in headings)):
            return k
    return None


def _prose_resumes(lines: Sequence[Line], classes: Sequence[str], chrome: Sequence[bool],
                   k: int, listed: bool) -> bool:
    """After ``k`` (and the headlines of its list, when ``listed``) a stated sentence of prose
    comes before any chrome line but a call to action. Below a list's heading no headline may
    follow that sentence: teasers with a line of summary each go on with the next headline."""
    for j in range(k + 1, len(lines)):
        if classes[j] in (GOOD, NEARGOOD) and _STATES.search(lines[j].text):
            nxt = j + 1
            return not listed or nxt >= len(lines) or classes[nxt] == GOOD or chrome[nxt] \
                or not lines[nxt].headline
        if chrome[j] and not _promo_line(lines[j].norm):
            return False
    return False


@lru_cache(maxsize=1)
def _abbreviations() -> str:
    """An alternation of the words whose full stop ends no sentence (``vs.``, ``Dr.``)."""
    words = sorted(entries("abbreviations.txt"), key=len, reverse=True)
    return "|".join(regex.escape(w) for w in words)


@lru_cache(maxsize=1)
def _stop_capital() -> regex.Pattern[str]:
    """A sentence end followed by a capital; a full stop after an initial or an abbreviation
    (``J. Smith``, ``Kraken vs. Coinbase``) is none."""
    return regex.compile(rf"(?<!\b(?i:{_abbreviations()})|\b\p{{L}})[.]\s+\p{{Lu}}|[!?]\s+\p{{Lu}}")


@lru_cache(maxsize=1)
def _inner_sentence_reference() -> regex.Pattern[str]:
    """The whole test of :func:`_inner_sentence` as one pattern (the tests compare them)."""
    return regex.compile(_stop_capital().pattern
                         + r"|\p{Han}\s*[，。；,.;]\s*\p{Han}|[:：]\s*$")


def _headline_like(line: Line) -> bool:
    """No sentence end (a question is a headline too: ``Is X worth it?``), no sentence
    inside, not a label introducing what follows."""
    s = line.text.strip()
    return ((not line.terminal or _question(s)) and line.size <= 160
            and not _inner_sentence(s, line.cjk) and not _code_or_quantity(s))


def _question(s: str) -> bool:
    """One question mark, at the end: a headline that asks (``Kraken vs. Coinbase: Which?``)."""
    s = s.rstrip(CLOSERS)
    return s.endswith(("?", "？")) and s.count("?") + s.count("？") == 1


#: ``_INNER_SENTENCE``'s alternatives apart, each screened by the characters it needs
_STOP_CHARS = re.compile("[.!?]")
_HAN_COMMA_HAN = regex.compile(r"\p{Han}\s*[，。；,.;]\s*\p{Han}")
_COMMA_CHARS = re.compile("[，。；,.;]")


def _inner_sentence(s: str, cjk: int) -> bool:
    """``_INNER_SENTENCE.search(s)`` for a stripped line with ``cjk`` CJK characters: no
    trailing space is left, so the label colon must be its last character; the Chinese
    alternative needs a Han character."""
    return (s.endswith((":", "："))
            or (_STOP_CHARS.search(s) is not None and _stop_capital().search(s) is not None)
            or (cjk > 0 and _COMMA_CHARS.search(s) is not None
                and _HAN_COMMA_HAN.search(s) is not None))


def _article_list(lines: Sequence[Line], classes: Sequence[str], start: int, end: int) -> bool:
    """A list the article introduces (``…as follows:``); a chrome heading (``Read more:``)
    announces teasers instead."""
    if start == 0 or classes[start - 1] == BAD:
        return False
    intro = lines[start - 1]  # a sentence, not a label such as ``Contact:``
    return intro.size >= 30 and intro.text.rstrip().endswith((":", "："))


def _fact_box(lines: Sequence[Line], classes: Sequence[str], start: int, end: int) -> bool:
    """Mostly ``label: value`` lines (地址：…, 電話：…, Price: …) or rows of figures: an
    article's box of facts or table (a shop's address and hours, specifications, results, a
    score card), not teasers."""
    items = [lines[m].text for m in range(start, end) if classes[m] != BAD]  # chrome is none
    facts = sum(_LABELLED.match(t) is not None or figures_row(t.strip()) or _figures_heavy(t)
                for t in items)
    return facts * 3 >= len(items) * 2 > 0


def _figures_heavy(s: str) -> bool:
    """A line of a score card or a box score (``Jaipur Royals 180/7 (20 ov)``): a fifth of its
    characters are digits. A headline is words."""
    digits = sum(c.isdigit() for c in s)
    return digits >= 5 and digits * 5 >= len(s) - s.count(" ")


#: a short label and a colon before a value
_LABELLED = regex.compile(r"\s*(?:[-•·*●▪◦・]\s*)?[\p{L}][\p{L}\p{N} ]{0,14}?\s*[:：]\s*\S")


def _between_paragraphs(lines: Sequence[Line], classes: Sequence[str], why: dict[int, str],
                        chrome: Collection[int], start: int, end: int) -> bool:
    """A list with the article's prose on both sides (a schedule, a table, a subheading's
    points) is the article's own. Teasers are followed by more chrome, by the page's end or by
    one more headline (which may be long, but asks rather than states), and have chrome among
    them (``Send by mail``, a date line); an article's list has at most lines too bare for the
    stoplist."""
    if end >= len(classes) or start == 0 or classes[start - 1] == BAD:
        return False
    # a shorter paragraph after suffices when the items are short (points, dates, figures):
    # a teaser's headline is longer
    if classes[end] != GOOD and not (classes[end] == NEARGOOD and sum(
            lines[m].size for m in range(start, end)) <= _SHORT_ITEM * (end - start)):
        return False
    if any(classes[m] == BAD and why.get(lines[m].index) != "low-stopwords"
           for m in range(start, end)):
        return False
    first, last = lines[start - 1].index, lines[end].index
    if any(first < c < last for c in chrome):
        return False
    return (_STATES.search(lines[start - 1].text) is not None
            and _STATES.search(lines[end].text) is not None and lines[end].text[-1:] not in ":：")


_SHORT_ITEM = 32  # mean size of a list's items (about five words, ten CJK characters)
#: a sentence end that states (a headline may ask) or a colon, before closing quotes and a
#: bracketed credit: ``…歌舞。（記者黃美玲攝）``
_STATES = regex.compile(r"[.。！!:：][\"'”’」』]*(\s*[（(][^（()）]{1,30}[)）])?\s*$")


def listed_below(lines: Sequence[Line], classes: Sequence[str], headings: Sequence[int],
                 stop: Callable[[int], bool], limit: int = 20) -> list[int]:
    """Positions of the headline-like lines right below each story-list heading (热点新闻,
    Related articles), up to the first paragraph, non-headline or ``stop`` line."""
    out: list[int] = []
    for h in headings:
        for k in range(h + 1, min(len(lines), h + 1 + limit)):
            if classes[k] == BAD and k in headings:
                break  # the next heading starts its own list
            if classes[k] == GOOD or stop(k) or not lines[k].headline:
                break
            out.append(k)
    return out


def mark_teaser_runs(lines: Sequence[Line], classes: Sequence[str], why: dict[int, str],
                     min_run: int, tail_share: float, chrome: Collection[int] = ()) -> list[str]:
    """Runs of headline-like lines (no sentence end, not paragraphs) once the article's content
    is mostly behind us: related-story lists, teasers, footer link blocks. A line's
    ``headline`` flag holds its :func:`_headline_like` answer; ``chrome`` holds the line numbers
    of the chrome lines left out of ``lines``."""
    out = list(classes)
    weights = _weights(lines, classes)
    total = sum(weights)
    if total <= 0 or min_run <= 0:
        return out
    remaining = [0.0] * (len(lines) + 1)
    for k in range(len(lines) - 1, -1, -1):
        remaining[k] = remaining[k + 1] + weights[k]
    k = 0
    while k < len(lines):
        j = k
        while j < len(lines) and out[j] != GOOD and lines[j].headline:
            j += 1
        if j == k:  # no run starts here
            k += 1
            continue
        if j - k >= min_run and remaining[k] <= tail_share * total \
                and not _article_list(lines, out, k, j) and not _fact_box(lines, out, k, j) \
                and not _between_paragraphs(lines, out, why, chrome, k, j):
            for m in range(k, j):
                if out[m] != BAD:
                    out[m] = BAD
                    why.setdefault(lines[m].index, "teaser-run")
        k = max(j, k + 1)
    return out


@lru_cache(maxsize=1)
def _promo() -> re.Pattern[str]:
    """Any call-to-action phrase of ``promo.txt``, searched in lower-cased lines (plain ``re``:
    no Unicode classes needed, and it is the faster engine for a long alternation of words)."""
    return re.compile("|".join(f"(?:{p})" for p in entries("promo.txt")))


class _Reader(NamedTuple):
    words: frozenset[str]  # whole words (``you``, ``ihre``)
    cjk: tuple[str, ...]  # CJK words, found anywhere (no spaces around them)
    starts: re.Pattern[str]  # imperatives that open a line (``sign up``)


@lru_cache(maxsize=1)
def _reader() -> _Reader:
    """How a line addresses the reader (``reader.txt``), as a word set, CJK substrings and a
    pattern for the line's start: one C-level word split beats an alternation tried at every
    position."""
    lines = entries("reader.txt")
    words = [e for e in lines if not e.startswith("^")]
    starts = "|".join(e[1:] for e in lines if e.startswith("^"))
    return _Reader(frozenset(w for w in words if not _CJK_WORD.search(w)),
                   tuple(w for w in words if _CJK_WORD.search(w)),
                   re.compile(rf"(?:{starts})\b"))


_LETTER_RUN = re.compile(r"[^\W\d_]+")


def _speaks_to_reader(norm: str) -> bool:
    """A reader word, or an imperative at the start of the (lower-cased) line."""
    reader = _reader()
    return (not reader.words.isdisjoint(_LETTER_RUN.findall(norm))
            or any(w in norm for w in reader.cjk) or reader.starts.match(norm) is not None)


_CJK_WORD = regex.compile(r"\p{Han}")


def tail_notes(lines: Sequence[Line], classes: Sequence[str], share: float) -> dict[int, str]:
    """Positions (→ rule id) of the notes, once at most ``share`` of the content is left, that
    sites print after an article however sentence-like they are: calls to action that speak to
    the reader (subscribe, follow us, log in, cookie and affiliate notes: ``promo``) and notes
    on an author (``author-bio``). One followed by a paragraph is the article's own line."""
    weights = _weights(lines, classes)
    total = sum(weights)
    left, found = total, {}
    for k, (ln, w) in enumerate(zip(lines, weights, strict=True)):
        if left <= share * total and 20 <= ln.size <= 400 and classes[k] != BAD:
            if _promo_line(ln.norm):
                found[k] = "promo"
            elif _bio(ln.text.strip()):
                found[k] = "author-bio"
        left -= w
    chosen = set(found)
    return {k: rule for k, rule in found.items() if _next_other(classes, chosen, k) != GOOD}


@per_document
def _promo_line(norm: str) -> bool:
    """Speaks to the reader and calls for an action (cached: every pass asks again)."""
    return _speaks_to_reader(norm) and _promo().search(norm) is not None


def _next_other(classes: Sequence[str], skip: set[int], k: int) -> str:
    """The class of the first line after ``k`` not in ``skip`` (``BAD`` past the end)."""
    for j in range(k + 1, len(classes)):
        if j not in skip:
            return classes[j]
    return BAD


#: ``Jane Doe is a senior writer at …``, ``Martin has worked as a developer …``: a name, then
#: a verb of being or working, then a profession within the line
_BIO = regex.compile(r"^(\p{Lu}[\p{L}.'’-]+)((?:\s+\p{Lu}[\p{L}.'’-]+){1,3})?\s+(?:is|was|has been|"
                     r"has worked|covers|writes|reports)\b")
#: the professions a page credits its people with (bios, bylines)
PROFESSIONS = (r"(?:writer|editor|reporter|correspondent|journalist|columnist|contributor|author|"
               r"professor|founder|co-founder|fellow|expert|analyst|producer|freelancer?|blogger|"
               r"researcher|consultant|meteorologist|forecaster|photographer|photojournalist|"
               r"presenter|anchor|critic|commentator|economist)s?")
_PROFESSION = regex.compile(rf"\b{PROFESSIONS}\b", regex.I)


_PRONOUNS = frozenset(["the", "a", "an", "this", "that", "it", "he", "she", "they", "we", "i",
                       "you"])


def _names_someone(m: regex.Match[str]) -> bool:
    """``Martin has…`` or ``Will Knight is…``, not ``It is…`` or ``The company is…``."""
    first = m.group(1).lower()
    return first not in stopwords() or (m.group(2) is not None and first not in _PRONOUNS)


def trailing_bios(lines: Sequence[Line], classes: Sequence[str]) -> list[int]:
    """Positions of the author notes that close a page (the last content lines, each a name
    followed by what the person does); the first line that is not one ends the search."""
    out = []
    for k in range(len(lines) - 1, -1, -1):
        if classes[k] == BAD:
            continue
        if not _bio(lines[k].text.strip()):
            break
        out.append(k)
    return out


def _bio(text: str) -> bool:
    """A name, then what the person is or does, with a profession early in the line."""
    m = _BIO.match(text)
    return m is not None and _names_someone(m) and _PROFESSION.search(text, 0, 160) is not None
