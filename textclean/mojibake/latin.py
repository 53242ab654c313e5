"""Latin mojibake (UTF-8 read as cp1252, latin-1, …): ftfy's encoding repair, screened per line.

ftfy is the reference for this damage, but it costs far more than the rest of the pipeline, so
it runs only on lines that could hold its damage at all. UTF-8 mojibake through a single-byte
codec always leaves the image of a lead byte (0xC0–0xF4) next to that of a continuation byte,
or a C1 control; the screen below looks for exactly that, for every codec ftfy tries. ftfy's
own ``is_bad`` (one precompiled regex) then decides, as it does inside ``fix_encoding``.

Settings: encoding repair only. Width folding, quote uncurling, ligatures and normalization
are left to later stages (or never done), because they would damage Chinese punctuation.
"""

from __future__ import annotations

import re
from functools import lru_cache

import ftfy
from ftfy.badness import is_bad
from ftfy.chardata import CHARMAP_ENCODINGS

CONFIG = ftfy.TextFixerConfig(
    unescape_html=False,
    remove_terminal_escapes=False,
    fix_latin_ligatures=False,
    fix_character_width=False,
    uncurl_quotes=False,
    fix_line_breaks=False,
    fix_surrogates=False,
    remove_control_chars=False,
    normalization=None,
    explain=True,
)

_SHORT = {
    "latin-1": "latin1",
    "sloppy-windows-1252": "cp1252",
    "sloppy-windows-1251": "cp1251",
    "sloppy-windows-1250": "cp1250",
    "sloppy-windows-1253": "cp1253",
    "sloppy-windows-1254": "cp1254",
    "sloppy-windows-1257": "cp1257",
    "iso-8859-2": "iso8859-2",
    "macroman": "macroman",
    "cp437": "cp437",
}


def _images(enc: str, lo: int, hi: int) -> str:
    out = []
    for byte in range(lo, hi):
        try:
            out.append(bytes([byte]).decode(enc))
        except UnicodeDecodeError:
            continue
    return "".join(out)


@lru_cache(maxsize=1)
def _screen() -> tuple[re.Pattern[str], dict[str, frozenset[str]]]:
    """Lead-byte images (and C1 controls), and for each the continuation images that may follow.

    Decoding as UTF-8 can only change text where a lead byte's image is directly followed by a
    continuation byte's image, in one of the codecs ftfy tries (its ``restore_byte_a0`` and
    lossy-sequence repairs let a space, ``?`` or U+FFFD stand for the continuation; ftfy never
    restores spaces for MacRoman). C1 controls are the other thing its encoding repair touches.
    """
    follow: dict[str, set[str]] = {}
    for enc in CHARMAP_ENCODINGS:
        conts = set(_images(enc, 0x80, 0xC0)) | {"?", "\ufffd"}
        if enc != "macroman":
            conts.add(" ")
        for lead in _images(enc, 0xC0, 0xF5):
            follow.setdefault(lead, set()).update(conts)
    leads = re.compile("[\x80-\x9f" + re.escape("".join(sorted(follow))) + "]")
    return leads, {lead: frozenset(conts) for lead, conts in follow.items()}


def has_signature(text: str) -> bool:
    """Whether ``text`` holds a C1 control or a lead image followed by a continuation image."""
    leads, follow = _screen()
    for m in leads.finditer(text):
        char, end = m.group(), m.end()
        if char <= "\x9f" or (end < len(text) and text[end] in follow[char]):
            return True
    return False


def signature_lines(text: str) -> set[int]:
    """The 0-based lines of ``text`` where :func:`has_signature` holds (one scan of the text)."""
    leads, follow = _screen()
    found: set[int] = set()
    line, pos = 0, 0
    for m in leads.finditer(text):
        char, end = m.group(), m.end()
        if char <= "\x9f" or (end < len(text) and text[end] in follow[char]):
            line += text.count("\n", pos, m.start())
            pos = m.start()
            found.add(line)
    return found


def may_be_latin_mojibake(text: str) -> bool:
    """Cheap, exact pre-screen: False means ftfy's encoding repair would do nothing."""
    return has_signature(text) and is_bad(text)


_C1 = re.compile("[\x80-\x9f]")
#: C1 controls whose Windows-1252 reading is punctuation: € ‚ „ … † ‡ ‰ ‹ ‘ ’ “ ” • – — ™ ›.
#: Only these are read as Windows-1252 on their own; a lone C1 byte that would become a letter
#: (Ž, Œ, š…) is as likely a control code from another codec (EBCDIC, for one).
_C1_PUNCT = frozenset("\x80\x82\x84\x85\x86\x87\x89\x8b\x91\x92\x93\x94\x95\x96\x97\x99\x9b")


def _rule_names(plan: list[tuple[str, str]]) -> list[str]:
    """Name ftfy's plan the way ``changes`` does: ``utf8-as-cp1252``, ``c1-as-cp1252``…"""
    names: list[str] = []
    encoding = None
    for action, arg in plan:
        if action == "encode":
            encoding = _SHORT.get(arg, arg)
        elif action == "decode" and encoding is not None:
            if arg.startswith("utf-8"):
                names.append(f"utf8-as-{encoding}")
            else:  # latin-1 text holding C1 controls, meant as Windows-1252
                names.append("c1-as-cp1252")
            encoding = None
        elif arg == "decode_inconsistent_utf8":
            names.append("utf8-mixed")
        elif arg == "fix_c1_controls":
            names.append("c1-as-cp1252")
        elif arg in ("restore_byte_a0", "replace_lossy_sequences"):
            names.append(arg.replace("_", "-"))
    return names


def repair_latin(line: str) -> tuple[str, dict[str, int], bool]:
    """Repair Latin mojibake in one line; returns (line, {rule: count}, lossy?).

    ``lossy`` is True when ftfy had to replace a damaged sequence by U+FFFD.
    """
    if not may_be_latin_mojibake(line):
        return line, {}, False
    fixed, plan = ftfy.fix_encoding_and_explain(line, CONFIG)
    if fixed == line or not plan:
        return line, {}, False
    counts: dict[str, int] = {}
    for name in _rule_names([(step.action, step.parameter) for step in plan]):
        counts[name] = counts.get(name, 0) + 1
    if set(counts) == {"c1-as-cp1252"} and not _C1_PUNCT.issuperset(_C1.findall(line)):
        return line, {}, False
    return fixed, counts, "replace-lossy-sequences" in counts
