"""The boilerplate stage: chrome out, metadata into fields, article sentences untouched."""

from __future__ import annotations

import glob
import os
from pathlib import Path

import pytest
import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import textclean
from textclean.boilerplate import STAGE, RepeatCounter, features, metadata, site_of
from textclean.boilerplate.document import citation_spans
from textclean.dates import to_iso
from textclean.pipeline import Pipeline
from textclean.stage import Context

CTX = Context(options=dict(STAGE.defaults))
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "boilerplate"


def _fixture(name: str) -> str:
    """Documents written for these tests, with the seeds' kinds of chrome."""
    return (FIXTURES / name).read_text("utf-8")


ZH_SENTENCES = [
    "今年夏天，这家公司把大部分精力都放在了新模型的训练上。",
    "据知情人士透露，团队在三个月内招聘了一百多名工程师。",
    "他在会议上表示，公司的目标是在明年年底之前实现盈利。",
    "不少研究人员认为，这种做法偏离了实验室最初的科学使命。",
    "与此同时，监管机构也开始关注这笔交易可能带来的竞争问题。",
    "这座数据中心位于城市郊区，占地面积相当于十个足球场。",
    "分析师指出，如果融资进展顺利，公司的估值可能会再翻一番。",
    "在接受采访时，一位前员工说他对公司的未来仍然抱有信心。",
    "天气很冷。",
    "这个消息让投资者感到意外，股价在当天下午一度下跌了百分之五。",
]
EN_SENTENCES = [
    "The company spent most of the summer training its new model and hiring engineers.",
    "People familiar with the matter said the team doubled in size within three months.",
    "Regulators in Brussels and Washington have started to look at the deal more closely.",
    "It is not yet clear whether the partnership will survive the next round of funding.",
    "Analysts said the valuation could double again if the chips arrive on schedule.",
    "Prices rose 5%.",
    "In an interview, a former employee said she still believed in the mission of the lab.",
    "The data centre, on the edge of the city, covers an area the size of ten football pitches.",
    "Yet the bigger question is whether customers will pay for it.",
    "He declined to comment.",
]


def run(text: str, ctx: Context = CTX):
    return STAGE(text, ctx)


ZH_DOC = _fixture("zh_news.txt")

EN_DOC = _fixture("en_news.txt")

AGG_DOC = _fixture("aggregator.txt")


def test_zh_chrome_and_metadata():
    res = run(ZH_DOC)
    for chrome in ("反对齐", "Search documents", "相关推荐", "参考资料", "来源:科技日报", "分享到",
                   "返回顶部", "科技日报 要闻", "摘要:", "作者：李明", "[1][12]"):
        assert chrome not in res.text, chrome
    for sentence in ZH_SENTENCES[2:7]:
        assert sentence.rstrip("。") in res.text
    assert res.meta["published"] == "2025-03-14T08:30"
    assert res.meta["site"] == "科技日报"
    assert res.meta["author"] == "李明"
    assert res.meta["title"] == "新模型发布后，这家初创公司的前景仍不明朗"
    reasons = {r.reason for r in res.removed}
    assert {"meta-date", "meta-source", "meta-author", "dup-summary", "citation-marker"} <= reasons


def test_en_chrome_and_metadata():
    res = run(EN_DOC)
    for chrome in ("Share on Facebook", "Related articles", "Read more", "We use cookies",
                   "Copyright", "Home | World", "[3]"):
        assert chrome not in res.text, chrome
    assert res.text.count("A start-up bets everything on one founder") == 1
    for sentence in EN_SENTENCES[:5]:
        assert sentence in res.text
    assert res.meta["author"] == "Jane Doe"
    assert res.meta["published"] == "2024-11-27"
    assert res.meta["title"] == "A start-up bets everything on one founder"


def test_aggregator_chrome():
    res = run(AGG_DOC)
    for chrome in ("30-Second TL;DR", "Who should care", "Weekly AI Recap", "AI-curated",
                   "Original source", "AI-generated analysis", "Deep Insight", "Related Updates"):
        assert chrome not in res.text, chrome
    assert "doubles memory bandwidth" in res.text
    assert "training runs finished noticeably faster" in res.text
    assert res.meta["site"] == "Example Wire Technology"


def test_every_removal_has_a_rule_and_line():
    lines = ZH_DOC.split("\n")
    for r in run(ZH_DOC).removed:
        assert r.reason
        assert r.text in lines[r.line - 1]


def test_citation_markers_only_in_prose():
    assert citation_spans("The model was trained on public data [1][27] and then tuned.")
    assert not citation_spans("[1] Smith, J. A paper about things, 2020.")
    assert not citation_spans("x = values[1] + values[2];")
    assert not citation_spans("total = counts[3] if ready else counts[4]")
    assert citation_spans("Costs fell for a third year, and for the first time since 2019 [4][5].")


def test_removal_cap_keeps_the_document():
    doc = "\n".join(["Home", "News", "Sport", "Login", "Share on Facebook", "Read more"] * 3
                    + [EN_SENTENCES[0]])
    res = run(doc, Context(options={**STAGE.defaults, "max_removal": 0.3}))
    assert "heavy-removal" in res.flags
    assert res.text == doc


def test_cross_doc_repeat():
    counter = RepeatCounter()
    footer = "The Example Weekly print edition arrives every Thursday"
    docs = [f"{EN_SENTENCES[i]}\n{EN_SENTENCES[i + 1]}\n{footer}" for i in range(4)]
    for d in docs:
        counter.add(d, "example.com")
    other = RepeatCounter()
    other.add(docs[0], "other.org")
    merged = counter.merge(other)
    lookup = merged.lookup("example.com")
    assert lookup(footer) == 4
    assert merged.lookup("other.org")(footer) == 1
    res = STAGE(docs[0], Context(options=dict(STAGE.defaults), repeated=lookup))
    assert footer not in res.text
    assert EN_SENTENCES[0] in res.text
    assert any(r.reason == "cross-doc-repeat" for r in res.removed)


def test_site_of():
    assert site_of("https://www.example.com/a/b.html") == "example.com"
    assert site_of("corpus/site-a/001.txt") == "corpus/site-a"
    archived = "https://web.archive.org/web/2020/https://news.example.org/a"
    assert site_of(archived) == "news.example.org"
    assert site_of(None) is None


@pytest.mark.parametrize(("text", "iso"), [
    ("2025-09-21 19:03", "2025-09-21T19:03"),
    ("2025年9月21日", "2025-09-21"),
    ("Nov 27th 2024", "2024-11-27"),
    ("21.09.2025", "2025-09-21"),
    ("September 21, 2025, 3:05 pm", "2025-09-21T15:05"),
    ("no date here", None),
])
def test_dates(text, iso):
    assert to_iso(text) == iso


def test_clean_text_unchanged():
    for doc in ("\n\n".join(ZH_SENTENCES), "\n\n".join(EN_SENTENCES),
                "Привет. Это обычный текст без мусора, просто несколько предложений подряд.",
                "これは普通の文章です。特に問題はありません。",
                "이것은 평범한 문장입니다. 문제는 없습니다.",
                "นี่คือข้อความธรรมดา ไม่มีปัญหาอะไรเลย"):
        assert run(doc).text == doc


POOL = ZH_SENTENCES + EN_SENTENCES


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(st.sampled_from(POOL), min_size=1, max_size=3), min_size=1, max_size=12),
       st.sampled_from(["\n", "\n\n"]))
def test_article_sentences_lose_nothing(paragraphs, sep):
    doc = sep.join(" ".join(p) if p[0].isascii() else "".join(p) for p in paragraphs)
    res = run(doc)
    assert res.text == doc or all(r.reason.startswith("meta-title") for r in res.removed)
    for line in res.text.split("\n"):
        assert line in doc


@settings(max_examples=80, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=400))
def test_never_raises_idempotent_deterministic(text):
    once = run(text)
    assert run(text) == once
    assert run(once.text).text == once.text


@settings(max_examples=30, deadline=None)
@given(st.lists(st.sampled_from(POOL + ["相关推荐", "Read more", "Home | News | Sport", "分享到",
                                       "2025-01-02 10:00", "来源:某某网", "By Jane Doe", "[1]"]),
                max_size=20))
def test_idempotent_on_mixed_documents(lines):
    doc = "\n".join(lines)
    once = run(doc)
    assert run(once.text).text == once.text


def test_pipeline_records_metadata():
    rec = textclean.process(EN_DOC)
    assert rec.author == "Jane Doe"
    assert any(r.reason == "meta-author" for r in rec.removed)
    assert Pipeline(["boilerplate"]).process("plain line").text == "plain line"


SEEDS = sorted(glob.glob(os.path.join(os.path.dirname(__file__), "..", "..", "shared", "seeds",
                                      "*.txt")))


@pytest.mark.skipif(not SEEDS, reason="../shared/seeds not present (development data only)")
def test_seeds():
    out = {os.path.basename(p)[:3]: textclean.process(Path(p).read_text("utf-8")) for p in SEEDS}
    text = "\n".join(r.text for r in out.values())
    for chrome in ("Search documents", "反对齐", "相关推荐", "参考资料:", "来源:新浪财经",
                   "Weekly AI Recap", "30-Second TL;DR", "AI-curated news aggregator", "[1][27]"):
        assert chrome not in text, chrome
    if "002" in out:
        assert out["002"].published == "2025-09-21T19:03"
        assert out["002"].site == "新浪财经"
    if "003" in out:
        assert out["003"].title


BLOG_DOC = _fixture("blog_post.txt")


def test_blog_template_chrome():
    """Comment forms, post footers, share prompts and a repeated menu go; the recipe (with its
    ingredient list, which looks like a menu of short lines) stays."""
    res = run(BLOG_DOC)
    for chrome in ("Posted by Mara Lind", "Photo: Mara Lind", "Filed under", "Share this post",
                   "Was this article helpful?", "3 responses to", "Leave a Reply",
                   "Your email address will not be published", "Akismet", "12 December 2023",
                   "Recipes\nTravel"):
        assert chrome not in res.text, chrome
    for kept in ("250 g flour\n125 g cold butter\n1 egg\n2 tbsp water\n1 pinch of salt",
                 "For the pastry you will need the following:",
                 "Bake the tart for forty minutes"):
        assert kept in res.text, kept
    reasons = {r.reason for r in res.removed}
    assert {"credit", "date-line", "page-repeat"} <= reasons


def test_photo_credit_does_not_end_the_article():
    """A credit line is chrome, but captions sit inside articles: what follows it stays."""
    body = [EN_SENTENCES[i] for i in (0, 1, 3, 4, 6, 7)]
    doc = "\n".join(body[:5] + ["Photo: Jane Roe/Example Agency"] + body[5:])
    res = run(doc)
    assert "Jane Roe" not in res.text
    assert body[5] in res.text


def test_heavy_removal_still_drops_lexicon_lines():
    """Over the removal cap the classifier's verdicts are not trusted, the lexicon's are."""
    doc = "\n".join([EN_SENTENCES[0], "Ruby", "Topaz", "Garnet", "Opal", "Amber", "Jade",
                     "Pearl", "Onyx", "Leave a comment"])
    res = run(doc, Context(options={**STAGE.defaults, "max_removal": 0.3}))
    assert "heavy-removal" in res.flags
    assert "Leave a comment" not in res.text
    assert "Ruby\nTopaz" in res.text


def test_chorus_is_not_a_page_repeat():
    """Lines repeated close together (a chorus, a refrain) are content."""
    verse = ["The river runs the way it always ran", "and I am standing where I stood"]
    chorus = ["Come home, come home", "the lights are on"]
    lines = verse + chorus + verse[::-1] + chorus + [EN_SENTENCES[0], EN_SENTENCES[6]]
    res = run("\n".join(lines))
    assert res.text.count("Come home, come home") == 2


@pytest.mark.parametrize(("line", "bare"), [
    ("12 December 2023", True),
    ("15. Mai 2019, 05:28 Uhr", True),
    ("Published 23.06.2016 at 16:14", True),
    ("Event: 29.02.2020, doors open 19 h", False),
    ("On 12 December 2023 the council voted to close the library.", False),
    ("2023 was a good year", False),
])
def test_date_only_lines(line, bare):
    assert metadata.date_only(line) is bare


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab Z中文。！!?.,:：|•*#→ \t\u3000«»()'’-_")),
               max_size=40))
def test_fast_normalize_matches_the_regex_definition(line):
    """``normalize`` strips edges with a table; the regexes it replaced define the result."""
    s = features._LEAD.sub("", line.strip())
    s = features._TRAIL.sub("", s)
    assert features.normalize(line) == features._SPACES.sub(" ", s).lower()


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("abÄé'’ 中文かなカナ한글 12.-")), max_size=30))
def test_latin_words_match_the_two_step_definition(line):
    """One scan finds the word runs that do not start with a CJK character."""
    expected = [w for w in features._WORD.findall(line) if not features._CJK.match(w)]
    assert features._LATIN_WORD.findall(line) == expected


def test_lexicon_screens_never_reject_a_match():
    """``needs`` only skips lines the pattern cannot match: lower case (lines are compared
    lower-cased), and on every line of the fixtures the screened and plain answers agree."""
    from textclean.boilerplate.lexicon import chrome_entries

    entries = [e for e in chrome_entries() if e.needs]
    assert entries
    lines = {features.normalize(ln) for doc in (ZH_DOC, EN_DOC, AGG_DOC, BLOG_DOC)
             for ln in doc.split("\n")}
    lines |= {"all rights reserved. example media 2024", "photo: jane roe", "© 2024 example",
              "sign up for our free newsletter today", "本文版权归原作者所有，如有侵权请联系删除"}
    for e in entries:
        assert all(n == n.lower() for n in e.needs), e.needs
        for line in lines:
            assert e.matches(line) == (e.pattern.fullmatch(line) is not None), (e.needs, line)


def test_zh_news_site_chrome():
    """Breadcrumbs, print/close buttons, font-size switches and comment counters around a
    Chinese article go; the article's sentences stay."""
    chrome = ["您当前的位置：首页 > 新闻 > 正文", "字号：大 中 小", "【打印】【关闭】",
              "原文链接：https://news.example.cn/a/1.html", "已有3条评论", "点击进入专题"]
    doc = "\n".join(chrome[:3] + ZH_SENTENCES[:6] + chrome[3:])
    res = run(doc)
    for line in chrome:
        assert line not in res.text, line
    for sentence in ZH_SENTENCES[:6]:
        assert sentence in res.text


@pytest.mark.parametrize(("line", "fields"), [
    ("2025-03-14 08:30:12\u3000来源：城市晚报\u3000作者：张明",
     {"published": "2025-03-14T08:30:12", "site": "城市晚报", "author": "张明"}),
    ("发布时间：2025年03月14日 08:30 | 来源：人民网 | 编辑：李四",
     {"published": "2025-03-14T08:30", "site": "人民网", "author": "李四"}),
    ("作者：张明 | 来源：新华社", {"author": "张明", "site": "新华社"}),
    ("By Jane Miller, Staff Writer", {"author": "Jane Miller"}),
    ("（编辑：王五）", {"author": "王五"}),
])
def test_key_value_metadata_lines(line, fields):
    """A line made only of ``key：value`` fields (or a byline with a role) is metadata."""
    found = metadata.classify_meta(line)
    assert found is not None and found[1] == fields


@pytest.mark.parametrize("line", ["注意：这是一个句子", "Time: 10 minutes", "Prep time: 10 minutes",
                                  "By the way, this is it.", "比分：3比1，主队获胜。"])
def test_sentences_with_a_colon_are_not_metadata(line):
    assert metadata.classify_meta(line) is None


@pytest.mark.parametrize(("name", "title", "fields"), [
    ("zh_portal.txt", "城市轨道交通新线路今日开通运营",
     {"published": "2025-03-14T08:30:12", "site": "城市晚报", "author": "张明"}),
    ("en_portal.txt", "City opens new subway line after four years of construction",
     {"published": "2025-03-14", "site": "Metro News", "author": "Jane Miller"}),
])
def test_portal_page(name, title, fields):
    """A news portal page: the page title (headline plus section and site) at the top, a long
    menu, the headline again above a field line, share buttons, then related stories, comments
    and a footer of links and licence numbers. Only the headline and the story stay."""
    doc = _fixture(name)
    res = run(doc)
    lines = [ln for ln in res.text.split("\n") if ln.strip()]
    assert lines[0] == title
    body = [ln for ln in doc.split("\n") if len(ln.split()) >= 15 or (
        "，" in ln and len(ln) >= 30)]  # the story's paragraphs
    assert lines[1:] == body
    assert res.meta["title"] == title
    assert {k: res.meta.get(k) for k in fields} == fields


def test_dialogue_is_not_a_button():
    """``知道了。`` in a story is a line of dialogue; ``知道了`` alone is a dismiss button."""
    story = ("他走进房间，看了看桌上的信，又看了看窗外。\n“你明天还来吗？”\n知道了。\n"
             "她把门关上，屋里一下子安静下来。")
    assert run(story).text == story
    assert "知道了\n" not in run(story.replace("知道了。", "知道了")).text


def test_guillemet_headline_is_not_an_arrow_link():
    assert features is not None
    from textclean.boilerplate.rules import _structure
    assert _structure("«Wir waren fast 40 Tage in Quarantäne»", False, 0, 40) is None
    assert _structure("Weiter lesen »", False, 0, 14) == "arrow-link"


@pytest.mark.parametrize("chrome", [
    "京ICP备00000000号-1", "违法和不良信息举报电话：000-00000000", "关于我们 | 联系我们 | 网站地图",
    "微信", "收录于合集 #城市观察 3个", "预览时标签不可点", "赞同 57",
    "（作者系某大学经济学院教授）",
    "Never miss a story: sign up for our morning briefing.",
    "Comments are moderated before they appear.",
    "You are using a browser version with limited support for this site.",
    "Instant access to the full article PDF.",
    "Please turn on JavaScript to use this feature",
    "This transcript was generated automatically and may contain errors.",
    "Jane Roe is a nurse in Eastbrook. The views expressed are her own.",
    "You must be logged in to reply to this topic.",
])
def test_interface_lines_after_an_article_go(chrome):
    """Footer, licence, widget and prompt lines that sites print under every article."""
    doc = "\n".join(ZH_SENTENCES[:3] + EN_SENTENCES[:3] + [chrome])
    res = run(doc)
    assert chrome not in res.text
    assert res.text.split("\n") == ZH_SENTENCES[:3] + EN_SENTENCES[:3]


def test_closing_author_note_goes_but_a_closing_sentence_stays():
    bio = "Jane Doe is a senior writer for the Example Post, covering science and medicine."
    res = run("\n".join(EN_SENTENCES[:5] + [bio]))
    assert [r.reason for r in res.removed] == ["author-bio"]
    last = "It is not yet clear whether the deal will survive, analysts said."
    assert run("\n".join(EN_SENTENCES[:5] + [last])).removed == ()


@pytest.mark.parametrize(("name", "title", "fields", "chrome"), [
    ("zh_gov_portal.txt", "市政府召开常务会议 研究部署防汛工作",
     {"published": "2025-05-20T16:40", "site": "市政府办公室"},
     ["热点新闻", "全市经济运行分析会召开", "我市举办第十届创新创业大赛", "【字体：大 中 小】",
      "上一篇：市领导检查安全生产工作", "网站标识码"]),
    ("zh_tech_media.txt", "科技公司发布新一代芯片 性能提升四成",
     {"published": "2025-05-20T10:15", "site": "36氪"},
     ["本文来自微信公众号", "仅提供信息存储空间服务", "芯片行业本周融资汇总", "寻求报道",
      "关于我们", "无意义的评论"]),
])
def test_story_lists_notes_and_footers(name, title, fields, chrome):
    """A story list under its heading (even above the article), a syndication note, a platform
    disclaimer and footer links go; the headline above the date line and every sentence stay."""
    doc = _fixture(name)
    res = run(doc)
    assert res.meta["title"] == title
    assert {k: res.meta.get(k) for k in fields} == fields
    for piece in chrome:
        assert piece not in res.text, piece
    sentences = [ln for ln in doc.split("\n")
                 if ln.endswith("。") and not any(c in ln for c in chrome)]
    assert [ln for ln in res.text.split("\n") if ln.endswith("。")] == sentences


@pytest.mark.parametrize("variants", [
    ["歌曲 （作词） A.B.C 某某唱片公司 2003", "歌曲（作词）A.B.C 某某唱片公司 2003",
     "歌曲 (作词) A.B.C 某某唱片公司 2003"],
    ["城市 ， 交通 ； 出行指南与线路图 汇总", "城市，交通；出行指南与线路图 汇总",
     "城市,交通;出行指南与线路图 汇总"],
])
def test_decisions_ignore_what_the_punctuation_stage_changes(variants):
    """The punctuation stage runs after this one and drops spaces beside full-width marks
    (and widens ``( , ;`` beside Chinese): a second run must size and judge the line alike."""
    from textclean.boilerplate import rules
    from textclean.boilerplate.stage_impl import Line, _line, _new

    def verdicts(text):
        f = _new(Line, (0,) + _line(text, frozenset()))
        return f.size, f.jclass, rules._menu_item(f), rules._headline_like(f)

    assert len({verdicts(v) for v in variants}) == 1
    assert textclean.clean(variants[0], stages=["punctuation"]) == variants[1]


def test_a_bare_more_button_does_not_take_the_next_subheading():
    """``More`` alone is a button; only a named story list (``More stories``, 相关新闻) takes the
    headline-like lines below it."""
    subheading = "What the regulators want next"
    doc = "\n".join(EN_SENTENCES[:4] + ["More", subheading] + EN_SENTENCES[4:8])
    res = run(doc)
    assert [(r.reason, r.text) for r in res.removed] == [("chrome", "More")]
    listed = "\n".join(["Regulators weigh the chip deal", "More stories",
                        "Storm knocks out power in the valley",
                        "Council approves the new bus depot"] + EN_SENTENCES[:6])
    assert [r.reason for r in run(listed).removed] == ["teaser-heading", "teaser-list",
                                                       "teaser-list"]


# --- fast paths (issue 7): each is checked against the straightforward definition it replaced

ALL_CHARS = "".join(map(chr, range(0xD800))) + "".join(map(chr, range(0xE000, 0x110000)))
_LINE_ALPHABET = list("abZ xyÄé'’ß中文的了是在和かなカナ한글。！!?.,:：;；|•·›»>/*#→…\"”】」()（）"
                      "[]12\t\u3000\u2003\x1c\x85ΣσςİK©-_") + ["photo", "© 2024", "版权所有",
                                                              "share", "sign in", "read more "]
_line_text = st.lists(st.sampled_from(_LINE_ALPHABET), max_size=30).map("".join)


def test_white_space_list_is_regex_whitespace():
    import regex

    spaces = regex.findall(r"\s", ALL_CHARS)
    assert set(spaces) == set(regex.findall(f"[{features.WHITE_SPACE}]", ALL_CHARS))
    assert all(c.isspace() for c in spaces)  # str.strip() leaves none of them at the ends


def test_lower_case_keeps_word_and_cjk_classes():
    """Words are found in the lower-cased line: no character may change class by lower-casing
    (checked for every character that changes)."""
    import regex

    word, cjk = regex.compile(r"[\p{L}\p{M}'’]"), features._CJK
    for c in ALL_CHARS:
        low = c.lower()
        if low == c:
            continue
        assert low, hex(ord(c))
        for x in low:
            assert (word.match(x) is None) == (word.match(c) is None), hex(ord(c))
            assert (cjk.match(x) is None) == (cjk.match(c) is None), hex(ord(c))


def _reference_text_features(text: str) -> tuple:
    """The per-line features as first written (one regex per feature)."""
    import regex

    stripped = text.strip()
    cjk = len(features._CJK.findall(stripped))
    chars = sorted(c for c in features.cjk_function_chars() if features._CJK.match(c))
    function = regex.compile("[" + "".join(regex.escape(c) for c in chars) + "]")
    latin: tuple[str, ...] = ()
    if features._NON_CJK_LETTER.search(stripped):
        latin = tuple(w.lower() for w in features._LATIN_WORD.findall(stripped))
    seps = len(features.SEPARATORS.findall(stripped)) if any(
        c in stripped for c in "|›»>/·•:") else 0
    wide = regex.compile(features._WIDE)
    dropped = sum(m.end() - m.start() for m in regex.finditer(r"\s+", stripped)
                  if wide.match(stripped[m.start() - 1:m.start()])
                  or wide.match(stripped[m.end():m.end() + 1])
                  ) if not stripped.isascii() else 0  # pure ASCII: no CJK punctuation rule
    return (features.normalize(stripped), len(stripped) + 2 * cjk - dropped, cjk,
            len(function.findall(stripped)) if cjk else 0, latin,
            bool(features._TERMINAL.search(stripped)), seps)


@settings(max_examples=400, deadline=None)
@given(_line_text)
def test_text_features_match_the_reference(line):
    assert tuple(features._text_features.__wrapped__(line)) == _reference_text_features(line)


def test_text_features_match_the_reference_on_fixtures():
    lines = {ln for doc in (ZH_DOC, EN_DOC, AGG_DOC, BLOG_DOC) for ln in doc.split("\n")}
    for line in lines:
        assert tuple(features._text_features.__wrapped__(line)) == \
            _reference_text_features(line), line


def _reference_lexicon(norm: str, zone: str) -> str | None:
    """Every lexicon group in order, each tried with its own screen."""
    from textclean.boilerplate.lexicon import chrome_groups

    if not norm or len(norm) > 200:
        return None
    for entry in chrome_groups():
        if len(norm) <= entry.max_len and entry.zone in ("any", zone) and entry.matches(norm):
            return entry.rule
    return None


def _lexicon_lines() -> set[str]:
    import strategies as S

    lines = {ln for doc in (ZH_DOC, EN_DOC, AGG_DOC, BLOG_DOC) for ln in doc.split("\n")}
    lines |= set(S.CHROME) | {"Photo: Jane Roe", "© 2024 Example", "参考资料：", "Share on X",
                              "ßign in", "STRASSE", "read more »", "12 comments", "下一篇：夜班"}
    return {features.normalize(ln) for ln in lines}


def test_lexicon_first_characters_never_reject_a_match():
    """Entries are tried only when the line's first characters can start a match."""
    from textclean.boilerplate import rules

    for norm in _lexicon_lines():
        for zone in ("head", "body", "tail"):
            assert rules.lexicon_of.__wrapped__(norm, zone) == _reference_lexicon(norm, zone), \
                (norm, zone)


@settings(max_examples=300, deadline=None)
@given(_line_text, st.sampled_from(["head", "body", "tail"]))
def test_lexicon_matches_the_reference(line, zone):
    from textclean.boilerplate import rules

    norm = features.normalize(line)
    assert rules.lexicon_of.__wrapped__(norm, zone) == _reference_lexicon(norm, zone)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["good", "neargood", "short", "bad"]), max_size=30))
def test_nearest_classes_match_the_neighbour_scan(classes):
    from textclean.boilerplate import rules

    for skip, ignore in (((rules.SHORT, rules.NEARGOOD), True), ((rules.SHORT,), False)):
        before, after = rules._nearest(classes, skip)
        for i in range(len(classes)):
            assert before[i] == rules._neighbour(classes, i, -1, ignore)
            assert after[i] == rules._neighbour(classes, i, 1, ignore)


@settings(max_examples=200, deadline=None)
@given(st.lists(_line_text, max_size=20))
def test_stoplist_choice_matches_counting_all_words(lines):
    """Per-line counts summed give the choice made from one count over the document."""
    from collections import Counter

    from textclean.boilerplate.lexicon import stoplists

    textclean.boilerplate.memo.forget()
    words: Counter[str] = Counter()
    for ln in lines[:400]:
        words.update(_reference_text_features(ln)[4])
    total = sum(words.values())
    expected: frozenset[str] = frozenset()
    if total >= 5:
        hits = {name: sum(n for w, n in words.items() if w in stop)
                for name, stop in stoplists().items()}
        scored = sorted(((hits[name], name) for name in stoplists()), reverse=True)
        expected = frozenset().union(*(stoplists()[n] for h, n in scored[:2]
                                       if h >= 0.15 * total))
    assert features.choose_stoplist(lines) == expected


def _reference_structure(text: str, terminal: bool, separators: int, size: int) -> str | None:
    """The structure rule without its screens."""
    from textclean.boilerplate import rules

    s = text.strip()
    if rules._URL.match(s):
        return "url"
    if terminal or rules._TABLE_ROW.match(s) or rules._NUMBERS_ONLY.match(s):
        return None
    if separators >= 2 and size / (separators + 1) < 40:
        ticker = len(rules._CHANGE.findall(s)) >= 2 and rules._TICKER.fullmatch(s)
        return "nav-separators" if ticker or not rules.figures_row(s) else None
    if size <= 120 and rules._BREADCRUMB.fullmatch(s):
        return "nav-separators"
    if rules._CJK_MENU.fullmatch(s):
        return "nav-separators"
    if len(rules._CHANGE.findall(s)) >= 2 and rules._TICKER.fullmatch(s):
        return "nav-separators"
    if size < 100 and rules._ARROW.search(s):
        return "arrow-link"
    return None


_shape_text = st.lists(st.sampled_from(["http://a.b/c", "HTTPS://x", "www.", "WWW.x", "a@b.cd", "@",
                                        "|", " | ", "x", "中文", " ", "→", "12", ".", "k", ">",
                                        ">>", "＞", "首页", "新闻 ", "+0.4%", " DOW ", "▶",
                                        "｜"]),
                       max_size=8).map("".join)


@settings(max_examples=300, deadline=None)
@given(_shape_text, st.booleans(), st.integers(0, 4), st.integers(0, 150))
def test_structure_screens_never_change_the_rule(text, terminal, separators, size):
    from textclean.boilerplate import rules

    assert rules._structure(text, terminal, separators, size) == \
        _reference_structure(text, terminal, separators, size)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["[1]", "[", "[12, 3]", "[a]", "text", "中文句子很长", " ",
                                 "x = 1;", "The council voted", ",", "[٣]"]),
                max_size=10).map("".join))
def test_citation_screen_never_drops_a_marker(line):
    from textclean.boilerplate import document

    reference = [] if "[" not in line or document._CODE.search(line) or not document._prose(
        line) else [(m.start(), m.end(), m.group("m")) for m in document._CITATION.finditer(line)
                    if m.start("m") != 0 and line[: m.start("m")].strip()]
    assert document.citation_spans(line) == reference


_needs_text = st.lists(st.sampled_from(["copyright", "© ", "cookie", "ai curated", "ai", " ",
                                        "版权", "版", "if you", "if yo", "read more", "x", "ß"]),
                       max_size=8).map("".join)


@settings(max_examples=300, deadline=None)
@given(_needs_text)
def test_combined_screen_passes_every_screened_line(line):
    """The one-scan screen over all ``needs`` lets through every line some group's own screen
    lets through (it may let through more)."""
    from textclean.boilerplate.lexicon import any_needs, chrome_groups, screen

    if any(screen(g.needs).search(line) for g in chrome_groups() if g.needs):
        assert any_needs().search(line) is not None


@pytest.mark.parametrize("cap", [0.3, 0.5, 0.6, 0.7, 0.8, 0.9])
def test_removal_cap_is_idempotent(cap):
    """Each tier of the cap is measured against what the tiers above it leave, so a second run
    (on a shorter text) decides the same way: it changes nothing, flag included."""
    chrome = ["Leave a comment", "Share on Facebook", "Read more", "Subscribe to our newsletter"]
    menu = ["Ruby", "Topaz", "Garnet", "Opal", "Amber", "Jade", "Pearl"]
    doc = "\n".join(chrome + menu + [EN_SENTENCES[0], EN_SENTENCES[1]] + chrome)
    ctx = Context(options={**STAGE.defaults, "max_removal": cap})
    once = run(doc, ctx)
    twice = run(once.text, ctx)
    assert twice.text == once.text
    assert ("heavy-removal" in twice.flags) == ("heavy-removal" in once.flags)


# --- fast paths of the classifier's per-line tests (issue 7): each screen against its pattern

_screen_text = st.lists(st.sampled_from(
    ["a", "B", "É", "中", "文", "か", "カ", "한", " ", "\u3000", "\t", ".", "!", "?", ",", ";",
     "，", "。", "；", ":", "：", "=", "{", "}", "$", "(", "（", ")", "）", "1", "２", "½", "kg",
     "→", "»", "›", ">", ">>", "...", "«", "、", "19", "20", "2024", "1999", "２０２４", "年",
     "March 3,", "x = f(y)", "Foo", " vs. ", "Dr. ", "J. ", "?", "？", "”"]),
    max_size=12).map("".join)


@settings(max_examples=400, deadline=None)
@given(_screen_text)
def test_classifier_screens_match_their_patterns(text):
    from textclean.boilerplate import rules

    s = text.strip()
    assert rules._inner_sentence(s, features.cjk_count(s)) == (
        rules._inner_sentence_reference().search(s) is not None)
    for t in (s, text.rstrip()):
        assert rules._code_or_quantity(t) == (rules._CODE_OR_QUANTITY.search(t) is not None)
        assert rules._not_menu(t) == (rules._NOT_MENU.search(t) is not None)
    assert rules._ends_heading(text) == (rules._HEADING_END.search(text) is not None)


def _reference_menu_item(line) -> bool:
    """``rules._menu_item`` as first written (the pattern before the stopword test)."""
    from textclean.boilerplate import rules

    s = line.text.rstrip()
    if line.terminal or s.endswith((":", "：")) or rules._NOT_MENU.search(s):
        return False
    return ((line.density is None or line.density < 0.34 or line.words <= 2)
            and not rules._STAT_ROW.fullmatch(s.strip())
            and not rules._LABEL_FIGURE.match(s.strip()))


def _reference_headline_like(line) -> bool:
    from textclean.boilerplate import rules

    s = line.text.strip()
    asks = regex.fullmatch(r"[^?？]*[?？][\"'”’“‘»«」』)）\]】]*", s) is not None
    return ((not line.terminal or asks) and line.size <= 160
            and not rules._inner_sentence_reference().search(s)
            and not rules._CODE_OR_QUANTITY.search(s))


@settings(max_examples=300, deadline=None)
@given(st.one_of(_screen_text, _line_text), st.sampled_from(["", "english", "german"]))
def test_line_flags_match_the_classifier_tests(text, language):
    """The menu, headline and heading flags computed once per line give the answers the
    classifier's loops used to ask for (menu and heading only matter for short lines)."""
    from textclean.boilerplate import rules
    from textclean.boilerplate.lexicon import stoplists
    from textclean.boilerplate.stage_impl import Line, _line, _new

    if not text.strip():
        return
    textclean.boilerplate.memo.forget()
    stop = stoplists()[language] if language else frozenset()
    f = _new(Line, (0,) + _line(text, stop))
    assert f.headline == _reference_headline_like(f)
    if f.jclass == rules.SHORT:
        assert f.menu == _reference_menu_item(f)
        assert f.heading == (2 <= f.size <= 160 and not rules._HEADING_END.search(f.text))
    else:
        assert not f.menu and not f.heading


@settings(max_examples=300, deadline=None)
@given(_screen_text)
def test_arrow_screen_never_changes_the_structure_rule(text):
    from textclean.boilerplate import rules

    for size in (10, 99):
        assert rules._structure(text, False, 0, size) == \
            _reference_structure(text, False, 0, size)


@settings(max_examples=300, deadline=None)
@given(_screen_text)
def test_date_only_screen_never_changes_the_answer(text):
    """The substring screen for ``19``/``20`` before the year pattern."""
    textclean.boilerplate.memo.forget()
    found = metadata.date_line(text) if metadata._YEAR.search(text) else None
    expected = found is not None and len(metadata._LEFTOVER_WORDS.findall(
        metadata._CLOCK.sub("", found[1]))) <= 2
    assert metadata.date_only.__wrapped__(text) == expected

