"""Per-line features for plain-text boilerplate detection.

Lines are the paragraphs of plain text, so the jusText features apply per line: length, stopword
density, terminal punctuation. CJK text has no spaces, so sizes count characters with a CJK weight
and "stopwords" are function characters (的了是在和…).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from typing import NamedTuple

import regex

from .lexicon import cjk_function_chars, stoplists
from .memo import per_document

CJK_WEIGHT = 3  # one CJK character carries about as much as three Latin characters
#: scripts written without spaces between words (Korean uses spaces, so it counts as words)
_CJK = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}]")
_WORD = regex.compile(r"[\p{L}\p{M}'’]+")
#: bullets, emoji, arrows and symbols that decorate the start or end of chrome lines
_EDGE = (r"[\s\p{So}\p{Sk}\p{Cf}\p{Co}\p{Pd}\uFE0F\u200d*•·●○■□▪▫◆◇►▶▸▹▻◂◃→←↑↓⇒⇨➤➜✓✔☆★#>»›<«‹|~+=_"
         r":：,，;；.。!！?？…\"'“”‘’「」『』()（）\[\]【】]")
_LEAD = regex.compile(r"^" + _EDGE + r"+")
# Starts only where a run of decoration starts: without the lookbehind a long run that is not
# at the end of the line is rescanned from every position (quadratic).
_TRAIL = regex.compile(r"(?<!" + _EDGE + r")" + _EDGE + r"+$")
_SPACES = regex.compile(r"\s+")
_TERMINAL = regex.compile(r"[.!?。！？…;；][\"'”’“‘»«」』)）\]】]*\s*$")
_SEPARATORS = regex.compile(r"\s[|›»>/·•]\s|\s?[|›»•]\s?|\s>\s|::")


_EDGE_RE = regex.compile(_EDGE)
_EDGE_CHARS: dict[str, bool] = {}


def _is_edge(c: str) -> bool:
    known = _EDGE_CHARS.get(c)
    if known is None:
        known = _EDGE_CHARS[c] = _EDGE_RE.match(c) is not None
    return known


def normalize(line: str) -> str:
    """Lower-cased line without decoration: what lexicon patterns and repeat counts compare.

    The edges are stripped with a per-character table rather than ``_LEAD``/``_TRAIL``
    (same result, several times faster: a regex scans the whole line for the trailing run)."""
    s = line.strip()
    i, j = 0, len(s)
    while i < j and _is_edge(s[i]):
        i += 1
    while j > i and _is_edge(s[j - 1]):
        j -= 1
    s = s[i:j]
    if "  " in s or not s.isprintable():  # cheap screen: only then can ``\s+`` change it
        s = _SPACES.sub(" ", s)
    return s.lower()


def cjk_count(text: str) -> int:
    return len(_CJK.findall(text))


def size(text: str) -> int:
    """Length in Latin-character equivalents (CJK characters weigh more)."""
    s = text.strip()
    return len(s) + (CJK_WEIGHT - 1) * cjk_count(s)


#: a letter that can start a non-CJK word; a line without one has no Latin words at all
_NON_CJK_LETTER = regex.compile(r"[[\p{L}\p{M}'’]--[\p{Han}\p{Hiragana}\p{Katakana}]]", regex.V1)
#: the ``_WORD`` runs that do not start with a CJK character, in one scan
_LATIN_WORD = regex.compile(
    r"(?<![\p{L}\p{M}'’])(?![\p{Han}\p{Hiragana}\p{Katakana}])[\p{L}\p{M}'’]+")
_SEPARATOR_CHARS = "|›»>/·•:"


class _Text(NamedTuple):
    """What a line's text alone determines (cached per distinct line)."""

    norm: str
    size: int
    cjk: int
    functions: int  # CJK function characters
    latin: tuple[str, ...]  # lower-cased non-CJK words
    terminal: bool
    separators: int


@lru_cache(maxsize=1)
def _function_pattern() -> regex.Pattern[str]:
    chars = sorted(c for c in cjk_function_chars() if _CJK.match(c))
    return regex.compile("[" + "".join(regex.escape(c) for c in chars) + "]")


@per_document
def _text_features(text: str) -> _Text:
    """Cached: the stage runs to a fixed point, so the same lines are seen several times."""
    stripped = text.strip()
    cjk = len(_CJK.findall(stripped))
    functions = len(_function_pattern().findall(stripped)) if cjk else 0
    latin: tuple[str, ...] = ()
    if _NON_CJK_LETTER.search(stripped):
        latin = tuple(w.lower() for w in _LATIN_WORD.findall(stripped))
    seps = 0
    if any(c in stripped for c in _SEPARATOR_CHARS):
        seps = len(_SEPARATORS.findall(stripped))
    return _Text(normalize(stripped), len(stripped) + (CJK_WEIGHT - 1) * cjk, cjk, functions,
                 latin, bool(_TERMINAL.search(stripped)), seps)


def choose_stoplist(lines: Sequence[str]) -> frozenset[str]:
    """The stoplists that cover the most words of the document (jusText needs the language)."""
    words: Counter[str] = Counter()
    for ln in lines[:400]:
        latin = _text_features(ln).latin
        if latin:
            words.update(latin)
    total = sum(words.values())
    if total < 5:
        return frozenset()
    hits: dict[str, int] = {}
    index = _languages_of()
    for w, n in words.items():
        for name in index.get(w, ()):
            hits[name] = hits.get(name, 0) + n
    scored = sorted(((hits.get(name, 0), name) for name in stoplists()), reverse=True)
    # the top two languages: pages mix a site's interface language with the article's
    return _union(tuple(name for hits, name in scored[:2] if hits >= 0.15 * total))


@lru_cache(maxsize=1)
def _languages_of() -> dict[str, tuple[str, ...]]:
    """Stopword → the stoplists containing it (scoring walks the document's words once)."""
    out: dict[str, list[str]] = {}
    for name, stop in stoplists().items():
        for w in stop:
            out.setdefault(w, []).append(name)
    return {w: tuple(names) for w, names in out.items()}


@lru_cache(maxsize=256)
def _union(names: tuple[str, ...]) -> frozenset[str]:
    """One object per choice of stoplists, so cache keys compare by identity."""
    return frozenset().union(*(stoplists()[n] for n in names)) if names else frozenset()


class Line(NamedTuple):
    """Features of one non-blank line (a tuple: built once per line and pass, so cheap)."""

    index: int
    text: str
    norm: str
    size: int
    cjk: int
    words: int
    density: float | None  # stopword density; None when the language has no stoplist
    terminal: bool
    separators: int


def line_features(index: int, text: str, stop: frozenset[str]) -> Line:
    t = _text_features(text)
    density: float | None = None
    parts, weight = 0.0, 0
    if t.cjk:
        parts += t.functions / t.cjk * 2.2 * t.cjk
        weight += t.cjk
    latin = t.latin
    if latin and stop:
        parts += sum(1 for w in latin if w in stop) / len(latin) * len(latin)
        weight += len(latin)
    if weight:
        density = parts / weight
    return Line(index, text, t.norm, t.size, t.cjk, len(latin), density, t.terminal,
                t.separators)
