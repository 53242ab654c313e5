"""The ``boilerplate`` stage: site chrome out of plain text, metadata into record fields.

Order of decisions, most certain first: metadata lines (moved to ``meta``), lexicon and structure
rules, within-document duplicates, cross-document repeats, then jusText-style classification
smoothed over neighbouring lines. When the soft rules would take more than ``max_removal`` of the
document, only the certain removals apply and the record is flagged ``heavy-removal``.
"""

from __future__ import annotations

from .repetition import RepeatCounter, site_of
from .stage_impl import boilerplate

STAGE = boilerplate

__all__ = ["STAGE", "RepeatCounter", "site_of"]
