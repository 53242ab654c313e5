"""The ``punctuation`` stage: Chinese punctuation by context, never by blanket folding.

Scrapers and NFKC turn ``，：；！？（）`` into ASCII and ``。`` into ``.``; this stage puts them
back where the text is Chinese and leaves English, numbers, code, URLs and e-mail alone.

What "Chinese context" means here (the contract the tests pin down):

* A mark is in Chinese context when the nearest character on its left (skipping spaces and
  closing quotes/brackets, so ``“好”,`` counts) is a Han character or full-width punctuation.
* ``, : ; ! ?`` are also Chinese when the nearest character on the right is Han (``Kirsten:你``,
  ``OK!我们``); ``.`` is not, since ``v.`` / ``Node.`` / ``1.`` before Chinese are common.
* A short Latin run (up to three words, ``ChatGPT``, ``GPT-4``, ``Max Weber``) between Han and
  the mark does not break the context: ``你用过ChatGPT?`` ends a Chinese sentence, and in
  ``Max Weber,1864`` the comma is Chinese. Glossary labels and abbreviations (``n.``, ``adj.``,
  ``etc.``; ``data/punctuation/abbreviations.txt``) never end a sentence, nor does a list number
  after a sentence (``。 1. 在…``). ``.`` also ends a sentence after a citation (``支持[16].``) and
  at the start of a line before Han (the line was cut after a ``。``).
* Never converted: digit–digit (``10:30``, ``3.14``; ``1,000`` when three digits follow the
  comma, while ``5,6个`` is an enumeration), a ``.`` followed by a Latin letter or digit after
  Latin text (``v1.2``, ``Node.js``), ``!`` before ``[`` (Markdown image), ``:`` before ``/`` or
  ``\\``, emoticons (``:)``), anything inside a URL, an e-mail address, an inline code span or a
  fenced code block.
* Brackets and straight double quotes are paired within the line. A pair with Han inside becomes
  full-width unless it sits between Latin words on both sides (``Beijing (北京) is``); a pair
  without Han becomes full-width when it touches Chinese on one side and not Latin on the other
  (``人工智能(AI)领域``), but not right after a Latin letter (``f(x)``, ``print(x)``) unless
  Chinese punctuation follows (``Biography(DNB)、``). A bracket whose partner is on another
  line becomes full-width when Chinese is on its outer side.
  Quotes become ``“”``, or ``「」`` when the target script is Taiwan or Hong Kong.
* Lines with kana or Hangul are left alone: Japanese and Korean have their own conventions.

Other rules: ``...``/``。。。`` (three or more) → ``……`` and ``--`` → ``——`` in Chinese context;
a lone ``-`` between two Han → ``——``; ``• ・ ‧`` between Han → ``·`` (``‧`` is Big5's own middle
dot and stays when the target is Traditional or ``keep``); ``:`` twice in a row (``v.: ：``) →
one; full-width Latin letters and digits → ASCII (also ``．`` between digits). Each line is
fixed until nothing changes, since a converted mark is context for its neighbour; that is what
makes the stage idempotent.

Spaces: spaces beside full-width punctuation (``，。、：；！？（）《》【】「」『』`` …) go, except
indentation and a list marker at the start of a line (``- （注）``); spaces between a curly quote
and Han on both sides go.
Ideographic space U+3000: kept at the start of a line (indentation is layout) and between two
Han characters (a deliberate separator); removed beside full-width punctuation and at the end
of a line; a plain space between any other characters.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from importlib import resources

import regex

from .chinese import _MAY_BE_KANA_OR_HANGUL, _foreign, _has_kana_or_hangul, config_name
from .stage import Context, StageResult, stage

_HAN = regex.compile(r"[\p{Han}\u3005\u3007]")
_LETTER = re.compile(r"[A-Za-z]")
_SINGLE_MARK = re.compile(r"[,:;!?.]")
_THOUSANDS = re.compile(r"[0-9]{3}(?![0-9])")
_NUMBER = re.compile(r"^[0-9][0-9.]*$")
_CODE = regex.compile(r"[=+*/<>{}\[\];,]|^\w?$")
_FW_ALNUM = re.compile(r"[Ａ-Ｚａ-ｚ０-９]")
_FW_DOT = re.compile(r"(?<=[0-9])．(?=[0-9])")
# Every rule needs one of these (``：`` for ``：：``, a tab for the blank rules).
_CANDIDATE = re.compile(r'[,:;!?.()"\-•‧・∙⋅－。：\u3000 \t]')
_PLANE16 = re.compile(r"[\U00100000-\U0010ffff]")
#: Exact screen for _FW_ALNUM, _PLANE16 and chinese._MAY_BE_KANA_OR_HANGUL together.
_MAY_BE_RARE = re.compile("[Ａ-Ｚａ-ｚ０-９\U00100000-\U0010ffff"
                          + _MAY_BE_KANA_OR_HANGUL.pattern[1:])
_PROTECT = regex.compile(
    r"`[^`\n]*`"
    r"|(?:https?|ftp)://[!-~]+"
    r"|www\.[A-Za-z0-9-]+\.[!-~]+"
    r"|(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"
    r"|\]\([^()\s]*\)"
    r"|\b[A-Za-z]:\\[!-~]*"
    r"|(?<![A-Za-z0-9:])[:;]-?[()DPp](?![A-Za-z0-9(])"  # emoticons :) ;-)
)
#: ``regex``'s ``\s`` (Unicode White_Space) spelled out, for patterns run by the stdlib ``re``
#: (whose ``\s`` also takes U+001C–U+001F); tested equal over every code point.
_WHITE_SPACE = "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
#: _PROTECT's alternatives, each with what a line must hold for it to match (``None``: the
#: emoticon screen). A line gets only the alternatives it can match, run by the stdlib ``re``:
#: the same matches (an alternative that cannot match anywhere never wins), found much faster
#: than by the full alternation. The drive-letter alternative spells ``\\b`` as only ``regex``
#: does, so a line with ``:\\`` gets the full _PROTECT.
_PROTECT_PARTS: tuple[tuple[str | None, str], ...] = (
    ("`", r"`[^`\n]*`"),
    ("://", r"(?:https?|ftp)://[!-~]+"),
    ("www.", r"www\.[A-Za-z0-9-]+\.[!-~]+"),
    ("@", r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"),
    ("](", rf"\]\([^(){_WHITE_SPACE}]*\)"),
    (None, r"(?<![A-Za-z0-9:])[:;]-?[()DPp](?![A-Za-z0-9(])"),
)
_EMOTICON = re.compile(r"[:;]-?[()DPp]")


def _protect_pattern(line: str) -> re.Pattern[str] | regex.Pattern[str] | None:
    """What _mask must run on ``line``: _PROTECT, or the part of it that can match there, or
    ``None`` when nothing can (exact screen: every alternative's match holds its literal)."""
    if ":\\" in line:
        return _PROTECT
    # _PROTECT_PARTS' needles in order, spelled out (a generator costs more than the tests)
    present = ("`" in line, "://" in line, "www." in line, "@" in line, "](" in line,
               bool(_EMOTICON.search(line)))
    return _protect_subset(present) if any(present) else None


@functools.cache
def _protect_subset(present: tuple[bool, ...]) -> re.Pattern[str]:
    return re.compile("|".join(alt for (_, alt), on in zip(_PROTECT_PARTS, present, strict=True)
                               if on))


_FENCE = regex.compile(r"^\s*(```|~~~)")
_PAREN = re.compile(r"[()]")
_QUOTE = re.compile('"')

_ELLIPSIS = re.compile(r"[.。]{3,}")
_DASH = re.compile(r"-{2,}|－{2,}")
_LONE_DASH = regex.compile(r"(?<=[\p{Han}\u3007])-(?=[\p{Han}\u3007])")
_INTERPUNCT = regex.compile(r"(?<=\p{Han})[•‧・∙⋅](?=\p{Han})")
_INTERPUNCT_KEEP_BIG5 = regex.compile(r"(?<=\p{Han})[•・∙⋅](?=\p{Han})")
_BULLET = regex.compile(r"[ \t]*+(?:[-*+>•]|\d{1,3}[.)])[ \t]++")  # possessive: no backtracking
_DOUBLE_COLON = re.compile(r"[:：](?:[ \t]*[:：])+")  # a whole run at once: one pass settles it

_FW_SPACED = "，。、：；！？（）《》〈〉【】〔〕「」『』〖〗"
_SPACE_AROUND_FW = regex.compile(
    rf"(?<=\S)[ \t\u3000]+(?=[{_FW_SPACED}])|(?<=[{_FW_SPACED}])[ \t\u3000]+(?=\S)"
)
_SPACE_AROUND_QUOTE = regex.compile(
    r"(?<=\p{Han})[ \t]+(?=“\p{Han})|(?<=“)[ \t]+(?=\p{Han})"
    r"|(?<=\p{Han})[ \t]+(?=”)|(?<=\p{Han}”)[ \t]+(?=\p{Han})"
)
# Exact screens for single rules (a match of the rule's pattern contains one of these).
_MAY_SPACE_AROUND_QUOTE = re.compile("[ \t][“”]|[“”][ \t]")
# (a blank next to full-width punctuation, either way round; one leading class scans fastest)
_MAY_SPACE_AROUND_FW = re.compile(rf"[ \t\u3000{_FW_SPACED}](?:(?<=[ \t\u3000])[{_FW_SPACED}]"
                                  rf"|(?<=[{_FW_SPACED}])[ \t\u3000])")
# Exact screen: a line none of whose characters any rule could act on comes out unchanged. Each
# alternative is what some rule's match must contain: an ASCII mark, ``-``, ``"``, an interpunct,
# U+3000 or a full-width letter/digit; ``。。。``/``－－``/``：：`` (ellipsis, dash, double colon
# written full-width); a blank touching a curly quote or full-width punctuation (the space rules).
_MAY_CHANGE = re.compile(
    r'[,:;!?.()"\-•‧・∙⋅\u3000Ａ-Ｚａ-ｚ０-９]|。。。|－－|：[ \t]*：'
    rf"|[ \t][“”{_FW_SPACED}]|[“”{_FW_SPACED}][ \t]"
)
#: Exact screen for a whole line: without Han (every _HAN character is from U+2E80 on) no rule
#: but the blank and full-width ones can act, and those need U+3000, full-width punctuation or a
#: full-width letter or digit, all from U+2E80 on too (tested over every code point).
_MAY_ACT = re.compile("[^\x00-\u2e7f]")
_IDEO_SPACE_INNER = regex.compile(r"(?<=[^\s\p{Han}\u3000-\u303f\uff01-\uff65])\u3000+"
                                  r"(?=[^\s\p{Han}\u3000-\u303f\uff01-\uff65])")

_OPENERS = "“‘\"'([{（【「『《〈〔"
_CLOSERS = "”’\"')]}）】」』》〉〕…—"
_LATIN_RUN = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 -_+%/#&'’°$.*~")
_PLANE16_MIN = "\U00100000"  # masked spans (see _mask) are characters from here on
_LATIN_RUN_RE = re.compile(f"[{re.escape(''.join(sorted(_LATIN_RUN)))}\U00100000-\U0010ffff]*")
_SPACES = " \t\u3000"
_URL_TAIL = ".,;:!?)]'\""
_REACH = 64  # how far context is looked for: keeps every line linear in its length
_TRADITIONAL_QUOTES = {"s2tw", "s2twp", "s2hk", "s2hkp", "t2tw", "t2hk"}


@functools.cache
def _marks() -> dict[str, tuple[str, str]]:
    text = resources.files("textclean").joinpath("data/punctuation/marks.tsv").read_text("utf-8")
    rows = (ln.split("\t") for ln in text.splitlines() if ln and not ln.startswith("#"))
    return {a: (fw, rule) for a, fw, rule in rows}


@functools.cache
def _abbreviations() -> frozenset[str]:
    path = resources.files("textclean").joinpath("data/punctuation/abbreviations.txt")
    text = path.read_text("utf-8")
    return frozenset(ln.strip() for ln in text.splitlines() if ln.strip() and ln[0] != "#")


@functools.lru_cache(maxsize=8192)
def _is_zh(ch: str) -> bool:
    """Han, or punctuation that only Chinese/Japanese text uses (full-width forms)."""
    if not ch:
        return False
    o = ord(ch)
    return (bool(_HAN.match(ch)) or 0x3001 <= o <= 0x303F or 0xFF01 <= o <= 0xFF0F
            or 0xFF1A <= o <= 0xFF20 or 0xFF3B <= o <= 0xFF40 or 0xFF5B <= o <= 0xFF65
            or 0xFE10 <= o <= 0xFE4F)


def _is_latin(ch: str) -> bool:
    return bool(ch) and (ch.isascii() and ch.isalnum() or ord(ch[0]) >= 0x100000)


def _left(s: Sequence[str], i: int) -> str:
    """Nearest character left of ``i``, looking through spaces and closing quotes/brackets."""
    j, stop = i - 1, i - _REACH
    while j >= 0 and j > stop and (s[j] in _SPACES or s[j] in _CLOSERS):
        j -= 1
    return s[j] if j >= 0 else ""


def _right(s: Sequence[str], i: int) -> str:
    """Nearest character right of ``i``, looking through spaces and opening quotes/brackets."""
    j, stop = i + 1, i + _REACH
    while j < len(s) and j < stop and (s[j] in _SPACES or s[j] in _OPENERS):
        j += 1
    return s[j] if j < len(s) else ""


def _latin_run_left(s: Sequence[str], i: int) -> tuple[str, str]:
    """The short Latin run ending before ``i`` and the character that bounds it on the left."""
    j, stop = i - 1, i - _REACH
    while j >= 0 and ((c := s[j]) in _LATIN_RUN or c >= _PLANE16_MIN):
        if j <= stop:  # too long to be a short run: report no Chinese bound
            return "".join(s[j:i]), "\0"
        j -= 1
    return "".join(s[j + 1:i]), (s[j] if j >= 0 else "")


def _latin_run_right(s: str, i: int) -> tuple[str, str]:
    """The same to the right of ``i`` (in the unconverted line, so one regex match)."""
    end = _LATIN_RUN_RE.match(s, i + 1, i + _REACH + 1).end()
    if end > i + _REACH:  # the run reaches as far as we look: no Chinese bound
        return s[i + 1:i + _REACH], "\0"
    return s[i + 1:end], (s[end] if end < len(s) else "")


def _short(run: str) -> bool:
    words = run.split()
    return 1 <= len(words) <= 3


def _after_citation(out: Sequence[str]) -> bool:
    """``…的支持[16]`` : a citation marker after Chinese text."""
    if not out or out[-1] != "]":
        return False
    j = len(out) - 2
    while j >= 0 and out[j] != "[" and len(out) - j < 12:
        j -= 1
    return j > 0 and out[j] == "[" and _is_zh(out[j - 1])


def _abbreviation(run: str) -> bool:
    last = run.split()[-1] if run.split() else ""
    if _NUMBER.match(last):  # "WP 2.0." ends a sentence
        return False
    word = last.rsplit(".", 1)[-1] if "." in last else last
    return len(word) <= 1 or word.lower() in _abbreviations() or "." in last


def _mark_is_chinese(ch: str, out: Sequence[str], s: str, i: int) -> bool:
    """Whether the ASCII mark ``s[i]`` (with ``out`` the converted text before it) is Chinese."""
    prev = out[-1] if out else ""
    nxt = s[i + 1] if i + 1 < len(s) else ""
    if ch in ":." and prev.isascii() and prev.isdigit() and nxt.isascii() and nxt.isdigit():
        return False
    if ch == "," and prev.isascii() and prev.isdigit() and _THOUSANDS.match(s, i + 1):
        return False
    if (ch == "!" and nxt == "[") or (ch == ":" and (nxt in ("/", "\\") or _scope(s, i))):
        return False
    left = _left(out, len(out))
    if ch == ".":
        if nxt == ".":
            return False
        ends = nxt == "" or nxt in _SPACES or _is_zh(nxt) or nxt in _CLOSERS
        if prev == "":  # a line cut after a sentence: ".反对" is "。反对"
            return bool(_HAN.match(nxt))
        if prev in _SPACES:
            if not ends:
                return False
            if _is_zh(left):
                return True
        elif _is_zh(prev) or (prev in _CLOSERS and _is_zh(left)) or _after_citation(out):
            return not _name_dot(out, s, i)
        run, bound = _latin_run_left(out, len(out))
        if run.strip().isdigit() and bound in "。！？；：，、":  # "。 1. 在化妆之前": a list item
            return False
        return ends and _is_zh(bound) and _short(run) and not _abbreviation(run)
    if _is_zh(left) or _is_zh(_right(s, i)):
        return True
    run, bound = _latin_run_left(out, len(out))
    if not (_is_zh(bound) and _short(run)):
        return ch == ":" and _colon_before_gloss(s, i)
    rrun, rbound = _latin_run_right(s, i)
    if not rrun.strip():
        return rbound in ("", *_CLOSERS)
    if rbound in ",，、" and _short(rrun):  # a list of Latin names in a Chinese sentence
        return True
    # Chinese resumes after a few Latin words, or only a number follows (``Weber,1864-1920``)
    return (_is_zh(rbound) and _short(rrun)) or (rbound == "" and not _LETTER.search(rrun))


def _name_dot(out: Sequence[str], s: str, i: int) -> bool:
    """``弗兰.布林巴里``: a dot right after a short Han run and before Han, in a line whose
    sentences already end in ``。``, joins the parts of a transliterated name; not a period."""
    if "。" not in s or not _HAN.match(s, i + 1):
        return False
    run = 0
    while run < len(out) and _HAN.match(out[-1 - run]):
        run += 1
    return 0 < run <= _NAME_PART


_NAME_PART = 4  # Han characters in a transliterated given name (弗兰, 勒布朗, 迈克尔)


def _colon_before_gloss(s: str, i: int) -> bool:
    """``edge: n.边缘``: a colon followed by a short Latin label and then Chinese."""
    rrun, rbound = _latin_run_right(s, i)
    return _is_zh(rbound) and _short(rrun) and len(rrun.strip()) <= 6


def _pairs(s: str) -> tuple[list[tuple[int, int]], list[int]]:
    """Matched ``()`` pairs and the unmatched positions."""
    stack: list[int] = []
    pairs: list[tuple[int, int]] = []
    lone: list[int] = []
    for m in _PAREN.finditer(s):
        i = m.start()
        if m.group() == "(":
            stack.append(i)
        elif stack:
            pairs.append((stack.pop(), i))
        else:
            lone.append(i)
    return pairs, lone + stack


def _pair_is_chinese(s: str, a: int, b: int) -> bool:
    left, right = _left(s, a), _right(s, b)
    if _HAN.search(s[a + 1:b]):
        return not (_is_latin(left) and _is_latin(right))
    return not _is_latin(left) and not _is_latin(right) and (_is_zh(left) or _is_zh(right))


def _brackets(s: str, counts: dict[str, int]) -> str:
    if "(" not in s and ")" not in s:
        return s
    edits: dict[int, str] = {}  # position → full-width bracket (the line is rebuilt only if any)
    pairs, lone = _pairs(s)
    for a, b in pairs:
        if a > 0 and _is_latin(s[a - 1]) and not _HAN.search(s[a + 1:b]):
            # f(x), print(x) stay; "Biography(DNB)、" is an abbreviation in a Chinese list
            nxt = s[b + 1] if b + 1 < len(s) else ""
            if not (_is_zh(nxt) and not _HAN.match(nxt)) or _CODE.search(s[a + 1:b]):
                continue
            edits[a], edits[b] = "（", "）"
            counts["paren"] = counts.get("paren", 0) + 2
            continue
        if _pair_is_chinese(s, a, b):
            edits[a], edits[b] = "（", "）"
            counts["paren"] = counts.get("paren", 0) + 2
    for i in lone:  # the other half is on another line
        nxt = s[i + 1] if i + 1 < len(s) else ""
        if (s[i] == "(" and (_HAN.match(nxt) or _is_zh(_left(s, i)))) or (
                s[i] == ")" and (_is_zh(_right(s, i)) or nxt == "" and _is_zh(_left(s, i)))):
            edits[i] = "（" if s[i] == "(" else "）"
            counts["paren"] = counts.get("paren", 0) + 1
    return _apply(s, edits)


def _apply(s: str, edits: dict[int, str]) -> str:
    """``s`` with the characters at the given positions replaced."""
    if not edits:
        return s
    chars = list(s)
    for i, ch in edits.items():
        chars[i] = ch
    return "".join(chars)


def _quotes(s: str, style: tuple[str, str], counts: dict[str, int]) -> str:
    if '"' not in s:
        return s
    pos = [m.start() for m in _QUOTE.finditer(s)]
    edits: dict[int, str] = {}
    for a, b in zip(pos[::2], pos[1::2], strict=False):
        if _pair_is_chinese(s, a, b):
            edits[a], edits[b] = style
    if len(pos) % 2:
        i = pos[-1]
        nxt = s[i + 1] if i + 1 < len(s) else ""
        prev = s[i - 1] if i else ""
        if nxt == "" or (_is_zh(nxt) and not _HAN.match(nxt)):  # before ，。 or at the end
            if _is_zh(prev) or prev == "" or _is_zh(_right(s, i)):
                edits[i] = style[1]
        elif _HAN.match(nxt) and not _is_latin(prev):
            edits[i] = style[0]
        elif _is_zh(prev) and not _is_latin(nxt):
            edits[i] = style[1]
    if edits:
        counts["quotes"] = counts.get("quotes", 0) + len(edits)
    return _apply(s, edits)


def _single_marks(s: str, counts: dict[str, int]) -> str:
    marks = _marks()
    out: list[str] = []
    at = 0
    changed = False
    for m in _SINGLE_MARK.finditer(s):
        i, ch = m.start(), m.group()
        out.extend(s[at:i])
        at = i + 1
        if _mark_is_chinese(ch, out, s, i):
            fw, rule = marks[ch]
            out.append(fw)
            changed = True
            counts[rule] = counts.get(rule, 0) + 1
        else:
            out.append(ch)
    if not changed:
        return s
    out.extend(s[at:])
    return "".join(out)


def _sub_in_context(pattern: regex.Pattern[str], repl: str, s: str, rule: str,
                    counts: dict[str, int], need_both: bool = False) -> str:
    """Replace ``pattern`` where it touches Chinese (on both sides if ``need_both``; a line
    boundary counts as Chinese's partner)."""

    def fix(m: regex.Match[str]) -> str:
        left, right = _left(s, m.start()), _right(s, m.end() - 1)
        if need_both:
            ok = (_is_zh(left) and (_is_zh(right) or right == "")) or (
                left == "" and _is_zh(right))
        else:
            ok = (_is_zh(left) or _is_zh(right)) and not (_is_latin(left) and _is_latin(right))
        if not ok:
            return m.group()
        counts[rule] = counts.get(rule, 0) + 1
        return repl

    return pattern.sub(fix, s)


def _count_sub(pattern: regex.Pattern[str], repl: str | Callable[[regex.Match[str]], str], s: str,
               rule: str,
               counts: dict[str, int]) -> str:
    s, n = pattern.subn(repl, s)
    if n:
        counts[rule] = counts.get(rule, 0) + n
    return s


def _mask(line: str, pattern: re.Pattern[str] | regex.Pattern[str] = _PROTECT
          ) -> tuple[str, list[str]]:
    """Hide URLs, e-mail addresses and code behind one private character each."""
    kept: list[str] = []

    def hide(m: regex.Match[str]) -> str:
        text = m.group()
        rest = ""
        if not text.startswith(("`", "]")):  # a URL's trailing punctuation is the sentence's
            core = text.rstrip(_URL_TAIL)
            text, rest = core, text[len(core):]
        kept.append(text)
        return chr(0x100000 + len(kept) - 1) + rest

    return pattern.sub(hide, line), kept


def _unmask(s: str, kept: list[str]) -> str:
    if not kept:
        return s
    return _PLANE16.sub(lambda m: kept[ord(m.group()) - 0x100000], s)


@functools.cache
def _target_rules(script: str) -> tuple[tuple[str, str], regex.Pattern[str]]:
    """Quote style and interpunct pattern for a ``script`` option: corner quotes for Taiwan and
    Hong Kong; Big5's ``‧`` is kept when the target is Traditional (or ``keep``)."""
    config = config_name(script) or ""
    traditional = script == "keep" or config.startswith(("s2", "tw2t", "hk2t", "t2tw", "t2hk",
                                                          "t2jp", "jp2t"))
    corner = script in ("zh-TW", "zh-HK") or config in _TRADITIONAL_QUOTES
    return (("「", "」") if corner else ("“", "”"),
            _INTERPUNCT_KEEP_BIG5 if traditional else _INTERPUNCT)


def fix_line(line: str, script: str, counts: dict[str, int], rare: bool = True) -> str:
    """Apply every punctuation rule to one line (no newline inside). Trailing blanks are set
    aside: the whitespace stage removes them later, so no decision may depend on them.
    ``rare=False`` says the line has no _MAY_BE_RARE character (the caller looked)."""
    body = line.rstrip(" \t")
    if len(body) < len(line):
        return _fix_body(body, script, counts, rare) + line[len(body):]
    return _fix_body(line, script, counts, rare)


def _fix_body(line: str, script: str, counts: dict[str, int], rare: bool = True) -> str:
    rare = rare and bool(_MAY_BE_RARE.search(line))  # one scan for three rare kinds
    if rare and _has_kana_or_hangul(line) and _foreign(line, False):  # a kana gloss alone is
        return line  # not Japanese
    if rare and _FW_ALNUM.search(line):
        line = _count_sub(_FW_ALNUM, lambda m: chr(ord(m.group()) - 0xFEE0), line,
                          "fullwidth-ascii", counts)
        line = _count_sub(_FW_DOT, ".", line, "fullwidth-ascii", counts)
    if not _CANDIDATE.search(line) or (rare and _PLANE16.search(line)):
        return line
    has_han = bool(_HAN.search(line))
    # Each rule below runs only where its pattern can match (a literal it needs is present).
    protect = _protect_pattern(line) if has_han else None
    s, kept = _mask(line, protect) if protect else (line, [])
    if has_han:
        style, interpunct = _target_rules(script)
        if _may_ellipsis(s):
            s = _sub_in_context(_ELLIPSIS, "……", s, "ellipsis", counts)
        if _may_dash(s):
            s = _sub_in_context(_DASH, "——", s, "dash", counts, need_both=True)
            s = _count_sub(_LONE_DASH, "——", s, "dash", counts)
        s = _brackets(s, counts)
        s = _single_marks(s, counts)
        s = _quotes(s, style, counts)
        if _may_interpunct(s):
            s = _count_sub(interpunct, "·", s, "interpunct", counts)
        if _may_double_colon(s):
            s = _DOUBLE_COLON.sub(lambda m: _one_colon(m, counts), s)
        if _may_space_around_quote(s):
            s = _count_sub(_SPACE_AROUND_QUOTE, "", s, "space-around-fullwidth", counts)
    if _may_ideographic_space(s):
        s = _strip_trailing_ideographic(s, counts)
    if _may_space_around_fw(s):
        bullet = _BULLET.match(s)  # "- （注）" keeps the space after its list marker
        cut = bullet.end() if bullet else 0
        s = s[:cut] + _count_sub(_SPACE_AROUND_FW, "", s[cut:], "space-around-fullwidth", counts)
    if _may_ideographic_space(s):
        s = _count_sub(_IDEO_SPACE_INNER, " ", s, "ideographic-space", counts)
    return _unmask(s, kept)


# Exact screens: each rule's pattern cannot match a line without what its screen looks for.
# Plain ``in`` tests come first: they are many times faster than any regex scan.


def _may_ellipsis(s: str) -> bool:
    return ".." in s or "。。" in s or ".。" in s or "。." in s  # two of [.。] in a row


def _may_dash(s: str) -> bool:
    return "-" in s or "－－" in s  # _DASH and _LONE_DASH


def _may_interpunct(s: str) -> bool:
    return any(dot in s for dot in "•‧・∙⋅")


def _may_double_colon(s: str) -> bool:
    return ":" in s or "：" in s


def _may_space_around_quote(s: str) -> bool:
    return ("“" in s or "”" in s) and bool(_MAY_SPACE_AROUND_QUOTE.search(s))


def _may_space_around_fw(s: str) -> bool:
    return (" " in s or "\t" in s or "\u3000" in s) and bool(_MAY_SPACE_AROUND_FW.search(s))


def _may_ideographic_space(s: str) -> bool:
    return "\u3000" in s


def _may_fence(text: str) -> bool:
    return "```" in text or "~~~" in text  # what every _FENCE match holds


def _strip_trailing_ideographic(s: str, counts: dict[str, int]) -> str:
    """Trailing blanks that include U+3000 go (plain trailing spaces are the whitespace
    stage's business)."""
    core = s.rstrip(" \t\u3000")
    if "\u3000" not in s[len(core):]:
        return s
    counts["ideographic-space"] = counts.get("ideographic-space", 0) + 1
    return core


def _one_colon(m: re.Match[str], counts: dict[str, int]) -> str:
    if _scope(m.string, m.start()):
        return m.group()
    counts["colon"] = counts.get("colon", 0) + 1
    return "：" if "：" in m.group() else ":"


def _scope(s: str, i: int) -> bool:
    """The colon at ``i`` is half of ``::`` between ASCII word characters: a scope or address
    operator (``std::vector``, ``fe80::1``), code rather than punctuation."""
    at = i - 1 if i and s[i - 1] == ":" else i
    return (s.startswith("::", at) and at > 0 and bool(_ASCII_WORD.match(s, at - 1))
            and bool(_ASCII_WORD.match(s, at + 2)))


_ASCII_WORD = re.compile(r"[A-Za-z0-9_]")


def _settle(line: str, script: str, counts: dict[str, int], rounds: int = 4,
            rare: bool = True) -> str:
    """Apply the rules until nothing changes: a converted mark is Chinese context for its
    neighbour (``:;东`` → ``:；东`` → ``：；东``), so one pass is not always the end."""
    for _ in range(rounds):
        fixed = fix_line(line, script, counts, rare)
        if fixed == line:
            break
        line = fixed
        if not _MAY_CHANGE.search(line):  # nothing left that a rule could act on
            break
    return line


def fix_punctuation(text: str, script: str = "zh-Hans") -> tuple[str, dict[str, int]]:
    """The text with Chinese punctuation restored by context, and counts by rule."""
    counts: dict[str, int] = {}
    if not _MAY_ACT.search(text):  # an English page: no line has anything to act on
        return text, counts
    lines = text.split("\n")
    in_fence = False
    fences = _may_fence(text)
    # No rule makes a kana, Hangul, full-width letter or plane-16 character: a document
    # without any needs no line looked at for them.
    rare = bool(_MAY_BE_RARE.search(text))
    changed = False
    for i, line in enumerate(lines):
        if fences and _FENCE.match(line):
            in_fence = not in_fence
            continue
        if not in_fence and line and _MAY_ACT.search(line) and _MAY_CHANGE.search(line):
            fixed = _settle(line, script, counts, rare=rare)
            if fixed != line:
                lines[i] = fixed
                changed = True
    # the input itself when nothing changed: the pipeline then knows without comparing
    return ("\n".join(lines) if changed else text), counts


@stage("punctuation")
def punctuation_stage(text: str, ctx: Context) -> StageResult:
    text, changes = fix_punctuation(text, str(ctx.option("script", "zh-Hans")))
    return StageResult(text=text, changes=changes)


STAGE = punctuation_stage
