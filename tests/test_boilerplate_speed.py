"""The boilerplate stage's fast paths against plain definitions of what they compute.

Each fast path (the ASCII line features, the word runs of a line without CJK, the stoplist
tally, the per-length lexicon screens) is compared with a straightforward version written here
from the patterns it replaces, on generated lines built to hit its edge cases.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from textclean.boilerplate import features, memo, rules
from textclean.boilerplate.lexicon import chrome_sequence, stoplists

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "boilerplate"
_WORD_RUN = regex.compile(r"[\p{L}\p{M}'’]+")


def _plain_features(text: str) -> tuple:
    """A line's features from the definitions: one pattern per feature, no screens."""
    s = text.strip()
    cjk = len(features._CJK.findall(s))
    function = "".join(c for c in features.cjk_function_chars() if features._CJK.match(c))
    latin = tuple(w.lower() for w in features._LATIN_WORD.findall(s))
    wide = regex.compile(features._WIDE)
    # spaces beside wide characters; an ASCII line keeps its brackets' spaces
    dropped = sum(m.end() - m.start() for m in regex.finditer(r"\s+", s)
                  if wide.match(s[m.start() - 1:m.start()]) or wide.match(s[m.end():m.end() + 1])
                  ) if not s.isascii() else 0
    seps = len(features.SEPARATORS.findall(s))
    lead = features._LEAD.sub("", s)
    norm = features._SPACES.sub(" ", features._TRAIL.sub("", lead)).lower()
    return (norm, len(s) + 2 * cjk - dropped, cjk, sum(c in function for c in s) if cjk else 0,
            latin, features._TERMINAL.search(s) is not None, seps)


_ASCII = st.lists(st.sampled_from(
    [chr(c) for c in range(128)] + ["Read more", " | ", " > ", " / ", "::", "  ", "Photo: "]),
    max_size=40).map("".join)
# no CJK: accented and other-script letters, combining marks, apostrophes, wide punctuation
_NO_CJK = st.lists(st.sampled_from(
    list("aZ éÄßøİıΣσςЖж\u0301\u0308'’“”—–…·•«»€©®\u00a0\u3000\u2003\t.,;:!?|/>-")
    + ["Straße", "naïve", "it’s", "ΟΔΟΣ", "«Titel»", "Read more", "über"]),
    max_size=30).map("".join)
_MIXED = st.lists(st.sampled_from(
    list("ab Z中文的了是かなカナ한글。！，、（）:：|•·›»>/ \t\u3000") + ["iPhone手机", "的 the",
                                                               "中 文", "AI 模型", "（图）"]),
    max_size=30).map("".join)


@settings(max_examples=300, deadline=None)
@given(_ASCII)
def test_ascii_line_features_match_the_definitions(line):
    assert tuple(features._text_features.__wrapped__(line)) == _plain_features(line)


@settings(max_examples=300, deadline=None)
@given(st.one_of(_NO_CJK, _MIXED))
def test_non_ascii_line_features_match_the_definitions(line):
    assert tuple(features._text_features.__wrapped__(line)) == _plain_features(line)


@settings(max_examples=300, deadline=None)
@given(_NO_CJK)
def test_word_runs_without_cjk_are_the_pattern_runs(line):
    """Without CJK no run is excluded: the words are all runs of letters, marks, apostrophes."""
    if features._NON_CJK_LETTER.search(line.strip()):
        assert features._text_features.__wrapped__(line).latin == tuple(
            w.lower() for w in _WORD_RUN.findall(line.strip()))


def test_cjk_characters_start_at_the_screen_range():
    """``cjk_count`` skips lines without a character from U+2E80 on: no CJK character is below."""
    below = "".join(map(chr, range(0x2E80)))
    assert features._CJK.search(below) is None
    screen = features._FROM_FIRST_CJK
    assert screen.match("\u2e80") and screen.match("\U0010ffff") and not screen.match("\u2e7f")
    assert features.cjk_count("\u2e80") == 1 and features.cjk_count("“Straße” — ok") == 0


def test_white_space_is_a_space_or_unprintable():
    """The width screen skips lines with no space and nothing unprintable: every white-space
    character must be one or the other."""
    spaces = regex.findall(r"\s", "".join(map(chr, range(0xD800))))
    assert spaces and all(c == " " or not c.isprintable() for c in spaces)


def _counted_choice(lines: list[str]) -> frozenset[str]:
    """The stoplist choice by counting every word of the first 400 lines."""
    words: Counter[str] = Counter()
    for ln in lines[:400]:
        words.update(_plain_features(ln)[4])
    total = sum(words.values())
    if total < 5:
        return frozenset()
    lists = stoplists()
    hits = {name: sum(n for w, n in words.items() if w in stop) for name, stop in lists.items()}
    scored = sorted(((hits[name], name) for name in lists), reverse=True)
    return frozenset().union(*(lists[n] for h, n in scored[:2] if h >= 0.15 * total))


_DOC_LINES = st.lists(st.one_of(
    _ASCII, _NO_CJK, _MIXED,
    st.sampled_from(["the and of to in is", "der die und das ist", "le la les et des",
                     "и в не на что", "de het een en van", "Das ist nicht gut.",
                     "The night train was late again."])), max_size=25)


@settings(max_examples=200, deadline=None)
@given(_DOC_LINES)
def test_stoplist_tally_matches_counting(lines):
    memo.forget()
    assert features.choose_stoplist(lines) == _counted_choice(lines)
    # a second pass over part of the document reuses the lines' tallies
    assert features.choose_stoplist(lines[1:]) == _counted_choice(lines[1:])


@settings(max_examples=50, deadline=None)
@given(_DOC_LINES)
def test_stoplist_choice_falls_back_when_a_tally_could_overflow(lines):
    """With fields too narrow for the word count the choice is made by counting."""
    saved = features._FIELD
    features._FIELD = 2  # any total of 5 words or more exceeds it
    try:
        memo.forget()
        assert features.choose_stoplist(lines) == _counted_choice(lines)
    finally:
        features._FIELD = saved
        memo.forget()


def _plain_lexicon(norm: str, zone: str) -> str | None:
    """Every entry in order: the first whose limit, zone and pattern admit the line."""
    if not norm or len(norm) > rules._MAX_LEXICON_LEN:
        return None
    for e in chrome_sequence():
        if len(norm) <= e.max_len and e.zone in ("any", zone) and e.pattern.fullmatch(norm):
            return e.rule
    return None


def _lexicon_probes() -> set[str]:
    """Lines holding every screen string, padded to lengths around the entries' limits (where
    the screens for long lines leave out the short entries' strings)."""
    needs = sorted({n for e in chrome_sequence() for n in e.needs})
    limits = sorted({e.max_len for e in chrome_sequence()})
    probes = set()
    for n in needs:
        for limit in limits:
            for pad in (limit - len(n) - 1, limit - len(n), limit - len(n) + 1):
                if pad >= 0:
                    probes.add(("x " * pad)[:pad] + n)
                    probes.add(n + (" y" * pad)[:pad])
                    probes.add("we " + n + " 2024" + "." * max(pad - 8, 0))
    for path in sorted(FIXTURES.glob("*.txt")):
        probes.update(path.read_text("utf-8").split("\n"))
    return {features.normalize(p) for p in probes}


def test_lexicon_screens_by_length_never_change_the_rule():
    memo.forget()
    matched = 0
    for norm in sorted(_lexicon_probes()):
        for zone in ("head", "body", "tail", "any"):
            expected = _plain_lexicon(norm, zone)
            matched += expected is not None
            assert rules.lexicon_of.__wrapped__(norm, zone) == expected, (norm, zone)
    assert matched > 100  # the probes reach the screened entries


@settings(max_examples=300, deadline=None)
@given(st.one_of(_ASCII, _NO_CJK, _MIXED), st.sampled_from(["head", "body", "tail", "any"]))
def test_lexicon_matches_every_entry_in_order(line, zone):
    norm = features.normalize(line)
    assert rules.lexicon_of.__wrapped__(norm, zone) == _plain_lexicon(norm, zone)


@settings(max_examples=300, deadline=None)
@given(st.one_of(_ASCII, _NO_CJK, _MIXED))
def test_normalize_and_size_match_the_definitions(line):
    """``normalize`` (with its one-call ASCII path), ``size`` (with its space screen) and
    ``cjk_count`` give the plain values, computed or looked up in the line's features."""
    plain = _plain_features(line)
    memo.forget()
    assert features.normalize(line) == plain[0]
    assert features.size(line) == plain[1]
    assert features.cjk_count(line.strip()) == plain[2]
    features._text_features(line)  # now answered from the line's features
    for text in (line, line.strip()):
        assert features.normalize(text) == plain[0]
        assert features.size(text) == plain[1]
    assert features.cjk_count(line.strip()) == plain[2]


@settings(max_examples=300, deadline=None)
@given(st.one_of(_ASCII, _NO_CJK, _MIXED), st.data())
def test_a_substring_is_never_of_a_wider_script(text, data):
    """The lexicon screens of ASCII and non-CJK lines leave out the strings of wider scripts."""
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    assert features.script_of(text[start:end]) <= features.script_of(text)
    assert features.script_of(text) == (
        features.ASCII_TEXT if text.isascii() else
        features.ANY_TEXT if any(ord(c) >= 0x2E80 for c in text) else features.NO_CJK_TEXT)
