"""textclean: noisy scraped text (Chinese, English, mixed) in, clean canonical records out."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

__version__ = "0.1.0"

from .pipeline import CANONICAL_ORDER, DEFAULT_STAGES, OptionError, Pipeline  # noqa: E402
from .record import Change, Record, Removed  # noqa: E402
from .stage import Context, Stage, StageResult, stage  # noqa: E402

__all__ = [
    "CANONICAL_ORDER", "DEFAULT_STAGES", "Change", "Context", "OptionError", "Pipeline", "Record",
    "Removed", "Stage", "StageResult", "clean", "process", "stage", "__version__",
]


def clean(text: str | bytes, *, stages: Any = None, **options: Any) -> str:
    """The clean text of ``text`` (bytes are decoded first) through the default pipeline or
    only the named ``stages``."""
    return _pipeline(stages, options).clean(text)


def process(text: str | bytes, *, source: str | None = None, stages: Any = None,
            **options: Any) -> Record:
    """Like :func:`clean`, returning the full :class:`Record` with provenance."""
    return _pipeline(stages, options).process(text, source=source)


def _pipeline(stages: Any, options: dict[str, Any]) -> Pipeline:
    """Pipelines are immutable; reuse one per distinct configuration (compiling is not free)."""
    try:
        key = (None if stages is None else tuple(stages) if not isinstance(stages, str)
               else (stages,), tuple(sorted(options.items())))
        hash(key)
    except TypeError:
        return Pipeline(stages, **options)
    return _cached_pipeline(key)


@lru_cache(maxsize=32)
def _cached_pipeline(key: tuple[Any, tuple[tuple[str, Any], ...]]) -> Pipeline:
    stages, options = key
    return Pipeline(stages, **dict(options))
