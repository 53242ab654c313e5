"""Repair CJK mojibake in one line, both directions, and flag what cannot be repaired.

* Legacy CJK bytes (GBK/GB18030, Big5, Shift-JIS, EUC-KR) read as cp1252/latin-1 are lossless:
  re-encode the Latin-1-range stretch, decode strictly with each candidate codec, keep the one the
  character model likes best, and only when it is plainly real CJK text.
* UTF-8 read as a CJK codec is lossy: CPython's CJK decoders turn each byte that cannot start a
  valid sequence into one U+FFFD (measured: one per lead byte, the next byte is decoded afresh).
  Re-encoding gives the original bytes with one-byte holes; each hole byte must keep the UTF-8
  valid *and* must have been invalid in the wrong codec before the byte that follows it. A Viterbi
  search over those candidates with the bigram model picks the line, which is then verified by
  decoding it the wrong way again: it must reproduce the damaged text exactly.

Damage too heavy to search (Big5 and EUC-KR lose a third of the bytes or more, often whole
characters) keeps the characters whose bytes all survived, with U+FFFD for the rest
(``_known_part``): honest, flagged, and far more readable than the mojibake.

Letters the search had to guess (a lost byte) are then weighed again with trigrams of running
Chinese text (``trigram``), which see two characters of context where the bigrams see one, and
with word bonuses (``words``: a letter that completes a dictionary word with its neighbours
gains, however rare it is alone; Chinese and Japanese). Guessed punctuation marks are weighed
again in their context (``marks``: the letter before, the end of the line, open brackets). The
line's language is told from the letters no lost byte touched when there are enough of them.

Speed: :func:`candidate_lines` screens a whole document with a few C-level passes per codec
(encode, ``bytes.translate`` to byte roles, one regex with a literal prefix) and names the few
lines any repair here could change; the stage runs the repair on those alone. The character
model is loaded only when a candidate has to be scored.

Counts in the returned ``changes`` are numbers of repaired segments (maximal damaged runs).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from functools import cache, lru_cache

import regex

from .edges import ascii_class, load_edges
from .marks import load_marks
from .model import LANGS, CharModel, load_model
from .trigram import Trigrams, is_letter, load_trigrams
from .words import Words, load_words

# Codecs a UTF-8 text may have been misread as, with the rule id for each.
_UTF8_AS: tuple[tuple[str, str], ...] = (
    ("gbk", "utf8-as-gbk"),
    ("gb18030", "utf8-as-gb18030"),
    ("big5", "utf8-as-big5"),
    ("shift_jis", "utf8-as-sjis"),
    ("euc_kr", "utf8-as-euckr"),
)
# Legacy codecs whose bytes may have been read as cp1252/latin-1, with the rule-id stem.
_LEGACY: tuple[tuple[str, str], ...] = (
    ("gb18030", "gbk"),
    ("big5", "big5"),
    ("shift_jis", "sjis"),
    ("euc_kr", "euckr"),
)

_CP1252_ONLY = "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ"
# Cheap exact screens: most lines have none of these and return at once.
_LATIN_HIGH = regex.compile(f"[\u0080-\u00ff{_CP1252_ONLY}]")
_ADJACENT_HIGH = regex.compile(f"[\u0080-\u00ff{_CP1252_ONLY}]{{2}}")
_FFFD_OR_ADJACENT = re.compile(f"\ufffd|[\u0080-\u00ff{_CP1252_ONLY}]{{2}}")
_LEGACY_STRETCH = regex.compile(f"[\u0021-\u007e\u0080-\u00ff{_CP1252_ONLY}]+")
_NON_ASCII_RUN = regex.compile(r"[^\x00-\x7f]+")
_ASCII_TAIL = regex.compile(r"[\x00-\x7f]{0,4}")
_CJK = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}]")
_KUNKAO = regex.compile("(?:锟斤拷)+|锟斤|斤拷")
_TANGTANG = regex.compile("烫{3,}|屯{3,}")
_FFFD_RUN = regex.compile("\ufffd+")

_MIN_GAIN = 8.0  # nats the repair must beat the damaged text by (plus per-char terms below)
_MAX_MEAN_LOSS = 11.0  # a repaired segment's mean -log P per character must stay below this


def _byte_classes() -> bytes:
    """A ``bytes.translate`` table naming each byte's role in UTF-8: ``a`` ASCII, ``n`` newline,
    ``c`` continuation, ``D`` two-byte lead, ``T`` E0 (three-byte, never CJK), ``L`` a lead
    that can start a CJK character (E1–F4; four-byte leads included), ``x`` never in UTF-8."""
    table = bytearray(256)
    for b in range(256):
        table[b] = ord(
            "n" if b == 0x0A else "a" if b < 0x80 else "c" if b < 0xC0
            else "D" if 0xC2 <= b <= 0xDF else "T" if b == 0xE0
            else "L" if 0xE1 <= b <= 0xF4 else "x")
    return bytes(table)


_CLASSES = _byte_classes()
# Two CJK characters' UTF-8 (``Lcc``, ``Lccc``) with only well-formed-looking UTF-8 between them
# on one line. Looser than the real decoder (overlongs, surrogates pass; every alignment is
# tried), so it finds every place a decoder would show two CJK characters; its literal prefix
# makes the search fast.
_TWO_CJK_CLASSES = re.compile(r"Lccc?(?:a|Dc|Tcc|Lccc?)*?Lcc")


def _two_cjk_offsets(text: str, codec: str) -> tuple[bytes, list[int]]:
    """``text`` as ``codec`` bytes, and the byte offsets where those bytes, read as UTF-8, may
    show two CJK characters in a row (characters the codec cannot encode become ``?``)."""
    data = text.encode(codec, "replace")
    classes = data.translate(_CLASSES).decode("ascii")
    return data, [m.start() for m in _TWO_CJK_CLASSES.finditer(classes)]


# The same test, exact for one decoder alignment: run on the few lines the byte screen keeps.
_CJK_SUPERSET = ("\u1100-\u11ff\u2e80-\u2fdf\u3005-\u9fff\ua960-\ua97f\uac00-\ud7ff"
                 "\uf900-\ufaff\uff01-\uffdc\U00016fe0-\U00016fff\U0001aff0-\U0001b2ff"
                 "\U0001f200\U00020000-\U0003ffff")  # a superset of ``_CJK`` and full-width
_TWO_CJK = re.compile(f"[{_CJK_SUPERSET}][^\n\ufffd{_CJK_SUPERSET}]*[{_CJK_SUPERSET}]")


def _utf8_spans(text: str, codec: str) -> bool:
    """Whether ``text`` read back through ``codec`` shows two CJK characters in a row of
    well-formed UTF-8 (ASCII between them allowed): the condition for a lossless run to vote."""
    data = text.encode(codec, "replace")
    if not _TWO_CJK_CLASSES.search(data.translate(_CLASSES).decode("ascii")):
        return False
    return _TWO_CJK.search(data.decode("utf-8", "replace")) is not None


def _line_numbers(text: str | bytes, starts: list[int]) -> set[int]:
    """0-based line numbers of the offsets ``starts`` (ascending) in ``text``."""
    newline = "\n" if isinstance(text, str) else b"\n"
    out: set[int] = set()
    line, pos = 0, 0
    for start in starts:
        line += text.count(newline, pos, start)  # type: ignore[arg-type]
        pos = start
        out.add(line)
    return out


_HIGH_MARK = bytes(ord("H") if b >= 0x80 else ord(".") for b in range(256))
_C1_MARK = bytes(ord("C") if 0x80 <= b < 0xA0 else ord(".") for b in range(256))


def _line_starts_of(text: str, marks: bytes | str, needle: bytes | str) -> list[int]:
    """Offsets of ``needle`` in ``marks`` (aligned with ``text``), at most one per line."""
    out = []
    i = marks.find(needle)  # type: ignore[arg-type]
    while i >= 0:
        out.append(i)
        end = text.find("\n", i)
        if end < 0:
            break
        i = marks.find(needle, end + 1)  # type: ignore[arg-type]
    return out


def _legacy_or_lossy_starts(text: str) -> list[int]:
    """Where ``_FFFD_OR_ADJACENT`` matches, at most once per line, with C-level scans only.

    In cp1252 (unencodable characters as ``?``), each character is one byte and exactly the
    Latin-1 upper half and the cp1252 specials are high bytes; C1 controls, which cp1252 cannot
    encode, are rare and send the text to the regex.
    """
    if b"C" in text.encode("latin-1", "replace").translate(_C1_MARK):
        return [m.start() for m in _FFFD_OR_ADJACENT.finditer(text)]
    marks = text.encode("cp1252", "replace").translate(_HIGH_MARK)
    return sorted(_line_starts_of(text, marks, b"HH") + _line_starts_of(text, text, "\ufffd"))


def candidate_lines(text: str) -> dict[int, frozenset[str]]:
    """Cheap, exact screen: the 0-based lines of ``text`` that :func:`repair_cjk` may change,
    each with the codecs whose lossless repair may vote on it (see ``_lossless_votes``).

    Lines it only flags hold U+FFFD, ``锟斤``/``斤拷`` or ``烫烫烫``/``屯屯屯``. Lossy damage
    leaves U+FFFD; legacy bytes read as cp1252 leave two Latin-1-range characters
    in a row (the only stretches that can elect a codec). A run repairs losslessly only if its
    bytes in the misread codec are valid UTF-8 holding two CJK characters (a run needs two to
    elect a codec, see ``_judge``); those bytes sit unchanged in the whole text's encoding, and
    newlines stay newlines, so a few C-level passes per codec find every such line.
    """
    if text.isascii():
        return {}
    found = _line_numbers(text, _legacy_or_lossy_starts(text))
    if any(ch in text for ch in "锟斤烫屯"):  # lines it flags (garbage-kunkao, -tangtang)
        for pattern in (_KUNKAO, _TANGTANG):
            found |= _line_numbers(text, [m.start() for m in pattern.finditer(text)])
    codecs: dict[int, set[str]] = {i: set() for i in found}
    gbk_lines: set[int] = set()
    same_as_gbk = False
    for codec, _rule in _UTF8_AS:
        if codec == "gb18030" and same_as_gbk:
            lines = gbk_lines  # identical bytes, identical lines
        else:
            data, starts = _two_cjk_offsets(text, codec)
            lines = _exact_lines(data, starts)
        if codec == "gbk":  # no character replaced by "?", no euro sign
            same_as_gbk = data.count(b"?") == text.count("?") and "\u20ac" not in text
            gbk_lines = lines
        for i in lines:
            codecs.setdefault(i, set()).add(codec)
    return {i: frozenset(c) for i, c in codecs.items()}


def _exact_lines(data: bytes, starts: list[int]) -> set[int]:
    """The 0-based lines holding ``starts`` (ascending byte offsets of the byte screen) whose
    UTF-8 reading really shows two CJK characters in a row: the byte screen tries every
    alignment, the decoder only its own."""
    out: set[int] = set()
    line, pos, done = 0, 0, -1
    for start in starts:
        if start <= done:
            continue  # this line was decided already
        line += data.count(b"\n", pos, start)
        lo = data.rfind(b"\n", 0, start) + 1
        hi = data.find(b"\n", start)
        hi = len(data) if hi < 0 else hi
        if _TWO_CJK.search(data[lo:hi].decode("utf-8", "replace")):
            out.add(line)
        pos, done = start, hi
    return out


def may_need_repair(text: str) -> bool:
    """Cheap, exact screen: False means :func:`repair_cjk` leaves ``text`` (a line) alone."""
    if text.isascii():
        return False
    if _FFFD_OR_ADJACENT.search(text):
        return True
    return any(_utf8_spans(text, codec) for codec, _rule in _UTF8_AS)


def repair_cjk(
    line: str, lossless: frozenset[str] | None = None
) -> tuple[str, dict[str, int], tuple[str, ...]]:
    """Repair CJK mojibake in one line; returns (new_line, {rule_id: count}, flags).

    ``lossless``: the codecs :func:`candidate_lines` found may vote losslessly on ``line``
    (saves the per-line test); None to test here.
    """
    if line.isascii():
        return line, {}, ()
    changes: dict[str, int] = {}
    out = line
    if _LATIN_HIGH.search(out):
        out = _repair_legacy(out, changes)
    out = _repair_utf8_as(out, changes, lossless if out == line else None)
    return out, changes, _flags(out)


def _flags(line: str) -> tuple[str, ...]:
    flags = []
    if "\ufffd" in line:
        flags.append("replacement-chars")
        if line.rstrip().endswith("\ufffd"):
            flags.append("truncated-sequence")
    if _KUNKAO.search(line):
        flags.append("garbage-kunkao")
    if _TANGTANG.search(line):
        flags.append("garbage-tangtang")
    return tuple(flags)


def _bump(changes: dict[str, int], rule: str) -> None:
    changes[rule] = changes.get(rule, 0) + 1


# ---------------------------------------------------------------- legacy bytes read as cp1252


def _to_cp1252_bytes(text: str) -> tuple[bytes, bool] | None:
    """Bytes as a cp1252 or latin-1 reader saw them (C1 chars map to themselves, as browsers do)."""
    out = bytearray()
    cp1252 = False
    for ch in text:
        o = ord(ch)
        if o < 0x100:
            out.append(o)
        elif ch in _CP1252_ONLY:
            out += ch.encode("cp1252")
            cp1252 = True
        else:
            return None
    return bytes(out), cp1252


def _repair_legacy(line: str, changes: dict[str, int]) -> str:
    """Decode Latin-1-looking stretches as legacy CJK bytes where the result is plainly CJK.

    Stretches that prove themselves (two or more CJK characters, far likelier than the
    mojibake) elect the line's codec; shorter stretches (a lone 的 between ASCII words) are
    then decoded with that codec when every character is a plausible one.
    """
    if not _legacy_votes_possible(line):
        return line
    stretches = []
    for m in _LEGACY_STRETCH.finditer(line):
        seg = m.group()
        if not _LATIN_HIGH.search(seg):
            continue
        enc = _to_cp1252_bytes(seg)
        if enc is None or _latin_utf8(enc[0]):
            continue  # UTF-8 of Latin text read as cp1252: ftfy's business
        stretches.append((m.start(), m.end(), seg, enc[0], enc[1]))
    if not stretches:
        return line
    votes: dict[str, float] = {}
    decoded: dict[tuple[int, str], str] = {}
    for start, _end, seg, data, _cp in stretches:
        for codec, _stem in _LEGACY:
            try:
                cand = data.decode(codec)
            except UnicodeDecodeError:
                continue
            decoded[(start, codec)] = cand
            if not _ADJACENT_HIGH.search(seg) or _cjk_count(cand) < 2:
                continue  # lone accented letters between ASCII ones: Latin text (päivä)
            verdict = _judge(load_model(), seg, cand, _changed_part(seg, cand), 2)
            if verdict is not None:
                votes[codec] = votes.get(codec, 0.0) + verdict
    if not votes:
        return line
    codec = max(votes, key=votes.__getitem__)
    stem = dict(_LEGACY)[codec]
    model = load_model()
    pieces, pos = [], 0
    for start, end, _seg, _data, cp1252 in stretches:
        cand = decoded.get((start, codec))
        if cand is None or not _plausible(model, cand):
            continue
        pieces += [line[pos:start], cand]
        pos = end
        _bump(changes, f"{stem}-as-{'cp1252' if cp1252 else 'latin1'}")
    pieces.append(line[pos:])
    return "".join(pieces)


def _legacy_votes_possible(line: str) -> bool:
    """Whether some stretch with two adjacent Latin-1-range characters decodes, in a legacy
    codec, to two CJK characters: without one nobody votes and ``_repair_legacy`` changes
    nothing. Looks only at those stretches (long lines hold many plain ASCII words)."""
    end = -1
    for m in _ADJACENT_HIGH.finditer(line):
        if m.start() < end:
            continue  # inside the stretch just looked at (walking back from every pair to
            # the stretch's start was quadratic on a line that is one long stretch)
        left = m.start()
        while left > 0 and _LEGACY_STRETCH.match(line[left - 1]):
            left -= 1
        stretch = _LEGACY_STRETCH.match(line, left)
        end = stretch.end() if stretch else m.end()
        enc = _to_cp1252_bytes(stretch.group()) if stretch else None
        if enc is None or _latin_utf8(enc[0]):
            continue
        for codec, _stem in _LEGACY:
            try:
                if _cjk_count(enc[0].decode(codec)) >= 2:
                    return True
            except UnicodeDecodeError:
                continue
    return False


def _latin_utf8(data: bytes) -> bool:
    """Valid UTF-8 that decodes to Latin letters or typographic punctuation.

    GBK text is sometimes valid UTF-8 by accident (一 is D2 BB, UTF-8 for Cyrillic һ); that is
    left to the model, but a decode to é or ’ is the classic Latin mojibake.
    """
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return any(0x80 <= ord(c) < 0x250 or 0x2000 <= ord(c) < 0x2070 for c in text)


def _plausible(model: CharModel, text: str) -> bool:
    """Every non-ASCII character is one real CJK text uses, and the whole is not gibberish."""
    core = _changed_part(text, text)
    if not core:
        return False
    for c in core:
        if c in model.uni or c in model.punct or _CJK.match(c) or "\uff01" <= c <= "\uff9f":
            continue
        if unicodedata.category(c)[0] not in "PSZ":
            return False
    letters = "".join(_CJK.findall(core))
    return not letters or -model.score(letters) / len(letters) <= _MAX_MEAN_LOSS + 3


def _changed_part(old: str, new: str) -> str:
    """The non-ASCII characters of ``new``: what the model has to vouch for."""
    return "".join(c for c in new if ord(c) >= 0x80)


def _cjk_count(text: str) -> int:
    """CJK letters and full-width forms: what a repair must show to count as CJK text."""
    return len(_CJK.findall(text)) + sum(1 for c in text if "\uff01" <= c <= "\uff9f")


def _judge(model: CharModel, old: str, new: str, core: str, min_cjk: int) -> float | None:
    """Gain of ``new`` over ``old`` if ``new`` is plainly real CJK text, else None."""
    cjk = _cjk_count(core)
    punct = sum(1 for c in core if c in model.punct or unicodedata.category(c)[0] in "PZ")
    if min_cjk < 2:  # lossy damage is certain: CJK punctuation alone may be the repair
        cjk += punct
    if cjk < min_cjk or cjk < 0.6 * (len(core) - punct):
        return None
    lang = model.guess_lang(core)  # judged in its own language: 寧다 is no Korean
    new_score = model.score(new, lang, boost=False)
    mean_loss = -model.score(core, lang, boost=False) / max(1, len(core))
    if mean_loss > _MAX_MEAN_LOSS:
        return None
    gain = new_score - model.score(old)
    return gain if gain > _MIN_GAIN else None


# ---------------------------------------------------------------- UTF-8 read as a CJK codec


_TRAILERS = (b" ", b"19", b"\x81 ", b"\xe4\xb8")


@cache
def _err1(codec: str) -> tuple[frozenset[int], ...]:
    """For each byte x >= 0x80: the next bytes n before which ``codec`` rejects x alone.

    Several trailers, because GB18030's four-byte form makes the answer depend on the bytes
    after n; being permissive here is safe, the final re-damage check is exact.
    """
    table = []
    for x in range(0x100):
        bad = set()
        if x >= 0x80:
            for n in range(0x100):
                for tail in _TRAILERS:
                    rest = (bytes((n,)) + tail).decode(codec, "replace")
                    if (bytes((x, n)) + tail).decode(codec, "replace") == "\ufffd" + rest:
                        bad.add(n)
                        break
        table.append(frozenset(bad))
    return tuple(table)


_FAMILY = {"gbk": "gb", "gb18030": "gb"}
_MIN_CERTAIN = 4  # letters no lost byte touched that suffice to tell the line's language


def _repair_utf8_as(
    line: str, changes: dict[str, int], lossless: frozenset[str] | None = None
) -> str:
    """Undo UTF-8 read as a CJK codec, run by run (a run: maximal non-ASCII stretch).

    Runs whose repair proves itself elect the line's codec family; the other runs are then
    repaired with that family when the result is plausible (a lone 。 or □ cannot prove itself).
    """
    if "\ufffd" not in line and not _lossless_votes(line, lossless):
        return line  # no run can vote: nothing changes (see candidate_lines)
    model = load_model()
    found = list(_NON_ASCII_RUN.finditer(line))
    tails = [_tail_of(line, m.end()) for m in found]
    drafts = [
        _run_candidates(m.group(), tail, model, None, line[:m.start()])
        for m, tail in zip(found, tails, strict=True)
    ]
    # the line's language from the letters no lost byte touched (a guessed 讓 must not make a
    # Simplified line Traditional), else from all drafts
    certain = "".join(_certain_chars(m.group(), codec, c)
                      for m, d in zip(found, drafts, strict=True) for codec, (c, _v) in d.items()
                      if "\ufffd" not in c)  # a partial decode (``_known_part``) does not align
    lang = model.guess_lang(certain) if len(_CJK.findall(certain)) >= _MIN_CERTAIN else None
    if lang is None:
        lang = model.guess_lang("".join(c for d in drafts for c, _v in d.values()))
    runs = []
    head, pos = "", 0  # the line so far, earlier runs as repaired (for bracket pairs)
    for m, tail, draft in zip(found, tails, drafts, strict=True):
        head += line[pos:m.start()]
        if lang is not None and "\ufffd" in m.group() and draft:
            draft = _run_candidates(m.group(), tail, model, lang, head)
        runs.append((m.start(), m.end(), draft))
        head += _best_draft(m.group(), draft)
        pos = m.end()
    votes: dict[str, float] = {}
    for _s, _e, cands in runs:
        for codec, (_cand, verdict) in cands.items():
            if verdict is not None:
                fam = _FAMILY.get(codec, codec)
                votes[fam] = votes.get(fam, 0.0) + verdict
    if not votes:
        return line
    family = max(votes, key=votes.__getitem__)
    rules = dict(_UTF8_AS)
    pieces, pos = [], 0
    for start, end, cands in runs:
        mine = [(c, v) for c, v in cands.items() if _FAMILY.get(c, c) == family]
        mine.sort(key=lambda cv: -_rank(cv[1][0], cv[1][1], lang))
        for codec, (cand, verdict) in mine:
            if verdict is not None or _plausible(model, cand):
                pieces += [line[pos:start], cand]
                pos = end
                _bump(changes, rules[codec])
                break
    pieces.append(line[pos:])
    return "".join(pieces)


def _lossless_votes(line: str, codecs: frozenset[str] | None = None) -> bool:
    """For a line without U+FFFD: whether any run's lossless repair would vote for a codec
    (only ``codecs``, or those passing ``_utf8_spans``, can)."""
    if codecs is None:
        codecs = frozenset(codec for codec, _rule in _UTF8_AS if _utf8_spans(line, codec))
    if not codecs:
        return False
    for m in _NON_ASCII_RUN.finditer(line):
        run = m.group()
        if len(run) < 2:  # two CJK characters take six bytes: two characters at least
            continue
        for codec in codecs:
            try:
                cand = run.encode(codec).decode("utf-8")
            except (UnicodeEncodeError, UnicodeDecodeError):
                continue
            if cand == run or _cjk_count(cand) < 2:
                continue
            if _judge(load_model(), run, cand, _changed_part(run, cand), 2) is not None:
                return True
    return False


def _rank(cand: str, verdict: float | None, lang: int | None) -> float:
    """How a run's candidates from codecs of one family compare (GBK and GB18030 may rebuild
    a lost byte differently): the verdict's gain, plus the trigram opinion on Chinese lines."""
    if verdict is None:
        return -1e9
    tri = load_trigrams() if lang in _TRI_LANGS else None
    return verdict + (_TRI_WEIGHT * tri.score(cand) if tri is not None else 0.0)


def _certain_chars(run: str, codec: str, cand: str) -> str:
    """The characters of ``cand`` (``run`` repaired as UTF-8 misread as ``codec``) whose bytes
    all survived the damage."""
    if "\ufffd" not in run:
        return cand
    known: list[bool] = []
    for piece in run.split("\ufffd"):
        known += [True] * len(piece.encode(codec, "replace")) + [False]
    known.pop()
    out, pos = [], 0
    for ch in cand:
        size = len(ch.encode("utf-8"))
        if all(known[pos:pos + size]):
            out.append(ch)
        pos += size
    return "".join(out)


def _best_draft(run: str, draft: dict[str, tuple[str, float | None]]) -> str:
    """The candidate with the best verdict, or ``run`` itself."""
    judged = [(v, c) for c, v in draft.values() if v is not None]
    return max(judged)[1] if judged else run


def _run_candidates(
    run: str, tail: str, model: CharModel, lang: int | None, head: str = ""
) -> dict[str, tuple[str, float | None]]:
    """For each codec that could have produced ``run``: the repair and its verdict (gain).

    ``head``: the line before the run (bracket pairs for guessed marks).
    """
    out: dict[str, tuple[str, float | None]] = {}
    holes = "\ufffd" in run
    if holes and "\ufffd" * len(run) == run:
        return out  # plain loss
    searchable = not holes or _searchable(run)
    for codec, _rule in _UTF8_AS:
        if not holes:  # the common, clean case: two C-level calls
            try:
                cand = run.encode(codec).decode("utf-8")
            except (UnicodeEncodeError, UnicodeDecodeError):
                continue
            if cand == run:
                continue
        else:
            try:
                raw = _encode_pieces(run, codec)
            except UnicodeEncodeError:
                continue
            filled = _fill_holes(raw, tail, codec, model, lang, head) if searchable else None
            if filled is None:
                continue
            cand = filled
        out[codec] = (cand, _judge(model, run, cand, _changed_part(run, cand), 1 if holes else 2))
    if holes and not out:  # no codec rebuilds the run: keep what its bytes still say
        for codec, _rule in _UTF8_AS:
            try:
                partial = _known_part(_encode_pieces(run, codec), model, run)
            except UnicodeEncodeError:
                continue
            if partial is not None:
                out[codec] = partial
    return out


_MIN_KNOWN = 4  # CJK letters a partial decode must restore whole to count as one
_MAX_PARTIAL_LOSS = 9.0  # their mean -log P per letter: plainly real text, not chance


def _known_part(
    raw: list[bytes | None], model: CharModel, run: str
) -> tuple[str, float | None] | None:
    """The characters whose UTF-8 bytes all survived, with one U+FFFD for each stretch of
    characters that lost some, and its verdict (None unless the survivors are plainly CJK text);
    None when they are not mostly CJK letters.

    For damage too heavy to search (Big5 and EUC-KR lose a third of the bytes, often whole
    characters), the letters the bytes still determine are worth more than the mojibake, and
    U+FFFD says honestly where the rest was (the line is flagged).
    """
    bs: list[int | None] = [b for piece in raw for b in ((None,) if piece is None else piece)]
    out: list[str] = []
    pos, n = 0, len(bs)
    while pos < n:
        b = bs[pos]
        k = _seq_len(b) if b is not None else 0
        if b is not None and b < 0x80:
            out.append(chr(b))
            pos += 1
            continue
        if k and pos + k <= n and None not in bs[pos + 1:pos + k]:
            try:
                out.append(bytes(bs[pos:pos + k]).decode("utf-8"))  # type: ignore[arg-type]
                pos += k
                continue
            except UnicodeDecodeError:
                pass
        # a damaged character: its lead (or a lost byte) and the continuation bytes after it
        pos += 1
        while pos < n and (bs[pos] is None or 0x80 <= bs[pos] < 0xC0):  # type: ignore[operator]
            pos += 1
        if not out or out[-1] != "\ufffd":
            out.append("\ufffd")
    cand = "".join(out)
    core = "".join(c for c in _changed_part(run, cand) if c != "\ufffd")
    letters = "".join(_CJK.findall(core))
    if not letters or len(letters) < 0.6 * len(core):
        return None
    if len(letters) < _MIN_KNOWN or -model.score(letters) / len(letters) > _MAX_PARTIAL_LOSS:
        return cand, None  # too little to vote: used once other runs elected the codec
    gain = model.score(core) - model.score(run.replace("\ufffd", ""))
    return cand, (gain if gain > _MIN_GAIN else None)


def _encode_pieces(run: str, codec: str) -> list[bytes | None]:
    """``run`` in ``codec`` bytes, one piece per stretch between U+FFFD, ``None`` per U+FFFD."""
    raw: list[bytes | None] = []
    for k, piece in enumerate(run.split("\ufffd")):
        if k:
            raw.append(None)
        if piece:
            raw.append(piece.encode(codec))
    return raw


def _searchable(run: str) -> bool:
    """Whether the holes leave enough known bytes to search; U+FFFD runs are plain loss.

    A misread codec leaves at most three holes in a row (a lost UTF-8 character) and never a
    majority of them; past ``_MAX_HOLES`` the search would cost more than it could recover.
    """
    n = run.count("\ufffd")
    return "\ufffd" * 4 not in run and n <= 0.6 * len(run) and n <= _MAX_HOLES


def _cont_range(lead: int, index: int) -> range:
    """Allowed values of continuation byte ``index`` (1-based) after ``lead`` (RFC 3629)."""
    if index == 1:
        if lead == 0xE0:
            return range(0xA0, 0xC0)
        if lead == 0xED:
            return range(0x80, 0xA0)
        if lead == 0xF0:
            return range(0x90, 0xC0)
        if lead == 0xF4:
            return range(0x80, 0x90)
    return range(0x80, 0xC0)


def _seq_len(lead: int) -> int:
    if lead < 0x80:
        return 1
    if 0xC2 <= lead <= 0xDF:
        return 2
    if 0xE0 <= lead <= 0xEF:
        return 3
    if 0xF0 <= lead <= 0xF4:
        return 4
    return 0


_BEAM = 24  # states kept per byte position
_MAX_HOLES = 400  # per run
_MAX_CANDS = 96  # candidate characters kept per position (by unigram) when holes are wide
_FULL_EXPANSION = 256  # wider holes are filled only with characters the model knows
_VOCAB_ALL = 1_000_000  # a known lead byte: any character the model knows may fill the hole
_VOCAB_TOP = 3000  # a lost lead byte: only the likeliest characters


@cache
def _rejectors(codec: str) -> tuple[frozenset[int], ...]:
    """For each next byte n: the bytes x that ``codec`` rejects alone before n."""
    bad = _err1(codec)
    return tuple(frozenset(x for x in range(0x100) if n in bad[x]) for n in range(0x100))


def _fill_holes(
    raw: list[bytes | None], tail: str, codec: str, model: CharModel, lang: int | None,
    head: str = "",
) -> str | None:
    """Viterbi over the one-byte holes; returns the best text that re-damages to the input.

    ``tail``: the ASCII that follows the run (or a newline); the last hole's constraint and the
    re-damage check depend on it.
    """
    end_byte = ord(tail[0])
    bs: list[int | None] = []
    for piece in raw:
        if piece is None:
            bs.append(None)
        else:
            bs.extend(piece)
    n = len(bs)
    # per byte position: (prev_context, pending_hole_byte) -> (score, text)
    beams: list[dict[tuple[str | None, int | None], tuple[float, str]]] = [
        {} for _ in range(n + 1)
    ]
    beams[0][(None, None)] = (0.0, "")
    for pos in range(n):
        states = beams[pos]
        if not states:
            continue
        if len(states) > _BEAM:
            states = dict(sorted(states.items(), key=lambda kv: -kv[1][0])[:_BEAM])
        by_pending: dict[int | None, list[tuple[bytes, str, int | None]]] = {}
        for (prev, pending), (score, text) in states.items():
            cands = by_pending.get(pending)
            if cands is None:
                cands = _chars_at(bs, pos, pending, codec, end_byte, model)
                by_pending[pending] = cands
            for nbytes, ch, new_pending in cands:
                cost, ctx = model.step(prev, ch, lang)
                end = pos + len(nbytes)
                key = (ctx, new_pending)
                total = score + cost
                target = beams[end]
                old = target.get(key)
                if old is None or old[0] < total:
                    target[key] = (total, text + ch)
    ranked = sorted(
        ((s + model.logp(prev, None), t) for (prev, _p), (s, t) in beams[n].items()),
        reverse=True,
    )
    for _, text in ranked[:8]:
        if _redamages(text, raw, codec, tail):
            return _rechoose(text, bs, raw, codec, tail, model, lang, head)
    return None


_TRI_WEIGHT = 4.0  # the trigram opinion against the bigram model's, per window
_TRI_WINDOW = 3  # characters of context on each side of a guessed letter
_TRI_LANGS = frozenset((0,))  # the table is Simplified Chinese running text
# the word bonus (``words``) against the other opinions, per language (an index into LANGS);
# the Japanese list, cut into short words by a tokenizer, says less about a letter
_WORD_WEIGHTS = {0: 4.0, 2: 1.0}
_WORD_WINDOW = 4  # characters each side that may complete a word with a guessed letter
_EDGE_WEIGHT = 1.0  # the edge opinion (``edges``: next to digits, Latin letters)


def _rechoose(
    text: str,
    bs: list[int | None],
    raw: list[bytes | None],
    codec: str,
    tail: str,
    model: CharModel,
    lang: int | None,
    head: str = "",
) -> str:
    """Re-choose each letter that covers a lost byte with two characters of context each side.

    The search picked the best path under the bigram model; here each guessed letter is
    weighed again, with the others fixed, by the bigram model plus the trigram table of running
    text over a small window, among the characters its surviving bytes allow. A change is kept
    only if the line still re-damages exactly to the input. The word table of the line's
    language (``words``) adds its bonuses; lines in a language with neither table are left.
    The letters weighed are those that keep every hole a byte the codec rejects
    (``_hole_filter``): with two bytes lost (GBK loses both of 语's last bytes) most letters
    sharing the lead cannot have been there, and they crowded the right one off the shortlist.
    """
    text = _rechoose_marks(text, bs, raw, codec, tail, model, head)
    if lang is None:
        return text
    tri = load_trigrams() if lang in _TRI_LANGS else None
    words = load_words(LANGS[lang])
    if tri is None and words is None:
        return text
    spans, pos = [], 0
    for ch in text:
        size = len(ch.encode("utf-8"))
        spans.append((pos, size))
        pos += size
    edges = load_edges() if lang in _TRI_LANGS else None
    before = ascii_class(head[-1]) if head else None
    after = ascii_class(tail[0])
    for _ in range(2):
        changed = False
        for i, (start, size) in enumerate(spans):
            pattern = tuple(bs[start:start + size])
            if size < 3 or None not in pattern or not is_letter(text[i]):
                continue
            edge = (before if i == 0 else None, after if i + 1 == len(text) else None)
            if edges is None or edge == (None, None):
                edge = None

            def score_of(t: str) -> float:
                score = _window_score(t, i, tri, words, model, lang)  # noqa: B023
                if edge is not None:  # noqa: B023
                    score += _EDGE_WEIGHT * edges.bonus(t[i], *edge)  # noqa: B023
                return score

            best_score, best = score_of(text), text[i]
            fits = _hole_filter(text, start, size, bs, codec, ord(tail[0]))
            for ch in _shortlist(text, i, pattern, model, fits):
                if ch == text[i]:
                    continue
                trial = text[:i] + ch + text[i + 1:]
                score = score_of(trial)
                if score > best_score and _redamages(trial, raw, codec, tail):
                    best_score, best = score, ch
            if best != text[i]:
                text = text[:i] + best + text[i + 1:]
                changed = True
        if not changed:
            break
    return text


def _rechoose_marks(
    text: str, bs: list[int | None], raw: list[bytes | None], codec: str, tail: str,
    model: CharModel, head: str,
) -> str:
    """Re-choose each guessed punctuation mark in its context (see ``marks``): the letter
    before it, whether the text ends after it, the brackets open in the line (``head``: the
    line before the run)."""
    context = load_marks()
    if context is None:
        return text
    pos = 0
    for i, ch in enumerate(text):
        size = len(ch.encode("utf-8"))
        pattern = tuple(bs[pos:pos + size])
        pos += size
        if size != 3 or None not in pattern or ch not in model.punct:
            continue
        at_end = i + 1 == len(text) and _ends_text(tail)
        prev = text[i - 1] if i and is_letter(text[i - 1]) else None
        before = head + text[:i]

        def score(mark: str) -> float:
            return model.punct[mark] + context.score(mark, prev, at_end, before)  # noqa: B023

        best, best_score = ch, score(ch)
        for alt in _marks_like(pattern):
            alt_score = score(alt)
            if alt_score > best_score:
                trial = text[:i] + alt + text[i + 1:]
                if _redamages(trial, raw, codec, tail):
                    best, best_score = alt, alt_score
        text = text[:i] + best + text[i + 1:]
    return text


def _ends_text(tail: str) -> bool:
    """Whether the ASCII after a run (``\\n`` at the line end) ends the running text."""
    rest = tail.lstrip(" \t")  # spaces then more text (non-ASCII) do not end it
    return tail == "\n" or rest[:1] in ("<", "\r", "\n")


@lru_cache(maxsize=1024)
def _marks_like(pattern: tuple[int | None, ...]) -> tuple[str, ...]:
    """The punctuation marks of the model whose UTF-8 agrees with the known bytes."""
    out = []
    for mark in load_model().punct:
        data = mark.encode("utf-8")
        if len(data) == len(pattern) and all(
            b is None or b == x for b, x in zip(pattern, data, strict=True)
        ):
            out.append(mark)
    return tuple(out)


_SHORTLIST = 48  # alternatives per guessed letter that get the full (window) scoring


def _shortlist(
    text: str, i: int, pattern: tuple[int | None, ...], model: CharModel,
    fits: Callable[[str], bool] | None = None,
) -> list[str]:
    """The letters fitting ``pattern`` (and ``fits``: the hole constraints) likeliest between
    ``text[i]``'s neighbours (bigrams)."""
    prev = text[i - 1] if i and text[i - 1] in model.uni else None
    nxt = text[i + 1] if i + 1 < len(text) and text[i + 1] in model.uni else None
    letters = _letters_like(pattern)
    if fits is not None:
        letters = tuple(filter(fits, letters))
    ranked = sorted(letters, key=lambda c: -(model.logp(prev, c) + model.logp(c, nxt)))
    return ranked[:_SHORTLIST]


def _hole_filter(
    text: str, start: int, size: int, bs: list[int | None], codec: str, end_byte: int
) -> Callable[[str], bool]:
    """Whether a letter put at bytes ``start:start+size`` keeps every hole it touches a byte
    the wrong codec rejects before the byte after it (the others as in ``text``): a cheap,
    necessary part of the re-damage check, so the shortlist holds only letters that can pass."""
    bad = _err1(codec)
    full = text.encode("utf-8")
    n = len(bs)
    after = full[start + size] if start + size < n else end_byte
    before = full[start - 1] if start and bs[start - 1] is None else None
    holes = [j for j in range(size) if bs[start + j] is None]

    def fits(ch: str) -> bool:
        data = ch.encode("utf-8")
        if before is not None and data[0] not in bad[before]:
            return False
        for j in holes:
            follow = data[j + 1] if j + 1 < size else after
            if follow not in bad[data[j]]:
                return False
        return True

    return fits


@lru_cache(maxsize=4096)
def _letters_like(pattern: tuple[int | None, ...]) -> tuple[str, ...]:
    """Every letter the model knows whose UTF-8 agrees with the known bytes of ``pattern``."""
    index = _vocab_index(_VOCAB_ALL)
    k = len(pattern)
    b0s = range(0xE0, 0xF0) if pattern[0] is None else (pattern[0],)
    b1s = range(0x80, 0xC0) if pattern[1] is None else (pattern[1],)
    out = []
    for b0 in b0s:
        for b1 in b1s:
            for _rank, seq in index.get((b0, b1), ()):
                if len(seq) == k and all(b is None or b == x for b, x in zip(pattern, seq,
                                                                              strict=True)):
                    ch = bytes(seq).decode("utf-8")
                    if is_letter(ch):
                        out.append(ch)
    return tuple(out)


def _window_score(
    text: str, i: int, tri: Trigrams | None, words: Words | None, model: CharModel, lang: int
) -> float:
    window = text[max(0, i - _TRI_WINDOW):i + _TRI_WINDOW + 1]
    score = model.score(window, lang)
    if tri is not None:
        score += _TRI_WEIGHT * tri.score(window)
    if words is not None:
        weight = _WORD_WEIGHTS.get(lang, 1.0)
        score += weight * words.score(text[max(0, i - _WORD_WINDOW):i + _WORD_WINDOW + 1])
    return score


def _unigram_cost(model: CharModel, ch: str) -> float:
    cost = _vocab_cost().get(ch)
    return cost if cost is not None else model.step(None, ch)[0]


@cache
def _vocab_cost() -> dict[str, float]:
    """The characters a lost byte may stand for, with their cost out of context: the model's
    letters and marks, and the full-width digits and Latin letters (ＦＬＡＳＨ) CJK text uses."""
    model = load_model()
    fullwidth = [chr(c) for c in range(0xFF10, 0xFF5B) if _FULLWIDTH_ALNUM.match(chr(c))]
    return {ch: model.step(None, ch)[0]
            for ch in list(model.uni) + list(model.punct) + fullwidth}


@cache
def _vocab_index(top: int) -> dict[tuple[int, int], tuple[tuple[int, tuple[int, ...]], ...]]:
    """(rank, UTF-8 bytes) of the ``top`` likeliest known characters, by first two bytes,
    and of every full-width digit and Latin letter (rare one by one, common as a class)."""
    costs = _vocab_cost()
    out: dict[tuple[int, int], list[tuple[int, tuple[int, ...]]]] = {}
    for rank, ch in enumerate(sorted(costs, key=lambda c: -costs[c])):
        if rank >= top and not _FULLWIDTH_ALNUM.match(ch):
            continue
        data = tuple(ch.encode("utf-8"))
        if len(data) > 1:
            out.setdefault(data[:2], []).append((rank, data))
    return {key: tuple(v) for key, v in out.items()}


_LEAD_RANGE = {2: range(0xC2, 0xE0), 3: range(0xE0, 0xF0), 4: range(0xF0, 0xF5)}
_FULLWIDTH_ALNUM = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")


def _from_vocab(
    pattern: tuple[int | None, ...], sets: dict[int, frozenset[int]], top: int
) -> tuple[tuple[int, ...], ...]:
    return _from_vocab_cached(pattern, tuple(sorted(sets.items())), top)


@lru_cache(maxsize=65536)
def _from_vocab_cached(
    pattern: tuple[int | None, ...], set_items: tuple[tuple[int, frozenset[int]], ...], top: int
) -> tuple[tuple[int, ...], ...]:
    """The likeliest known characters agreeing with the known bytes and the hole constraints."""
    sets = dict(set_items)
    index = _vocab_index(top)
    k = len(pattern)
    b0s = [b for b in _LEAD_RANGE[k] if b in sets[0]] if pattern[0] is None else [pattern[0]]
    b1s = sorted(sets[1]) if pattern[1] is None else [pattern[1]]
    rest = [(i, pattern[i], sets.get(i)) for i in range(2, k)]
    found = []
    for b0 in b0s:
        for b1 in b1s:
            for rank, s in index.get((b0, b1), ()):
                if len(s) != k:
                    continue
                for i, want, allowed in rest:
                    if (s[i] != want) if allowed is None else (s[i] not in allowed):
                        break
                else:
                    found.append((rank, s))
    found.sort()
    return tuple(s for _, s in found[:_MAX_CANDS])


_ANY_HIGH = frozenset(range(0x80, 0x100))


def _chars_at(
    bs: list[int | None],
    pos: int,
    pending: int | None,
    codec: str,
    end_byte: int,
    model: CharModel,
) -> list[tuple[bytes, str, int | None]]:
    """The likeliest UTF-8 characters that can start at ``pos`` given bytes, holes, constraints.

    Returns (bytes, char, pending) where pending is the char's last byte when that byte is a hole
    followed by another hole (its constraint is checked against the next character's lead).
    A hole must be a byte the wrong codec rejects before the byte that follows it. Narrow holes
    are enumerated; wide ones (a lost lead byte, many combinations) are filled only with
    characters the model knows, likeliest first, at most ``_MAX_CANDS``.
    """
    bad, rej = _err1(codec), _rejectors(codec)
    n = len(bs)
    lead = bs[pos]
    if lead is not None and pending is not None and lead not in bad[pending]:
        return []
    if lead is not None and lead < 0x80:
        return [(bytes((lead,)), chr(lead), None)]
    out: list[tuple[bytes, str, int | None]] = []
    for k in (2, 3, 4) if lead is None else (_seq_len(lead),):
        if k == 0 or pos + k > n:
            continue
        pattern = tuple(bs[pos : pos + k])
        sets: dict[int, frozenset[int]] = {}
        for i, b in enumerate(pattern):
            if b is None:
                j = pos + i + 1
                follow = bs[j] if j < n else end_byte
                allowed = _ANY_HIGH if follow is None else rej[follow]
                if i == 0 and pending is not None:
                    allowed = allowed & bad[pending]
                sets[i] = allowed
        pairs = [i for i in range(k - 1) if pattern[i] is None and pattern[i + 1] is None]
        chain = pattern[-1] is None and pos + k < n and bs[pos + k] is None
        seqs = _narrow(lead, k, pattern, sets) if lead is not None else None
        if seqs is None:
            seqs = list(_from_vocab(pattern, sets, _VOCAB_ALL if lead else _VOCAB_TOP))
        for i in pairs:
            seqs = [s for s in seqs if s[i + 1] in bad[s[i]]]
        for s in seqs:
            data = bytes(s)
            out.append((data, data.decode("utf-8"), s[-1] if chain else None))
    if len(out) > _MAX_CANDS:
        out.sort(key=lambda c: -_unigram_cost(model, c[1]))
        del out[_MAX_CANDS:]
    return out


def _narrow(
    b0: int, k: int, pattern: tuple[int | None, ...], sets: dict[int, frozenset[int]]
) -> list[tuple[int, ...]] | None:
    """All byte sequences for a known lead when they are few, else None (use the vocabulary)."""
    options: list[tuple[int, ...]] = []
    for i in range(1, k):
        b = pattern[i]
        allowed = _cont_range(b0, i)
        if b is not None:
            options.append((b,) if b in allowed else ())
        else:
            options.append(tuple(x for x in allowed if x in sets[i]))
    combos = 1
    for opt in options:
        combos *= len(opt)
    if combos > _FULL_EXPANSION:
        return None
    seqs: list[tuple[int, ...]] = [(b0,)]
    for opt in options:
        seqs = [s + (x,) for s in seqs for x in opt]
    return seqs


def _tail_of(line: str, end: int) -> str:
    """What follows a run ending at ``end``: up to four ASCII characters, and the next
    character when the ASCII is shorter (``\\n`` at the end of the line).

    The decoder's verdict on a lost byte may depend on more than one byte after it: GB18030
    reads ``86 32 30`` as the start of a four-byte sequence at the end of the input, but not
    before a CJK lead byte, so the re-damage check needs what really follows.
    """
    tail = _ASCII_TAIL.match(line, end).group()
    nxt = line[end + len(tail):end + len(tail) + 1]
    if not tail:
        return "\n"  # runs are maximal: only the end of the line follows without ASCII
    return tail + nxt if len(tail) < 4 and nxt not in ("", "\ufffd") else tail


def _redamages(text: str, raw: list[bytes | None], codec: str, tail: str) -> bool:
    """Does misreading ``text`` (and what follows it, see ``_tail_of``) as ``codec`` give the
    damaged run?"""
    want = "".join("\ufffd" if p is None else p.decode(codec) for p in raw)
    try:
        after = tail.encode(codec)  # the damaged text's own bytes (ASCII, or the next run)
    except UnicodeEncodeError:  # a character of another codec: the ASCII alone
        after = tail[:-1].encode(codec)
    got = (text.encode("utf-8") + after).decode(codec, "replace")
    return got == want + after.decode(codec, "replace")


def garbage_spans(line: str) -> Iterator[tuple[int, int, str]]:
    """Where the unrepairable signatures are: (start, end, flag)."""
    for pattern, flag in (
        (_KUNKAO, "garbage-kunkao"),
        (_TANGTANG, "garbage-tangtang"),
        (_FFFD_RUN, "replacement-chars"),
    ):
        for m in pattern.finditer(line):
            yield m.start(), m.end(), flag


__all__ = ["repair_cjk", "garbage_spans"]
