"""The pipeline: order, options and provenance.

Stages own their transformation; the pipeline owns everything between them: decoding bytes,
running stages in canonical order, mapping reported line numbers back to the input, merging
metadata and collecting ``changes``/``removed``/``flags`` into one :class:`Record`.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from . import __version__
from .decode import decode
from .lang import detect_lang
from .record import METADATA_FIELDS, Change, Record, Removed
from .stage import Context, Stage, StageResult

# Canonical order. Mojibake runs first because the invisible-junk rules would destroy the C1
# characters its signatures rely on; whitespace runs last so every other stage may leave debris.
_REGISTRY: dict[str, str] = {
    "mojibake": "textclean.mojibake:STAGE",
    "unicode": "textclean.stages.unicode:STAGE",
    "markup": "textclean.stages.markup:STAGE",
    "confusables": "textclean.stages.confusables:STAGE",
    "boilerplate": "textclean.boilerplate:STAGE",
    "script": "textclean.chinese:STAGE",
    "punctuation": "textclean.punctuation:STAGE",
    "whitespace": "textclean.stages.whitespace:STAGE",
    "spacing": "textclean.spacing:STAGE",
}
CANONICAL_ORDER: tuple[str, ...] = tuple(_REGISTRY)
DEFAULT_STAGES: tuple[str, ...] = tuple(n for n in CANONICAL_ORDER if n != "spacing")
#: What ``textclean fix`` applies in place by default: repairs that lose no content.
LOSSLESS_STAGES: tuple[str, ...] = ("mojibake", "unicode", "punctuation", "whitespace")

#: Stages that also normalize the one-line metadata fields (they never add or drop lines).
FIELD_STAGES: tuple[str, ...] = ("mojibake", "unicode", "script", "punctuation")

_loaded: dict[str, Stage] = {}


class OptionError(ValueError):
    """An option or stage name the pipeline does not know: a usage error, not a crash."""


def get_stage(name: str) -> Stage:
    """The registered stage called ``name`` (imported on first use)."""
    if name not in _loaded:
        if name not in _REGISTRY:
            known = ", ".join(CANONICAL_ORDER)
            raise OptionError(f"unknown stage {name!r} (known: {known})")
        module, attr = _REGISTRY[name].split(":")
        _loaded[name] = getattr(importlib.import_module(module), attr)
    return _loaded[name]


def _resolve(stages: Iterable[str | Stage] | None) -> tuple[Stage, ...]:
    if stages is None:
        return tuple(get_stage(n) for n in DEFAULT_STAGES)
    items = [stages] if isinstance(stages, str) else list(stages)
    named = [s for s in items if isinstance(s, str)]
    rank = {n: i for i, n in enumerate(CANONICAL_ORDER)}
    for n in named:
        get_stage(n)  # validates the name
    if len(named) == len(items):  # names only: canonical order, whatever order they were given
        return tuple(get_stage(n) for n in sorted(dict.fromkeys(named), key=rank.__getitem__))
    return tuple(get_stage(s) if isinstance(s, str) else s for s in items)


def document_id(data: str | bytes) -> str:
    """Same input, same id: a short SHA-256 of the raw input."""
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    return _short_hash(raw)


def _short_hash(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()[:16]


@dataclass(frozen=True)
class Step:
    """One stage's effect, kept when tracing (for ``explain`` and ``check``).

    ``origin[i]`` is the 0-based original line of line ``i`` of ``before``.
    """

    stage: str
    before: str
    after: str
    result: StageResult
    origin: tuple[int, ...]
    #: the stage again with the same options, to tell which of its rules edited one line
    rerun: Callable[[str], StageResult] | None = None


def _bound(s: Stage, ctx: Context) -> Callable[[str], StageResult]:
    return lambda text: s(text, ctx)


@dataclass
class _Provenance:
    origin: list[int]
    changes: dict[tuple[str, str], int] = field(default_factory=dict)
    removed: list[Removed] = field(default_factory=list)
    flags: dict[str, None] = field(default_factory=dict)
    meta: dict[str, str] = field(default_factory=dict)

    def absorb(self, name: str, before: str, res: StageResult) -> None:
        for rule, n in res.changes.items():
            if n:
                key = (name, rule)
                self.changes[key] = self.changes.get(key, 0) + n
        for r in res.removed:
            ok = r.line is not None and 0 < r.line <= len(self.origin)
            line = self.origin[r.line - 1] + 1 if ok else None
            self.removed.append(Removed(r.text, r.reason, line))
        for k, v in res.meta.items():
            if v and not self.meta.get(k):
                self.meta[k] = v
        self.flags.update(dict.fromkeys(res.flags))
        if res.text is before and res.line_origin is None:
            return  # unchanged text: nothing to count (the common case for most stages)
        n_in, n_out = len(self.origin), res.text.count("\n") + 1  # one origin per line
        if res.line_origin is not None:
            if len(res.line_origin) != n_out:
                raise RuntimeError(f"stage {name!r} reported {len(res.line_origin)} line origins "
                                   f"for {n_out} lines")
            self.origin = [self.origin[i] for i in res.line_origin]
        elif n_in != n_out:
            raise RuntimeError(f"stage {name!r} changed the line count without line_origin")


class Pipeline:
    """A sequence of stages with options; call :meth:`process` or :meth:`clean`.

    ``Pipeline()`` is the default pipeline. ``Pipeline(["mojibake", "punctuation"])`` runs only
    those (in canonical order); a list mixing names and stage objects keeps the order given, so a
    user stage can go anywhere.
    """

    def __init__(self, stages: Iterable[str | Stage] | None = None, **options: Any) -> None:
        self.stages = _resolve(stages)
        defaults: dict[str, Any] = {}
        for s in self.stages:
            defaults.update(s.defaults)
        known = set(defaults) | _all_known_options()
        unknown = sorted(set(options) - known)
        if unknown:
            raise OptionError(f"unknown option(s): {', '.join(unknown)}")
        self.options: Mapping[str, Any] = {**defaults, **options}

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(s.name for s in self.stages)

    def without(self, *names: str) -> Pipeline:
        """A copy without the named stages (same options)."""
        p = Pipeline.__new__(Pipeline)
        p.stages = tuple(s for s in self.stages if s.name not in names)
        p.options = self.options
        return p

    def with_stage(self, extra: Stage, *, after: str | None = None) -> Pipeline:
        """A copy with ``extra`` inserted after the stage named ``after`` (or at the end)."""
        stages = list(self.stages)
        at = len(stages) if after is None else [s.name for s in stages].index(after) + 1
        stages.insert(at, extra)
        p = Pipeline.__new__(Pipeline)
        p.stages = tuple(stages)
        p.options = {**extra.defaults, **self.options}
        return p

    def clean(self, text: str | bytes) -> str:
        return self.process(text).text

    def warm_up(self) -> None:
        """Build what stages load lazily (OpenCC dictionaries, character models) now.

        Called before worker processes fork, so they inherit these tables (shared pages, no
        load time each) instead of each building its own copy on its first document.
        """
        # a stage's bug shows on the real documents, where the error names the file
        with contextlib.suppress(Exception):
            self.process(_WARM_UP)

    def process(
        self,
        data: str | bytes,
        *,
        source: str | None = None,
        meta: Mapping[str, Any] | None = None,
        doc_id: str | None = None,
        repeated: Callable[[str], int] | None = None,
        trace: list[Step] | None = None,
    ) -> Record:
        """Run every stage on ``data`` and return the record.

        ``meta`` is what the input said about itself (title, url, …): it seeds the metadata and
        outranks what stages extract. ``trace``, when a list, receives one :class:`Step` per
        stage that changed something.
        """
        meta = dict(meta or {})
        flags: list[str] = []
        encoding = None
        if isinstance(data, bytes):
            decoded = decode(data)
            text, encoding, flags = decoded.text, decoded.encoding, list(decoded.flags)
        else:
            text = data
        text, surrogates, utf8 = _repair_surrogates_encoded(text)
        if doc_id is None and isinstance(data, str) and utf8 is not None:
            doc_id = _short_hash(utf8)  # document_id(data), without encoding ``data`` again
        if surrogates:
            flags.append("replacement-chars")
        text, newline_edits = _normalize_newlines(text)
        prov = _Provenance(origin=list(range(text.count("\n") + 1)))
        prov.flags.update(dict.fromkeys(flags))
        if newline_edits:
            prov.changes[("decode", "newlines")] = newline_edits
        if surrogates:
            prov.changes[("decode", "lone-surrogates")] = surrogates
        prov.meta.update({k: str(meta[k]) for k in METADATA_FIELDS if meta.get(k)})
        ctx = Context(options=self.options, meta=meta, repeated=repeated)
        for s in self.stages:
            res = s(text, ctx)
            if trace is not None and (res.text != text or res.removed or res.meta or res.flags):
                trace.append(Step(s.name, text, res.text, res, tuple(prov.origin),
                                  _bound(s, ctx)))
            prov.absorb(s.name, text, res)
            text = res.text
        return Record(
            id=doc_id or document_id(data),
            source=source if source is not None else meta.get("source") or meta.get("url"),
            text=text,
            lang=detect_lang(text, self.options.get("script", "zh-Hans")),
            removed=prov.removed,
            changes=[Change(st, rule, n) for (st, rule), n in prov.changes.items()],
            flags=list(prov.flags),
            encoding=encoding,
            textclean=__version__,
            **self._normalize_fields(prov.meta, ctx),
        )

    def _normalize_fields(self, meta: Mapping[str, str], ctx: Context) -> dict[str, str | None]:
        """Metadata gets the in-line repairs the body got (a title lifted out before the
        punctuation stage ran would otherwise keep its ``,``); single-line, so line-preserving
        stages only. ``published`` is already ISO 8601."""
        fields = {k: meta.get(k) for k in METADATA_FIELDS}
        for s in self.stages:
            if s.name not in FIELD_STAGES:
                continue
            for k in ("title", "site", "author"):
                value = fields[k]
                if value and "\n" not in value:
                    fields[k] = s(value, ctx).text.strip() or value
        return fields


def _repair_surrogates_encoded(text: str) -> tuple[str, int, bytes | None]:
    """:func:`_repair_surrogates`, and the UTF-8 bytes of ``text`` when it was valid (the same
    bytes ``document_id`` hashes: without surrogates, ``surrogatepass`` changes nothing)."""
    try:
        return text, 0, text.encode("utf-8")
    except UnicodeEncodeError:
        return (*_repair_surrogates(text), None)


def _repair_surrogates(text: str) -> tuple[str, int]:
    """Stages receive valid Unicode: surrogate pairs (from JSON ``\\ud83d\\ude00`` escapes or
    UTF-16 handled as code units) are joined; a lone surrogate becomes U+FFFD."""
    try:
        text.encode("utf-8")
        return text, 0
    except UnicodeEncodeError:
        pass
    joined = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    return joined, joined.count("\ufffd") - text.count("\ufffd")


#: One line of each kind the stages screen for (Han, Traditional, Latin mojibake, Thai
#: mojibake, full-width punctuation, chrome), so every lazily loaded table gets loaded.
_WARM_UP = "相关推荐\n漢字與中文，測試: 引号(内容)...\ncafÃ© â€” ๐ฐ Ｔｅｓｔ\nAbout us | Home\n"


def _normalize_newlines(text: str) -> tuple[str, int]:
    """CRLF, lone CR and Unicode line/paragraph separators become LF, so that every stage and
    every line number agree on what a line is."""
    n = text.count("\r") + text.count("\u2028") + text.count("\u2029")
    if not n:
        return text, 0
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("\u2028", "\n").replace("\u2029", "\n"), n


_known_cache: set[str] = set()


def _all_known_options() -> set[str]:
    """Options of every registered stage: valid even when that stage is not selected."""
    if not _known_cache:
        for name in CANONICAL_ORDER:
            _known_cache.update(get_stage(name).defaults)
    return _known_cache

