"""The ``punctuation`` stage (Chinese punctuation by context) and the opt-in ``spacing`` stage.

Every line here was written for these tests; the damage imitates scrapes (ASCII marks in
Chinese sentences, mixed-width glossary lines, bilingual transcripts).
"""

from __future__ import annotations

import pytest
import strategies as S
from hypothesis import given
from hypothesis import strategies as st

import textclean
from textclean import punctuation, spacing
from textclean.stage import Context, Stage


def punct(text: str, **options: str) -> str:
    return textclean.clean(text, stages=["punctuation"], **options)


def changes(text: str, **options: str) -> dict[str, int]:
    rec = textclean.process(text, stages=["punctuation"], **options)
    return {c.rule: c.count for c in rec.changes if c.stage == "punctuation"}


# --- Chinese context ---------------------------------------------------------------------------

CASES = [
    # (scraped, expected)
    ("夜班火车恢复了,居民很高兴!", "夜班火车恢复了，居民很高兴！"),
    ("问题是:谁来付钱?", "问题是：谁来付钱？"),
    ("图书馆延长开放时间;学生欢迎.", "图书馆延长开放时间；学生欢迎。"),
    ("他们发布了新模型(代号小雨)。", "他们发布了新模型（代号小雨）。"),
    ("这是人工智能(AI)领域的问题.", "这是人工智能（AI）领域的问题。"),
    ("会议一直开到深夜......", "会议一直开到深夜……"),
    ("会议一直开到深夜。。。", "会议一直开到深夜……"),
    ("会议一直开到深夜...然后散了", "会议一直开到深夜……然后散了"),
    ("他终于明白了--原来如此", "他终于明白了——原来如此"),
    ("北京-天津的列车", "北京——天津的列车"),
    ('记者问:"明天会下雨吗?"', "记者问：“明天会下雨吗？”"),
    ('他说"OK"然后走了', "他说“OK”然后走了"),
    ("译者是约翰•史密斯和玛丽・琼斯", "译者是约翰·史密斯和玛丽·琼斯"),
    ("你用过GPT-4吗?我用过ChatGPT.", "你用过GPT-4吗？我用过ChatGPT。"),
    ("他说:我们明天见.", "他说：我们明天见。"),
    ("主持人 Anna Lee:欢迎收听本期节目。", "主持人 Anna Lee：欢迎收听本期节目。"),
    ("原因有三个:", "原因有三个："),
    ("成本是 1,000 元,时间是 10:30,版本 v1.2,圆周率 3.14。",
     "成本是 1,000 元，时间是 10:30，版本 v1.2，圆周率 3.14。"),
    ("价格是１２３元，型号ＡＢＣ", "价格是123元，型号ABC"),
    ("好的 ， 我们走吧 。", "好的，我们走吧。"),
    ("这个数据 （见附表） 很重要", "这个数据（见附表）很重要"),
    (".然后我们就回家了", "。然后我们就回家了"),
    ("支持者的观点[12].", "支持者的观点[12]。"),
    # a dot inside a transliterated name, in a line that ends its sentences with 。, stays
    ("那一年，迈克尔.乔丹投进了绝杀，全场沸腾。", "那一年，迈克尔.乔丹投进了绝杀，全场沸腾。"),
    # a run of colons collapses in one pass; a scope operator in a Chinese line is code
    ("注意" + ":" * 40 + "这里", "注意：这里"),
    ("C++的std::vector很好用。", "C++的std::vector很好用。"),
    # the same dot after a long clause is a period typed in ASCII
    ("比赛在最后一秒结束了.观众慢慢散去。", "比赛在最后一秒结束了。观众慢慢散去。"),
]


@pytest.mark.parametrize(("scraped", "expected"), CASES)
def test_chinese_context(scraped: str, expected: str) -> None:
    assert punct(scraped) == expected


UNCHANGED = [
    "The council voted on Tuesday, and residents said: yes! Really? (Maybe.)",
    "Prices rose 1,000% in 2024; see v1.2.3 at https://example.com/a,b?c=1.",
    'He said "hello" -- and left... e-mail: jane.roe@example.org',
    "def f(x): return x[0]; print(f(1))",
    "访问 https://example.com/path?a=1,2 或写信到 someone@example.com",
    "调用 print(x) 函数",
    "会议在 10:30 开始，预计 2.5 小时。",
    "我们用 `a, b = b, a` 交换变量。",
    "东京の図書館で、本を読みました(多分).",
    "서울 뉴스, 한국어 (데이터).",
    "本文由示例网首发，转载请注明出处。",
    "他在“新云”（neocloud）方面的业务增长了50%。",
    "　　段首的全角空格缩进保留。",
    "Beijing (北京) is the capital.",
    "- petty: small, unimportant",
    "- （注）列表符号后的空格保留",
    "2. （注）编号后的空格也保留",
]


@pytest.mark.parametrize("text", UNCHANGED)
def test_unchanged(text: str) -> None:
    assert punct(text) == text


def test_kana_gloss_in_chinese_line() -> None:
    got = punct("我们开了新年会（しんねんかい）,很热闹.")
    assert got == "我们开了新年会（しんねんかい），很热闹。"


def test_code_fence_untouched() -> None:
    text = "示例代码:\n```\nif (a) {return b, c;}\n说明(注释)\n```\n完成."
    assert punct(text) == "示例代码：\n```\nif (a) {return b, c;}\n说明(注释)\n```\n完成。"


def test_taiwan_and_hong_kong_quotes() -> None:
    assert punct('他說"好"', script="zh-TW") == "他說「好」"
    assert punct('他說"好"', script="zh-HK") == "他說「好」"
    assert punct('他说"好"') == "他说“好”"


def test_big5_middle_dot_kept_for_traditional() -> None:
    assert punct("約翰‧史密斯", script="zh-TW") == "約翰‧史密斯"
    assert punct("约翰‧史密斯") == "约翰·史密斯"


# --- bilingual and glossary lines -------------------------------------------------------------


def test_bilingual_transcript() -> None:
    en = "Maya Chen: I always say (and mean it) that trains matter, don't you?"
    zh = "Maya Chen:我总是说(而且是认真的)火车很重要,不是吗?"
    assert punct(en) == en
    assert punct(zh) == "Maya Chen：我总是说（而且是认真的）火车很重要，不是吗？"


def test_english_quote_inside_chinese_sentence() -> None:
    assert punct('她尽力保持"a positive view",对吧?') == "她尽力保持“a positive view”，对吧？"


def test_glossary_lines_come_out_consistent() -> None:
    scraped = [
        "- tenacious adj.：顽强的；坚韧的",
        "- ferry n.: 渡船，渡口",
        "- commute v.: ：通勤",
        "- verge: : n.边缘；边界",
        "- outage： 停电，中断",
        "  - root: 表示 “根” 的词根",
        "  - on the verge of: about to do something",
    ]
    out = punct("\n".join(scraped)).split("\n")
    assert out == [
        "- tenacious adj.：顽强的；坚韧的",
        "- ferry n.：渡船，渡口",
        "- commute v.：通勤",
        "- verge：n.边缘；边界",
        "- outage：停电，中断",
        "  - root：表示“根”的词根",
        "  - on the verge of: about to do something",
    ]


def test_ideographic_space_policy() -> None:
    assert punct("　　缩进保留") == "　　缩进保留"
    assert punct("张　三") == "张　三"  # between Han: a deliberate separator
    assert punct("版本　2.0") == "版本　2.0"
    assert punct("version　2.0") == "version 2.0"
    assert punct("结束。　") == "结束。"
    assert punct("你好，　世界") == "你好，世界"


def test_changes_counted_by_rule() -> None:
    text = '他说:"好,走吧..."(笑)--完了ＯＫ'
    assert punct(text) == "他说：“好，走吧……”（笑）——完了OK"
    got = changes(text)
    assert got == {"colon": 1, "quotes": 2, "comma": 1, "ellipsis": 1, "paren": 2, "dash": 1,
                   "fullwidth-ascii": 2}


# --- properties ---------------------------------------------------------------------------------

ALPHABET = list("漢字我们的了是在东京あいカ한 abcXYZ019 .,:;!?()\"'-•・‧…"
                "。，：；！？（）“”「」\u3000ＡＺ０９．")
MIXED = st.text(alphabet=st.sampled_from(ALPHABET), max_size=60)
ANY_TEXT = st.one_of(MIXED, MIXED, S.prose_line(), S.punctuation_soup(), S.junk_line(),
                     S.arbitrary_line(), S.noisy_line(False))
SCRIPTS = st.sampled_from(["zh-Hans", "zh-TW", "keep"])


def stage_text(stage: Stage, text: str, option: str = "zh-Hans") -> str:
    """The stage alone (no pipeline around it), to check what it does to lines."""
    return stage(text, Context(options={"script": option})).text


@given(ANY_TEXT, SCRIPTS)
def test_idempotent_deterministic_never_raises(text: str, option: str) -> None:
    once = stage_text(punctuation.STAGE, text, option)
    assert stage_text(punctuation.STAGE, text, option) == once
    assert stage_text(punctuation.STAGE, once, option) == once
    assert once.count("\n") == text.count("\n")


@given(st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x7e), max_size=80))
def test_ascii_never_changes(text: str) -> None:
    assert punct(text) == text


@given(st.text(alphabet=st.sampled_from(list("あいうえおカタ東京の、。 ,.:;!?-")), max_size=40))
def test_japanese_lines_untouched(text: str) -> None:
    # Kana in brackets or quotes inside a Chinese sentence is a gloss (tested above); any other
    # kana makes the line Japanese, and Japanese punctuation is not ours to change.
    if any(c in "あいうえおカタ" for c in text):
        assert punct(text) == text


@pytest.mark.parametrize("text", [
    '東京の図書館で "ありがとう" と言いました。(多分)',
    "「東京」(とうきょう)へ行きました, 本当に!",
])
def test_japanese_sentences_with_brackets_untouched(text: str) -> None:
    assert punct(text) == text


# --- spacing (opt-in) ---------------------------------------------------------------------------


def spaced(text: str) -> str:
    return textclean.clean(text, stages=["spacing"])


@pytest.mark.parametrize(("text", "expected"), [
    ("在2024年用GPT-4模型", "在 2024 年用 GPT-4 模型"),
    ("增长50%的人花了$5", "增长 50% 的人花了 $5"),
    ("访问https://example.com/a和b@example.org吧",
     "访问 https://example.com/a 和 b@example.org 吧"),
    ("用`ls -l`命令", "用 `ls -l` 命令"),
    ("中文，English。", "中文，English。"),
    ("東京でGPTを使う", "東京でGPTを使う"),
])
def test_spacing(text: str, expected: str) -> None:
    assert spaced(text) == expected


def test_spacing_is_not_default() -> None:
    assert "spacing" not in textclean.DEFAULT_STAGES


@given(ANY_TEXT)
def test_spacing_idempotent(text: str) -> None:
    once = stage_text(spacing.STAGE, text)
    assert stage_text(spacing.STAGE, text) == once
    assert stage_text(spacing.STAGE, once) == once
    assert once.count("\n") == text.count("\n")


@given(st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x7e), max_size=80))
def test_spacing_never_changes_ascii(text: str) -> None:
    assert spaced(text) == text
