"""The opt-in ``spacing`` stage: a space between Han and Latin letters or digits (pangu style).

Many Chinese style guides (and the pangu tools) put a thin gap between Chinese and embedded Latin
words or numbers: ``在2024年用GPT-4`` → ``在 2024 年用 GPT-4``. Others do not, so this stage is
not in the default pipeline (``stages=[..., "spacing"]`` or ``Pipeline().with_stage(...)``).

What it does, and does not:

* inserts one space between a Han character and an ASCII letter or digit, either order; also
  after ``%`` and before ``$`` (``50% 的``, ``花了 $5``);
* a URL, e-mail address or inline code span counts as one Latin word: spaced from Han outside,
  never touched inside;
* never adds a space next to punctuation (full-width or ASCII), and never inside a line with kana
  or Hangul (Japanese and Korean do not space this way);
* only inserts, and only where there is no space yet, so a second run changes nothing.
"""

from __future__ import annotations

import regex

from .punctuation import _mask, _unmask
from .stage import Context, StageResult, stage

_HAN = r"[\p{Han}\u3007]"
_LATIN = r"[A-Za-z0-9\U00100000-\U0010ffff]"
_GAP = regex.compile(rf"(?<={_HAN})(?={_LATIN}|\$)|(?<={_LATIN}|%)(?={_HAN})")
_FOREIGN = regex.compile(r"[\p{Hiragana}\p{Katakana}\p{Hangul}--[\u30fb\u30fc\uff65\uff70]]",
                         regex.V1)
_CANDIDATE = regex.compile(rf"{_HAN}[A-Za-z0-9$`]|[A-Za-z0-9%`]{_HAN}")
_PLANE16 = regex.compile(r"[\U00100000-\U0010ffff]")


def space_line(line: str) -> tuple[str, int]:
    """``line`` with a space at every Han–Latin boundary; returns (line, spaces added)."""
    if _FOREIGN.search(line) or _PLANE16.search(line):
        return line, 0
    masked, kept = _mask(line)
    spaced, n = _GAP.subn(" ", masked)
    return (_unmask(spaced, kept), n) if n else (line, 0)


def add_spacing(text: str) -> tuple[str, int]:
    lines = text.split("\n")
    total = 0
    for i, line in enumerate(lines):
        if _CANDIDATE.search(line):
            lines[i], n = space_line(line)
            total += n
    return "\n".join(lines), total


@stage("spacing")
def spacing_stage(text: str, ctx: Context) -> StageResult:
    text, n = add_spacing(text)
    return StageResult(text=text, changes={"cjk-latin-space": n} if n else {})


STAGE = spacing_stage
