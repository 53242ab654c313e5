"""PLACEHOLDER: the punctuation stage is being written (pass-through until then)."""

from __future__ import annotations

from .stage import Context, StageResult, stage


@stage("punctuation")
def _placeholder(text: str, ctx: Context) -> StageResult:
    return StageResult(text=text)


STAGE = _placeholder
