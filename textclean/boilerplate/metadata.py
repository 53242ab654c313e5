"""Metadata lines: title, published date, site/source and author move into record fields.

Only lines near the top (and source/author lines near the bottom) are considered, and only when
the line is *all* metadata (a date plus breadcrumb words, ``来源:…``, ``By Jane Doe``), so a
sentence that mentions a date never moves.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from functools import lru_cache

import regex

from ..chinese import OpenCCUnavailable, converter
from ..dates import find_date
from .features import cjk_count, normalize, size
from .lexicon import entries, meta_keys
from .memo import per_document
from .rules import PROFESSIONS

HEAD_LINES = 12  # non-blank lines at the top where metadata may sit
TAIL_LINES = 8
MAX_HEAD = 40

_SOURCE = regex.compile(
    r"(?:^|(?<=\s))(?:本文|文章|新闻|原文|转载|转自|稿件)?"
    r"(?:来源|来自|出处|稿源|source|original source|quelle|fonte|fuente|via)"
    r"\s*[:：]\s*(?P<v>[^:：。.!?！？]{1,40}?)\s*[→➜>›»]*$", regex.I)
_REPORT = regex.compile(  # (资讯, 通讯, 视讯, 快讯, 简讯 are words for news, not "X reports")
    r"^(?P<v>[\p{Han}\p{L}\d]{2,12})(?:报道|(?<![资通视音快简短])讯|消息|独家报道|专稿|供稿)$")
#: a Chinese key needs a separator before the name (``作者：桃子``, ``文｜阿乔``): run together,
#: ``作者最新文章`` is a heading, not a byline
_AUTHOR = regex.compile(
    r"^(?:(?:作者|编辑|撰文|文|记者|記者|撰稿|撰稿人|文字)(?:[・·‧](?:攝影|摄影|圖|图))?"
    r"(?:\s*[:：|/｜／]\s*|\s+)|(?:记者|記者)(?=\p{Han}{2,3}$)|"
    r"(?:by|von|par|por|di|author|autor|auteur|written by|words by|reporting by)"
    r"\s*[:：|/]?\s*)(?P<v>[^\s:：,，。.!?！？].{0,90}?)\s*$", regex.I)
#: ``Posted on <date> by Emma``: the byline after the date
#: ``编辑：桃子``: the editor is the author only when no writer or reporter is named
_EDITOR = regex.compile(r"^(?:编辑|編輯)(?![部室])")
_BY_AT_END = regex.compile(r"(?:^|\s)(?:by|von|par|por)\s+(?P<v>[^,，:：]{2,40})$", regex.I)
#: a contact after a byline's name: ``| tr@example.org``, ``@handle``
_CONTACT = regex.compile(r"\s*(?:[|·•,]\s*)?(?:\S+@\S+\.\w+|@\w{2,30})\s*$")
#: ``Lena Ortiz @lenaortiz``: a name and the author's social handle, a byline of its own
_NAME_HANDLE = regex.compile(r"^(?P<v>\p{Lu}[\p{L}.'’-]+(?:\s+\p{Lu}[\p{L}.'’-]+){1,3})"
                            r"\s+@\w{2,30}$")
_ROLE = regex.compile(r"^(?:本报|特约)?(?:记者|通讯员|实习生|见习记者)\s*(?=\p{Han}{2})")
#: ``澎湃新闻记者 孙立``, ``新华社记者 王明 李华``: an outlet's reporter line (the names are
#: the byline; the outlet is named again by the source line)
#: one to four Chinese names (``王明 李华``, ``张三、李四``)
_CJK_NAMES = r"[\p{Han}·]{2,4}(?:[\s、，,]+[\p{Han}·]{2,4}){0,3}?"
_REPORTER = regex.compile(r"^[\p{Han}A-Za-z]{2,10}?(?:特约记者|见习记者|记者|通讯员)\s*"
                          rf"(?:[|｜:：/／]\s*)?(?P<v>{_CJK_NAMES})$")
#: ``记者林志明／台中报导``, ``本報記者 周文、李安／綜合報導``: the byline of a Taiwan or Hong Kong
#: page (the reporters, then where they report from)
_REPORTER_PLACE = regex.compile(
    rf"^(?:本报|本報)?(?:记者|記者)\s*(?P<v>{_CJK_NAMES})\s*[／/]\s*\p{{Han}}{{2,8}}"
    r"(?:报导|報導|报道|報道)$")
#: the photographer or editor after a writer's byline (``文／許文靜　攝影／周志明``,
#: ``文：梁曉彤　攝：鄭家豪``)
_CREW = regex.compile(r"\s+(?:攝影|摄影|攝|摄|圖|图|影音|視頻|视频|剪輯|剪辑|編輯|编辑)"
                      r"\s*[／/：:]\s*[\p{Han}·、]{2,12}$")
#: a role between the names of a reporter line (``陈雨桐 实习生 李想``): not a name
_INNER_ROLE = regex.compile(r"[\s、，,]+(?:特约记者|见习记者|记者|通讯员|实习生)(?=[\s、，,])")
#: the reporter tag that opens a Chinese lead paragraph: ``〔记者林美君／花莲报导〕``,
#: ``新华社北京11月20日电（记者张三、李四）``, ``（中央社记者王小明台北20日电）`` (either script)
_LEAD_REPORTER = regex.compile(
    r"^[^（(〔【\[]{0,30}[（(〔【\[]\s*\p{Han}{0,8}?(?:记者|記者|通讯员|通訊員)\s*"
    rf"(?P<v>{_CJK_NAMES})"
    r"\s*(?:[／/|｜]\s*\p{Han}{2,8}|\p{Han}{2,3}\d{1,2}日[电電])?\s*[）)〕】\]]")
#: ``联合报 / 记者张家豪／新竹报导`` beside a date: the reporter, before the place
_REPORTER_AT = regex.compile(r"(?:记者|記者)\s*(?P<v>[\p{Han}·]{2,4})\s*[／/]")
_LATIN_NAME = regex.compile(r"^\p{Lu}[\p{L}.'’-]*(?:\s+(?:\p{Lu}[\p{L}.'’-]*|van|von|de|der|"
                            r"da|di|le|la|and|&|und|et)){0,5}$")
_CJK_NAME = regex.compile(r"^[\p{Han}·•]{2,8}(?:[\s、，,/]+[\p{Han}·•]{2,8}){0,3}$")
_SOURCE_DATE = regex.compile(r"^(?P<v>[^\s:：|·•][^:：。!?！？]{0,24}?)\s*[·•|｜]\s*$")
_OUTLET = regex.compile(r"\p{Han}[\p{Han}A-Za-z]{1,11}")
_LEFTOVER_WORDS = regex.compile(r"[\p{L}\p{N}]+")
#: what a page's ``<title>`` puts between the headline and the site's name and section
_TITLE_PARTS = regex.compile(r"\s*(?:\s[-|–—·]\s|[|_｜]|-(?=\p{Han}))\s*")
_TERMINAL = regex.compile(r"[.!?。！？…]\s*$")
#: ``October 1, 2024: no-cause evictions end``: what happened on a date (a timeline's entry)
_TIMELINE = regex.compile(r"[:：]\s*(?:\S+(?:\s+\S+){2,}|\p{Han}{6,})")
_CLAUSE_END = regex.compile(r"[;；，、]\s*$")  # a list item of a sentence (``…期间出生）；``)
#: ``key：value`` fields of a metadata line (``来源：人民网　作者：张三``): a key is a few letters
#: before a colon, a value runs to the next key or separator
_FIELD = regex.compile(r"(?P<k>[\p{L}][\p{L} ]{0,14}?)\s*[:：]\s*(?P<v>.*?)\s*"
                       r"(?=[|｜·•]|\s+[\p{L}][\p{L} ]{0,14}?\s*[:：]|$)[|｜·•\s]*")
_SPACED = regex.compile(r"^(?:[\p{L}\p{N}]\s)+[\p{L}\p{N}]+$")


@dataclass
class Metadata:
    """What was found: field values and the 0-based lines they came from (→ rule id)."""

    fields: dict[str, str] = field(default_factory=dict)
    lines: dict[int, str] = field(default_factory=dict)
    title_line: int | None = None  # the line kept in the text as the headline
    weak: dict[str, str] = field(default_factory=dict)  # used only if nothing better is found

    def put(self, key: str, value: str) -> None:
        value = value.strip()
        if value and key not in self.fields:
            self.fields[key] = value


def _site_name(value: str) -> str:
    """``3 6 Ke`` (letters spaced out by a bad extractor) → ``36Ke``."""
    value = value.strip(" ·•|-–—:：")
    return value.replace(" ", "") if _SPACED.match(value) else value


def _author_name(value: str) -> str | None:
    """The name in a byline value; a role or outlet after a comma is dropped
    (``Jane Miller, Staff Writer``)."""
    value = _CONTACT.sub("", _ROLE.sub("", value.strip()))
    words = value.split()
    if len(words) == 4 and words[-1].lower() in _outlet_words() and _LATIN_NAME.match(value):
        return " ".join(words[:2])  # ``Brett Hollis Falcon News``: the name, then the outlet
    if _CJK_NAME.match(value) or (_LATIN_NAME.match(value) and len(words) <= 6):
        return value
    name, comma, role = value.partition(",")
    if comma and len(role.split()) <= 4 and not _TERMINAL.search(role):
        name = name.strip()
        if _LATIN_NAME.match(name) and len(name.split()) <= 6:
            return name
    first = _PARTS.split(value, maxsplit=1)[0]  # ``Dana Lee | d@x.example | Outlet``
    if first != value and (_CJK_NAME.match(first) or (
            _LATIN_NAME.match(first) and 2 <= len(first.split()) <= 4)):
        return first
    return None



def date_line(text: str) -> tuple[str, str] | None:
    """``(iso, leftover)`` when ``text`` is a date with at most some breadcrumb/counter words."""
    if ":" in text:  # ``March 14, 20256:32 PM``: an extractor glued the time to the year
        text = _GLUED_CLOCK.sub(r"\1 \2", text)
    found = find_date(text)
    if not found:
        return None
    iso, m = found
    leftover = (text[: m.start()] + " " + text[m.end():]).strip()
    if (again := find_date(leftover)) is not None:  # ``Published … Updated …``: the first
        leftover = (leftover[: again[1].start()] + " " + leftover[again[1].end():]).strip()
    leftover = _MERIDIEM.sub("", leftover)  # ``at 6:15 p.m.``: no sentence's full stop
    # CJK characters weigh three, so a name, an account and a place already reach 48
    if (_TERMINAL.search(leftover) or _CLAUSE_END.search(leftover)
            or size(leftover) > (60 if cjk_count(leftover) else 48)):
        return None
    if len(_LEFTOVER_WORDS.findall(_CLOCK.sub("", leftover))) > 7:  # (``at 10:14 PM EDT``)
        return None
    return iso, leftover


_YEAR = regex.compile(r"(?:19|20)\d\d")
_MERIDIEM = regex.compile(r"(?<!\w)[ap]\.m\.", regex.I)
_GLUED_CLOCK = regex.compile(r"(?<!\d)((?:19|20)\d\d)(\d{1,2}:\d\d)")
_CLOCK = regex.compile(r"\b\d{1,2}[:.]\d\d\b")


@per_document
def date_only(text: str) -> bool:
    """A date (or timestamp) with at most a few words around it and no sentence: the date
    of a comment, a teaser or a post footer when it is not at the top."""
    # every date pattern has a four-digit year (the substring test is the cheap screen)
    if ("19" not in text and "20" not in text) or not _YEAR.search(text):
        return False
    found = date_line(text)
    return (found is not None and len(_LEFTOVER_WORDS.findall(_CLOCK.sub("", found[1]))) <= 2
            and not _event_date(text.strip()))


@per_document
def classify_meta(text: str) -> tuple[str, dict[str, str]] | None:
    """If ``text`` is a metadata line: its rule id and the fields it gives (cached, so the
    dict is shared: read it, never change it)."""
    s = text.strip().strip("【】[]（）()")
    core = normalize(s)
    if not core or size(s) > 120:
        return None
    m = _SOURCE.match(s.lstrip("📰🔗•·-* ").strip())  # anchored: the whole line is a source
    if m:
        fields = _site_fields(m.group("v"))
        return ("meta-date" if "published" in fields else "meta-source"), fields
    kv = key_values(s) if "：" in s or ":" in s else None
    if kv and set(kv) != {"published"}:  # (a date key's value may hold a byline too: below)
        return ("meta-date" if "published" in kv else
                "meta-source" if "site" in kv else "meta-author"), kv
    dl = date_line(s) if _YEAR.search(s) else None  # every date pattern has a year
    if dl and (_event_date(s) or _TIMELINE.match(dl[1])):
        return None
    if dl:
        iso, leftover = dl
        fields = {"published": iso}
        sd = _SOURCE_DATE.match(leftover)
        src = _SOURCE.search(leftover)
        if not src and (kv := key_values(leftover)):
            return "meta-date", {**fields, **kv}
        if src:
            fields["site"] = _site_name(src.group("v"))
        elif sd and not _AUTHOR.match(leftover):
            fields["site"] = _site_name(sd.group("v"))
        elif _OUTLET.fullmatch(leftover) and leftover.endswith(_outlet_suffixes()):
            fields["site"] = leftover
        am = (_AUTHOR.match(leftover.strip(" |·•-–—,")) or _BY_AT_END.search(leftover)
              or _REPORTER_AT.search(leftover))
        if am and (name := _author_name(am.group("v"))):
            fields["author"] = name
        return "meta-date", fields
    if kv:
        return "meta-date", kv
    m = _AUTHOR.match(_CREW.sub("", s) if s.count("／") + s.count("/") + s.count("：") > 1 else s)
    if m and (name := _author_name(m.group("v"))):
        return "meta-author", {"author": name}
    m = (_REPORTER.match(s) or _REPORTER_PLACE.match(s) or _NAME_HANDLE.match(s)
         or _NAME_ROLE.match(s))
    if m:
        return "meta-author", {"author": _INNER_ROLE.sub("", m.group("v")).strip()}
    m = _REPORT.match(s)
    if m and not _simplified(m.group("v")).endswith(_report_kinds()):
        return "meta-source", {"site": m.group("v")}
    return None


def _site_fields(value: str) -> dict[str, str]:
    """The site named by a source's value, and the page's date when it follows the name
    (``来源：中视新闻客户端 2024年05月24日 19:48``)."""
    dated = date_line(value) if _YEAR.search(value) else None
    if dated is None or not dated[1]:
        return {"site": _site_name(value)}
    return {"site": _site_name(dated[1]), "published": dated[0]}


@lru_cache(maxsize=1)
def _report_kinds() -> tuple[str, ...]:
    return tuple(entries("report_kinds.txt"))


@lru_cache(maxsize=1)
def _outlet_suffixes() -> tuple[str, ...]:
    return tuple(e for e in entries("outlet_suffixes.txt") if not e.isascii())


@lru_cache(maxsize=1)
def _masthead_suffixes() -> tuple[str, ...]:
    """The Chinese endings of two characters or more: one (报, 台) ends other words too."""
    return tuple(e for e in _outlet_suffixes() if len(e) > 1)


@lru_cache(maxsize=1)
def _outlet_words() -> frozenset[str]:
    return frozenset(e.lower() for e in entries("outlet_suffixes.txt") if e.isascii())


def key_values(text: str) -> dict[str, str] | None:
    """The site, author and date of a line made only of ``key：value`` fields with known keys
    (``来源：城市晚报　作者：张明``); None if any part of the line is something else."""
    fields: dict[str, str] = {}
    pos, text = 0, text.strip()
    while pos < len(text):
        m = _FIELD.match(text, pos)  # anchored: a search would try every later start
        if m is None or not m.group("v"):
            return None
        pos = m.end()
        key = m.group("k").strip().lower()
        kind, value = meta_keys().get(key) or meta_keys().get(_simplified(key)), m.group("v")
        if kind is None:
            return None
        if kind == "site" and size(value) <= 60 and not _TERMINAL.search(value):
            for k, v in _site_fields(value).items():
                fields.setdefault(k, v)
        elif kind == "published" and (found := find_date(value)):
            fields.setdefault("published", found[0])
        elif kind == "author" and (name := _author_name(value)):
            fields.setdefault("author", name)
    return fields if pos == len(text) and fields else None


def extract(lines: Sequence[str], skip: set[int], no_title: AbstractSet[int] = frozenset(),
            body: int | None = None) -> Metadata:
    """Metadata from the head (title, date, author, source) and tail (source, author, date).

    The head is the first ``HEAD_LINES`` lines, or everything above the first line of prose
    (``body``, a line index) when a long menu pushes the article down (up to ``MAX_HEAD``)."""
    meta = Metadata()
    nonblank = [i for i, ln in enumerate(lines) if ln.strip() and i not in skip]
    above = sum(1 for i in nonblank if i < body) if body is not None else 0
    head = nonblank[:min(MAX_HEAD, max(HEAD_LINES, above + 1))]
    tail = nonblank[-TAIL_LINES:]
    half = len(nonblank) // 2
    in_head, in_tail = set(head), set(tail)
    # between the head and the tail only bylines beside a date move, and below the middle
    # sign-off lines too
    upper = nonblank[len(head):half]
    lower = nonblank[half:-TAIL_LINES]
    zone = {**dict.fromkeys(upper, "upper"), **dict.fromkeys(lower, "lower")}
    editor = None
    for i in dict.fromkeys(head + tail + upper + lower):
        where = zone.get(i) if i not in in_head and i not in in_tail else None
        if where and not (_byline(lines[i]) or (
                where == "lower" and ("：" in lines[i] or ":" in lines[i]))):
            continue  # (the cheap tests first: most lines there are the article's)
        found = classify_meta(lines[i])
        if not found:
            continue
        rule, fields = found
        if where and not (where == "lower" and _signed(lines[i], fields)) and not (
                rule == "meta-author" and _byline_beside_date(lines, nonblank, i)):
            continue
        if i in in_tail and i not in in_head and (
                (rule == "meta-date" and not _keyed(lines[i])) or _REPORT.match(lines[i].strip())):
            continue  # a bare date at the bottom is a comment's or a teaser's; 寻求报道 is a link
        meta.lines[i] = rule
        if _REPORT.match(lines[i].strip()):
            meta.weak.update(fields)  # "X报道" names the outlet only if no 来源 line does
            continue
        if rule == "meta-author" and _EDITOR.match(lines[i].strip().lstrip("【[（(")):
            editor = editor or fields["author"]  # a byline or the lead's reporter tag comes first
            continue
        for k, v in fields.items():
            meta.put(k, v)
    if "author" not in meta.fields:
        _name_over_role(lines, head, meta)
    rest = [i for i in nonblank if i not in meta.lines]
    if not _headline_below(lines, rest[:len(head)], meta):
        _title(lines, [i for i in rest if i not in no_title], meta, nonblank, set(head), body)
    if body is not None and "author" not in meta.fields:
        m = _LEAD_REPORTER.match(lines[body].strip())
        if m:  # the tag stays in the lead: it is part of the paragraph
            meta.weak.setdefault("author", m.group("v"))
    if editor:
        meta.weak.setdefault("author", editor)
    for k, v in meta.weak.items():
        meta.put(k, v)
    return meta


_BYLINE = regex.compile(r"^(?:by|von|par|por|作者|记者|文)\s*[:：]?\s*\S", regex.I)
_BYLINE_START = frozenset("bBvVpP作记文")  # every ``_BYLINE`` match starts with one


#: ``Environment correspondent``, ``Senior Staff Writer``: a byline's second line
_ROLE_LINE = regex.compile(rf"(?:[\p{{L}}-]+\s+){{0,3}}{PROFESSIONS}", regex.I)
#: ``Rachel Moyo Environment editor``: a name and a role in lower case (a headline in title
#: case that ends with ``Editor`` is none)
_NAME_ROLE = regex.compile(rf"^(?P<v>\p{{Lu}}[\p{{L}}.'’-]+(?:\s+\p{{Lu}}[\p{{L}}.'’-]+){{1,2}}?)"
                           rf"(?:\s+(?:[\p{{L}}-]+\s+){{0,2}}{PROFESSIONS}"
                           rf"|,\s+(?i:(?:[\p{{L}}-]+\s+){{0,3}}{PROFESSIONS}))$")


def _name_over_role(lines: Sequence[str], head: list[int], meta: Metadata) -> None:
    """A name alone on its line with the person's role on the next (``Amira Haddad`` /
    ``Environment correspondent``): a byline in two lines, both moved into ``author``. A name
    alone right above the date line (``Rohan Kulkarni`` / ``Updated: May 22, 2024``) is one
    too."""
    for a, b in zip(head, head[1:], strict=False):
        name, below = lines[a].strip(), lines[b].strip()
        if a in meta.lines or not (_LATIN_NAME.match(name) and 2 <= len(name.split()) <= 4):
            continue
        if b not in meta.lines and _ROLE_LINE.fullmatch(below):
            meta.lines[a] = meta.lines[b] = "meta-author"
        elif meta.lines.get(b) == "meta-date" and _person(name):
            meta.lines[a] = "meta-author"
        else:
            continue
        meta.put("author", name)
        return


def _person(name: str) -> bool:
    """Two or three capitalized words that name one person, not an outlet (``Press Release``,
    ``The Daily Sentinel``) or a shouted label (``STORM WARNING``)."""
    words = name.split()
    return (len(words) <= 3 and not name.isupper() and "and" not in words and "&" not in words
            and not any(w.lower() in _outlet_words() for w in words))


def _keyed(line: str) -> bool:
    """``Originally published: …``: the article's own date line, wherever it sits."""
    s = line.strip()
    return ("：" in s or ":" in s) and key_values(s) is not None


def _byline(line: str) -> bool:
    """``_BYLINE.match(line.strip())``, screened by the first character."""
    s = line.lstrip()
    return s[:1] in _BYLINE_START and _BYLINE.match(s.rstrip()) is not None


def _byline_beside_date(lines: Sequence[str], nonblank: list[int], i: int) -> bool:
    """``By Jane Doe`` right above or below a date line: the article's byline, however far a
    long menu pushed the article down the page."""
    if not _byline(lines[i]):
        return False
    k = bisect_left(nonblank, i)
    return any(date_only(lines[j].strip()) for j in nonblank[max(0, k - 2):k + 3] if j != i)


def _signed(text: str, fields: dict[str, str]) -> bool:
    """Below the middle of a page, only an article's sign-off moves: a line made of ``来源：``
    and ``作者：`` fields that names the source or the author (``本文来源：晚报　作者：周明``),
    which ends the article wherever the page's footer starts."""
    return ("site" in fields or "author" in fields) and ("：" in text or ":" in text) \
        and key_values(text.strip().strip("【】[]（）()")) is not None


_HEADLINE_END = regex.compile(r"[.。;；:：,，]\s*$")
#: a sentence inside or at the end (a closing bracket or quote may follow its mark)
_SENTENCE = regex.compile(r"。|[.!！;；][\"'”’)）]*\s*$")
_ANCHORS = ("meta-date", "meta-author", "meta-source")


def _headline_above_byline(lines: Sequence[str], candidates: AbstractSet[int], meta: Metadata,
                           nonblank: list[int], head: AbstractSet[int],
                           body: int | None) -> int | None:
    """The top line of the headline block right above a date, byline or source line of the
    head (the first one that has a headline above it: an e-paper prints the issue's date at
    the top and the byline under the headline); on a portal the page's first lines are its
    name and menus."""
    for anchor in _anchors(nonblank, head, meta):
        if body is not None and anchor > body and any(
                body < i < anchor and meta.lines.get(i) not in _ANCHORS for i in nonblank):
            return None  # a sign-off under the article is no byline (a standfirst's is)
        top = _headline_block(lines, candidates, meta, nonblank[:bisect_left(nonblank, anchor)])
        if top is not None:
            return top
    return None


def _headline_block(lines: Sequence[str], candidates: AbstractSet[int], meta: Metadata,
                    above: list[int]) -> int | None:
    """Walking up from an anchor (``above`` are the lines over it): the headline, and the lines
    of its block over it. The walk passes one standfirst sentence under the headline and ends
    at a kicker (``Markets | Heard on the Street``), a menu, the site's name or a chrome line
    (left out of ``above``)."""
    top = standfirst = None
    for i in reversed(above):
        if meta.lines.get(i) in _ANCHORS:
            continue  # ``By Jane Doe`` above ``May 3, 2026``
        s = lines[i].strip()
        if top is None and standfirst is None and i in candidates and _standfirst(s):
            standfirst = i
            continue
        below = top if top is not None else standfirst
        if (i not in candidates or not _headline_text(s) or _masthead(s) or _labels_only(s)
                or (below is not None and any(lines[k].strip() for k in range(i + 1, below)))
                or (top is not None and (_KICKER.search(s) or _SPACED_ITEMS.search(s)))):
            break
        top = i
    return top


def _standfirst(s: str) -> bool:
    """A sentence or two under a headline that sums up the story."""
    return bool(_SENTENCE.search(s)) and 6 <= size(s) <= 400


#: a kicker or crumb above a headline: items set apart by a separator (``Markets | Heard on the
#: Street``, ``最新消息 ／ 鄉鎮動態``)
_KICKER = regex.compile(r"\s[|/>›»]\s|[／｜＞›»]|\s-\s\S.*\s-\s")
#: what sets apart the parts of a line of labels or of a byline (``Site ｜ Motto``, ``Dana Lee |
#: d@x.example``)
_PARTS = regex.compile(r"\s+[|/>›»·•\-–—]\s+|[／｜＞›»]")
#: a menu's items set apart by wide gaps (``India  World  Cities``, ``要聞　港聞　經濟``)
_SPACED_ITEMS = regex.compile(r"\S(?: {2,}|\u3000)\S.*\S(?: {2,}|\u3000)\S")


def _anchors(nonblank: list[int], head: AbstractSet[int], meta: Metadata) -> list[int]:
    """The head's date, byline and source lines, in page order."""
    return [i for i in nonblank if i in head and meta.lines.get(i) in _ANCHORS]


def _headline_below_byline(lines: Sequence[str], candidates: list[int], meta: Metadata,
                           nonblank: list[int], head: AbstractSet[int],
                           body: int | None) -> int | None:
    """The one line between the head's last date or byline line and the first paragraph that
    reads like a headline, when it is also the longest there but for menus: self-media pages
    print the account and date above the headline, a broadsheet its date and section menus (a
    photo caption under a gallery's date is longer than the credit line it ends with)."""
    anchors = _anchors(nonblank, head, meta)
    if not anchors or body is None:
        return None
    between = [i for i in candidates if anchors[-1] < i < body
               and not _SPACED_ITEMS.search(s := lines[i].strip()) and not _labels_only(s)]
    found = [i for i in between if _headline_text(s := lines[i].strip()) and not _masthead(s)]
    if len(found) != 1:
        return None
    longest = max(between, key=lambda i: size(lines[i].strip()))
    return found[0] if longest == found[0] else None


def _masthead(s: str) -> bool:
    """A site's name: a few words ending like an outlet's name (南屿晚报, 港島日報, The Harbour
    Times)."""
    if cjk_count(s) and size(s) <= 24:
        return s.endswith(_masthead_suffixes()) or _simplified(s).endswith(_masthead_suffixes())
    words = s.split()
    return (len(words) <= 5 and words[-1].lower() in _outlet_words()
            and all(w[:1].isupper() for w in words))


def _event_date(s: str) -> bool:
    """``Born: 3 March 1931``: a date of the story (``event`` keys), not of the page."""
    m = _FIELD.match(s)
    return m is not None and meta_keys().get(m.group("k").strip().lower()) == "event"


def _title_and_site(s: str) -> tuple[str, str | None]:
    """A page title's headline and site: ``Headline - Site``, ``Site - Section - Headline``
    (the headline is the longest part, the site the part at the other end; in ``图集 |
    Headline`` the part before is a kicker, no site)."""
    parts = [p for p in _TITLE_PARTS.split(s) if p]
    if len(parts) < 2:
        return s, None
    headline = max(parts, key=size)
    site = parts[0] if headline == parts[-1] else parts[-1]
    if size(headline) < 12 or len(site.split()) > 5 or size(site) > 45:
        return s, None
    return headline, (None if len(parts) == 2 and site == parts[0] else site)


def _labels_only(s: str) -> bool:
    """Short items set apart by separators (``週末去哪玩 ｜ 旅遊美食誌``, ``论坛 - 城事``):
    a site's name and motto or a crumb; ``图集 | 秋日银杏大道迎来最佳观赏期`` has a headline."""
    parts = _PARTS.split(s)
    return len(parts) > 1 and all(
        size(p) <= _LABEL_WIDTH or (not cjk_count(p) and len(p.split()) <= 5) for p in parts)


_LABEL_WIDTH = 24  # eight CJK characters, a few words: a label (as the stage's ``_LABEL_SIZE``)


def _simplified(s: str) -> str:
    """``s`` in Simplified characters (the outlet endings are written so), or as it is when
    OpenCC is missing."""
    try:
        return converter("t2s")(s)
    except OpenCCUnavailable:
        return s


def _headline_text(s: str) -> bool:
    """Long enough to be a headline (three words, or eight CJK characters), short enough, not
    a breadcrumb, and not ending like a sentence or a label."""
    long_enough = cjk_count(s) >= 8 or len(_WORD.findall(s)) >= 3
    return (long_enough and size(s) <= 160 and not _HEADLINE_END.search(s)
            and not _SENTENCE.search(s) and not _CRUMB.search(s) and not _LABEL.search(s)
            and not _SHORT_WORDS.fullmatch(s))


_NEAR_BODY = 6  # lines between a headline and its article's first paragraph, at most
_WORD = regex.compile(r"\p{L}{2,}")
_CRUMB = regex.compile(r">|›|»|＞")
_LABEL = regex.compile(r"：\s|[:：]\t")  # ``索引号：\t…``: a field of a document's info table
_SHORT_WORDS = regex.compile(r"\p{Han}{1,5}(?:[ \u3000]+\p{Han}{1,5}){2,}")  # 赛程 积分榜 射手榜


_AFTER_TITLE = regex.compile(r"\s*(?:[-|_｜–—·:：]|\s[-–—]\s)\s*(?P<site>.+)$")


def _headline_below(lines: Sequence[str], head: list[int], meta: Metadata) -> bool:
    """A page title ``Headline | Section | Site`` at the top and the bare headline further down:
    the headline line is the title (it stays), the page-title line goes, its last part names
    the site (weakly: a ``来源`` line wins)."""
    if len(head) < 2:
        return False
    first = head[0]
    page = normalize(lines[first])
    for j in head[1:]:
        key = normalize(lines[j])
        if size(key) < 12 or not page.startswith(key):
            continue
        m = _AFTER_TITLE.match(lines[first].strip()[len(lines[j].strip()):])
        if m is None or page == key:
            continue
        meta.lines[first] = "meta-title"
        meta.put("title", lines[j].strip())
        meta.title_line = j
        site = regex.split(r"\s*[-|_｜–—·]\s*", m.group("site").strip())[-1]
        if 2 <= len(site) <= 30 and len(site.split()) <= 5:
            meta.weak.setdefault("site", site)
        return True
    return False


def _title(lines: Sequence[str], candidates: list[int], meta: Metadata,
           nonblank: list[int], head: AbstractSet[int], body: int | None) -> None:
    """A first line repeated just below is the title (duplicates go); otherwise the headline
    right above the byline or date line, or else a first line that reads like a headline, is
    proposed as the title and stays in the text."""
    if not candidates:
        return
    first = candidates[0]
    key = normalize(lines[first])
    if size(key) >= 12:
        for j in candidates[1:4]:
            if normalize(lines[j]) == key:
                meta.lines[j] = "meta-title"
                meta.put("title", lines[first].strip())
                meta.title_line = first
    if "title" in meta.fields:
        return
    above = _headline_above_byline(lines, set(candidates), meta, nonblank, head, body)
    if above is None:
        above = _headline_below_byline(lines, candidates, meta, nonblank, head, body)
    if above is not None:
        meta.put("title", lines[above].strip())
        meta.title_line = above
        return
    if size(key) < 12 or len(candidates) < 2 or (
            body is not None and sum(first < i < body for i in nonblank) > _NEAR_BODY):
        return  # a first line far above the article is the site's (its name, a banner)
    s = lines[first].strip()
    if (4 <= size(s) <= 160 and not _HEADLINE_END.search(s) and not _masthead(s)
            and not _labels_only(s)):
        s, site = _title_and_site(s)
        if site:
            meta.weak.setdefault("site", site)
        meta.put("title", s)
        meta.title_line = first
