"""The ``script`` stage: Simplified/Traditional conversion with OpenCC, and Han clean-up.

Why it is careful:

* OpenCC converts every Han character it sees, so Japanese kanji and Korean hanja would be
  "simplified" too. Conversion is therefore fed only the Chinese parts: a sentence (within a line)
  holding kana or Hangul is left alone, and a document that is mostly Japanese or Korean is not
  converted at all. The ``t2jp``/``jp2t`` configs exist *for* Japanese text, so for them only the
  Korean guard applies.
* Everything else goes to OpenCC in whole lines, so the output is exactly OpenCC's own: its
  dictionaries hold phrases with Latin letters, ``-`` and ``·`` (``U盘``, ``SQL注入``, names), but
  never a line break or sentence-final mark, which is where we cut.
* PDF/OCR extraction produces Kangxi radicals (``⼈⼯`` for 人工) and CJK compatibility
  ideographs; both are folded to the unified ideograph (tables derived from ``unicodedata`` by
  ``scripts/build_han_tables.py``) when they sit among Han characters. Compatibility ideographs
  in a line with Hangul stay: Korean uses them to keep distinct readings of names.
* Standardized variation selectors (U+FE00–U+FE0F) after a Han character are scrape noise and
  are stripped (they stay after emoji and other symbols, and in Hangul lines). Ideographic
  variation sequences (U+E0100–U+E01EF) are deliberate glyph choices and are kept.

Option ``script``: ``zh-Hans`` → ``t2s`` (default), ``zh-Hant`` → ``s2t``, ``zh-TW`` → ``s2tw``
(characters and Taiwan variant forms only; ``s2twp`` also rewrites vocabulary such as 软件→軟體,
which is translation rather than script, so it must be asked for by name), ``zh-HK`` → ``s2hk``,
``keep`` (no conversion), or any OpenCC config name (``t2s``, ``s2twp.json`` …) passed through.
"""

from __future__ import annotations

import functools
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
_SENTENCE = regex.compile(r"[^。！？!?；;]*(?:[。！？!?；;]+|$)")
_SUSPECT = regex.compile(
    r"[\u2e80-\u2fdf\uf900-\ufaff\U0002f800-\U0002fa1f\ufe00-\ufe0f]"
)
_VS_AFTER_HAN = regex.compile(r"(?<=[\p{Han}--\p{Radical}])[\ufe00-\ufe0f]+", regex.V1)
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


def _lookalike_installed() -> str | None:
    """Name of a look-alike distribution providing the ``opencc`` import, if any."""
    from importlib import metadata

    try:
        dists = metadata.packages_distributions().get("opencc", [])
    except Exception:  # broken metadata must not hide the real problem
        dists = []
    for d in dists:
        if d.lower().replace("_", "-") in LOOKALIKES:
            return d
    return None


@functools.cache
def _opencc_module():  # type: ignore[no-untyped-def]
    """The official binding, or a clear error saying what to (un)install."""
    fix = "pip install --force-reinstall opencc"
    try:
        import opencc
    except ImportError as e:
        raise OpenCCUnavailable(f"OpenCC is not installed; run `{fix}`") from e
    lookalike = _lookalike_installed()
    if lookalike or not hasattr(opencc, "CONFIGS"):
        what = lookalike or "a package that is not the official binding"
        raise OpenCCUnavailable(
            f"the `opencc` module comes from {what}, which shadows the official OpenCC binding; "
            f"run `pip uninstall {lookalike or 'opencc-python-reimplemented opencc-py'}` "
            f"then `{fix}`"
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
        return opencc.OpenCC(config + ".json").convert
    except Exception as e:
        known = ", ".join(sorted(c.removesuffix(".json") for c in opencc.CONFIGS))
        raise ValueError(f"unknown OpenCC config {config!r} (known: {known}, or zh-Hans, "
                         "zh-Hant, zh-TW, zh-HK, keep)") from e


def _foreign_document(text: str, japanese_ok: bool) -> bool:
    """Mostly Japanese (kana ≥ 10% of Han+kana) or Korean (more Hangul than Han)."""
    sample = text[:50000]
    han = len(_HAN.findall(sample))
    kana = 0 if japanese_ok else len(_KANA.findall(sample))
    hangul = len(_HANGUL.findall(sample))
    return bool(kana and kana >= 0.1 * (han + kana)) or hangul > han


def _foreign(piece: str, japanese_ok: bool) -> bool:
    return bool(_HANGUL.search(piece)) or (not japanese_ok and bool(_KANA.search(piece)))


def chinese_pieces(line: str, japanese_ok: bool = False) -> list[tuple[int, int]]:
    """Spans of ``line`` that may be converted: the whole line, or its sentences without kana
    or Hangul."""
    if not _foreign(line, japanese_ok):
        return [(0, len(line))]
    spans = []
    for m in _SENTENCE.finditer(line):
        if m.end() > m.start() and _HAN.search(m.group()) and not _foreign(m.group(), japanese_ok):
            spans.append(m.span())
    return spans


def convert_script(text: str, config: str) -> tuple[str, int]:
    """Convert the Chinese parts of ``text`` with OpenCC ``config``; returns (text, chars changed)."""
    japanese_ok = config in _JAPANESE_CONFIGS
    if not _HAN.search(text) or _foreign_document(text, japanese_ok):
        return text, 0
    lines = text.split("\n")
    jobs: list[tuple[int, int, int]] = []  # (line, start, end)
    for i, line in enumerate(lines):
        if _HAN.search(line):
            jobs.extend((i, s, e) for s, e in chinese_pieces(line, japanese_ok))
    if not jobs:
        return text, 0
    pieces = [lines[i][s:e] for i, s, e in jobs]
    convert = converter(config)
    out = convert("\n".join(pieces)).split("\n")
    if len(out) != len(pieces):  # never expected; stay exact by converting one at a time
        out = [convert(p) for p in pieces]
    changed = 0
    for (i, s, e), old, new in reversed(list(zip(jobs, pieces, out, strict=True))):
        if old != new:
            changed += _diff_count(old, new)
            lines[i] = lines[i][:s] + new + lines[i][e:]
    return "\n".join(lines), changed


def _diff_count(old: str, new: str) -> int:
    if len(old) == len(new):
        return sum(a != b for a, b in zip(old, new, strict=True))
    return max(1, abs(len(old) - len(new)))


def normalize_han(text: str) -> tuple[str, dict[str, int]]:
    """Fold Kangxi radicals and compatibility ideographs, strip variation selectors after Han."""
    if not _SUSPECT.search(text):
        return text, {}
    kangxi, compat = _tables()
    counts = {"kangxi-radical": 0, "compat-ideograph": 0, "variation-selector": 0}
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if not _SUSPECT.search(line):
            continue
        korean = bool(_HANGUL.search(line))
        has_han = bool(_HAN.search(line))

        def fold(m: regex.Match[str], has_han: bool = has_han, korean: bool = korean) -> str:
            run = m.group()
            if len(run) < 2 and not has_han:  # a lone radical in a line of radicals: a chart
                return run
            out = []
            for ch in run:
                if ch in kangxi:
                    counts["kangxi-radical"] += 1
                    ch = kangxi[ch]
                elif ch in compat and not korean:
                    counts["compat-ideograph"] += 1
                    ch = compat[ch]
                out.append(ch)
            return "".join(out)

        line = _RADICAL_RUN.sub(fold, line)
        if not korean:
            line, n = _VS_AFTER_HAN.subn("", line)
            counts["variation-selector"] += n
        lines[i] = line
    return "\n".join(lines), {k: v for k, v in counts.items() if v}


@stage("script", script="zh-Hans")
def convert_stage(text: str, ctx: Context) -> StageResult:
    text, changes = normalize_han(text)
    config = config_name(str(ctx.option("script", "zh-Hans")))
    if config:
        text, n = convert_script(text, config)
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
