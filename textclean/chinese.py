"""The ``script`` stage: Simplified/Traditional conversion with OpenCC, and Han clean-up.

Why it is careful:

* OpenCC converts every Han character it sees, so Japanese kanji and Korean hanja would be
  "simplified" too. What counts as Japanese or Korean: a sentence (within a line) with kana or
  Hangul outside brackets and quotes; a line within two non-blank lines of such a line (headings,
  dates and kanji-only lines between Japanese paragraphs); a whole document whose kana are ≥ 10%
  of Han+kana, or with more Hangul than Han. A kana gloss inside a Chinese sentence
  (``忘年会（ぼうねんかい）``) does not make it Japanese; the gloss itself is left alone. The
  ``t2jp``/``jp2t`` configs exist *for* Japanese text, so for them only the Korean guard applies.
* Everything else goes to OpenCC in whole lines (the whole text when it has no kana or Hangul),
  so the output is exactly OpenCC's own: its dictionaries hold phrases with Latin letters, ``-``
  and ``·`` (``U盘``, ``SQL注入``, transliterated names), so cutting at Latin text would change
  results, but never a line break or sentence-final mark, which is where we cut. The fast path
  is "no Han character at all": which Han characters a config can change (phrases included)
  is only known to OpenCC's compiled dictionaries.
* PDF/OCR extraction produces Kangxi radicals (``⼈⼯`` for 人工); they are folded to the unified
  ideograph among Han characters (a lone radical in a line without other Han, a radical chart,
  stays). CJK compatibility ideographs are folded in the Chinese parts only: Korean uses them
  to keep distinct readings of names, Japanese for IBM/NEC extension kanji. (OpenCC itself folds
  them too in the parts it converts.) Tables: derived from ``unicodedata`` NFKC by
  ``scripts/build_han_tables.py``.
* Standardized variation selectors (U+FE00–U+FE0F) after a Han character in the Chinese parts
  are scrape noise and are stripped (they stay after emoji and other symbols). Ideographic
  variation sequences (U+E0100–U+E01EF) are deliberate glyph choices and are kept.

Option ``script``: ``zh-Hans`` → ``t2s`` (default), ``zh-Hant`` → ``s2t``, ``zh-TW`` → ``s2tw``
(characters and Taiwan variant forms only; ``s2twp`` also rewrites vocabulary such as 软件→軟體,
which is translation rather than script, so it must be asked for by name), ``zh-HK`` → ``s2hk``,
``keep`` (no conversion), or any OpenCC config name (``t2s``, ``s2twp.json`` …) passed through.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable
from importlib import resources

import regex

from .stage import Context, StageResult, stage

ALIASES = {"zh-Hans": "t2s", "zh-Hant": "s2t", "zh-TW": "s2tw", "zh-HK": "s2hk"}
LOOKALIKES = ("opencc-python-reimplemented", "opencc-py")
_JAPANESE_CONFIGS = {"t2jp", "jp2t"}

_HAN = regex.compile(r"[\p{Han}--\p{Radical}--[\u3000-\u303f]]", regex.V1)
_KANA = regex.compile(r"[\p{Hiragana}\p{Katakana}--[\u30fb\u30fc\uff65\uff70]]", regex.V1)
_HANGUL = regex.compile(r"\p{Hangul}")
_KANA_OR_HANGUL = regex.compile(r"[\p{Hiragana}\p{Katakana}\p{Hangul}--[\u30fb\u30fc\uff65\uff70]]",
                                regex.V1)
#: Exact screen for _KANA_OR_HANGUL (a superset of it, tested over every code point): the
#: stdlib ``re`` scans a class of plain ranges many times faster than ``regex`` a set operation.
_MAY_BE_KANA_OR_HANGUL = re.compile(
    "[\u1100-\u11ff\u302e\u302f\u3041-\u30fa\u30fd-\u30ff\u3131-\u318e\u31f0-\u321e\u3260-\u327e"
    "\u32d0-\u3357\ua960-\ua97c\uac00-\ud7fb\uff66-\uffdc\U0001aff0-\U0001b2ff\U0001f200]")
#: Exact screen for _HAN: every Han character is at or above U+2E80 (tested).
_MAY_BE_HAN = re.compile("[^\x00-\u2e7f]")
_NEWLINE = regex.compile(r"\n")
# What OpenCC cannot take: lone surrogates (not UTF-8) and NUL (some configs stop there).
_SURROGATE = regex.compile(r"[\ud800-\udfff\x00]")
_SURROGATE_SPLIT = regex.compile(r"([\ud800-\udfff\x00]+)")
_GLOSS = regex.compile(r"（[^（）\n]*）|\([^()\n]*\)|「[^「」\n]*」|『[^『』\n]*』|“[^“”\n]*”"
                       r"|《[^《》\n]*》|【[^【】\n]*】|\"[^\"\n]*\"")
_SENTENCE = regex.compile(r"[^。！？!?；;]*(?:[。！？!?；;]+|$)")
_SUSPECT = re.compile(  # literal ranges: the stdlib ``re`` scans them fastest
    r"[\u2e80-\u2fdf\uf900-\ufaff\U0002f800-\U0002fa1f\ufe00-\ufe0f]"
)
#: Exact screen for _SUSPECT and _MAY_BE_KANA_OR_HANGUL together (one scan).
_MAY_BE_SPECIAL = re.compile(_SUSPECT.pattern[:-1] + _MAY_BE_KANA_OR_HANGUL.pattern[1:])
_VS_AFTER_HAN = regex.compile(r"(?<=[\p{Han}--\p{Radical}])[\ufe00-\ufe0f]+", regex.V1)
_RADICAL = regex.compile(r"[\u2e80-\u2fdf]")
_COMPAT_OR_VS = regex.compile(r"[\uf900-\ufaff\U0002f800-\U0002fa1f\ufe00-\ufe0f]")
_RADICAL_RUN = regex.compile(r"[\p{Han}\u2e80-\u2fdf]+")


class OpenCCUnavailable(RuntimeError):
    """The official OpenCC binding is missing or shadowed by a look-alike package."""


def _load_table(name: str) -> dict[str, str]:
    text = resources.files("textclean").joinpath(f"data/chinese/{name}").read_text("utf-8")
    pairs = (line.split("\t") for line in text.splitlines() if line and not line.startswith("#"))
    return {chr(int(s, 16)): chr(int(t, 16)) for s, t in pairs}


@functools.cache
def _tables() -> tuple[dict[str, str], dict[str, str]]:
    return _load_table("kangxi.tsv"), _load_table("compat.tsv")


def _lookalikes_installed() -> list[str]:
    """Look-alike distributions that install an ``opencc`` module of their own."""
    from importlib import metadata

    found = []
    for name in LOOKALIKES:
        try:
            metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        found.append(name)
    return found


def _is_official(module: object) -> bool:
    """The official binding wraps the C++ library (``opencc_clib``) and lists ``CONFIGS``;
    the pure-Python look-alikes have neither."""
    return hasattr(module, "CONFIGS") and (
        hasattr(module, "opencc_clib") or hasattr(module, "clib"))


@functools.cache
def _opencc_module():  # type: ignore[no-untyped-def]
    """The official binding, or a clear error saying what to (un)install."""
    fix = "pip install --force-reinstall opencc"
    try:
        import opencc
    except ImportError as e:
        raise OpenCCUnavailable(f"OpenCC is not installed; run `{fix}`") from e
    if not _is_official(opencc):
        lookalikes = _lookalikes_installed() or list(LOOKALIKES)
        raise OpenCCUnavailable(
            f"the `opencc` module ({getattr(opencc, '__file__', '?')}) is not the official "
            f"OpenCC binding but a look-alike ({', '.join(lookalikes)}) that shadows it; run "
            f"`pip uninstall {' '.join(lookalikes)}` then `{fix}`"
        )
    return opencc


def config_name(script: str) -> str | None:
    """The OpenCC config (without ``.json``) for a ``script`` option; ``None`` for ``keep``."""
    if script in ("keep", "", None):
        return None
    return ALIASES.get(script, script).removesuffix(".json")


@functools.cache
def converter(config: str) -> Callable[[str], str]:
    """A cached ``convert`` function for ``config`` (building one loads dictionaries)."""
    opencc = _opencc_module()
    try:
        convert = opencc.OpenCC(config + ".json").convert
    except Exception as e:
        from .pipeline import OptionError  # lazy: the pipeline imports the stages

        known = ", ".join(sorted(c.removesuffix(".json") for c in opencc.CONFIGS))
        raise OptionError(f"unknown OpenCC config {config!r} (known: {known}, or zh-Hans, "
                         "zh-Hant, zh-TW, zh-HK, keep)") from e

    def safe(text: str) -> str:
        """OpenCC takes NUL-terminated UTF-8, so lone surrogates and NUL (never part of a
        dictionary entry) are stepped around."""
        if not _SURROGATE.search(text):
            return convert(text)
        return "".join(p if _SURROGATE.match(p) else convert(p)
                       for p in _SURROGATE_SPLIT.split(text) if p)

    return safe


def _foreign_document(text: str, japanese_ok: bool) -> bool:
    """Mostly Japanese (kana ≥ 10% of Han+kana) or Korean (more Hangul than Han)."""
    sample = text[:50000]
    han = len(_HAN.findall(sample))
    kana = 0 if japanese_ok else len(_KANA.findall(_GLOSS.sub("", sample)))  # not glosses
    hangul = len(_HANGUL.findall(sample))
    return bool(kana and kana >= 0.1 * (han + kana)) or hangul > han


def _foreign_span(piece: str, japanese_ok: bool) -> bool:
    return bool(_HANGUL.search(piece)) or (not japanese_ok and bool(_KANA.search(piece)))


def _foreign(piece: str, japanese_ok: bool) -> bool:
    """Japanese or Korean: kana or Hangul outside brackets and quotes. A Chinese sentence that
    glosses a word in kana, ``忘年会（ぼうねんかい）``, is still Chinese."""
    if not _foreign_span(piece, japanese_ok):
        return False
    outside = _GLOSS.sub("", piece)
    return _foreign_span(outside, japanese_ok) or not _HAN.search(outside)


def _without_glosses(start: int, piece: str, japanese_ok: bool) -> list[tuple[int, int]]:
    """``piece`` (at ``start``) cut around bracketed/quoted spans holding kana or Hangul."""
    spans, at = [], 0
    for m in _GLOSS.finditer(piece):
        if _foreign_span(m.group(), japanese_ok):
            spans.append((start + at, start + m.start()))
            at = m.end()
    spans.append((start + at, start + len(piece)))
    return [(a, b) for a, b in spans if b > a and _HAN.search(piece[a - start:b - start])]


def chinese_pieces(line: str, japanese_ok: bool = False) -> list[tuple[int, int]]:
    """Spans of ``line`` that may be converted: the line, or its sentences that are not
    Japanese or Korean, minus any kana/Hangul glosses in brackets."""
    if not _foreign(line, japanese_ok):
        return _without_glosses(0, line, japanese_ok)
    spans = []
    for m in _SENTENCE.finditer(line):
        if m.end() > m.start() and not _foreign(m.group(), japanese_ok):
            spans.extend(_without_glosses(m.start(), m.group(), japanese_ok))
    return spans


def _near(lines: list[str], i: int, reach: int) -> list[int]:
    """Up to ``reach`` non-blank lines on each side of line ``i``."""
    out: list[int] = []
    for step in (-1, 1):
        j, seen = i + step, 0
        while 0 <= j < len(lines) and seen < reach:
            if lines[j].strip():
                out.append(j)
                seen += 1
            j += step
    return out


def convertible(text: str, config: str, reach: int = 2) -> list[tuple[int, int]]:
    """``(start, end)`` offsets of the parts of ``text`` OpenCC ``config`` may convert.

    Lines with kana or Hangul are cut into their Chinese sentences (minus kana glosses); a line
    within ``reach`` non-blank lines of a Japanese or Korean line is Japanese or Korean too (a
    heading or date line between Japanese paragraphs); every other line is converted whole.
    """
    japanese_ok = config in _JAPANESE_CONFIGS
    if not _HAN.search(text) or _foreign_document(text, japanese_ok):
        return []
    starts = [0] + [m.end() for m in _NEWLINE.finditer(text)]
    lines = text.split("\n")
    marked = _HANGUL if japanese_ok else _KANA_OR_HANGUL
    special = {bisect.bisect_right(starts, m.start()) - 1 for m in marked.finditer(text)}
    skip = set()
    for i in special:
        if _foreign(lines[i], japanese_ok):
            skip.update(j for j in _near(lines, i, reach) if j not in special)
    spans: list[tuple[int, int]] = []
    plain_from = 0
    for i in sorted(special | skip):
        if starts[i] > plain_from:
            spans.append((plain_from, starts[i] - 1))
        if i not in skip:
            spans.extend((starts[i] + a, starts[i] + b)
                         for a, b in chinese_pieces(lines[i], japanese_ok))
        plain_from = starts[i] + len(lines[i]) + 1
    if plain_from < len(text):
        spans.append((plain_from, len(text)))
    return [(a, b) for a, b in spans if b > a]


def convert_script(text: str, config: str, maybe_foreign: bool = True) -> tuple[str, int]:
    """Convert the Chinese parts of ``text`` with OpenCC ``config``: (text, chars changed).
    ``maybe_foreign=False`` says the caller already knows ``text`` has no kana or Hangul."""
    if not (_MAY_BE_HAN.search(text) and _HAN.search(text)):
        return text, 0
    convert = _in_source_script(config)
    if not (maybe_foreign and _has_kana_or_hangul(text)):  # all Chinese: one call
        out = convert(text)  # OpenCC's output (the input itself when it changes nothing)
        return (out, _diff_count(text, out)) if out != text else (text, 0)
    parts: list[str] = []
    changed = at = 0
    for a, b in convertible(text, config):
        old = text[a:b]
        new = convert(old) if _HAN.search(old) else old
        if new != old:
            changed += _diff_count(old, new)
        parts += [text[at:a], new]
        at = b
    parts.append(text[at:])
    return "".join(parts), changed


def _in_source_script(config: str) -> Callable[[str], str]:
    """OpenCC, on the lines that hold a character the config converts on its own (a source-script
    character); other lines stay as written. OpenCC's phrase tables also rewrite characters
    that are already in the target script (t2s turns Simplified 打坏 into 打坯, as if it were the
    Traditional variant 坏 of 坯), so a clean Simplified line would change, and a line just
    converted could change again on a second run."""
    convert = converter(config)
    source = _source_chars(config)

    def apply(text: str) -> str:
        out = convert(text)
        if out == text:
            return text
        old, new = text.split("\n"), out.split("\n")
        if len(old) != len(new):
            return out
        return "\n".join(b if a == b or source.search(a) else a
                         for a, b in zip(old, new, strict=True))

    return apply


@functools.cache
def _source_chars(config: str) -> CharClass:
    """The Han characters ``config`` converts when they stand alone, as one character class
    (asked of OpenCC itself, so it follows the installed dictionaries)."""
    han = [chr(c) for lo, hi in _HAN_BLOCKS for c in range(lo, hi + 1)]
    out = converter(config)("\n".join(han)).split("\n")
    changed = [a for a, b in zip(han, out, strict=True) if a != b] if len(out) == len(han) else han
    return CharClass(changed)


def _class(chars: list[str]) -> re.Pattern[str]:
    return re.compile("[" + "".join(re.escape(c) for c in chars) + "]" if chars else "(?!)")


_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


class CharClass:
    """A set of characters to search for, as two stdlib classes. The stdlib ``re`` keeps the
    BMP part of a class as a bitmap but tests its characters beyond U+FFFF one by one, for
    every character scanned; hundreds of extension-B characters made one search ~100× slower.
    Astral characters are looked for only in text that has some."""

    def __init__(self, chars: list[str]) -> None:
        self.chars = tuple(chars)
        self.bmp = _class([c for c in chars if c <= "\uffff"])
        self.astral = _class([c for c in chars if c > "\uffff"])

    def search(self, text: str) -> bool:
        return bool(self.bmp.search(text) or (_ASTRAL.search(text) and self.astral.search(text)))


#: Where Han characters are (the unified blocks, extensions and compatibility ideographs).
_HAN_BLOCKS = ((0x2E80, 0x2FDF), (0x3005, 0x3007), (0x3021, 0x3029), (0x3038, 0x303B),
               (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x323AF))


#: Exact screen for _MAY_BE_SPECIAL and _MAY_BE_HAN together (every character either looks for
#: is in U+1100–U+11FF or from U+2E80 on; tested over every code point): two plain ranges, which
#: pass over Latin text and its punctuation (U+2000–U+206F) fastest.
_MAY_MATTER = re.compile("[\u1100-\u11ff\u2e80-\U0010ffff]")


def _may_be_special(text: str) -> bool:
    """Exact screen for normalize_han (_SUSPECT) and kana/Hangul together."""
    return bool(_MAY_BE_SPECIAL.search(text))


def _has_kana_or_hangul(text: str) -> bool:
    return bool(_MAY_BE_KANA_OR_HANGUL.search(text) and _KANA_OR_HANGUL.search(text))


#: Byte → 0 if zero else 1, and the block size (for :func:`_diff_count`).
_NONZERO = bytes([0] + [1] * 255)
_BLOCK = 2048


def _diff_count(old: str, new: str) -> int:
    """Characters that differ (position by position when the lengths agree).

    Counted in C: blocks that are equal (most, where OpenCC changed a few characters) are
    skipped by one comparison each; in the others, the XOR of the two UTF-32 encodings is zero
    exactly where the characters agree, and mapping each byte to 0/1 makes every 4-byte unit a
    valid code point (≤ U+010101), non-zero exactly where they differ.
    """
    if len(old) != len(new):
        return max(1, abs(len(old) - len(new)))
    n = 0
    for at in range(0, len(old), _BLOCK):
        a, b = old[at:at + _BLOCK], new[at:at + _BLOCK]
        if a != b:
            x = int.from_bytes(a.encode("utf-32-le", "surrogatepass"), "little")
            y = int.from_bytes(b.encode("utf-32-le", "surrogatepass"), "little")
            units = (x ^ y).to_bytes(4 * len(a), "little").translate(_NONZERO).decode("utf-32-le")
            n += len(units) - units.count("\0")
    return n


def normalize_han(text: str) -> tuple[str, dict[str, int]]:
    """Fold Kangxi radicals among Han; fold compatibility ideographs and strip variation
    selectors after Han in the Chinese parts only (Japanese and Korean use both on purpose)."""
    if not _SUSPECT.search(text):
        return text, {}
    kangxi, compat = _tables()
    counts = {"kangxi-radical": 0, "compat-ideograph": 0, "variation-selector": 0}
    if _RADICAL.search(text):
        lines = text.split("\n")
        for i, line in enumerate(lines):
            if _RADICAL.search(line):
                lines[i] = _fold_radicals(line, kangxi, counts)
        text = "\n".join(lines)
    if _COMPAT_OR_VS.search(text):
        spans = ([(0, len(text))] if not _has_kana_or_hangul(text)
                 else convertible(text, "t2s"))
        parts, at = [], 0
        for a, b in spans:
            piece = text[a:b]
            if _COMPAT_OR_VS.search(piece):
                piece = _fold_compat(piece, compat, counts)
            parts += [text[at:a], piece]
            at = b
        parts.append(text[at:])
        text = "".join(parts)
    return text, {k: v for k, v in counts.items() if v}


def _fold_radicals(line: str, kangxi: dict[str, str], counts: dict[str, int]) -> str:
    """Radicals in a run of Han characters; a lone radical in a line without other Han (a
    radical chart) stays. Two rounds: folding ``⼈⼈`` gives the line the Han that makes a lone
    ``⼈`` later in it Han context too."""
    for _ in range(2):
        has_han = bool(_HAN.search(line))

        def fold(m: regex.Match[str], has_han: bool = has_han) -> str:
            run = m.group()
            if len(run) < 2 and not has_han:
                return run
            n = sum(ch in kangxi for ch in run)
            counts["kangxi-radical"] += n
            return "".join(kangxi.get(ch, ch) for ch in run) if n else run

        line = _RADICAL_RUN.sub(fold, line)
        if has_han or not _RADICAL.search(line):
            break
    return line


def _fold_compat(piece: str, compat: dict[str, str], counts: dict[str, int]) -> str:
    out = []
    for ch in piece:
        if ch in compat:
            counts["compat-ideograph"] += 1
            ch = compat[ch]
        out.append(ch)
    piece, n = _VS_AFTER_HAN.subn("", "".join(out))
    counts["variation-selector"] += n
    return piece


@stage("script", script="zh-Hans")
def convert_stage(text: str, ctx: Context) -> StageResult:
    # One scan for what both steps look for first; most documents have none of it. (Folding
    # makes no kana or Hangul, so the answer holds for the folded text too.)
    if not _MAY_MATTER.search(text):  # the common English page: nothing either step acts on
        return StageResult(text=text)
    special = _may_be_special(text)
    text, changes = normalize_han(text) if special else (text, {})
    config = config_name(str(ctx.option("script", "zh-Hans")))
    if config:
        text, n = convert_script(text, config, maybe_foreign=special)
        if n:
            changes[f"opencc-{config}"] = n
    return StageResult(text=text, changes=changes)


STAGE = convert_stage


def is_traditional(text: str) -> bool:
    """Whether ``text`` is written in Traditional characters: more of its Han characters change
    under t2s than under s2t."""
    sample = "".join(_HAN.findall(text[:20000]))
    if not sample:
        return False
    to_simp = _diff_count(sample, converter("t2s")(sample))
    to_trad = _diff_count(sample, converter("s2t")(sample))
    return to_simp > to_trad
