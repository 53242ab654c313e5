"""Per-line features for plain-text boilerplate detection.

Lines are the paragraphs of plain text, so the jusText features apply per line: length, stopword
density, terminal punctuation. CJK text has no spaces, so sizes count characters with a CJK weight
and "stopwords" are function characters (的了是在和…).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

import regex

from .lexicon import cjk_function_chars, stoplists

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
_TERMINAL = regex.compile(r"[.!?。！？…;；][\"'”’」』)）\]】]*\s*$")
_SEPARATORS = regex.compile(r"\s[|›»>/·•]\s|\s?[|›»•]\s?|\s>\s|::")


def normalize(line: str) -> str:
    """Lower-cased line without decoration: what lexicon patterns and repeat counts compare."""
    s = _LEAD.sub("", line.strip())
    s = _TRAIL.sub("", s)
    return _SPACES.sub(" ", s).lower()


def cjk_count(text: str) -> int:
    return len(_CJK.findall(text))


def size(text: str) -> int:
    """Length in Latin-character equivalents (CJK characters weigh more)."""
    s = text.strip()
    return len(s) + (CJK_WEIGHT - 1) * cjk_count(s)


def choose_stoplist(lines: Sequence[str]) -> frozenset[str]:
    """The stoplists that cover the most words of the document (jusText needs the language)."""
    words = Counter(w.lower() for ln in lines[:400] for w in _WORD.findall(ln)
                    if not _CJK.match(w))
    total = sum(words.values())
    if total < 5:
        return frozenset()
    scored = sorted(((sum(words[w] for w in stop & words.keys()), name)
                     for name, stop in stoplists().items()), reverse=True)
    # the top two languages: pages mix a site's interface language with the article's
    chosen = [name for hits, name in scored[:2] if hits >= 0.15 * total]
    return frozenset().union(*(stoplists()[n] for n in chosen)) if chosen else frozenset()


@dataclass(frozen=True)
class Line:
    """Features of one non-blank line."""

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
    return replace(_features(text, stop), index=index)


@lru_cache(maxsize=1 << 15)
def _features(text: str, stop: frozenset[str]) -> Line:
    """Cached: the stage runs to a fixed point, so the same lines are seen several times."""
    index = -1
    stripped = text.strip()
    cjk_chars = _CJK.findall(stripped)
    latin = [w.lower() for w in _WORD.findall(stripped) if not _CJK.match(w)]
    density: float | None = None
    parts, weight = 0.0, 0
    if cjk_chars:
        funcs = cjk_function_chars()
        parts += sum(1 for c in cjk_chars if c in funcs) / len(cjk_chars) * 2.2 * len(cjk_chars)
        weight += len(cjk_chars)
    if latin and stop:
        parts += sum(1 for w in latin if w in stop) / len(latin) * len(latin)
        weight += len(latin)
    if weight:
        density = parts / weight
    return Line(
        index=index, text=text, norm=normalize(stripped), size=size(stripped),
        cjk=len(cjk_chars), words=len(latin), density=density,
        terminal=bool(_TERMINAL.search(stripped)),
        separators=len(_SEPARATORS.findall(stripped)),
    )
