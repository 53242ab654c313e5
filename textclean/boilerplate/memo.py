"""Per-document memos for the functions of one line's text, and indexes into package data.

The stage runs to a fixed point, so every pass asks about the same lines again. Memos are
emptied at the start of each document: memory then follows the document, not the corpus (a
process-wide cache keyed by line text would hold up to its size in lines of any length), and
a run over many documents costs the same whether or not they were seen before.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])
_MEMOS: list[Any] = []


def per_document(func: F) -> F:
    memo = lru_cache(maxsize=None)(func)
    _MEMOS.append(memo)
    return memo  # type: ignore[return-value]


def data_index(func: F) -> F:
    """A bounded cache for lookups into package data keyed by a few characters or names (which
    lexicon entries a line starting with ``ab`` can match): part of loading the data, not a memo
    of a document's results, so it is kept across documents. Marked ``data_index`` so that
    benchmarks which empty memos between repeats keep it, as a long run would."""
    cached = lru_cache(maxsize=16384)(func)
    cached.data_index = True  # type: ignore[attr-defined]
    return cached  # type: ignore[return-value]


def per_document_dict() -> dict[Any, Any]:
    """A dict emptied with the memos: for answers other functions may look up without
    computing them (a memo cannot be asked whether it holds a key)."""
    table: dict[Any, Any] = {}
    _MEMOS.append(table)
    return table


def forget() -> None:
    """Start a new document."""
    for memo in _MEMOS:
        if isinstance(memo, dict):
            memo.clear()
        else:
            memo.cache_clear()
