"""Markup residue in text that was meant to be plain: front matter, Markdown, HTML entities.

Front matter is metadata, so its fields move into the record and its lines into ``removed``.
Inline Markdown keeps its words and loses its syntax: ``[text](url)`` → ``text``,
``**bold**`` → ``bold``, ``# Heading`` → ``Heading``; an image keeps nothing but is recorded.
"""

from __future__ import annotations

import functools
import html
import unicodedata
from html.entities import html5

import regex

from ..dates import to_iso
from ..record import Removed
from ..stage import Context, StageResult, stage

_FRONT_MATTER = regex.compile(r"\A---[ \t]*\n((?:.*\n){0,60}?)---[ \t]*(?:\n|\Z)")
_FM_FIELD = regex.compile(r"^([A-Za-z_][\w-]*)[ \t]*:[ \t]*(.*?)[ \t]*$")
_FM_KEYS = {"title": "title", "date": "published", "published": "published", "author": "author",
            "authors": "author", "source": "site", "site": "site"}
_IMAGE = regex.compile(r"!\[([^\]\n]{0,300})\]\((?:[^()\s]|\([^()\s]*\)){1,2000}"
                       r"(?:\s+\"[^\"\n]*\")?\)")
_LINK = regex.compile(r"(?<!!)\[([^\]\n]{1,500})\]\((?:https?://|/|\.{1,2}/|mailto:|#)"
                      r"(?:[^()\s]|\([^()\s]*\)){0,2000}(?:\s+\"[^\"\n]*\")?\)")
# The body cannot run past the next delimiter: otherwise every ``**`` that fails to close scans
# 500 characters ahead (a line of ``**a **a …`` cost ~500 steps per character).
_BOLD = regex.compile(r"(\*\*|__)(?=\S)((?:(?!\1)[^\n]){1,500}?)(?<=\S)\1")
_HEADING = regex.compile(r"^#{1,6}[ \t]+(?=\S)", regex.M)
# An escaped ampersand chain (``&amp;amp;lt;``) is resolved in one match: a pass per level would
# make a long chain quadratic. Group 1 is the entity at the end of the chain.
_ENTITY = regex.compile(r"&(?:(?:amp|AMP|#0*38|#[xX]0*26);)*"
                        r"(#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_ENTITY_SPLIT = regex.compile(f"({_ENTITY.pattern})")  # group 1: the entity, 2: its name
# What an entity may encode but the text must not hold (the unicode stage ran before us):
# line breaks become a space, controls and invisible junk go, exotic spaces become a space.
_ENTITY_BREAK = regex.compile("[\n\r\x0b\x0c\x85\u2028\u2029\u00a0\u2000-\u200a\u202f\u205f]")
_ENTITY_JUNK = regex.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\u200b\u2060\u180e\ufeff\u00ad"
                             "\ufffc\ud800-\udfff]")


@stage("markup")
def strip_markup(text: str, ctx: Context) -> StageResult:
    changes: dict[str, int] = {}
    meta: dict[str, str] = {}
    removed: list[Removed] = []
    origin = None
    offset = 0
    fm = _FRONT_MATTER.match(text)
    if fm and _is_front_matter(fm.group(1)):
        block = fm.group(0)
        n_lines = block.rstrip("\n").count("\n") + 1
        for i, line in enumerate(block.rstrip("\n").split("\n")):
            removed.append(Removed(line, "front-matter", i + 1))
        meta = _front_matter_fields(fm.group(1))
        rest = text[fm.end():]
        # nothing after the block: the one (empty) line left stands where the block ended
        origin = (tuple(range(n_lines, n_lines + rest.count("\n") + 1)) if rest
                  else (n_lines - 1,))
        text, offset = rest, n_lines
        changes["front-matter"] = 1
    # To a fixed point: removing one layer can expose another (``**__x__**``, an entity that
    # spells ``**``). Every pass that changes something makes the text shorter, so it ends.
    new, more, images = _inline_pass(text, offset)
    removed.extend(images)
    _add(changes, more)
    if new != text:
        text = _settle_lines(text, new, offset, changes, removed)
    return StageResult(text=text, changes=changes, removed=tuple(removed), line_origin=origin,
                       meta=meta)


#: The order _inline_pass reports its rules in.
_RULE_ORDER = ("md-link", "md-bold", "md-heading", "md-image", "html-entity")


def _add(changes: dict[str, int], more: dict[str, int]) -> None:
    for rule, n in more.items():
        changes[rule] = changes.get(rule, 0) + n


def _settle_lines(before: str, text: str, offset: int, changes: dict[str, int],
                  removed: list[Removed]) -> str:
    """The passes after the first, on the lines that still change.

    Every inline rule acts within one line and never makes or removes a line break, so a pass
    over the whole text is a pass over each line; a line a pass left unchanged stays so. The
    one whole-text effect, NFC after an entity was replaced, is applied to every line as the
    whole-text pass would. Counts and images come out in the same order as whole-text passes.
    """
    lines = text.split("\n")
    dirty = [i for i, (a, b) in enumerate(zip(before.split("\n"), lines, strict=True)) if a != b]
    while dirty:
        counts: dict[str, int] = {}
        changed = []
        for i in dirty:
            new, more, images = _inline_pass(lines[i], offset + i)
            removed.extend(images)
            _add(counts, more)
            if new != lines[i]:
                lines[i] = new
                changed.append(i)
        if counts.get("html-entity"):  # the whole-text pass normalizes every line then
            for i, line in enumerate(lines):
                if not unicodedata.is_normalized("NFC", line):
                    lines[i] = unicodedata.normalize("NFC", line)
                    changed.append(i)
        _add(changes, {rule: counts[rule] for rule in _RULE_ORDER if rule in counts})
        dirty = sorted(set(changed))
    return "\n".join(lines)


def _inline_pass(text: str, offset: int) -> tuple[str, dict[str, int], list[Removed]]:
    changes: dict[str, int] = {}
    for rule, pattern, repl, needles in (
        ("md-link", _LINK, r"\1", ("](",)),
        ("md-bold", _BOLD, r"\2", ("**", "__")),
        ("md-heading", _HEADING, "", ("#",)),
    ):
        if not may_contain(text, needles):
            continue
        text, n = pattern.subn(repl, text)
        if n:
            changes[rule] = n
    text, images = _take_images(text, offset)
    if images:
        changes["md-image"] = len(images)
    text, n = _unescape_all(text)
    if n:
        changes["html-entity"] = n
    return text, changes, images


def may_contain(text: str, needles: tuple[str, ...]) -> bool:
    """Exact screen: every match of the pattern holds one of these literal strings."""
    return any(n in text for n in needles)


def _is_front_matter(body: str) -> bool:
    """Every non-blank line is ``key: value`` (or a YAML list item under one)."""
    lines = [ln for ln in body.split("\n") if ln.strip()]
    return bool(lines) and all(_FM_FIELD.match(ln) or ln.lstrip().startswith("- ") for ln in lines)


def _front_matter_fields(body: str) -> dict[str, str]:
    meta: dict[str, str] = {}
    for line in body.split("\n"):
        m = _FM_FIELD.match(line)
        if m and m.group(1).lower() in _FM_KEYS and m.group(2):
            key = _FM_KEYS[m.group(1).lower()]
            value = m.group(2).strip().strip("\"'")
            value = to_iso(value) if key == "published" else value
            if value:
                meta.setdefault(key, value)
    return meta


def _take_images(text: str, offset: int) -> tuple[str, list[Removed]]:
    found: list[Removed] = []
    if "![" not in text:
        return text, found
    out = []
    for n, line in enumerate(text.split("\n"), 1):
        if not may_contain(line, ("![",)):  # every image starts so: most lines need no regex
            out.append(line)
            continue
        for m in _IMAGE.finditer(line):
            found.append(Removed(m.group(0), "md-image", n + offset))
        out.append(_IMAGE.sub("", line))
    return "\n".join(out), found


def _unescape_all(text: str) -> tuple[str, int]:
    """Entities to characters, to a fixed point: double-escaped ``&amp;amp;`` is common.
    Terminates: every replacement is shorter than the entity it replaces (so a pass that
    replaces anything changes the text).

    Each pass splits the text at the entities and maps the (cached) resolution over their names:
    the same replacements as ``_ENTITY.sub`` without a Python call per entity.
    """
    total = 0
    while "&" in text:
        parts = _ENTITY_SPLIT.split(text)  # text, (entity, name, text)*
        matches, names = parts[1::3], parts[2::3]
        resolved = list(map(_resolve, names))
        changed = sum(map(str.__ne__, resolved, matches))
        if not changed:
            break
        parts[1::3] = resolved
        parts[2::3] = [""] * len(names)
        text = "".join(parts)
        total += changed
    if total and not unicodedata.is_normalized("NFC", text):  # ``e&#x301;`` composes
        text = unicodedata.normalize("NFC", text)
    return text, total


def _unescape(m: regex.Match[str]) -> str:
    """The replacement for one ``_ENTITY`` match (see :func:`_resolve`)."""
    return _resolve(m.group(1))


@functools.lru_cache(maxsize=4096)
def _resolve(name: str) -> str:
    """Only whole entities that resolve; ``&foo;`` that is not one stays as written (html's own
    unescape would also read legacy prefixes, turning ``&notice;`` into ``¬ice;``). Cached:
    pages repeat the same few entities thousands of times."""
    entity = "&" + name + ";"
    s = html.unescape(entity) if entity[1] == "#" else html5.get(entity[1:], entity)
    return _ENTITY_JUNK.sub("", _ENTITY_BREAK.sub(" ", s)) if s != entity else s


STAGE = strip_markup
