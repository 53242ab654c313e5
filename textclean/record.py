"""The canonical record and its provenance types.

A record is what every run produces, whatever the entry point (library, CLI, pre-commit hook):
the clean text plus everything needed to audit how it got that way.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from importlib import resources
from typing import Any

METADATA_FIELDS = ("title", "published", "site", "author")


@dataclass(frozen=True)
class Removed:
    """A line or span taken out of the body; ``line`` is 1-based in the original input."""

    text: str
    reason: str
    line: int | None = None


@dataclass(frozen=True)
class Change:
    """In-place edits made by one rule of one stage, counted."""

    stage: str
    rule: str
    count: int


@dataclass
class Record:
    id: str
    text: str
    source: str | None = None
    title: str | None = None
    published: str | None = None
    site: str | None = None
    author: str | None = None
    lang: str | None = None
    removed: list[Removed] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    encoding: str | None = None
    textclean: str = ""

    def to_dict(self) -> dict[str, Any]:
        """Fields in the documented order, so JSONL output diffs cleanly across runs."""
        d = asdict(self)
        order = ("id", "source", *METADATA_FIELDS, "lang", "text", "removed", "changes", "flags",
                 "encoding", "textclean")
        return {k: d[k] for k in order}

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Record:
        data = dict(d)
        data["removed"] = [Removed(**r) for r in data.get("removed", [])]
        data["changes"] = [Change(**c) for c in data.get("changes", [])]
        return cls(**data)


def schema() -> dict[str, Any]:
    """The JSON Schema shipped with the package (``textclean/schema/record.schema.json``)."""
    text = resources.files("textclean").joinpath("schema/record.schema.json").read_text("utf-8")
    return json.loads(text)
