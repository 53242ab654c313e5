"""Dates as scraped (``2025-09-21 19:03``, ``2025年9月21日``, ``Nov 27th 2024``, ``21.09.2025``,
``21. September 2025``) to ISO 8601."""

from __future__ import annotations

import itertools
import re
from operator import itemgetter

import regex

_MONTH_NAMES = (
    ("jan", "january", "januar", "janvier", "enero", "gennaio", "jänner"),
    ("feb", "february", "februar", "février", "fevrier", "febrero", "febbraio"),
    ("mar", "march", "märz", "maerz", "mars", "marzo", "mär"),
    ("apr", "april", "avril", "abril", "aprile"),
    ("may", "mai", "mayo", "maggio"),
    ("jun", "june", "juni", "juin", "junio", "giugno"),
    ("jul", "july", "juli", "juillet", "julio", "luglio"),
    ("aug", "august", "août", "aout", "agosto"),
    ("sep", "sept", "september", "septembre", "septiembre", "settembre"),
    ("oct", "october", "okt", "oktober", "octobre", "octubre", "ottobre"),
    ("nov", "november", "novembre", "noviembre"),
    ("dec", "december", "dez", "dezember", "décembre", "decembre", "diciembre", "dicembre"),
)
_MONTHS = {m: i for i, names in enumerate(_MONTH_NAMES, 1) for m in names}
#: ``19:03``; British sites also write ``06.00 GMT`` (a full stop only before a time zone)
_TIME = (r"(?:(?:[ T]+|,\s*|(?<=[日号]))(?P<h>\d{1,2})(?::(?P<mi>\d{2})"
         r"|\.(?P<mi>\d{2})(?=\s*(?:GMT|BST|UTC|CET|CEST)\b))"
         r"(?::(?P<s>\d{2}))?(?:\s*(?P<ampm>[ap]\.?m\.?)(?![\p{L}]))?)?")
_NUMERIC = regex.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d\d)\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})\s*[日号]?"
    + _TIME + r"(?!\d)")
_NUMERIC_DMY = regex.compile(
    r"(?<![\d.])(?P<d>\d{1,2})(?P<sep>[./])(?P<m>\d{1,2})(?P=sep)(?P<y>(?:19|20)\d\d)"
    + _TIME + r"(?![\d.]\d)")
_MONTH_NAME = r"(?P<mn>\p{L}{3,10})\.?"
_DAY = r"(?P<d>\d{1,2})(?:st|nd|rd|th|\.)?"
_EN_MDY = regex.compile(
    r"\b" + _MONTH_NAME + r"\s+" + _DAY + r",?\s+(?P<y>(?:19|20)\d\d)\b" + _TIME, regex.I)
_EN_DMY = regex.compile(r"\b" + _DAY + r"\s+(?:de\s+)?" + _MONTH_NAME
                        + r",?\s+(?:de\s+)?(?P<y>(?:19|20)\d\d)\b" + _TIME, regex.I)


#: Exact screen for the month-name patterns: a match gives a date only when its month word,
#: lowercased, is a month name, and then ``text.lower()`` holds that name's first three letters
#: (no month name has a sigma, the one letter whose lowercase depends on its neighbours).
#: Written as a one-level trie (first letter, then the rest), which the stdlib ``re`` scans about
#: twice as fast as the flat alternation.
_PREFIXES = sorted({name[:3] for name in _MONTHS})
_MAY_NAME_MONTH = re.compile("|".join(
    first + "(?:" + "|".join(p[1:] for p in group) + ")"
    for first, group in itertools.groupby(_PREFIXES, key=itemgetter(0))))


def find_date(text: str) -> tuple[str, regex.Match[str]] | None:
    """The first well-formed date in ``text`` as ISO 8601, with the match that produced it.

    The patterns are tried in a fixed order, each only where it can match (exact screens: each
    needs a literal tested first). The numeric ones need one of their separators (``-/.年``;
    for the day-first one ``.`` or ``/`` right before the year's ``19``/``20``), the month-name
    ones a month name, looked for only when the year-first pattern found nothing."""
    if "-" in text or "." in text or "/" in text or "年" in text:
        found = _first(_NUMERIC, text)
        if found:
            return found
        dmy = _may_be_day_first(text)
    else:
        dmy = False
    if _MAY_NAME_MONTH.search(text.lower()):
        found = _first(_EN_MDY, text, named=True) or _first(_EN_DMY, text, named=True)
        if found:
            return found
    return _first(_NUMERIC_DMY, text) if dmy else None


def _may_be_day_first(text: str) -> bool:
    """_NUMERIC_DMY puts its separator right before the year's ``19``/``20``."""
    return ".19" in text or ".20" in text or "/19" in text or "/20" in text


def _first(pattern: regex.Pattern[str], text: str, named: bool = False
           ) -> tuple[str, regex.Match[str]] | None:
    """The first match of ``pattern`` that is a date."""
    for m in pattern.finditer(text):
        if named and m.group("mn").lower() not in _MONTHS:  # what _iso would reject first
            continue
        iso = _iso(m)
        if iso:
            return iso, m
    return None


def to_iso(text: str) -> str | None:
    found = find_date(text)
    return found[0] if found else None


def _iso(m: regex.Match[str]) -> str | None:
    y_at, m_at, mn_at, d_at, sep_at, h_at, mi_at, s_at, ampm_at = _GROUPS[m.re]
    g = m.groups()  # one tuple: asking ``regex`` for each group by name costs more than the rest
    mn = g[mn_at] if mn_at >= 0 else None
    month = _MONTHS.get(mn.lower().rstrip(".")) if mn is not None else int(g[m_at])
    y, d = int(g[y_at]), int(g[d_at])
    if sep_at >= 0 and g[sep_at] == "/" and month and d <= 12 < month:  # 09/21/2025: month
        month, d = d, month  # first
    if not month or not 1 <= month <= 12 or not 1 <= d <= 31:
        return None
    out = f"{y:04d}-{month:02d}-{d:02d}"
    if g[h_at] is not None:
        h, mi = int(g[h_at]), int(g[mi_at])
        ampm = (g[ampm_at] or "").lower().replace(".", "")
        if ampm == "pm" and h < 12:
            h += 12
        elif ampm == "am" and h == 12:
            h = 0
        if h < 24 and mi < 60:
            out += f"T{h:02d}:{mi:02d}"
            if g[s_at]:
                out += f":{g[s_at]}"
    return out


#: For each pattern: where each named group is in ``Match.groups()`` (-1: it has none).
_GROUPS = {p: tuple(p.groupindex.get(name, 0) - 1
                    for name in ("y", "m", "mn", "d", "sep", "h", "mi", "s", "ampm"))
           for p in (_NUMERIC, _EN_MDY, _EN_DMY, _NUMERIC_DMY)}
