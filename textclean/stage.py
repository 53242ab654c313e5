"""The stage protocol: what a stage receives and what it must report back.

A stage is a pure step: text in, text out, plus an account of what it did. It never mutates shared
state; the pipeline composes the accounts into the record. Line numbers a stage reports are 1-based
in *its own input*; the pipeline maps them back to the original document through ``line_origin``.

What a stage may assume about its input: valid Unicode (no lone surrogates), ``\n`` line ends
only (no ``\r``, U+2028, U+2029). The pipeline guarantees both. A final newline shows as a
last, empty line; the whitespace stage removes it (a file's end is the writer's business).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from .record import Removed


@dataclass(frozen=True)
class Context:
    """Everything a stage may read besides the text.

    ``options`` holds the merged options (defaults of every stage, then the user's);
    ``meta`` what the input already said about itself (``source``, ``url``, ``title``);
    ``repeated`` answers, for a line, in how many documents of the same batch and site it
    occurred (cross-document statistics; ``None`` when the run is single-document).
    """

    options: Mapping[str, Any] = field(default_factory=dict)
    meta: Mapping[str, Any] = field(default_factory=dict)
    repeated: Callable[[str], int] | None = None

    def option(self, name: str, default: Any = None) -> Any:
        return self.options.get(name, default)


@dataclass(frozen=True)
class StageResult:
    """What a stage did.

    ``changes`` counts in-place edits by rule id. ``removed`` lists lines or spans taken out
    (``line`` relative to the stage's input). ``line_origin`` must be given when the number or
    order of lines changed: for every output line, the 0-based index of the input line it came
    from. ``meta`` proposes metadata (``title``, ``published``, ``site``, ``author``).
    """

    text: str
    changes: Mapping[str, int] = field(default_factory=dict)
    removed: tuple[Removed, ...] = ()
    line_origin: tuple[int, ...] | None = None
    meta: Mapping[str, str] = field(default_factory=dict)
    flags: tuple[str, ...] = ()


@runtime_checkable
class Stage(Protocol):
    """Any object with a ``name``, option ``defaults`` and ``__call__(text, ctx)`` is a stage."""

    name: str
    defaults: Mapping[str, Any]

    def __call__(self, text: str, ctx: Context) -> StageResult: ...


@dataclass(frozen=True)
class FunctionStage:
    """Adapts a plain function ``(text, ctx) -> StageResult`` into a named stage."""

    name: str
    func: Callable[[str, Context], StageResult]
    defaults: Mapping[str, Any] = field(default_factory=dict)

    def __call__(self, text: str, ctx: Context) -> StageResult:
        return self.func(text, ctx)


def unchanged(text: str) -> StageResult:
    return StageResult(text=text)


StageFunc = Callable[[str, Context], StageResult]


def stage(name: str, **defaults: Any) -> Callable[[StageFunc], FunctionStage]:
    """Decorator: ``@stage("whitespace", keep_blank_lines=1)`` turns a function into a stage."""

    def wrap(func: StageFunc) -> FunctionStage:
        return FunctionStage(name=name, func=func, defaults=dict(defaults))

    return wrap



def drop_lines(text: str, reasons: Mapping[int, str]) -> StageResult:
    """Remove the 0-based lines in ``reasons`` (index → rule id), recording each in ``removed``.

    Blank lines may be dropped with an empty reason: whitespace is not content, so they are
    not listed. The result carries the ``line_origin`` the pipeline needs.
    """
    if not reasons:
        return StageResult(text=text)
    lines = text.split("\n")
    kept = tuple(i for i in range(len(lines)) if i not in reasons)
    removed = tuple(
        Removed(lines[i], reason, i + 1) for i, reason in sorted(reasons.items()) if reason
    )
    if not kept:  # a document always has at least one (possibly empty) line
        return StageResult(text="", removed=removed, line_origin=(0,))
    return StageResult(
        text="\n".join(lines[i] for i in kept), removed=removed, line_origin=kept
    )
