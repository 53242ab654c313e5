"""Loaders for the boilerplate data files (chrome lexicon, stoplists, CJK function characters).

Tables live in ``textclean/data/boilerplate`` so they can be read, reviewed and extended without
touching code; each is parsed once and cached.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import regex

from .memo import data_index


def _dir():  # type: ignore[no-untyped-def]
    return resources.files("textclean") / "data" / "boilerplate"


def _read(name: str) -> str:
    return (_dir() / name).read_text("utf-8")


def _data_lines(text: str) -> list[str]:
    return [ln for ln in text.split("\n") if ln.strip() and not ln.lstrip().startswith("#")]


def entries(name: str) -> list[str]:
    """The entries of a one-entry-per-line data file: its lines without comments and blanks,
    stripped."""
    return [ln.strip() for ln in _data_lines(_read(name))]


@cache
def meta_keys() -> dict[str, str]:
    """Key of a ``key：value`` metadata line (lower-cased) → the field it gives (``site``,
    ``author``, ``published``), ``other`` or ``event`` (a date of the story: Born, Died)."""
    out = {}
    for line in _data_lines(_read("meta_keys.tsv")):
        field, key = line.split("\t")
        out[key.strip().lower()] = field.strip()
    return out


@dataclass(frozen=True)
class ChromeEntry:
    """One lexicon pattern: ``rule`` id, ``zone`` (any/head/tail), ``max_len``, the pattern and
    ``needs``: lower-case strings of which a matching line contains at least one (empty: no
    screen). The screen is a substring test, far cheaper than a pattern that starts with
    ``.{0,80}`` and so is tried at every offset."""

    rule: str
    zone: str
    max_len: int
    pattern: regex.Pattern[str]
    needs: tuple[str, ...] = ()

    def matches(self, norm: str) -> bool:
        if self.needs and screen(self.needs).search(norm) is None:
            return False
        return self.pattern.fullmatch(norm) is not None


@cache
def screen(needs: tuple[str, ...]) -> re.Pattern[str]:
    """The ``needs`` strings as one literal alternation (a single scan in C)."""
    return re.compile("|".join(re.escape(n) for n in needs))


@cache
def chrome_entries() -> tuple[ChromeEntry, ...]:
    out = []
    for line in _data_lines(_read("chrome.tsv")):
        rule, zone, max_len, pattern, *needs = line.split("\t")
        screen = tuple(n for n in needs[0].split("|") if n) if needs else ()
        out.append(ChromeEntry(rule, zone, int(max_len),
                               regex.compile(pattern, regex.I | regex.V1), screen))
    return tuple(out)


@cache
def chrome_groups() -> tuple[ChromeEntry, ...]:
    """Entries sharing rule, zone, length limit and screen, joined into one alternation (one
    match call per group), shortest limit first."""
    groups: dict[tuple[str, str, int, tuple[str, ...]], list[str]] = {}
    for e in chrome_entries():
        key = (e.rule, e.zone, e.max_len, e.needs)
        groups.setdefault(key, []).append(f"(?:{e.pattern.pattern})")
    return tuple(ChromeEntry(rule, zone, max_len, regex.compile("|".join(ps), regex.I | regex.V1),
                             needs)
                 for (rule, zone, max_len, needs), ps
                 in sorted(groups.items(), key=lambda kv: kv[0][2]))


@cache
def chrome_sequence() -> tuple[ChromeEntry, ...]:
    """The entries in the order of :func:`chrome_groups` (shortest limit first, then file
    order): the first entry that matches belongs to the first group that matches, and a line
    screened by its first character tries a few short patterns instead of long alternations."""
    order = {(g.rule, g.zone, g.max_len, g.needs): k for k, g in enumerate(chrome_groups())}
    entries = chrome_entries()
    return tuple(sorted(entries, key=lambda e: order[(e.rule, e.zone, e.max_len, e.needs)]))


@cache
def any_needs() -> re.Pattern[str]:
    """Every group's ``needs`` as one pattern: a line without any of them skips all screened
    groups after one scan (most lines; the per-group screens run only on a hit)."""
    # a line containing a need contains it without its edge spaces, and contains any need
    # that is part of it: those shorter strings screen as well with fewer alternatives
    needs = {n.strip() for e in chrome_groups() for n in e.needs}
    needs = {n for n in needs if not any(m != n and m in n for m in needs)}
    return re.compile(_trie(sorted(needs)))


def _trie(words: list[str]) -> str:
    """An alternation of ``words`` with shared prefixes factored out (``a(?:b|c)``): at each
    position the engine tries one branch per distinct next character, not every word."""
    root: dict[str, Any] = {}
    for w in words:
        node = root
        for c in w:
            node = node.setdefault(c, {})
        node[""] = {}

    def build(node: dict[str, Any]) -> str:
        if "" in node:  # a whole word ends here: enough for a screen
            return ""
        alts = [re.escape(c) + build(child) for c, child in sorted(node.items())]
        return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"

    return build(root)


def could_start(entry: ChromeEntry, first: str) -> bool:
    """Whether a line starting with ``first`` can match ``entry`` (the engine's own partial
    match, so case folding counts exactly as in the full match)."""
    return entry.pattern.fullmatch(first, partial=True) is not None


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


@data_index
def needs_screen(needs: frozenset[str]) -> re.Pattern[str] | None:
    """A screen for ``needs`` built as :func:`any_needs` (None for none): a line holds one of
    them exactly when it matches."""
    stripped = {n.strip() for n in needs}
    stripped = {n for n in stripped if not any(m != n and m in n for m in stripped)}
    return re.compile(_trie(sorted(stripped))) if stripped else None
