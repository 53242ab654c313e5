"""The stage function: combine the rules into one decision per line, then apply it."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

import regex

from ..chinese import OpenCCUnavailable, converter
from ..record import Removed
from ..stage import Context, StageResult, stage
from . import document, memo, metadata, rules
from .features import CLOSERS, Line, choose_stoplist, line_fields

MAX_PASSES = 8
_ABSENT = ("meta-", "dup-", "date-", "page-")


@dataclass
class Decision:
    """Per 0-based line: why it goes (rule id). ``certain``: metadata, lexicon, duplicates,
    bare dates, far repeats and cross-document repeats; ``soft``: the classifier's verdicts.
    ``protected`` lines (the headline) never go. Over the removal cap only the certain lines go
    (only the metadata lines if even those exceed it)."""

    certain: dict[int, str] = field(default_factory=dict)
    soft: dict[int, str] = field(default_factory=dict)
    meta: dict[str, str] = field(default_factory=dict)
    protected: set[int] = field(default_factory=set)
    title: int | None = None  # the headline's line, which stays


def decide(lines: list[str], ctx: Context) -> Decision:
    dec = Decision()
    idx = [i for i, ln in enumerate(lines) if ln.strip()]
    if not idx:
        return dec
    stop = choose_stoplist([lines[i] for i in idx[:400]])  # it reads the first 400
    feats = _tables([_new(Line, (i,) + _line(lines[i], stop)) for i in idx])
    n = len(feats)
    head, tail = max(3, n // 4), n - max(3, n // 4)  # rules.zone_of's bounds
    zones = rules.lexicon_zones()  # head and body answer alike unless an entry names them
    in_head, in_body, in_tail = (z if z in zones else "any" for z in ("head", "body", "tail"))
    lexicon_of, items_of = rules.lexicon_of, rules.items_rule
    simplified = _simplifier(feats)
    shapes: dict[int, str] = {}
    for pos, f in enumerate(feats):
        norm = simplified(f.norm) if simplified and f.cjk else f.norm
        zone = in_head if pos < head else in_tail if pos >= tail else in_body
        rule = lexicon_of(norm, zone)
        if rule is None and not f.terminal and f.size <= _ITEMS_SIZE and " " in norm and (
                f.cjk or f.separators or f.words <= 3 or "  " in f.text):  # (cheap screens)
            rule = items_of(norm, zone)
        if rule and not _spoken(f):
            dec.certain[f.index] = rule
        if f.shape:
            shapes[f.index] = f.shape
    body = next((f.index for f in feats if f.jclass == rules.GOOD and f.index not in dec.certain),
                None)
    meta = metadata.extract(lines, set(dec.certain), shapes.keys(), body)
    dec.meta = meta.fields
    if meta.title_line is not None:
        dec.protected.add(meta.title_line)
        dec.title = meta.title_line
    dec.certain.update(meta.lines)
    for f in feats:  # a bare date below the head: a comment's, a teaser's or a footer's
        if f.date and f.index not in dec.certain and f.index not in dec.protected:
            dec.certain[f.index] = "date-line"
    for i, rule in (document.duplicate_summary(lines) | document.pull_quotes(lines)).items():
        dec.certain.setdefault(i, rule)
    _cross_doc(lines, idx, ctx, dec)
    absent = _absent(dec.certain)
    present = [f for f in feats if f.index not in absent] if absent else feats
    for i in _far_repeats(present):
        if i not in dec.certain and i not in dec.protected:
            dec.certain[i] = "page-repeat"
    _classify(feats, shapes, dec, ctx)
    return dec


_new = tuple.__new__
_ITEMS_SIZE = 80  # longest row of interface items looked up item by item
_THRESHOLDS = rules.Thresholds()


@memo.per_document
def _line(text: str, stop: frozenset[str]) -> tuple[Any, ...]:
    """A line's :class:`Line` fields after ``index``, with its structure rule, jusText class,
    bare-date test and the per-line tests of the classifier's loops (cached: every pass asks
    about mostly the same lines)."""
    fields = line_fields(text, stop)
    probe = _new(Line, (0,) + fields + (None, "", False, False, False, False))
    date = probe.size <= 90 and metadata.date_only(text.strip())
    jclass = rules.jusText_class(probe, _THRESHOLDS)
    # only a short line can be in a menu run or a heading (the classifier starts from the
    # jusText class and only ever turns lines bad before it asks)
    short = jclass == rules.SHORT
    return fields + (rules.structure_rule(probe), jclass, date,
                     short and rules._menu_item(probe), rules._headline_like(probe),
                     short and rules._heading_like(probe))


_ROW_SIZE = 80  # a table row set out with spaces is short
_FIGURES = regex.compile(r"\d+\D+\d+\D+\d")  # three figures


def _tables(feats: list[Line]) -> list[Line]:
    """The rows of a table (``月份｜營收｜年增率`` over ``8月｜27.1｜15.2%`` and more rows like it)
    are no menu and no teaser run: their shape is cleared and they read as no headline."""
    rows = [f.text if f.separators or (f.size <= _ROW_SIZE and (f.cjk or _FIGURES.search(f.text)))
            else "" for f in feats]
    for start, end in rules.table_rows(rows):
        for k in range(start, end):
            feats[k] = feats[k]._replace(shape=None, headline=False)
    return feats


def _simplifier(feats: list[Line]) -> Callable[[str], str] | None:
    """OpenCC's Traditional-to-Simplified conversion when the page is written in Traditional
    characters: the lexicon is written in Simplified (相關新聞 is 相关新闻). With Taiwan's
    words turned into the mainland's (列印, 登入 and 影片 are 打印, 登录 and 视频): the lexicon
    names each piece of chrome once, and Hong Kong sites share most of these words."""
    sample = "".join([f.norm for f in feats if f.cjk][:40])[:2000]
    if not sample:
        return None
    try:
        to_simplified = converter("t2s")
    except OpenCCUnavailable:  # the script stage reports it; the lexicon stays Simplified
        return None
    return _memo_simplified if to_simplified(sample) != sample else None


@memo.per_document
def _memo_simplified(text: str) -> str:
    """``tw2sp`` of a line, cached: every pass looks the same lines up."""
    return converter("tw2sp")(text)


def _absent(certain: dict[int, str]) -> set[int]:
    """The lines whose rule moves them elsewhere (metadata, duplicates): found from the few
    certain lines rather than by asking every line."""
    return {i for i, rule in certain.items() if rule.startswith(_ABSENT)}


def _spoken(f: Line) -> bool:
    """A few characters ending in 。！？ are a line of dialogue (``知道了。``, ``回复。``), not the
    button of the same name: buttons carry no sentence punctuation."""
    return f.terminal and len(f.norm) <= 8 and f.text.rstrip().rstrip(CLOSERS)[-1:] in "。！？"


def _cross_doc(lines: list[str], idx: list[int], ctx: Context, dec: Decision) -> None:
    count: Callable[[str], int] | None = ctx.repeated
    if count is None:
        return
    min_docs = int(ctx.option("cross_doc_min", 3))
    share = float(ctx.option("cross_doc_share", 0.0))
    docs = getattr(count, "documents", None)
    need = max(min_docs, int(share * docs) if docs else 0)
    for i in idx:
        if i not in dec.certain and count(lines[i]) >= need:
            dec.certain[i] = "cross-doc-repeat"


def _classify(feats: list[Line], shapes: dict[int, str], dec: Decision, ctx: Context) -> None:
    """jusText classes, menu and teaser runs, the end of the article, then smoothing."""
    t = rules.Thresholds()
    classes, soft_rule = [], {}
    # lines moved into metadata or duplicates are absent, not chrome neighbours
    absent = _absent(dec.certain)
    if absent:
        feats = [f for f in feats if f.index not in absent]
    for f in feats:
        if f.index in dec.certain:
            classes.append(rules.BAD)
            continue
        rule = f.shape
        if rule:
            classes.append(rules.BAD)
            soft_rule[f.index] = rule
            continue
        c = f.jclass
        classes.append(c)
        if c == rules.BAD:
            soft_rule[f.index] = "low-stopwords"
    if rules.GOOD not in classes:  # nothing reads like prose: unsure, so keep
        return
    classes = rules.mark_short_runs(feats, classes, soft_rule, int(ctx.option("nav_run", 4)))
    notes = rules.tail_notes(feats, classes, float(ctx.option("notes_tail", 0.4)))
    for k, rule in notes.items():
        classes[k] = rules.BAD
        soft_rule[feats[k].index] = rule
    ratio = float(ctx.option("tail_ratio", 0.0))
    end = None
    if ratio > 0:
        soft = [f.index in soft_rule for f in feats]
        # a lexicon line, or two chrome lines in a row, marks a boundary; a photo credit or
        # an in-article button does not
        chrome = [_boundary(dec.certain.get(f.index)) or k in notes or (soft[k] and (
                  k + 1 < len(feats) and (soft[k + 1] or feats[k + 1].index in dec.certain)))
                  for k, f in enumerate(feats)]
        end = rules.article_end(feats, classes, chrome, ratio, {
            k for k, f in enumerate(feats) if dec.certain.get(f.index) == "teaser-heading"})
    classes = rules.mark_teaser_runs(feats, classes, soft_rule, int(ctx.option("teaser_run", 3)),
                                     float(ctx.option("teaser_tail", 0.3)), dec.certain)
    headed = [k for k, f in enumerate(feats) if dec.certain.get(f.index) == "teaser-heading"]
    if headed:
        above_meta = _above_metadata(feats, dec)
        for k in rules.listed_below(feats, classes, headed, lambda k: (
                feats[k].index in dec.protected or k in above_meta)):
            classes[k] = rules.BAD
            soft_rule.setdefault(feats[k].index, "teaser-list")
    final = rules.smooth(feats, classes, t, str(ctx.option("mixed_short", rules.BAD)),
                         bool(ctx.option("keep_sentences", True)))
    for k in rules.trailing_bios(feats, final):
        soft_rule[feats[k].index] = "author-bio"
        final[k] = rules.BAD
    region = None
    if ctx.option("main_region", False):
        region = rules.main_region(feats, final, float(ctx.option("region_penalty", 1.0)))
    for k, (f, c) in enumerate(zip(feats, final, strict=True)):
        if f.index in dec.certain or f.index in dec.protected:
            continue
        inside = region is not None and region[0] <= k <= region[1]
        if end is not None and k > end:
            dec.soft[f.index] = "after-article"
            continue
        if c == rules.BAD:
            if inside and classes[k] in (rules.SHORT, rules.NEARGOOD):
                continue  # undecided line within the article body: keep
            dec.soft[f.index] = soft_rule.get(f.index, "context")
        elif dec.title is not None and f.index < dec.title and _label(f):
            dec.soft[f.index] = "above-headline"  # the site's name, a section label
        elif region and not inside:
            dec.soft[f.index] = "outside-main"


_LABEL_SIZE = 24  # a site's name or a section label: eight CJK characters, a few words


#: a menu of section names: three or more capitalized words or short CJK words, space apart
_MENU = regex.compile(r"(?:(?:\p{Lu}[\p{L}'’-]*|\p{Han}{1,4}|&)(?:\s+|$)){3,}")


def _label(f: Line) -> bool:
    """A site's name, a section label, or a menu: no sentence end and short, or with separators
    (``Markets | Opinion``), or section names in a row (``Home World Business Tech``)."""
    return not f.terminal and (f.size <= _LABEL_SIZE or f.separators > 0
                               or _MENU.fullmatch(f.text.strip()) is not None)


def _above_metadata(feats: list[Line], dec: Decision) -> set[int]:
    """Positions of the lines right above a date, source or author line: a headline there is
    the article's own, not an item of the story list above it."""
    meta = sorted(i for i, r in dec.certain.items() if r.startswith(("meta-", "date-")))
    out = set()
    for k in range(len(feats) - 1):
        j = bisect_right(meta, feats[k].index)
        if j < len(meta) and meta[j] < feats[k + 1].index:
            out.add(k)
    return out


def _boundary(rule: str | None) -> bool:
    """Captions and in-article buttons (edit, expand, view image) sit inside the article."""
    return rule is not None and rule not in ("credit", "widget")


def _far_repeats(feats: list[Line]) -> set[int]:
    """Short lines printed twice far apart in one page (a menu at the top and again at the
    bottom, a headline again in a teaser list); a chorus repeats close by, so it is spared."""
    first: dict[str, int] = {}
    out: set[int] = set()
    far = max(8, len(feats) // 2)
    for k, f in enumerate(feats):
        if not f.norm or f.terminal or f.size > 80:
            continue
        if f.norm in first and k - first[f.norm] >= far:
            out.update((feats[first[f.norm]].index, f.index))
        first.setdefault(f.norm, k)
    return out


def _chars(lines: list[str], which) -> int:
    return sum([len(lines[i].strip()) for i in which])


def _all_chars(lines: list[str]) -> int:
    """``_chars`` over every line."""
    return sum(map(len, map(str.strip, lines)))


#: which decisions a pass applies: everything, only the certain ones, only metadata lines
ALL, CERTAIN, META = "all", "certain", "meta"


def one_pass(text: str, ctx: Context, mode: str = ALL) -> tuple[StageResult, tuple[int, int, int]]:
    """One round of decisions, applying those ``mode`` allows; also the characters it removed as
    (metadata, other certain, classifier) lines."""
    lines = text.split("\n")
    dec = decide(lines, ctx)
    meta_rules = {i: r for i, r in dec.certain.items() if r.startswith("meta-")}
    reasons = dict(meta_rules) if mode == META else dict(dec.certain)
    if mode == ALL:
        reasons.update(dec.soft)
    meta = _chars(lines, meta_rules)
    certain = _chars(lines, dec.certain) - meta if mode != META else 0
    soft = _chars(lines, dec.soft) if mode == ALL else 0
    kept = [i for i in range(len(lines)) if i not in reasons]
    removed = [Removed(lines[i], r, i + 1) for i, r in sorted(reasons.items())]
    out = []
    for i in kept:
        line = lines[i]
        if "[" in line:
            line, markers = document.strip_citations(line)
            removed.extend(Removed(m, "citation-marker", i + 1) for m in markers)
        if "ew tab" in line or "ew window" in line or "EW TAB" in line or "EW WINDOW" in line:
            line, labels = document.strip_link_labels(line)
            removed.extend(Removed(m, "link-label", i + 1) for m in labels)
        out.append(line)
    if not kept:
        return StageResult(text="", removed=tuple(removed), line_origin=(0,),
                           meta=dec.meta), (meta, certain, soft)
    removed.sort(key=lambda r: r.line or 0)
    return StageResult(text="\n".join(out), removed=tuple(removed), line_origin=tuple(kept),
                       meta=dec.meta), (meta, certain, soft)


def _fixed_point(text: str, ctx: Context, mode: str) -> tuple[StageResult, tuple[int, int, int]]:
    """Passes until one removes nothing: what the removals leave changes the context (the
    zones, the neighbours, the share of content after a line)."""
    result, sizes = one_pass(text, ctx, mode)
    for _ in range(MAX_PASSES - 1):
        if not result.removed:
            break
        again, more = one_pass(result.text, ctx, mode)
        if not again.removed:
            break
        result = _compose(result, again)
        sizes = (sizes[0] + more[0], sizes[1] + more[1], sizes[2] + more[2])
    return result, sizes


def _compose(first: StageResult, second: StageResult) -> StageResult:
    """Two passes as one: line numbers and origins refer to the first pass's input."""
    origin1 = first.line_origin or tuple(range(first.text.count("\n") + 1))
    removed = list(first.removed)
    for r in second.removed:
        line = origin1[r.line - 1] + 1 if r.line and r.line <= len(origin1) else r.line
        removed.append(Removed(r.text, r.reason, line))
    origin2 = second.line_origin or tuple(range(second.text.count("\n") + 1))
    meta = {**second.meta, **first.meta}
    return StageResult(
        text=second.text, removed=tuple(sorted(removed, key=lambda r: r.line or 0)),
        line_origin=tuple(origin1[i] for i in origin2), meta=meta,
        flags=tuple(dict.fromkeys(first.flags + second.flags)))


@stage("boilerplate", max_removal=0.8, main_region=False, region_penalty=1.0, nav_run=6,
       mixed_short="good", tail_ratio=0.2, keep_sentences=True,
       teaser_run=3, teaser_tail=0.35, notes_tail=0.4, cross_doc_min=3, cross_doc_share=0.05)
def boilerplate(text: str, ctx: Context) -> StageResult:
    """Remove chrome until nothing more goes (so that a second run changes nothing).

    The removal cap compares each tier with what the tiers above it leave: the classifier's
    removals with the text the certain ones leave, the certain ones with what metadata leaves.
    A second run, which starts from that text, then measures the same shares. When the cap held
    back a tier, the classifier may still judge the remaining lines differently once the
    certain ones are gone, so the capped stage itself is repeated until it removes nothing.
    """
    memo.forget()
    result = _capped(text, ctx)
    if "heavy-removal" in result.flags:
        for _ in range(MAX_PASSES - 1):
            again = _capped(result.text, ctx)
            if not again.removed:
                break
            result = _compose(result, again)
    if not result.removed and not result.meta and not result.flags:
        return StageResult(text=text)
    return result


def _capped(text: str, ctx: Context) -> StageResult:
    """The fixed point of all rules, or of the certain (or metadata) rules alone when the tier
    below them would take more than ``max_removal`` of what the tiers above leave."""
    whole = _all_chars(text.split("\n"))
    result, (meta, certain, soft) = _fixed_point(text, ctx, ALL)
    cap = float(ctx.option("max_removal", 0.8))
    mode = (META if certain and certain > cap * (whole - meta)
            else CERTAIN if soft and soft > cap * (whole - meta - certain) else ALL)
    if mode != ALL:
        result, _ = _fixed_point(text, ctx, mode)
        result = replace(result, flags=(*result.flags, "heavy-removal"))
    return result
