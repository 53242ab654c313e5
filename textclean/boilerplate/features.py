"""Per-line features for plain-text boilerplate detection.

Lines are the paragraphs of plain text, so the jusText features apply per line: length, stopword
density, terminal punctuation. CJK text has no spaces, so sizes count characters with a CJK weight
and "stopwords" are function characters (的了是在和…).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from itertools import chain
from typing import Any, NamedTuple

import regex

from .document import MARKERS
from .lexicon import cjk_function_chars, stoplists
from .memo import data_index, per_document, per_document_dict

CJK_WEIGHT = 3  # one CJK character carries about as much as three Latin characters
#: scripts written without spaces between words (Korean uses spaces, so it counts as words)
_CJK = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}]")
#: runs of CJK characters: summing run lengths counts them without a list of single characters
_CJK_RUN = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}]+")
_WORD = regex.compile(r"[\p{L}\p{M}'’]+")
#: bullets, emoji, arrows and symbols that decorate the start or end of chrome lines; not ©,
#: which says what a line is (a copyright notice, a photo credit) rather than decorating it
_EDGE = (r"(?:(?!©)[\s\p{So}\p{Sk}\p{Cf}\p{Co}\p{Pd}\uFE0F\u200d*•·●○■□▪▫◆◇►▶▸▹▻◂◃→←↑↓⇒⇨➤➜"
         r"✓✔☆★#>»›<«‹|~+=_:：,，;；.。!！?？…\"'“”‘’「」『』()（）\[\]【】])")
_LEAD = regex.compile(r"^" + _EDGE + r"+")
# Starts only where a run of decoration starts: without the lookbehind a long run that is not
# at the end of the line is rescanned from every position (quadratic).
_TRAIL = regex.compile(r"(?<!" + _EDGE + r")" + _EDGE + r"+$")
_SPACES = regex.compile(r"\s+")
_TERMINAL = regex.compile(r"[.!?。！？…;；][\"'”’“‘»«」』)）\]】]*\s*$")
#: the separators between a menu's or a table row's items
SEPARATORS = regex.compile(r"\s[|›»>/·•]\s|\s?[|›»•｜]\s?|\s[>》]\s|::")


_EDGE_RE = regex.compile(_EDGE)
_EDGE_CHARS: dict[str, bool] = {}
#: the ASCII characters of ``_EDGE`` (``str.strip`` takes them off both ends in one call)
_ASCII_EDGE = "".join(c for c in map(chr, range(128)) if _EDGE_RE.match(c))


def _is_edge(c: str) -> bool:
    known = _EDGE_CHARS.get(c)
    if known is None:
        known = _EDGE_CHARS[c] = _EDGE_RE.match(c) is not None
    return known


def normalize(line: str) -> str:
    """Lower-cased line without decoration: what lexicon patterns and repeat counts compare.
    A stripped line whose features are known this document is answered from them.
    The edges are stripped with a per-character table rather than ``_LEAD``/``_TRAIL``
    (same result, several times faster: a regex scans the whole line for the trailing run);
    an ASCII line strips its ASCII edge characters in one call."""
    known = _KNOWN.get(line)
    if known is not None:
        return known[0]
    if line.isascii():
        s = line.strip().strip(_ASCII_EDGE)
        if "  " in s or not s.isprintable():
            s = _SPACES.sub(" ", s)
        return s.lower()
    s = line.strip()
    i, j = 0, len(s)
    known = _EDGE_CHARS.get  # the table's answer, or None for a character not seen yet
    while i < j and (known(s[i]) or (known(s[i]) is None and _is_edge(s[i]))):
        i += 1
    while j > i and (known(s[j - 1]) or (known(s[j - 1]) is None and _is_edge(s[j - 1]))):
        j -= 1
    s = s[i:j]
    if "  " in s or not s.isprintable():  # cheap screen: only then can ``\s+`` change it
        s = _SPACES.sub(" ", s)
    return s.lower()


def cjk_count(text: str) -> int:
    known = _KNOWN.get(text)
    if known is not None:
        return known[2]
    if text.isascii() or _FROM_FIRST_CJK.search(text) is None:
        return 0
    return sum(map(len, _CJK_RUN.findall(text)))


#: every CJK character (``_CJK``) is at or above U+2E80 (tests check them all): a line without
#: such characters (Latin-script text) skips the Unicode-class scan after a range scan
_FROM_FIRST_CJK = re.compile("[\u2e80-\U0010ffff]")
ASCII_TEXT, NO_CJK_TEXT, ANY_TEXT = 0, 1, 2


def script_of(text: str) -> int:
    """``ASCII_TEXT``, ``NO_CJK_TEXT`` (no character from U+2E80 on, so no CJK) or
    ``ANY_TEXT``: ordered, so a string is a substring of a text only if its class is at most
    the text's."""
    if text.isascii():
        return ASCII_TEXT
    return NO_CJK_TEXT if _FROM_FIRST_CJK.search(text) is None else ANY_TEXT


#: spaces beside CJK characters or full-width punctuation, which the punctuation stage (running
#: later) may drop: they do not count towards a line's size, so a second run sizes it the same
_WIDE = r"[\p{Han}\p{Hiragana}\p{Katakana}\u3001-\u303f\uff00-\uffef()]"
# a run is tried once, from its start (a match starting inside a run would rescan it: quadratic)
_WIDE_SPACE = regex.compile(rf"(?<={_WIDE})\s+|(?<!\s)\s++(?={_WIDE})")


def size(text: str) -> int:
    """Length in Latin-character equivalents (CJK characters weigh more)."""
    known = _KNOWN.get(text)
    if known is not None:
        return known[1]
    s = text.strip()
    return _width(s, cjk_count(s))


def _width(stripped: str, cjk: int) -> int:
    width = len(stripped) + (CJK_WEIGHT - 1) * cjk
    # every white-space character is a space or unprintable: a line with neither (or ASCII,
    # so without wide characters) has no space to discount
    if (" " in stripped or not stripped.isprintable()) and (
            cjk or (not stripped.isascii() and _WIDE_OTHER.search(stripped))):
        width -= sum(map(len, _WIDE_SPACE.findall(stripped)))
    return width


#: the characters of ``_WIDE`` other than CJK letters: a line without CJK letters has wide
#: spaces only beside one of these
_WIDE_OTHER = re.compile("[\u3001-\u303f\uff00-\uffef()]")


#: a letter that can start a non-CJK word; a line without one has no Latin words at all
_NON_CJK_LETTER = regex.compile(r"[[\p{L}\p{M}'’]--[\p{Han}\p{Hiragana}\p{Katakana}]]", regex.V1)
#: the ``_WORD`` runs that do not start with a CJK character, in one scan
_LATIN_WORD = regex.compile(
    r"(?<![\p{L}\p{M}'’])(?![\p{Han}\p{Hiragana}\p{Katakana}])[\p{L}\p{M}'’]+")
#: the characters of regex's ``\s`` (Unicode White_Space; tests check the list exhaustively)
WHITE_SPACE = "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
#: ``SEPARATORS`` can match only where one of ``|›»•｜``, ``::`` or one of ``/>·》`` between two
#: spaces occurs: lines without them (most, markup ``<br />`` included) skip the full scan
_SPACED_SEPARATOR = re.compile(f"[{WHITE_SPACE}][/>·》][{WHITE_SPACE}]")
#: a maximal word run, captured only when it does not start with a CJK character
_RUN_OR_LATIN_WORD = regex.compile(
    r"[\p{Han}\p{Hiragana}\p{Katakana}][\p{L}\p{M}'’]*|([\p{L}\p{M}'’]+)")


class _Text(NamedTuple):
    """What a line's text alone determines (cached per distinct line)."""

    norm: str
    size: int
    cjk: int
    functions: int  # CJK function characters
    latin: tuple[str, ...]  # lower-cased non-CJK words
    terminal: bool
    separators: int


#: this document's line features by stripped line (filled by :func:`_text_features`)
_KNOWN: dict[str, _Text] = per_document_dict()


@lru_cache(maxsize=1)
def _function_chars() -> re.Pattern[str]:
    """The CJK function characters as one class (literal characters, so stdlib ``re``)."""
    chars = sorted(c for c in cjk_function_chars() if _CJK.match(c))
    return re.compile("[" + "".join(re.escape(c) for c in chars) + "]")


_ASCII_WORD = re.compile(r"[a-z']+")
#: closing quotes and brackets that may follow a sentence's final mark
CLOSERS = "\"'”’“‘»«」』)）]】"
_TERMINALS = frozenset(".!?。！？…;；")


#: citation markers after a sentence's final mark (``…湿地公园。[1][3]``)
_TRAILING_CITATIONS = re.compile(MARKERS + "$")


def _terminal(stripped: str) -> bool:
    """``_TERMINAL.search(stripped)`` for a stripped line: no trailing space is left, so the
    line ends in sentence punctuation followed only by closing quotes and brackets, or by
    citation markers (the stage strips them from prose, and a sentence stays one meanwhile)."""
    if stripped.endswith("]"):
        stripped = _TRAILING_CITATIONS.sub("", stripped)
    return stripped.rstrip(CLOSERS)[-1:] in _TERMINALS


def _latin_words(text: str) -> tuple[str, ...]:
    """``_LATIN_WORD`` runs, lower-cased. Whole runs are consumed, so a run's start decides;
    lower-casing first is the same (no character changes class when lower-cased, tests check
    every one) except for a capital sigma, whose lower case depends on what follows. Stretches
    of ASCII letters and non-ASCII characters are cut out first (cheap, stdlib ``re``): an
    ASCII one is a word; only the others need the Unicode classes."""
    if "Σ" in text:
        return tuple(w.lower() for w in _LATIN_WORD.findall(text))
    out: list[str] = []
    for part in _COARSE_RUN.findall(text.lower()):
        if part.isascii():
            out.append(part)
        else:
            out.extend(filter(None, _RUN_OR_LATIN_WORD.findall(part)))
    return tuple(out)


#: maximal stretches of lower-case ASCII word characters and any non-ASCII characters: every
#: word run lies inside one, bounded on both sides by ASCII characters that end words anyway
_COARSE_RUN = re.compile("[a-z'\x80-\U0010ffff]+")
#: runs of non-ASCII characters that are not word characters: with them blanked out (and no
#: CJK, no capital sigma) the coarse stretches of the lower-cased line are its word runs
_NOT_WORD_WIDE = regex.compile(r"[^\x00-\x7f\p{L}\p{M}’]+")


def _may_separate(text: str) -> bool:
    return ("|" in text or "›" in text or "»" in text or "•" in text or "::" in text
            or "｜" in text or _SPACED_SEPARATOR.search(text) is not None)


@per_document
def _text_features(text: str) -> _Text:
    """Cached: the stage runs to a fixed point, so the same lines are seen several times.
    Also kept by the stripped line, for :func:`normalize`, :func:`size` and :func:`cjk_count`
    (the metadata rules ask them about the same lines)."""
    stripped = text.strip()
    known = _KNOWN[stripped] = _line_features(stripped)
    return known


def _line_features(stripped: str) -> _Text:
    if stripped.isascii():
        return _ascii_features(stripped)
    latin: tuple[str, ...] = ()
    cjk = cjk_count(stripped)
    functions = len(_function_chars().findall(stripped)) if cjk else 0
    if _NON_CJK_LETTER.search(stripped):
        if cjk or "Σ" in stripped:
            latin = _latin_words(stripped)
        else:  # no run starts with CJK: the words are the runs once other characters are spaces
            latin = tuple(_COARSE_RUN.findall(_NOT_WORD_WIDE.sub(" ", stripped.lower())))
    seps = 0
    if _may_separate(stripped):
        seps = len(SEPARATORS.findall(stripped))
    return _new(_Text, (normalize(stripped), _width(stripped, cjk), cjk, functions, latin,
                        _terminal(stripped), seps))


_new = tuple.__new__  # a NamedTuple from a tuple, without the keyword-argument wrapper


def _ascii_features(stripped: str) -> _Text:
    """:func:`_text_features` of a stripped ASCII line: no CJK, words are runs of ASCII
    letters, the width is the length, and lower-casing first changes no edge or space, so the
    normalised line is the lower-cased one with its edges and runs of spaces reduced."""
    low = stripped.lower()
    norm = low.strip(_ASCII_EDGE)
    if "  " in norm or not norm.isprintable():
        norm = _SPACES.sub(" ", norm)
    seps = 0
    # ``_may_separate``: only ``/`` or ``>`` can stand between spaces in ASCII
    if "|" in stripped or "::" in stripped or (("/" in stripped or ">" in stripped)
                                               and _SPACED_SEPARATOR.search(stripped)):
        seps = len(SEPARATORS.findall(stripped))
    return _new(_Text, (norm, len(stripped), 0, 0, tuple(_ASCII_WORD.findall(low)),
                        _terminal(stripped), seps))


def choose_stoplist(lines: Sequence[str]) -> frozenset[str]:
    """The stoplists that cover the most words of the document (jusText needs the language).

    Each line's words are counted once per document into one integer (:func:`_tally`), so a
    choice sums integers instead of counting the words of up to 400 lines again in every pass
    (:func:`_choose_by_counting` is the plain count it equals)."""
    lines = lines[:400]
    tally = sum(map(_tally, lines))
    total = tally >> _tallies().total_shift
    if total < 5:
        return frozenset()
    if total >= 1 << _FIELD:  # a field could have overflowed into the next (never in practice)
        return _choose_by_counting(lines)
    mask = (1 << _FIELD) - 1
    scored = sorted(((tally >> (_FIELD * k) & mask, name) for k, name in enumerate(stoplists())),
                    reverse=True)
    # the top two languages: pages mix a site's interface language with the article's
    return _union(tuple(name for hits, name in scored[:2] if hits >= 0.15 * total))


def _choose_by_counting(lines: Sequence[str]) -> frozenset[str]:
    """:func:`choose_stoplist` by counting the words themselves."""
    latins = [_text_features(ln).latin for ln in lines[:400]]
    total = sum(map(len, latins))
    if total < 5:
        return frozenset()
    words = Counter(chain.from_iterable(latins))
    hits: dict[str, int] = {}
    index = _languages_of()
    for w in words.keys() & index.keys():  # only the stopwords (a set operation in C)
        n = words[w]
        for name in index[w]:
            hits[name] = hits.get(name, 0) + n
    scored = sorted(((hits.get(name, 0), name) for name in stoplists()), reverse=True)
    return _union(tuple(name for hits, name in scored[:2] if hits >= 0.15 * total))


#: bits per stoplist in a tally. A stoplist's hits never exceed the word count, so while the
#: total stays below 2**32 no field overflows into its neighbour
_FIELD = 32


class _Tallies(NamedTuple):
    words: dict[str, int]  # stopword → one hit in the field of each stoplist that has it
    total_shift: int  # where the word count sits: above every stoplist's field, unbounded


@lru_cache(maxsize=1)
def _tallies() -> _Tallies:
    shift = {name: _FIELD * k for k, name in enumerate(stoplists())}
    words = {w: sum(1 << shift[name] for name in names) for w, names in _languages_of().items()}
    return _Tallies(words, _FIELD * len(shift))


@per_document
def _tally(text: str) -> int:
    """A line's words and stopwords in one integer: the word count shifted by
    ``total_shift``, plus for the ``k``-th stoplist its hits shifted by ``32 * k``. Sums of
    tallies add every field at once."""
    latin = _text_features(text).latin
    words, shift = _tallies()
    return (len(latin) << shift) + sum(map(words.__getitem__, filter(words.__contains__, latin)))


@lru_cache(maxsize=1)
def _languages_of() -> dict[str, tuple[str, ...]]:
    """Stopword → the stoplists containing it (scoring walks the document's words once)."""
    out: dict[str, list[str]] = {}
    for name, stop in stoplists().items():
        for w in stop:
            out.setdefault(w, []).append(name)
    return {w: tuple(names) for w, names in out.items()}


def stopwords() -> frozenset[str]:
    """Every stoplist's words: a capitalised stopword starting a line is not a name."""
    return _union(tuple(stoplists()))


@data_index
def _union(names: tuple[str, ...]) -> frozenset[str]:
    """One object per choice of stoplists, so cache keys compare by identity."""
    return frozenset().union(*(stoplists()[n] for n in names)) if names else frozenset()


class Line(NamedTuple):
    """Features of one non-blank line (a tuple: built once per line and pass, so cheap).

    ``shape``, ``jclass``, ``date``, ``menu``, ``headline`` and ``heading`` are filled in by the
    stage from the other fields (its structure rule, jusText class, whether it is a bare date, and
    the answers of ``rules._menu_item``, ``_headline_like`` and ``_heading_like``: asked once per
    line instead of in every loop of every pass; ``menu`` and ``heading`` only for a ``short``
    line, the only class those loops ask about, and False otherwise)."""

    index: int
    text: str
    norm: str
    size: int
    cjk: int
    words: int
    density: float | None  # stopword density; None when the language has no stoplist
    terminal: bool
    separators: int
    shape: str | None = None
    jclass: str = ""
    date: bool = False
    menu: bool = False
    headline: bool = False
    heading: bool = False


def line_fields(text: str, stop: frozenset[str]) -> tuple[Any, ...]:
    """The fields of :class:`Line` from ``text`` to ``separators``."""
    norm, size, cjk, functions, latin, terminal, separators = _text_features(text)
    parts, weight = 0.0, 0
    if cjk:
        parts += functions / cjk * 2.2 * cjk
        weight += cjk
    words = len(latin)
    if words and stop:
        parts += sum(map(stop.__contains__, latin)) / words * words
        weight += words
    density = parts / weight if weight else None
    return (text, norm, size, cjk, words, density, terminal, separators)
