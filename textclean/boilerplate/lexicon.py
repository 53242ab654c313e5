"""Loaders for the boilerplate data files (chrome lexicon, stoplists, CJK function characters).

Tables live in ``textclean/data/boilerplate`` so they can be read, reviewed and extended without
touching code; each is parsed once and cached.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

import regex


def _dir():  # type: ignore[no-untyped-def]
    return resources.files("textclean") / "data" / "boilerplate"


def _read(name: str) -> str:
    return (_dir() / name).read_text("utf-8")


def _data_lines(text: str) -> list[str]:
    return [ln for ln in text.split("\n") if ln.strip() and not ln.lstrip().startswith("#")]


@dataclass(frozen=True)
class ChromeEntry:
    """One lexicon pattern: ``rule`` id, ``zone`` (any/head/tail), ``max_len`` and the pattern."""

    rule: str
    zone: str
    max_len: int
    pattern: regex.Pattern[str]


@cache
def chrome_entries() -> tuple[ChromeEntry, ...]:
    out = []
    for line in _data_lines(_read("chrome.tsv")):
        rule, zone, max_len, pattern = line.split("\t", 3)
        out.append(ChromeEntry(rule, zone, int(max_len),
                               regex.compile(pattern, regex.I | regex.V1)))
    return tuple(out)


@cache
def chrome_groups() -> tuple[ChromeEntry, ...]:
    """Entries sharing rule, zone and length limit, joined into one alternation (fast path)."""
    groups: dict[tuple[str, str, int], list[str]] = {}
    for e in chrome_entries():
        groups.setdefault((e.rule, e.zone, e.max_len), []).append(f"(?:{e.pattern.pattern})")
    return tuple(ChromeEntry(rule, zone, max_len, regex.compile("|".join(ps), regex.I | regex.V1))
                 for (rule, zone, max_len), ps in sorted(groups.items(), key=lambda kv: kv[0][2]))


@cache
def stoplists() -> dict[str, frozenset[str]]:
    """Language name → stopwords (lower case)."""
    base = _dir() / "stopwords"
    out = {}
    for entry in sorted(base.iterdir(), key=lambda p: p.name):
        if entry.name.endswith(".txt"):
            words = _data_lines(entry.read_text("utf-8"))
            out[entry.name[:-4]] = frozenset(w.strip() for w in words)
    return out


@cache
def cjk_function_chars() -> frozenset[str]:
    """The listed (Simplified) characters plus their Traditional forms from OpenCC, so that a
    page scores the same before and after script conversion (這個 and 这个 alike)."""
    from ..chinese import converter  # lazy: OpenCC loads dictionaries

    chars: set[str] = set()
    for line in _data_lines(_read("cjk_function_chars.txt")):
        chars.update(c for c in line if not c.isspace())
    to_traditional = converter("s2t")
    chars.update(t for c in list(chars) for t in to_traditional(c) if not t.isspace())
    return frozenset(chars)
