"""Look-alike letters inside a token: ``OpenAl`` for ``OpenAI``, ``xAl`` for ``xAI``.

Fonts without serifs make ``l`` and ``I`` identical, so copy-typed and OCR'd text swaps them.
Guessing from a dictionary would corrupt names (``Al Gore``); instead a token is repaired only
when the document itself spells the same word the other way more often, and only inside a
mixed-case token (``OpenAl``), never a standalone word.
"""

from __future__ import annotations

import re
from collections import Counter

import regex

from ..stage import Context, StageResult, stage

# Mixed-case Latin tokens containing an l or I after an upper-case letter: the only shapes
# where the swap produces a non-word in practice (OpenAl, xAl, GenAl, AlOps).
# At least three letters, so a standalone ``Al`` (a name) is never touched.
_TOKEN = regex.compile(
    r"(?<![\p{L}\p{N}])(?=[A-Za-z]{3})[A-Za-z]*[A-Z][lI][A-Za-z]*(?![\p{L}\p{N}])")
#: Exact screen: a literal class the stdlib ``re`` scans several times faster than ``regex``.
_SCREEN = re.compile(r"[A-Z][lI]")
#: A match of ``_TOKEN`` is a whole maximal run of ASCII letters (its neighbours are not
#: letters) holding ``[A-Z][lI]``: candidates are found from the screen's matches (which ``re``
#: finds fast), widened to their run; the Unicode boundaries are then checked on those only.
_RUN_END = re.compile(r"[A-Za-z]*")
_ASCII_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_LETTER_OR_DIGIT = regex.compile(r"[\p{L}\p{N}]")


def tokens(text: str) -> list[str]:
    """``_TOKEN.findall(text)``, several times faster."""
    out = []
    end = 0
    for m in _SCREEN.finditer(text):
        i = m.start()
        if i < end:  # inside the run already taken
            continue
        a = i
        while a and text[a - 1] in _ASCII_LETTERS:
            a -= 1
        b = end = _RUN_END.match(text, i).end()
        if b - a < 3 or (a and _LETTER_OR_DIGIT.match(text, a - 1)) or (
                b < len(text) and _LETTER_OR_DIGIT.match(text, b)):
            continue
        out.append(text[a:b])
    return out


@stage("confusables", confusables_min_evidence=2)
def fix_confusables(text: str, ctx: Context) -> StageResult:
    if not _SCREEN.search(text):  # every token holds [A-Z][lI]; most documents have none
        return StageResult(text)
    counts = Counter(tokens(text))
    if len(counts) < 2:
        return StageResult(text)
    folded: Counter[str] = Counter()
    for token, n in counts.items():  # the same tally as a second findall, without the scan
        folded[token.casefold()] += n
    minimum = int(ctx.option("confusables_min_evidence", 2))
    fixes = {bad: good for bad in counts if (good := _preferred(bad, counts, folded, minimum))}
    if not fixes:
        return StageResult(text)
    n = 0

    def repl(m: regex.Match[str]) -> str:
        nonlocal n
        good = fixes.get(m.group(0))
        if good is None:
            return m.group(0)
        n += 1
        return good

    return StageResult(_TOKEN.sub(repl, text), changes={"l-for-I": n})


def _preferred(token: str, counts: Counter[str], folded: Counter[str], minimum: int
               ) -> str | None:
    """The I-spelling of ``token`` if the document uses it (in any letter case) at least
    ``minimum`` times as often as this spelling."""
    alt = regex.sub(r"(?<=[A-Z])l", "I", token)
    if alt != token and folded[alt.casefold()] >= minimum * counts[token]:
        return alt
    return None


STAGE = fix_confusables
