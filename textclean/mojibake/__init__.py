"""The ``mojibake`` stage: repair text that was decoded with the wrong codec, flag what is lost.

Per line, in this order (each repair only fires on its own exact signature, so clean text is
never touched and most lines cost one regex search):

1. lossy single-byte: UTF-8 read as TIS-620 with C1 bytes dropped, or as cp1252 with its five
   undefined bytes dropped (``single_byte``; ftfy cannot rebuild lost bytes);
2. CJK: legacy CJK bytes read as cp1252/latin-1, UTF-8 read as a CJK codec (``cjk``), before
   ftfy so that the CJK repair sees the bytes as the wrong reader left them;
3. Latin: UTF-8 read as cp1252/latin-1/… through ftfy's encoding repair (``latin``).

The three run again on a line they changed, until it stops changing, so the stage is
idempotent. Lines are repaired in place: the line count never changes.

Each repair's signature is first looked for in the whole document (``_plan``: a few C-level
scans), and only the lines holding one are visited; the screens are exact, so skipping the
other lines changes nothing but the time taken.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..record import Removed
from ..stage import Context, StageResult, stage
from ..stages.unicode import normalize as normalize_unicode_text
from . import single_byte
from .flags import damage_flags
from .latin import has_signature, repair_latin, signature_lines

try:
    from .cjk import candidate_lines as cjk_candidate_lines
    from .cjk import may_need_repair as may_need_cjk_repair
    from .cjk import repair_cjk
except ImportError:  # the CJK repair is optional: without it, CJK mojibake stays as it is
    repair_cjk = None

LOSSY_FLAG = "lossy-mojibake"
_MAX_PASSES = 3

LineRepair = Callable[[str], tuple[str, dict[str, int], tuple[str, ...]]]


def _single_byte(codec: single_byte.Codec, trusted: bool) -> LineRepair:
    def repair(line: str) -> tuple[str, dict[str, int], tuple[str, ...]]:
        if not codec.screen.search(line):
            return line, {}, ()
        new, counts, lossy = single_byte.repair_line(line, trusted=trusted, codec=codec)
        return new, counts, (LOSSY_FLAG,) if lossy else ()

    return repair


def _latin(line: str) -> tuple[str, dict[str, int], tuple[str, ...]]:
    new, counts, lossy = repair_latin(line)
    return new, counts, (LOSSY_FLAG,) if lossy else ()


#: What CJK mojibake always contains: Latin-1 letters or C1 controls (legacy bytes read as
#: cp1252/latin-1), or CJK characters and U+FFFD (UTF-8 read as a CJK codec). A line with only
#: ASCII and curly quotes or dashes has none, and is not handed to the CJK repair: this is a
#: rule, not just a screen (English typography would otherwise "repair" into CJK), so the rare
#: CJK mojibake made only of cp1252 specials is knowingly left alone.
_CJK_SIGNATURE = re.compile(
    "[\x80-\xff\ufffd\u3000-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef"
    "\U00020000-\U0003ffff]")


_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _cjk(
    line: str, lossless: frozenset[str] | None = None
) -> tuple[str, dict[str, int], tuple[str, ...]]:
    if repair_cjk is None or not _CJK_SIGNATURE.search(line):
        return line, {}, ()
    return repair_cjk(line, lossless)


def _verdict(text: str, codec: single_byte.Codec, where: set[int] | None = None) -> bool:
    """Whether a document is damaged beyond doubt for one single-byte codec.

    Votes for: characters rebuilt with confidence on lines that hold nothing else odd. Votes
    against: runs that cannot be damaged UTF-8 (real Thai, real accented Latin) and characters
    that fit no known one. In a document damaged beyond doubt, weaker lines (a lone ``ร`` for
    ``à``) are repaired too, and characters nobody can rebuild (lossy Cyrillic, CJK) become
    U+FFFD instead of staying as Thai letters; elsewhere only lines with evidence of their own.
    """
    good = bad = 0
    lines = text.split("\n")
    for i in sorted(_match_lines(text, codec.screen) if where is None else where):
        line = lines[i]
        if codec.screen.search(line):
            scan = single_byte.scan_line(line, codec)
            bad += scan.genuine_chars + scan.unknown_count
            if not scan.genuine_chars and not scan.unknown_count:
                good += scan.strong_count
    return good > 0 and good >= bad


def _plan(text: str) -> tuple[tuple[LineRepair, ...], dict[int, frozenset[str]], set[int]]:
    """The repairs whose signature occurs in ``text``, in order; the lines the CJK repair may
    change; and the lines any repair may change (every other line is left as it is: each
    repair's own per-line screen would reject it)."""
    steps: list[LineRepair] = []
    visit: set[int] = set()
    for codec in (single_byte.TIS620, single_byte.CP1252):
        if codec.screen.search(text):
            where = _match_lines(text, codec.screen)
            steps.append(_single_byte(codec, _verdict(text, codec, where)))
            visit |= where
    cjk_lines: dict[int, frozenset[str]] = {}
    if repair_cjk is not None:
        steps.append(_cjk)
        cjk_lines = cjk_candidate_lines(text)
        visit |= cjk_lines.keys()
    if has_signature(text):
        steps.append(_latin)
        visit |= signature_lines(text)
    return tuple(steps), cjk_lines, visit


def _match_lines(text: str, pattern: re.Pattern[str]) -> set[int]:
    """0-based lines of ``text`` holding a match of ``pattern``."""
    found: set[int] = set()
    line, pos = 0, 0
    for m in pattern.finditer(text):
        line += text.count("\n", pos, m.start())
        pos = m.start()
        found.add(line)
    return found


def _cjk_known(original: str, lossless: frozenset[str]) -> LineRepair:
    """The CJK repair for a line the document screen kept, told what the screen found (as long
    as the line is still the one it saw)."""
    def repair(line: str) -> tuple[str, dict[str, int], tuple[str, ...]]:
        return _cjk(line, lossless if line == original else None)

    return repair


def _cjk_once_changed(original: str) -> LineRepair:
    """The CJK repair for a line the document screen cleared: it runs only if an earlier repair
    changed the line (the screen spoke for the line as it was)."""
    def repair(line: str) -> tuple[str, dict[str, int], tuple[str, ...]]:
        if line == original or not may_need_cjk_repair(line):
            return line, {}, ()
        return _cjk(line)

    return repair


def repair_line(line: str, steps: tuple[LineRepair, ...]) -> tuple[str, dict[str, int], set[str]]:
    """Run every repair on one line until it is stable; returns (line, {rule: count}, flags)."""
    changes: dict[str, int] = {}
    flags: set[str] = set()
    for _ in range(_MAX_PASSES):
        before = line
        for step in steps:
            new, counts, step_flags = step(line)
            flags.update(step_flags)
            if new == line or "\n" in new:
                continue
            line = new
            for rule, n in counts.items():
                changes[rule] = changes.get(rule, 0) + n
        if line == before:
            break
        if _latin not in steps and has_signature(line):  # an earlier repair uncovered some
            steps = (*steps, _latin)
    return line, changes, flags


def preload() -> None:
    """Load the tables the CJK repair otherwise loads on first need: a parent that forks
    workers calls this so they share one copy instead of each reading its own."""
    from .model import load_model
    from .trigram import load_trigrams

    load_model()
    load_trigrams()


@stage("mojibake", residue_lines="remove")
def repair_mojibake(text: str, ctx: Context) -> StageResult:
    """Repair passes until the document is stable: which repairs apply is decided per document
    (``_verdict``), and a repaired document can vote differently from the damaged one."""
    changes: dict[str, int] = {}
    flags: set[str] = set()
    out = text
    if text.isascii():
        return StageResult(text=text)
    for _ in range(_MAX_PASSES):
        new, more, more_flags = _repair_document(out)
        flags |= more_flags  # kept even from a pass that changed nothing
        if new == out:
            # Stable here; but the unicode stage will drop controls and junk, and that can
            # expose more mojibake (``Â\x08¡``). Probe the document as it will be left: if that
            # repairs further, take it now, so a second run of the pipeline finds nothing.
            normal, edits = normalize_unicode_text(out)
            if normal == out or not _normalizing_exposes(out, normal):
                break
            new, more, more_flags = _repair_document(normal)
            if new == normal:
                break
            more = {**more, "junk-inside-mojibake": sum(edits.values())}
            flags |= more_flags
        for rule, n in more.items():
            changes[rule] = changes.get(rule, 0) + n
        out = new
    emptied = _emptied(text, out)
    if emptied and ctx.option("residue_lines") == "keep":  # in place (fix): lose no line
        out = _restore_lines(out, text, {r.line for r in emptied if r.line})
        emptied = ()
    flags.update(damage_flags(out))
    return StageResult(text=out, changes=changes, flags=tuple(sorted(flags)), removed=emptied)


def _normalizing_exposes(stable: str, normal: str) -> bool:
    """Whether a line that normalizing changed now holds a signature of some repair.

    If none does, repairing ``normal`` changes nothing: its other lines are those of the stable
    document, and every per-document decision (``_plan``, ``_verdict``) counts only lines with
    a signature, which normalizing cannot take away (it drops junk, spaces and controls, and
    composes marks).
    """
    before, after = stable.split("\n"), normal.split("\n")
    if len(before) != len(after):
        return True
    return any(old != new and _has_any_signature(new) for old, new in zip(before, after,
                                                                           strict=True))


def _has_any_signature(line: str) -> bool:
    if line.isascii():
        return False
    if any(codec.screen.search(line) for codec in (single_byte.TIS620, single_byte.CP1252)):
        return True
    return has_signature(line) or (repair_cjk is not None and may_need_cjk_repair(line))


def _restore_lines(out: str, original: str, numbers: set[int]) -> str:
    new, old = out.split("\n"), original.split("\n")
    return "\n".join(old[i] if i + 1 in numbers else line for i, line in enumerate(new))


def _emptied(before: str, after: str) -> tuple[Removed, ...]:
    """Lines that held only unrebuildable residue (a lone emoji's lead byte) and are now
    blank: no line disappears without a trace in ``removed``."""
    if before == after:
        return ()
    return tuple(Removed(old, "mojibake-residue", i + 1)
                 for i, (old, new) in enumerate(zip(before.split("\n"), after.split("\n"),
                                                    strict=True))
                 if _visible(old) and not _visible(new))


def _visible(line: str) -> bool:
    """Anything left once blanks and controls go (a repair can make ``À\x80`` a NUL)."""
    return bool(_CONTROLS.sub("", line).strip())


def _repair_document(text: str) -> tuple[str, dict[str, int], set[str]]:
    steps, cjk_lines, visit = _plan(text)
    changes: dict[str, int] = {}
    flags: set[str] = set()
    if not steps or not visit:
        return text, changes, flags
    lines = text.split("\n")
    for i in sorted(visit):
        line = lines[i]
        if line.isascii():
            continue
        line_steps = steps
        if _cjk in steps:
            known = cjk_lines.get(i)
            cjk_step = _cjk_once_changed(line) if known is None else _cjk_known(line, known)
            line_steps = tuple(cjk_step if s is _cjk else s for s in steps)
        new, counts, line_flags = repair_line(line, line_steps)
        lines[i] = new
        flags.update(line_flags)
        for rule, n in counts.items():
            changes[rule] = changes.get(rule, 0) + n
    return "\n".join(lines), changes, flags


STAGE = repair_mojibake
