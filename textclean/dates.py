"""Dates as scraped (``2025-09-21 19:03``, ``2025年9月21日``, ``Nov 27th 2024``, ``21.09.2025``,
``21. September 2025``) to ISO 8601."""

from __future__ import annotations

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
_TIME = (r"(?:(?:[ T]+|,\s*|(?<=[日号]))(?P<h>\d{1,2}):(?P<mi>\d{2})"
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


def find_date(text: str) -> tuple[str, regex.Match[str]] | None:
    """The first well-formed date in ``text`` as ISO 8601, with the match that produced it."""
    for pattern in (_NUMERIC, _EN_MDY, _EN_DMY, _NUMERIC_DMY):
        for m in pattern.finditer(text):
            iso = _iso(m)
            if iso:
                return iso, m
    return None


def to_iso(text: str) -> str | None:
    found = find_date(text)
    return found[0] if found else None


def _iso(m: regex.Match[str]) -> str | None:
    g = m.groupdict()
    mn = g.get("mn")
    month = _MONTHS.get(mn.lower().rstrip(".")) if mn is not None else int(g["m"])
    y, d = int(g["y"]), int(g["d"])
    if g.get("sep") == "/" and month and d <= 12 < month:  # 09/21/2025: month first
        month, d = d, month
    if not month or not 1 <= month <= 12 or not 1 <= d <= 31:
        return None
    out = f"{y:04d}-{month:02d}-{d:02d}"
    if g.get("h") is not None:
        h, mi = int(g["h"]), int(g["mi"])
        ampm = (g.get("ampm") or "").lower().replace(".", "")
        if ampm == "pm" and h < 12:
            h += 12
        elif ampm == "am" and h == 12:
            h = 0
        if h < 24 and mi < 60:
            out += f"T{h:02d}:{mi:02d}"
            if g.get("s"):
                out += f":{g['s']}"
    return out
