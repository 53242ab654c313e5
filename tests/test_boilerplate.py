"""The boilerplate stage: chrome out, metadata into fields, article sentences untouched."""

from __future__ import annotations

import glob
import os
from pathlib import Path

import pytest
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
    footer = "Subscribe to the Example Weekly print edition today"
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
