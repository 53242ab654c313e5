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

Counts in the returned ``changes`` are numbers of repaired segments (maximal damaged runs).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from functools import cache, lru_cache

import regex

from .model import CharModel, load_model

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
_LEGACY_STRETCH = regex.compile(f"[\u0021-\u007e\u0080-\u00ff{_CP1252_ONLY}]+")
_NON_ASCII_RUN = regex.compile(r"[^\x00-\x7f]+")
_ASCII_TAIL = regex.compile(r"[\x00-\x7f]{0,4}")
_CJK = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}]")
_KUNKAO = regex.compile("(?:锟斤拷)+|锟斤|斤拷")
_TANGTANG = regex.compile("烫{3,}|屯{3,}")
_FFFD_RUN = regex.compile("\ufffd+")

_MIN_GAIN = 8.0  # nats the repair must beat the damaged text by (plus per-char terms below)
_MAX_MEAN_LOSS = 11.0  # a repaired segment's mean -log P per character must stay below this


def repair_cjk(line: str) -> tuple[str, dict[str, int], tuple[str, ...]]:
    """Repair CJK mojibake in one line; returns (new_line, {rule_id: count}, flags)."""
    if line.isascii():
        return line, {}, ()
    changes: dict[str, int] = {}
    out = line
    if _LATIN_HIGH.search(out):
        out = _repair_legacy(out, changes)
    out = _repair_utf8_as(out, changes)
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
    model = load_model()
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
            if not _ADJACENT_HIGH.search(seg):
                continue  # lone accented letters between ASCII ones: Latin text (päivä)
            verdict = _judge(model, seg, cand, _changed_part(seg, cand), 2)
            if verdict is not None:
                votes[codec] = votes.get(codec, 0.0) + verdict
    if not votes:
        return line
    codec = max(votes, key=votes.__getitem__)
    stem = dict(_LEGACY)[codec]
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


def _judge(model: CharModel, old: str, new: str, core: str, min_cjk: int) -> float | None:
    """Gain of ``new`` over ``old`` if ``new`` is plainly real CJK text, else None."""
    cjk = len(_CJK.findall(core)) + sum(1 for c in core if "\uff01" <= c <= "\uff9f")
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


def _repair_utf8_as(line: str, changes: dict[str, int]) -> str:
    """Undo UTF-8 read as a CJK codec, run by run (a run: maximal non-ASCII stretch).

    Runs whose repair proves itself elect the line's codec family; the other runs are then
    repaired with that family when the result is plausible (a lone 。 or □ cannot prove itself).
    """
    model = load_model()
    found = list(_NON_ASCII_RUN.finditer(line))
    tails = [_ASCII_TAIL.match(line, m.end()).group() or "\n" for m in found]
    drafts = [
        _run_candidates(m.group(), tail, model, None)
        for m, tail in zip(found, tails, strict=True)
    ]
    # the line's language from all drafts: a lone 讓 must not make a Simplified line Traditional
    lang = model.guess_lang("".join(c for d in drafts for c, _v in d.values()))
    runs = []
    for m, tail, draft in zip(found, tails, drafts, strict=True):
        if lang is not None and "\ufffd" in m.group() and draft:
            draft = _run_candidates(m.group(), tail, model, lang)
        runs.append((m.start(), m.end(), draft))
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
        mine.sort(key=lambda cv: -(cv[1][1] if cv[1][1] is not None else -1e9))
        for codec, (cand, verdict) in mine:
            if verdict is not None or _plausible(model, cand):
                pieces += [line[pos:start], cand]
                pos = end
                _bump(changes, rules[codec])
                break
    pieces.append(line[pos:])
    return "".join(pieces)


def _run_candidates(
    run: str, tail: str, model: CharModel, lang: int | None
) -> dict[str, tuple[str, float | None]]:
    """For each codec that could have produced ``run``: the repair and its verdict (gain)."""
    out: dict[str, tuple[str, float | None]] = {}
    holes = "\ufffd" in run
    if holes and not _searchable(run):
        return out
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
                raw = [None if ch == "\ufffd" else ch.encode(codec) for ch in run]
            except UnicodeEncodeError:
                continue
            filled = _fill_holes(raw, tail, codec, model, lang)
            if filled is None:
                continue
            cand = filled
        out[codec] = (cand, _judge(model, run, cand, _changed_part(run, cand), 1 if holes else 2))
    return out


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
    raw: list[bytes | None], tail: str, codec: str, model: CharModel, lang: int | None
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
            return text
    return None


def _unigram_cost(model: CharModel, ch: str) -> float:
    cost = _vocab_cost().get(ch)
    return cost if cost is not None else model.step(None, ch)[0]


@cache
def _vocab_cost() -> dict[str, float]:
    model = load_model()
    return {ch: model.step(None, ch)[0] for ch in list(model.uni) + list(model.punct)}


@cache
def _vocab_index(top: int) -> dict[tuple[int, int], tuple[tuple[int, tuple[int, ...]], ...]]:
    """(rank, UTF-8 bytes) of the ``top`` likeliest known characters, by first two bytes."""
    costs = _vocab_cost()
    out: dict[tuple[int, int], list[tuple[int, tuple[int, ...]]]] = {}
    for rank, ch in enumerate(sorted(costs, key=lambda c: -costs[c])[:top]):
        data = tuple(ch.encode("utf-8"))
        if len(data) > 1:
            out.setdefault(data[:2], []).append((rank, data))
    return {key: tuple(v) for key, v in out.items()}


_LEAD_RANGE = {2: range(0xC2, 0xE0), 3: range(0xE0, 0xF0), 4: range(0xF0, 0xF5)}


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


def _redamages(text: str, raw: list[bytes | None], codec: str, tail: str) -> bool:
    """Does misreading ``text`` (and the ASCII after it) as ``codec`` give the damaged run?"""
    want = "".join("\ufffd" if p is None else p.decode(codec) for p in raw)
    got = (text + tail).encode("utf-8").decode(codec, "replace")
    return got == want + tail


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
