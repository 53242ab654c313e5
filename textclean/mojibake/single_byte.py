"""Lossy single-byte mojibake: UTF-8 read as TIS-620 (Thai) with the C1 bytes dropped.

A page in UTF-8 decoded as TIS-620 turns every multi-byte character into Thai letters: lead
bytes 0xC2–0xF4 and continuation bytes 0xA1–0xBF land on Thai code points, while continuation
bytes 0x80–0x9F become C1 controls that some later step deletes (0xA0 is undefined in TIS-620
and is lost too). So ``•`` (E2 80 A2) shows as ``โข`` and ``—`` (E2 80 94) as a lone ``โ``.

Repair works on the *skeleton*: the bytes that survived. UTF-8 structure splits a run of Thai
letters into characters (each starts with a lead byte); a character with all its bytes is
decoded exactly; one with lost bytes is looked up among the characters whose own skeleton is
the same, ranked by a frequency table and by context (what precedes and follows it), built by
``scripts/build_single_byte_table.py`` from a corpus we wrote. Emoji lose two or more bytes and
cannot be told apart (📰 and 💰 share a skeleton), so their residue is removed and flagged.

Real Thai text is left alone: its letters do not follow UTF-8 lead/continuation structure, so
any run that fails to parse marks its line, and a document dominated by such runs, as genuine.

The same machinery (a :class:`Codec`) repairs UTF-8 read as cp1252 by a decoder that dropped
the five bytes cp1252 leaves undefined (0x81 0x8D 0x8F 0x90 0x9D), which ftfy cannot rebuild;
there CJK letters are ranked by the CJK repair's character model (bigrams, best path).
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import combinations, product
from typing import Any

CODEC = "tis_620"
#: Continuation bytes that do not survive the damage: C1 controls (dropped) and 0xA0 (undefined).
_LOST = frozenset(range(0x80, 0xA1))
#: The TIS-620 image of bytes 0xA1–0xFB, plus C1 controls (kept when nobody deleted them) and
#: U+FFFD (what a decoder in "replace" mode makes of 0xA0, the undefined continuation byte).
#: (The lookbehind starts a match only where a run starts, and the leading part cannot hold a
#: Thai letter, so a long run without one is rejected in one scan, not one scan per position.)
_RUN = re.compile(
    "(?<![\u0e01-\u0e5b\x80-\x9f\ufffd])"
    "[\x80-\x9f\ufffd]*[\u0e01-\u0e5b][\u0e01-\u0e5b\x80-\x9f\ufffd]*")
_THAI = re.compile("[\u0e01-\u0e5b]")
#: Lead bytes whose unresolved residue may be removed: symbols (E2), icon-font glyphs in the
#: private use area (EE), specials such as variation selectors (EF) and emoji (F0). Other leads
#: without a candidate mean "not mojibake" (or, in a damaged document, U+FFFD).
_REMOVABLE_LEADS = frozenset((0xE2, 0xEE, 0xEF, 0xF0))
_CONTRACTION = re.compile(r"(?:s|t|re|ve|ll|d|m)(?![A-Za-z])")


def skeleton(char: str) -> bytes:
    """The bytes of ``char`` in UTF-8 that survive the damage (lost continuation bytes removed)."""
    return bytes(b for b in char.encode("utf-8") if b not in _LOST)


def corrupt(text: str) -> str:
    """Reproduce the damage: UTF-8 bytes decoded as TIS-620, undefined bytes and C1 dropped.

    Used by tests and benchmarks; the inverse of what :func:`repair_line` attempts.
    """
    decoded = text.encode("utf-8").decode(CODEC, errors="ignore")
    return "".join(c for c in decoded if not "\x80" <= c <= "\x9f")


# -- context classes, shared with the table-building script ---------------------------------

CLASSES = ("START", "END", "SPACE", "SPACE-DIGIT", "LETTER", "LOWER", "UPPER", "DIGIT", "OPEN",
           "CLOSE", "QUOTE", "DASH", "CONTR", "CJK", "OTHER")
_CJK_CHAR = re.compile("[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]")


def _char_class(ch: str) -> str:
    if ch.isspace():
        return "SPACE"
    if ch.isascii():
        if ch.islower():
            return "LOWER"
        if ch.isupper():
            return "UPPER"
        if ch.isdigit():
            return "DIGIT"
        if ch in "([{<":
            return "OPEN"
        if ch in ".,;:!?)]}>":
            return "CLOSE"
        if ch in "\"'":
            return "QUOTE"
        if ch in "-/":
            return "DASH"
        return "OTHER"
    if _CJK_CHAR.match(ch):
        return "CJK"
    if ch.isalpha():
        return "LOWER" if ch.islower() else "UPPER" if ch.isupper() else "OTHER"
    if ch in "‘’“”«»‹›":
        return "QUOTE"
    if ch in "–—":
        return "DASH"
    if ch in "「『【《（〈":
        return "OPEN"
    return "CLOSE" if ch in "」』】》）〉。，、；：？！" else "OTHER"


def left_class(before: str) -> str:
    """Class of the text just before a character (``before`` ends where it starts).

    Case is not told apart on the left (too sparse to count); a space before a digit is
    (``3 × 4`` versus ``à la``).
    """
    if not before:
        return "START"
    cls = _char_class(before[-1])
    if cls == "SPACE":
        stripped = before.rstrip()
        return "SPACE-DIGIT" if stripped and stripped[-1].isdigit() else "SPACE"
    return "LETTER" if cls in ("LOWER", "UPPER") else cls


def right_class(after: str) -> str:
    """Class of the text just after a character; ``CONTR`` marks an English contraction."""
    if not after:
        return "END"
    if _CONTRACTION.match(after):
        return "CONTR"
    cls = _char_class(after[0])
    if cls == "SPACE":
        stripped = after.lstrip()
        return "SPACE-DIGIT" if stripped and stripped[0].isdigit() else "SPACE"
    return cls


# -- the candidate table --------------------------------------------------------------------


@dataclass(frozen=True)
class _Model:
    log_count: dict[str, float]
    log_left: dict[tuple[str, str], float]
    log_right: dict[tuple[str, str], float]
    both: dict[str, dict[str, int]]
    seen: dict[str, int]
    by_skeleton: dict[bytes, tuple[str, ...]]

    def score(self, char: str, left: str, right: str) -> float:
        """log P(char) + log P(left, right | char), the joint backing off to the product."""
        seen = self.both[char]
        product = math.exp(self.log_left[(char, left)] + self.log_right[(char, right)])
        joint = (seen.get(f"{left} {right}", 0) + _GAMMA * product) / (self.seen[char] + _GAMMA)
        return self.log_count[char] + math.log(joint)


_GAMMA = 2.0


@lru_cache(maxsize=1)
def _model() -> _Model:
    """Load ``single_byte/table.json`` (built from our corpus and prior) into log-probabilities.

    Context probabilities back off to the classes seen around *any* non-ASCII character, so a
    character with few observations is neither favoured nor ruled out by an unseen context.
    """
    path = resources.files("textclean") / "data" / "mojibake" / "single_byte" / "table.json"
    table = json.loads(path.read_text(encoding="utf-8"))
    beta = 1.0
    general: dict[str, dict[str, float]] = {}
    for side in ("left", "right"):
        # Macro-averaged over characters, so the apostrophe's many contexts do not dominate.
        totals = {cls: 0.0 for cls in CLASSES}
        for entry in table["chars"].values():
            seen = sum(entry[side].values())
            for cls, n in entry[side].items():
                totals[cls] += n / seen
        norm = sum(totals.values())
        general[side] = {cls: (n + 0.5) / (norm + 0.5 * len(CLASSES))
                         for cls, n in totals.items()}
    log_count: dict[str, float] = {}
    log_left: dict[tuple[str, str], float] = {}
    log_right: dict[tuple[str, str], float] = {}
    groups: dict[bytes, list[str]] = {}
    for char, entry in table["chars"].items():
        log_count[char] = math.log(entry["count"])
        for side, store in (("left", log_left), ("right", log_right)):
            seen = entry[side]
            denom = sum(seen.values()) + beta
            for cls in CLASSES:
                prob = (seen.get(cls, 0) + beta * general[side][cls]) / denom
                store[(char, cls)] = math.log(prob)
        groups.setdefault(skeleton(char), []).append(char)
    by_skeleton = {sk: tuple(sorted(cs)) for sk, cs in groups.items()}
    both = {char: entry["both"] for char, entry in table["chars"].items()}
    seen = {char: sum(counts.values()) for char, counts in both.items()}
    return _Model(log_count, log_left, log_right, both, seen, by_skeleton)


# -- codecs -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Codec:
    """One single-byte reading of UTF-8 and the bytes it loses.

    ``run`` finds stretches of the codec's images of bytes 0x80–0xFF (plus ``placeholders`` that
    stand for a lost byte); ``max_holes`` bounds the lost bytes per character, so that a lone
    accented letter of real text is never read as a character with most of its bytes missing.
    """

    name: str
    tag: str
    lost: frozenset[int]
    run: re.Pattern[str]
    screen: re.Pattern[str]
    placeholders: str
    max_holes: int
    removable_leads: frozenset[int]
    use_cjk_model: bool


_C1 = re.compile("[\x80-\x9f]")
_CP1252_SPECIALS = "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ"
TIS620 = Codec(
    name=CODEC, tag="tis620", lost=_LOST, run=_RUN, screen=_THAI, placeholders="\ufffd",
    max_holes=3, removable_leads=_REMOVABLE_LEADS, use_cjk_model=False)
#: UTF-8 read as cp1252 by a decoder that dropped the five bytes cp1252 leaves undefined.
CP1252 = Codec(
    name="cp1252", tag="cp1252", lost=frozenset((0x81, 0x8D, 0x8F, 0x90, 0x9D)),
    run=re.compile(f"[\u00a0-\u00ff{_CP1252_SPECIALS}]+"),
    screen=re.compile("[\u00c2-\u00f4]"), placeholders="", max_holes=2,
    removable_leads=frozenset(), use_cjk_model=True)
#: For cp1252 a lone lead byte may have lost both continuation bytes (十 = E5 8D 81 shows as
#: a bare "å"): allowed (``max_holes=2``), but only for CJK letters and only on a line with
#: evidence of its own, since "å" and "æ" alone are everyday Nordic letters.


# -- parsing a run as a UTF-8 skeleton ------------------------------------------------------------


def _utf8_length(lead: int) -> int:
    return 2 if lead < 0xE0 else 3 if lead < 0xF0 else 4


@dataclass(frozen=True)
class _Segment:
    """One damaged character: where it sits in the line, its surviving bytes, its candidates."""

    start: int
    end: int
    lead: int
    exact: str | None
    candidates: tuple[str, ...]
    strong: bool
    #: Valid UTF-8 structure, but an unlikely character (exact) or no known one (lossy): taken
    #: as it is, or as U+FFFD, only in a document that is damaged beyond doubt.
    unknown: bool = False


#: Blocks whose characters plausibly appear in text that was later misread as TIS-620: Latin,
#: combining marks, Greek, basic Cyrillic, punctuation and symbols, CJK, Hangul, emoji.
_PLAUSIBLE = ((0x00A0, 0x024F), (0x0300, 0x036F), (0x0370, 0x045F), (0x2000, 0x2BFF),
              (0x3000, 0x9FFF), (0xAC00, 0xD7AF), (0xF900, 0xFAFF), (0xFE00, 0xFE0F),
              (0xFEFF, 0xFEFF), (0xFF00, 0xFFEF), (0x1F000, 0x1FAFF))


def _plausible(char: str) -> bool:
    cp = ord(char)
    return any(lo <= cp <= hi for lo, hi in _PLAUSIBLE) and unicodedata.category(char) != "Cn"


@lru_cache(maxsize=1)
def _cjk_model() -> Any:
    """The CJK character model of the CJK repair, when that module is installed."""
    try:
        from .model import load_model
    except ImportError:
        return None
    return load_model()


@lru_cache(maxsize=1)
def _cjk_chars() -> frozenset[str]:
    """The characters the CJK model knows, read without loading the model (membership tests
    on clean text must not cost the whole model)."""
    try:
        from .model import known_chars
    except ImportError:
        return frozenset()
    return known_chars()


@lru_cache(maxsize=4096)
def _fill_holes(seg: bytes, codec: Codec) -> tuple[str, ...]:
    """Characters whose UTF-8 is ``seg`` with lost bytes put back (known characters only)."""
    need = _utf8_length(seg[0])
    missing = need - len(seg)
    if missing > codec.max_holes:
        return ()
    if codec is TIS620:  # 33 lost values: look the skeleton up instead of enumerating
        return _model().by_skeleton.get(bytes(b for b in seg if b not in _LOST), ())
    table, cjk = _model().log_count, _cjk_chars()
    values = sorted(b for b in codec.lost if 0x80 <= b <= 0xBF)
    found: set[str] = set()
    for slots in combinations(range(1, need), missing):
        for fill in product(values, repeat=missing):
            raw, present, filled = bytearray(seg[:1]), iter(seg[1:]), iter(fill)
            for k in range(1, need):
                raw.append(next(filled) if k in slots else next(present))
            try:
                char = raw.decode("utf-8")
            except UnicodeDecodeError:
                continue
            if not _plausible(char):
                continue
            letter = char in cjk and unicodedata.category(char) == "Lo"
            if letter or (char in table and missing == 1):
                found.add(char)
    return tuple(sorted(found))


def _parse_run(run: str, offset: int, codec: Codec) -> list[_Segment] | None:
    """Split a run into UTF-8 characters; ``None`` if it cannot be damaged UTF-8 (real text)."""
    kept = [k for k, ch in enumerate(run) if ch not in codec.placeholders]
    try:
        raw = "".join(run[k] for k in kept).encode(codec.name)
    except UnicodeEncodeError:
        return None
    # A segment spans from its lead to the next lead, so placeholders go with it.
    bounds = [offset + k for k in kept] + [offset + len(run)]
    bounds[0] = offset
    segments: list[_Segment] = []
    i = 0
    while i < len(raw):
        lead = raw[i]
        if not 0xC2 <= lead <= 0xF4:
            return None
        j = i + 1
        while j < len(raw) and 0x80 <= raw[j] <= 0xBF:
            j += 1
        seg, need = raw[i:j], _utf8_length(lead)
        if len(seg) > need:
            return None
        exact: str | None = None
        candidates: tuple[str, ...] = ()
        if len(seg) == need:
            try:
                exact = seg.decode("utf-8")
            except UnicodeDecodeError:
                return None
            if unicodedata.category(exact) in ("Cc", "Cs", "Cn"):
                return None
            unknown = not _plausible(exact)  # private use (icon fonts) included
        else:
            candidates = _fill_holes(seg, codec)
            unknown = not candidates and lead not in codec.removable_leads
        # Evidence of mojibake: a whole character, an emoji lead, or a known character with a
        # surviving continuation byte. A lone lead (ร for à) or an unknown symbol's residue is
        # common in real text, so it only counts where other evidence exists.
        if codec is TIS620:  # Thai letters form CJK or Cyrillic bytes by chance, not "•"
            strong = not unknown and (
                (exact is not None and exact in _model().log_count) or lead == 0xF0
                or (bool(candidates) and (lead == 0xE2 or (lead > 0xE2 and len(seg) > 1))))
        else:
            strong = not unknown and (exact is not None or (bool(candidates) and len(seg) > 1))
        segments.append(_Segment(bounds[i], bounds[j], lead, exact, candidates, strong, unknown))
        i = j
    return segments


@dataclass(frozen=True)
class LineScan:
    """Runs in a line: parsed as damaged UTF-8, or ``None`` when they are genuine text."""

    runs: tuple[tuple[str, int, list[_Segment] | None], ...]

    @property
    def genuine_chars(self) -> int:
        return sum(len(r) for r, _, segs in self.runs if segs is None)

    @property
    def evidence(self) -> bool:
        """At least one segment that real text would hardly produce."""
        return any(seg.strong for _, _, segs in self.runs for seg in segs or ())

    @property
    def lone_leads(self) -> bool:
        """Whether a segment is a bare lead byte that lost two continuation bytes."""
        return any(seg.exact is None and seg.end - seg.start == 1 and seg.lead >= 0xE0
                   and len(seg.candidates) > 0 for _, _, segs in self.runs for seg in segs or ())

    @property
    def cjk_evidence(self) -> bool:
        """Whether a segment with surviving continuation bytes is a CJK letter.

        A bare lead (``é`` for a lost 遍) is only read as CJK next to such a letter: after a
        partial Latin repair (``Ã©té``) it is just a Latin letter.
        """
        cjk = _cjk_chars()
        for _, _, segs in self.runs:
            for seg in segs or ():
                chars = (seg.exact,) if seg.exact is not None else seg.candidates
                if seg.end - seg.start > 1 and any(
                        c in cjk and unicodedata.category(c) == "Lo" for c in chars):
                    return True
        return False

    @property
    def unknown(self) -> bool:
        """Whether a segment holds a character we cannot vouch for (see ``_Segment``)."""
        return any(seg.unknown for _, _, segs in self.runs for seg in segs or ())

    @property
    def unknown_count(self) -> int:
        return sum(seg.unknown for _, _, segs in self.runs for seg in segs or ())

    @property
    def strong_count(self) -> int:
        return sum(seg.strong for _, _, segs in self.runs for seg in segs or ())

    @property
    def holes(self) -> int:
        """Segments with lost bytes."""
        return sum(seg.exact is None for _, _, segs in self.runs for seg in segs or ())

    @property
    def damaged_chars(self) -> int:
        return sum(len(r) for r, _, segs in self.runs if segs is not None)


@lru_cache(maxsize=512)
def scan_line(line: str, codec: Codec = TIS620) -> LineScan:
    """Find the codec's runs in a line and parse each one."""
    runs = tuple((m.group(), m.start(), _parse_run(m.group(), m.start(), codec))
                 for m in codec.run.finditer(line))
    return LineScan(runs)


def has_thai(text: str) -> bool:
    """Cheap screen: without a Thai letter there is nothing for the TIS-620 repair to do."""
    return _THAI.search(text) is not None


_OPENERS = {"”": "“", "’": "‘"}
_MIN_POSTERIOR = 0.9


_QUOTES = "“”‘’"


def _quote_bonus(char: str, quotes: dict[str, int]) -> float:
    """Quotes pair up: favour a closer after its unclosed opener, disfavour a second opener.

    ``quotes`` counts the curly quotes already in the line before the character.
    """
    if char == "”":
        return math.log(4.0) if quotes["“"] > quotes["”"] else -math.log(3.0)
    if char in _OPENERS:
        opener = _OPENERS[char]
        return math.log(4.0) if quotes[opener] > quotes[char] else 0.0
    if char in "“‘":
        closer = "”" if char == "“" else "’"
        return -math.log(4.0) if quotes[char] > quotes[closer] else 0.0
    return 0.0


def _count_quotes(text: str, quotes: dict[str, int]) -> None:
    for q in _QUOTES:
        quotes[q] += text.count(q)


@lru_cache(maxsize=4096)
def _table_scores(chars: tuple[str, ...], left: str, right: str) -> tuple[tuple[float, str], ...]:
    model = _model()
    return tuple((model.score(c, left, right), c) for c in chars)


def _choose(seg: _Segment, before: str, after: str, nxt: str | None = None,
            quotes: dict[str, int] | None = None) -> str | None:
    """The best candidate in context, or ``None`` when the residue should be removed.

    CJK letters are ranked by the CJK character model (bigrams with the neighbours);
    punctuation and symbols, CJK ones included, by our table (context classes). A decorative
    symbol opening a line that stays uncertain (posterior below 0.9) is removed rather than
    guessed: a wrong pictograph says something the page never said.
    """
    if seg.unknown:
        return seg.exact or "\ufffd"
    if seg.exact is not None:
        return seg.exact
    if not seg.candidates:
        return None
    model = _model()
    table = [c for c in seg.candidates if c in model.log_count]
    chars = _cjk_chars()
    known = [c for c in seg.candidates if c in chars and unicodedata.category(c).startswith("L")]
    if known and (seg.lead != 0xE2 or not table):
        cjk = _cjk_model()  # loaded only now: a CJK letter has to be ranked
        prev = before[-1] if before and before[-1] in cjk.uni else None
        follow = nxt if nxt is not None and nxt in cjk.uni else None
        return max(known, key=lambda c: (cjk.logp(prev, c) + cjk.logp(c, follow), c))
    if not table:
        return None
    left, right = left_class(before), right_class(after)
    quotes = quotes if quotes is not None else dict.fromkeys(_QUOTES, 0)
    scores = [(base + _quote_bonus(c, quotes), c)
              for base, c in _table_scores(tuple(table), left, right)]
    best_score, best = max(scores)
    posterior = 1.0 / sum(math.exp(s - best_score) for s, _ in scores)
    if posterior < _MIN_POSTERIOR and left == "START" and unicodedata.category(best) == "So":
        return None
    return best


_VARIATION = frozenset("\ufe0e\ufe0f\u200d")


def repair_line(line: str, scan: LineScan | None = None, trusted: bool = False,
                codec: Codec = TIS620) -> tuple[str, dict[str, int], bool]:
    """Repair one line; returns (new line, {rule: count}, whether anything was removed).

    ``utf8-as-<codec>`` counts characters whose bytes all survived (an exact repair);
    ``<codec>-lossy`` those rebuilt from a guess over lost bytes, or removed.

    The line is left unchanged unless every run in it parses as damaged UTF-8 and it holds
    strong evidence of damage, or ``trusted`` says its document does. Without any lost byte
    a cp1252 line is left to ftfy, the reference for that case.
    """
    scan = scan or scan_line(line, codec)
    if not scan.runs or scan.genuine_chars or not (scan.evidence or trusted):
        return line, {}, False
    if scan.unknown and not trusted:
        return line, {}, False
    if codec is not TIS620 and (not scan.holes or _C1.search(line)):
        return line, {}, False  # nothing lost, or lost bytes kept as C1: ftfy's case
    if codec is CP1252 and scan.lone_leads and not (scan.evidence and scan.cjk_evidence):
        return line, {}, False
    segments = [s for _, _, segs in scan.runs for s in segs or ()]
    gaps, chars = _decide(segments, line, None)
    if codec.use_cjk_model:  # letters are chosen jointly by the CJK model
        _viterbi_cjk(segments, gaps, chars, line)
    if len(segments) > 1:
        # Choose again now that each damaged character's damaged neighbour has a guess.
        gaps, chars = _decide(segments, line, chars)
        if codec.use_cjk_model:
            _viterbi_cjk(segments, gaps, chars, line)
    _pair_quotes(segments, gaps, chars, line)
    pos = segments[-1].end if segments else 0
    new = "".join(g + (c or "") for g, c in zip(gaps, chars, strict=True)) + line[pos:]
    removed = chars.count(None)
    if removed:
        new = _tidy_removal_spaces(line, new)
    exact = sum(seg.exact is not None for seg in segments)
    counts = {f"utf8-as-{codec.tag}": exact, f"{codec.tag}-lossy": len(segments) - exact}
    lossy = removed > 0 or any(seg.unknown and seg.exact is None for seg in segments)
    return new, {k: v for k, v in counts.items() if v}, lossy


_LOOKAHEAD = 8  # characters of right context the classes look at (contractions are short)


def _decide(segments: list[_Segment], line: str, guess: list[str | None] | None,
            ) -> tuple[list[str], list[str | None]]:
    """Choose each damaged character in context, left to right; returns (gaps, choices).

    ``guess`` holds an earlier pass's choices, used as the right-hand neighbour of a damaged
    character followed directly by another damaged one.
    """
    index = {seg.start: k for k, seg in enumerate(segments)}
    gaps: list[str] = []
    chars: list[str | None] = []
    tail = ""  # the end of the output so far (enough for the context classes)
    quotes = dict.fromkeys(_QUOTES, 0)
    pos = 0
    dropped_last = False
    for seg in segments:
        gap = line[pos:seg.start]
        after = line[seg.end:seg.end + _LOOKAHEAD]
        k = index.get(seg.end)
        if k is not None:  # the next character is another damaged one: use its repair
            follower = segments[k]
            nxt = follower.exact if guess is None or follower.exact else guess[k]
            after = (nxt or "\ufffc") + line[follower.end:follower.end + _LOOKAHEAD]
        else:
            nxt = after[:1] or None
        if dropped_last and gap == " " and _choose(seg, "", after) in _VARIATION:
            gap = ""  # "๐ ๏ธ": the space stood for a lost 0xA0 inside one emoji sequence
        _count_quotes(gap, quotes)
        tail = (tail + gap)[-16:]
        char = _choose(seg, tail, after, nxt, quotes)
        if char in _VARIATION and dropped_last:
            char = None  # a selector or joiner belongs to the emoji just removed
        dropped_last = char is None
        if char:
            _count_quotes(char, quotes)
            tail = (tail + char)[-16:]
        gaps.append(gap)
        chars.append(char)
        pos = seg.end
    return gaps, chars


_QUOTE_STEP = {"“": (1, 0), "”": (-1, 0), "‘": (0, 1), "’": (0, -1)}


def _quote_state(state: tuple[int, int], steps: list[tuple[int, int]]) -> tuple[int, int]:
    """Open double and single quotes after the quotes ``steps`` (see ``_QUOTE_STEP``; negative:
    closers without an opener), clipped: only "open or not" matters to :func:`_quote_bonus`."""
    double, single = state
    for step in steps:
        double = max(-2, min(2, double + step[0]))
        single = max(-2, min(2, single + step[1]))
    return double, single


@lru_cache(maxsize=256)
def _state_bonus(char: str, state: tuple[int, int]) -> float:
    double, single = state
    quotes = {"“": max(0, double), "”": max(0, -double), "‘": max(0, single),
              "’": max(0, -single)}
    return _quote_bonus(char, quotes)


def _pair_quotes(segments: list[_Segment], gaps: list[str], chars: list[str | None],
                 line: str) -> None:
    """Re-choose the guessed quotes of a line jointly, so that openers and closers pair up.

    The left-to-right choice sees only the quotes before a mark: in “Using victims’ contact
    lists … ”, the apostrophe is taken for the closer of the opening quote, and the real
    closer then has no opener. A best path over the open-quote state (with the same table
    scores and pairing bonuses) sees the whole line.
    """
    model = _model()
    options: list[list[tuple[float, str | None]]] = []
    out = ""
    for k, seg in enumerate(segments):
        out += gaps[k]
        chosen = chars[k]
        table = [c for c in seg.candidates if c in model.log_count and c in _QUOTE_STEP]
        if seg.exact is None and chosen in _QUOTE_STEP and len(table) > 1:
            after = line[seg.end:seg.end + _LOOKAHEAD]
            if k + 1 < len(segments) and segments[k + 1].start == seg.end:
                after = (chars[k + 1] or "\ufffc") + after
            left, right = left_class(out), right_class(after)
            options.append(list(_table_scores(tuple(table), left, right)))
        else:
            options.append([(0.0, chosen)])
        out = (out + (chosen or ""))[-16:]
    choices = sum(len(o) > 1 for o in options)
    known = sum(gap.count(q) for gap in gaps for q in _QUOTE_STEP) + sum(
        seg.exact in _QUOTE_STEP for seg in segments)
    if not choices or choices + known < 2:
        return  # no quote to pair with: the left-to-right choice stands
    paths: dict[tuple[int, int], tuple[float, list[str | None]]] = {(0, 0): (0.0, [])}
    for k, opts in enumerate(options):
        nxt: dict[tuple[int, int], tuple[float, list[str | None]]] = {}
        gap = [_QUOTE_STEP[c] for c in gaps[k] if c in _QUOTE_STEP]
        for state, (score, path) in paths.items():
            state = _quote_state(state, gap)
            for base, char in opts:
                bonus = _state_bonus(char, state) if len(opts) > 1 and char else 0.0
                step = _QUOTE_STEP.get(char) if char else None
                new_state = _quote_state(state, [step]) if step else state
                total = score + base + bonus
                old = nxt.get(new_state)
                if old is None or total > old[0]:
                    nxt[new_state] = (total, path + [char])
        paths = nxt
    best = max(paths.values(), key=lambda t: (t[0], [c or "" for c in t[1]]))[1]
    chars[:] = best


def _cjk_options(seg: _Segment, chosen: str | None) -> list[str | None]:
    chars = _cjk_chars()
    if seg.exact is not None or seg.lead == 0xE2 or not chars:
        return [chosen]
    known = [c for c in seg.candidates if c in chars and unicodedata.category(c).startswith("L")]
    return known or [chosen]


def _viterbi_cjk(segments: list[_Segment], gaps: list[str], chars: list[str | None],
                 line: str) -> None:
    """Re-choose CJK letters jointly along each chain of adjacent damaged characters.

    Greedy choice sees only the left neighbour; two damaged characters in a row (恢复 with a
    byte lost from each) need the bigram between them, so pick the best path instead.
    """
    if not _cjk_chars():
        return
    start = 0
    while start < len(segments):
        end = start + 1
        while end < len(segments) and not gaps[end]:
            end += 1
        options = [_cjk_options(segments[k], chars[k]) for k in range(start, end)]
        if any(len(o) > 1 for o in options):
            cjk = _cjk_model()  # loaded only when there is a choice to make
            before = _char_before(gaps, chars, start)
            prev = before if before is not None and before in cjk.uni else None
            stop = segments[end - 1].end
            tail = line[stop:stop + 1]
            follow = tail if tail and tail in cjk.uni else None
            best = _best_path(cjk, options, prev, follow)
            chars[start:end] = best
        start = end


def _char_before(gaps: list[str], chars: list[str | None], k: int) -> str | None:
    """The output character just before damaged character ``k`` (None at the line start)."""
    while k >= 0:
        if gaps[k]:
            return gaps[k][-1]
        k -= 1
        if k >= 0 and chars[k]:
            return chars[k][-1]
    return None


def _best_path(cjk: Any, options: list[list[str | None]], prev: str | None,
               follow: str | None) -> list[str | None]:
    def known(c: str | None) -> str | None:
        return c if c is not None and c in cjk.uni else None

    paths: dict[str | None, tuple[float, list[str | None]]] = {}
    for c in options[0]:
        paths[c] = (cjk.logp(prev, known(c)) if known(c) else 0.0, [c])
    for opts in options[1:]:
        nxt: dict[str | None, tuple[float, list[str | None]]] = {}
        for c in opts:
            nxt[c] = max(((score + (cjk.logp(known(p), known(c)) if known(c) else 0.0),
                           path + [c]) for p, (score, path) in paths.items()),
                         key=lambda t: (t[0], [x or "" for x in t[1]]))
        paths = nxt
    final = [(score + (cjk.logp(known(c), follow) if known(c) else 0.0), path)
             for c, (score, path) in paths.items()]
    return max(final, key=lambda t: (t[0], [x or "" for x in t[1]]))[1]


def _tidy_removal_spaces(old: str, new: str) -> str:
    """Removing a leading emoji leaves "  Title"; keep the line's own indentation only."""
    indent = len(old) - len(old.lstrip(" "))
    if new[:indent + 1].isspace() and len(new) > indent:
        new = old[:indent] + new.lstrip(" ")
    return new.rstrip(" ") if not old.endswith(" ") else new
