"""Context of CJK punctuation marks: a second opinion on the marks a lossy repair had to guess.

A lost byte in a full-width mark leaves a choice within its byte block (，！？：；（）…), and the
marks' own frequencies alone always pick ，. Three things say more: the letter before it (？
follows 吗 and 呢), whether the text ends right after it (？！” end paragraphs, ，“ almost
never do), and whether a closing bracket has its opener earlier in the line: without one it is
unlikely, and with one open a few letters before it is what the line needs, even at its end
(``<title>《局外人》</title>``, where paragraph statistics would say 。).

The table (``data/mojibake/punct_context.tsv``) is built by
``scripts/build_mojibake_punct_context.py`` from running Chinese text; loaded once, lazily.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

from .model import table_rows

_PAIR_PRIOR = 5.0  # pseudo-observations of the average mark behind each letter's marks
_END_PRIOR = 20.0  # pseudo-observations of the average mark behind each mark's line-end rate
# Share of line ends that are not paragraph ends (hard-wrapped text, markup): there any mark may
# end the line, at the average rate. The corpus counts paragraphs only.
_WRAPPED = 0.1
PAIRS = {"）": "（", "》": "《", "」": "「", "』": "『", "】": "【", "〕": "〔", "〉": "〈"}
_UNPAIRED = math.log(0.1)  # a closing bracket with no open one before it in the line
_CLOSES = math.log(100.0)  # a closing bracket whose opener is open a few letters before
_TITLE_SPAN = 24  # letters since the opener within which it is still expected to close


@dataclass(frozen=True)
class MarkContext:
    ends: dict[str, tuple[float, float]]  # mark -> (log P(ends a line), log P(does not))
    after: dict[str, dict[str, int]]  # letter -> mark -> times the mark follows the letter
    share: dict[str, float]  # mark -> its share of all marks

    def score(self, mark: str, prev: str | None, at_end: bool, before: str) -> float:
        """log of how much likelier ``mark`` is here than on average: after ``prev`` (a letter
        or None), at the end of the text or not, with the line's ``before`` text."""
        q = self.share.get(mark, min(self.share.values()))
        opener = PAIRS.get(mark)
        closes = bool(opener) and before.count(opener) > before.count(mark) and (
            len(before) - before.rfind(opener) <= _TITLE_SPAN)
        # a closer that ends an open title ends a line as readily as any mark (<title>《…》)
        out = self.ends.get("" if closes else mark, self.ends[""])[0 if at_end else 1]
        seen = self.after.get(prev) if prev else None
        if seen:
            n = sum(seen.values())
            out += math.log((seen.get(mark, 0) + _PAIR_PRIOR * q) / (n + _PAIR_PRIOR) / q)
        if closes:
            out += _CLOSES  # 《局外人 then a guessed mark: the closer is what the line needs
        elif opener and before.count(opener) <= before.count(mark):
            out += _UNPAIRED
        return out


@cache
def load_marks() -> MarkContext | None:
    """The packaged table, or None when it is not installed (marks keep their first choice)."""
    rows = table_rows("punct_context.tsv")
    if rows is None:
        return None
    counts: dict[str, tuple[int, int]] = {}
    after: dict[str, dict[str, int]] = {}
    for fields in rows:
        if len(fields) == 3:
            counts[fields[0]] = (int(fields[1]), int(fields[2]))
        else:
            letter, mark = fields[0]
            after.setdefault(letter, {})[mark] = int(fields[1])
    total = sum(e + i for e, i in counts.values()) or 1
    rate = sum(e for e, _i in counts.values()) / total
    ends = {"": (math.log(rate), math.log(1 - rate))}
    for mark, (n_end, n_inner) in counts.items():
        p = (n_end + _END_PRIOR * rate) / (n_end + n_inner + _END_PRIOR)
        p = (1 - _WRAPPED) * p + _WRAPPED * rate
        ends[mark] = (math.log(p), math.log(1 - p))
    share = {mark: (e + i) / total for mark, (e, i) in counts.items() if e + i}
    return MarkContext(ends, after, share)
