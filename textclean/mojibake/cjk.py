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

from collections.abc import Iterator
from functools import cache

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
_LEGACY_STRETCH = regex.compile(f"[\u0021-\u007e\u0080-\u00ff{_CP1252_ONLY}]+")
_NON_ASCII_RUN = regex.compile(r"[^\x00-\x7f]+")
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
    model = load_model()

    def fix(m: regex.Match[str]) -> str:
        seg = m.group()
        if len(_LATIN_HIGH.findall(seg)) < 2:
            return seg
        enc = _to_cp1252_bytes(seg)
        if enc is None:
            return seg
        data, cp1252 = enc
        try:
            data.decode("utf-8")
            return seg  # valid UTF-8: Latin mojibake, which is ftfy's business
        except UnicodeDecodeError:
            pass
        best: tuple[float, str, str] | None = None
        for codec, stem in _LEGACY:
            try:
                cand = data.decode(codec)
            except UnicodeDecodeError:
                continue
            verdict = _judge(model, seg, cand, _changed_part(seg, cand), 2)
            if verdict is not None and (best is None or verdict > best[0]):
                best = (verdict, cand, stem)
        if best is None:
            return seg
        _bump(changes, f"{best[2]}-as-{'cp1252' if cp1252 else 'latin1'}")
        return best[1]

    return _LEGACY_STRETCH.sub(fix, line)


def _changed_part(old: str, new: str) -> str:
    """The non-ASCII characters of ``new``: what the model has to vouch for."""
    return "".join(c for c in new if ord(c) >= 0x80)


def _judge(model: CharModel, old: str, new: str, core: str, min_cjk: int) -> float | None:
    """Gain of ``new`` over ``old`` if ``new`` is plainly real CJK text, else None."""
    cjk = len(_CJK.findall(core))
    if cjk < min_cjk or cjk < 0.6 * len(core):
        return None
    new_score = model.score(new)
    mean_loss = -model.score(core) / max(1, len(core))
    if mean_loss > _MAX_MEAN_LOSS:
        return None
    gain = new_score - model.score(old)
    return gain if gain > _MIN_GAIN else None


# ---------------------------------------------------------------- UTF-8 read as a CJK codec


@cache
def _err1(codec: str) -> tuple[frozenset[int], ...]:
    """For each byte x >= 0x80: the next bytes n before which ``codec`` rejects x alone."""
    table = []
    for x in range(0x100):
        bad = set()
        if x >= 0x80:
            for n in range(0x100):
                got = bytes((x, n, 0x20)).decode(codec, "replace")
                if got == "\ufffd" + bytes((n, 0x20)).decode(codec, "replace"):
                    bad.add(n)
        table.append(frozenset(bad))
    return tuple(table)


def _repair_utf8_as(line: str, changes: dict[str, int]) -> str:
    pieces: list[str] = []
    pos = 0
    for m in _NON_ASCII_RUN.finditer(line):
        run = m.group()
        nxt = line[m.end()] if m.end() < len(line) else "\n"
        fixed = _repair_run(run, nxt, changes)
        pieces.append(line[pos : m.start()])
        pieces.append(fixed)
        pos = m.end()
    pieces.append(line[pos:])
    return "".join(pieces)


def _repair_run(run: str, nxt: str, changes: dict[str, int]) -> str:
    """Try every codec on one maximal non-ASCII run; keep the best verified repair."""
    model = load_model()
    best: tuple[float, str, str] | None = None
    for codec, rule in _UTF8_AS:
        holes = "\ufffd" in run
        try:
            raw = [None if ch == "\ufffd" else ch.encode(codec) for ch in run]
        except UnicodeEncodeError:
            continue
        if not holes:
            data = b"".join(raw)  # type: ignore[arg-type]
            try:
                cand = data.decode("utf-8")
            except UnicodeDecodeError:
                continue
            if cand == run:
                continue
        else:
            cand = _fill_holes(raw, ord(nxt) if ord(nxt) < 0x80 else 0x0A, codec, model)
            if cand is None:
                continue
        verdict = _judge(model, run, cand, _changed_part(run, cand), 1 if holes else 2)
        if verdict is not None and (best is None or verdict > best[0]):
            best = (verdict, cand, rule)
    if best is None:
        return run
    _bump(changes, best[2])
    return best[1]


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


_LEADS = tuple(range(0xC2, 0xF5))
_BEAM = 24  # states kept per byte position
_MAX_CANDS = 96  # candidate characters kept per position (by unigram) when holes are wide


@cache
def _rejectors(codec: str) -> tuple[frozenset[int], ...]:
    """For each next byte n: the bytes x that ``codec`` rejects alone before n."""
    bad = _err1(codec)
    return tuple(frozenset(x for x in range(0x100) if n in bad[x]) for n in range(0x100))


def _fill_holes(
    raw: list[bytes | None], end_byte: int, codec: str, model: CharModel
) -> str | None:
    """Viterbi over the one-byte holes; returns the best text that re-damages to the input."""
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
                cands = _prune(list(_chars_at(bs, pos, pending, codec, end_byte)), model)
                by_pending[pending] = cands
            for nbytes, ch, new_pending in cands:
                cost, ctx = model.step(prev, ch)
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
        if _redamages(text, raw, codec, end_byte):
            return text
    return None


def _prune(
    cands: list[tuple[bytes, str, int | None]], model: CharModel
) -> list[tuple[bytes, str, int | None]]:
    """Wide holes (a lost lead, two lost bytes) give hundreds of characters: keep the likely."""
    if len(cands) <= _MAX_CANDS:
        return cands
    return sorted(cands, key=lambda c: -model.step(None, c[1])[0])[:_MAX_CANDS]


def _chars_at(
    bs: list[int | None], pos: int, pending: int | None, codec: str, end_byte: int
) -> Iterator[tuple[bytes, str, int | None]]:
    """Every UTF-8 character that can start at ``pos`` given known bytes, holes and constraints.

    Yields (bytes, char, pending) where pending is the char's last byte when that byte is a hole
    followed by another hole (its constraint is checked against the next character's lead).
    """
    bad, rej = _err1(codec), _rejectors(codec)
    n = len(bs)

    def fits(x: int, j: int) -> bool:
        f = bs[j + 1] if j + 1 < n else end_byte
        return f is None or x in rej[f]

    lead = bs[pos]
    if lead is None:
        leads = [
            x for x in _LEADS if (pending is None or x in bad[pending]) and fits(x, pos)
        ]
    elif pending is not None and lead not in bad[pending]:
        return
    else:
        leads = [lead]
    for b0 in leads:
        k = _seq_len(b0)
        if k == 0 or pos + k > n:
            continue
        seqs: list[tuple[int, ...]] = [(b0,)]
        for i in range(1, k):
            j = pos + i
            b = bs[j]
            allowed = _cont_range(b0, i)
            if b is not None:
                seqs = [s + (b,) for s in seqs] if b in allowed else []
                continue
            xs = [x for x in allowed if fits(x, j)]
            if bs[j - 1] is None:
                seqs = [s + (x,) for s in seqs for x in xs if x in bad[s[-1]]]
            else:
                seqs = [s + (x,) for s in seqs for x in xs]
        last = pos + k - 1
        chain = bs[last] is None and last + 1 < n and bs[last + 1] is None
        for s in seqs:
            data = bytes(s)
            yield data, data.decode("utf-8"), (s[-1] if chain else None)


def _redamages(text: str, raw: list[bytes | None], codec: str, end_byte: int) -> bool:
    """Does misreading ``text`` as ``codec`` give back exactly the damaged run?"""
    want = "".join("\ufffd" if p is None else p.decode(codec) for p in raw)
    got = (text.encode("utf-8") + bytes((end_byte,))).decode(codec, "replace")
    return got == want + chr(end_byte)


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
