"""Invisible junk and canonical composition.

Scrapes carry characters nobody typed: zero-width spaces from CMS editors, a BOM pasted in the
middle, soft hyphens, stray control codes. They break search, dedup and tokenization while
showing nothing. Characters that carry meaning (ZWJ in emoji and Indic scripts, ZWNJ in Persian,
bidi marks) stay.
"""

from __future__ import annotations

import re
import unicodedata

from ..stage import Context, StageResult, stage

# Literal classes only, so the stdlib ``re`` (which scans them several times faster than
# ``regex``) gives the same matches.
_RULES: tuple[tuple[str, re.Pattern[str], str], ...] = (
    ("zero-width", re.compile("[\u200b\u2060\u180e]+"), ""),
    ("bom-inside", re.compile("\ufeff+"), ""),
    ("soft-hyphen", re.compile("\u00ad+"), ""),
    ("object-replacement", re.compile("\ufffc+"), ""),
    # C0 except tab and newline, DEL, and C1: never text. Mojibake ran first, so any C1 left
    # here is not evidence of a repairable encoding error.
    ("control", re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]+"), ""),
    ("exotic-space", re.compile("[\u00a0\u2000-\u200a\u202f\u205f]"), " "),
    # The pipeline turned the input's line separators into newlines; one here was made by a
    # repair (``â€¨``), and a stage may not add lines: it becomes a space.
    ("line-separator", re.compile("[\u2028\u2029]"), " "),
)
_SUSPECT = re.compile("[\u200b\u2060\u180e\ufeff\u00ad\ufffc\x00-\x08\x0b-\x1f\x7f-\x9f"
                      "\u00a0\u2000-\u200a\u202f\u205f\u2028\u2029]")


def normalize(text: str) -> tuple[str, dict[str, int]]:
    """The stage's whole transformation, as a function others can reuse (the mojibake stage
    tries it on lines where junk may hide a mojibake sequence)."""
    changes: dict[str, int] = {}
    if _SUSPECT.search(text):
        for rule, pattern, repl in _RULES:
            text, n = pattern.subn(repl, text)
            if n:
                changes[rule] = n
    if not unicodedata.is_normalized("NFC", text):
        nfc = unicodedata.normalize("NFC", text)
        changes["nfc"] = max(1, len(text) - len(nfc))  # roughly: marks composed
        text = nfc
    return text, changes


@stage("unicode")
def normalize_unicode(text: str, ctx: Context) -> StageResult:
    text, changes = normalize(text)
    return StageResult(text=text, changes=changes)


STAGE = normalize_unicode
