"""Markup residue in text that was meant to be plain: front matter, Markdown, HTML entities.

Front matter is metadata, so its fields move into the record and its lines into ``removed``.
Inline Markdown keeps its words and loses its syntax: ``[text](url)`` → ``text``,
``**bold**`` → ``bold``, ``# Heading`` → ``Heading``; an image keeps nothing but is recorded.
"""

from __future__ import annotations

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
    while True:
        new, more, images = _inline_pass(text, offset)
        removed.extend(images)
        for rule, n in more.items():
            changes[rule] = changes.get(rule, 0) + n
        if new == text:
            break
        text = new
    return StageResult(text=text, changes=changes, removed=tuple(removed), line_origin=origin,
                       meta=meta)


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
        for m in _IMAGE.finditer(line):
            found.append(Removed(m.group(0), "md-image", n + offset))
        out.append(_IMAGE.sub("", line))
    return "\n".join(out), found


def _unescape_all(text: str) -> tuple[str, int]:
    """Entities to characters, to a fixed point: double-escaped ``&amp;amp;`` is common.
    Terminates: every replacement is shorter than the entity it replaces."""
    total = 0
    while "&" in text:
        new = _ENTITY.sub(_unescape, text)
        if new == text:
            break
        total += sum(1 for m in _ENTITY.finditer(text) if _unescape(m) != m.group(0))
        text = new
    if total and not unicodedata.is_normalized("NFC", text):  # ``e&#x301;`` composes
        text = unicodedata.normalize("NFC", text)
    return text, total


def _unescape(m: regex.Match[str]) -> str:
    """Only whole entities that resolve; ``&foo;`` that is not one stays as written (html's own
    unescape would also read legacy prefixes, turning ``&notice;`` into ``¬ice;``)."""
    entity = "&" + m.group(1) + ";"
    s = html.unescape(entity) if entity[1] == "#" else html5.get(entity[1:], entity)
    return _ENTITY_JUNK.sub("", _ENTITY_BREAK.sub(" ", s)) if s != entity else s


STAGE = strip_markup
