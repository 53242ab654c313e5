"""Hypothesis strategies that generate the noise textclean meets in scraped text.

Every word, line and fragment here was written for these tests. The strategies compose: a
document is a list of lines, each line drawn from prose (mixed CJK/Latin), chrome, punctuation
soup, markup or junk, then optionally damaged as a whole by one of the mojibake routes the
``mojibake`` stage is meant to repair, then joined with any of the newline conventions.
"""

from __future__ import annotations

from hypothesis import strategies as st

# --- building blocks ---------------------------------------------------------------------------

ZH_WORDS = ("我们", "今天", "下午", "讨论", "这个", "问题", "城市", "居民", "火车", "夜班", "支持",
            "反对", "研究", "数据", "模型", "发布", "公司", "记者", "报道", "认为", "可能", "已经",
            "图书馆", "开放", "时间", "延长", "学生", "老师", "天气", "预报", "明天", "小雨")
ZH_TRAD = ("們", "討論", "這個", "問題", "城市", "鐵路", "資料", "發佈", "記者", "報導", "圖書館",
           "開放", "時間", "學生", "老師", "氣象", "預報", "體育", "經濟", "臺灣", "香港")
EN_WORDS = ("the", "night", "train", "council", "voted", "on", "Tuesday", "and", "residents",
            "said", "model", "data", "release", "OpenAI", "API", "v2.1", "GPU", "100%", "e-mail",
            "it's", "U.S.", "Dr.", "café", "naïve", "résumé", "x86_64", "http://example.com/a?b=1")
JA_WORDS = ("東京", "の", "ニュース", "です", "ありがとう", "カタカナ", "漢字", "ひらがな")
KO_WORDS = ("서울", "뉴스", "감사합니다", "한국어", "데이터")
TH_WORDS = ("ภาษาไทย", "ข่าว", "สวัสดี", "กรุงเทพ")
RU_WORDS = ("Москва", "новости", "данные", "привет")
EMOJI = ("📰", "🚀", "👍🏽", "👨\u200d👩\u200d👧", "🇨🇳", "✅", "❤️", "•", "→", "—", "…")
ZH_PUNCT = "，。、；：？！「」『』（）《》〈〉【】“”‘’…—·～"
EN_PUNCT = ",.;:?!'\"()[]{}<>-_/\\|@#$%^&*+=~`"
SOUP_UNITS = ("...", "。。。", "……", "!!!", "？？", "?!", ",,", "，，", "--", "——", "~~", "··",
              "((", "))", "【【", "】】", "「」", "“", "”", "\"", "'", "(", ")", "[", "]", "{", "}",
              "*", "**", "__", "#", "&", "&amp;", ";", ":", "：", "、", "|", "/", ">", "<")
JUNK_CHARS = ("\x00", "\x01", "\x07", "\x08", "\x0b", "\x0c", "\x1b", "\x1f", "\x7f", "\x80",
              "\x85", "\x9f", "\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u2060",
              "\ufeff", "\u00ad", "\ufffc", "\ufffd", "\u00a0", "\u3000", "\u2002", "\u202f",
              "\u202e", "\u2028", "\u2029", "\r", "\t", "\u0301", "\u0308", "\u3099", "\ue000",
              "\U000e0001", "\uffff", "\U0010ffff")
SURROGATES = ("\ud800", "\udbff", "\udc00", "\udfff", "\ud83d")
# Chrome in the style of scraped pages; the names, sites and numbers are invented.
CHROME = ("分享到：微信 微博 QQ空间", "责任编辑：王小明", "来源：某某晚报", "本文来源：示例网",
          "阅读 12345", "相关推荐", "热门文章", "首页 > 新闻 > 科技", "上一篇 下一篇",
          "2025-03-14 09:30", "2024年11月2日 18:05", "编辑：李四", "作者：张三", "点击查看原文",
          "扫码关注公众号", "免责声明：本文仅代表作者观点。", "【示例导读】本文讲述了一件事。",
          "摘要：本文讲述了一件事。", "参考资料：", "Share this article",
          "Subscribe to our newsletter",
          "Copyright © 2024 Example Media Inc. All rights reserved.", "Posted by admin",
          "Read more", "Advertisement", "Original source: example.org →", "Tags: ai, data",
          "Who should care:", "Weekly Recap", "30-Second Summary", "Home | News | About",
          "Published: Nov 27th 2024", "By Jane Roe, Staff Writer", "1 comment", "Search documents")
MARKUP = ("---\ntitle: 夜班火车\ndate: 2024-11-27\nauthor: 某人\n---", "# 标题", "## Heading two",
          "**粗体**", "__bold__", "[链接文字](https://example.com/a_(b))", "![图](/img/a.png)",
          "[1][27]", "&amp; &lt;tag&gt; &#x4e2d;&#25991; &nbsp;", "&#13;", "&#x301;", "&#0;",
          "&#x2028;", "&#xD800;", "&#128;", "&bogus;", "<br/>", "<p>段落</p>", "> 引用", "- 列表项",
          "* item", "1. first", "`code`", "```", "| a | b |", "---", "***", "[^1]")


def _weighted_word() -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(ZH_WORDS), st.sampled_from(ZH_WORDS), st.sampled_from(EN_WORDS),
        st.sampled_from(EN_WORDS), st.sampled_from(ZH_TRAD), st.sampled_from(JA_WORDS),
        st.sampled_from(KO_WORDS), st.sampled_from(TH_WORDS), st.sampled_from(RU_WORDS),
        st.sampled_from(EMOJI), st.sampled_from(tuple(ZH_PUNCT)), st.sampled_from(tuple(EN_PUNCT)),
        st.integers(0, 10**6).map(str), st.just(" "),
    )


def prose_line() -> st.SearchStrategy[str]:
    """A line of mixed Chinese/English/other-script words and both widths of punctuation."""
    return st.lists(_weighted_word(), min_size=1, max_size=25).map("".join)


def punctuation_soup() -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(SOUP_UNITS + tuple(ZH_PUNCT)), min_size=1, max_size=40
                    ).map("".join)


def junk_line() -> st.SearchStrategy[str]:
    """Prose with control, invisible, combining and private-use characters spliced in."""
    return st.lists(st.one_of(_weighted_word(), st.sampled_from(JUNK_CHARS)), min_size=1,
                    max_size=25).map("".join)


def arbitrary_line() -> st.SearchStrategy[str]:
    """Any code points at all, lone surrogates included."""
    return st.text(st.characters(codec=None, categories=None), max_size=40)


def surrogate_line() -> st.SearchStrategy[str]:
    return st.lists(st.one_of(_weighted_word(), st.sampled_from(SURROGATES)), min_size=1,
                    max_size=12).map("".join)


def huge_line(max_repeat: int = 2_000) -> st.SearchStrategy[str]:
    """One very long line: a short unit repeated (CI sizes; the benchmark goes to megabytes)."""
    return st.tuples(st.one_of(prose_line(), punctuation_soup()),
                     st.integers(50, max_repeat)).map(lambda t: t[0] * t[1])


# --- mojibake: every route the mojibake stage is meant to repair -------------------------------

CJK_CODECS = ("gbk", "gb18030", "big5", "shift_jis", "euc_kr")
#: (encode as, decode as): correct bytes read with the wrong codec.
MOJIBAKE_ROUTES = (
    *(("utf-8", c) for c in ("cp1252", "latin-1", *CJK_CODECS)),
    *((c, "cp1252") for c in CJK_CODECS),
    ("utf-8", "tis-620-lossy"),
)


def garble(text: str, encode_as: str, decode_as: str) -> str:
    """``text`` as it looks after ``encode_as`` bytes were decoded with ``decode_as``.

    ``tis-620-lossy`` is UTF-8 read as TIS-620 by a tool that dropped the bytes 0x80–0x9F
    (undefined in TIS-620). Characters the source codec cannot encode are dropped first, as a
    real legacy page would not contain them.
    """
    raw = text.encode(encode_as, "ignore")
    if decode_as == "tis-620-lossy":
        raw = bytes(b for b in raw if not 0x80 <= b <= 0x9F)
        decode_as = "tis-620"
    return raw.decode(decode_as, "replace")


def mojibake_line() -> st.SearchStrategy[str]:
    return st.tuples(prose_line(), st.sampled_from(MOJIBAKE_ROUTES)).map(
        lambda t: garble(t[0], *t[1]))


def mojibake_document() -> st.SearchStrategy[str]:
    """A whole document damaged one way (the usual case: one wrong decode of a whole page)."""
    return st.tuples(st.lists(prose_line(), min_size=1, max_size=8).map("\n".join),
                     st.sampled_from(MOJIBAKE_ROUTES)).map(lambda t: garble(t[0], *t[1]))


# --- documents ---------------------------------------------------------------------------------

NEWLINES = ("\n", "\n", "\n", "\r\n", "\r", "\u2028", "\u2029", "\x85", "\n\n", "\n \n", "\n\t\n")


def noisy_line(huge: bool = True) -> st.SearchStrategy[str]:
    options = [prose_line(), prose_line(), st.sampled_from(CHROME), punctuation_soup(),
               st.sampled_from(MARKUP), junk_line(), mojibake_line(), arbitrary_line(),
               surrogate_line(), st.just(""), st.just("   ")]
    if huge:
        options.append(huge_line())
    return st.one_of(*options)


@st.composite
def _join(draw: st.DrawFn, lines: list[str]) -> str:
    if not lines:
        return ""
    out = [lines[0]]
    for line in lines[1:]:
        out.append(draw(st.sampled_from(NEWLINES)))
        out.append(line)
    if draw(st.booleans()):
        out.append(draw(st.sampled_from(("\n", "\r\n", "\n\n\n"))))
    return "".join(out)


def noisy_document(max_lines: int = 12, huge: bool = True) -> st.SearchStrategy[str]:
    """A document of noisy lines joined with mixed newline conventions."""
    return st.one_of(
        st.lists(noisy_line(huge), max_size=max_lines).flatmap(_join),
        mojibake_document(),
        st.text(max_size=200),
    )


def canonical_document(max_lines: int = 8) -> st.SearchStrategy[str]:
    """Documents without controls, surrogates or non-NFC text: what later stages receive."""
    import unicodedata

    def canon(s: str) -> str:
        s = "".join(c for c in s if c in "\n\t" or (unicodedata.category(c) not in ("Cc", "Cs")
                                                    and c != "\ufeff"))
        s = s.replace("\u2028", "\n").replace("\u2029", "\n")
        return unicodedata.normalize("NFC", s)

    return noisy_document(max_lines, huge=False).map(canon)


# --- bytes -------------------------------------------------------------------------------------

BYTE_CODECS = ("utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "gbk",
               "gb18030", "big5", "shift_jis", "euc_kr", "cp1252", "latin-1", "tis-620",
               "koi8-r", "cp1251")


def encoded_document() -> st.SearchStrategy[bytes]:
    """Documents as files hold them: some encoding (lossy where it cannot encode), or garbage."""
    return st.one_of(
        st.tuples(noisy_document(huge=False), st.sampled_from(BYTE_CODECS)).map(
            lambda t: t[0].encode(t[1], "replace") if t[1] != "utf-8"
            else t[0].encode("utf-8", "surrogatepass")),
        st.binary(max_size=400),
        st.tuples(st.binary(min_size=1, max_size=8), st.integers(1, 500)).map(
            lambda t: t[0] * t[1]),
    )


# --- pathological inputs (tests run them small, benchmarks/pathological_bench.py at full size) ---


def pathological_cases(size: int) -> dict[str, str]:
    """Worst-case shapes for a text cleaner, each about ``size`` characters.

    Long single lines, millions of repeated marks, deep bracket nesting, escape chains, runs of
    every kind of junk, and lines shaped to make backtracking regexes and repair searches work
    hardest (almost-matches that fail at the end).
    """
    n = max(1, size)

    def rep(unit: str) -> str:
        return unit * max(1, n // len(unit))

    return {
        "line-zh": rep("夜班火车的讨论持续了一个下午，居民各执一词。"),
        "line-en": rep("The council voted on the night train on Tuesday. "),
        "line-mixed": rep("模型 model 的 API 调用(call)增加了100%, 但是 "),
        "line-no-space": rep("abcdefghij"),
        "punct-fullstop": rep("。"),
        "punct-comma-half": rep(","),
        "punct-dot": rep("."),
        "punct-ellipsis": rep("…"),
        "punct-bang": rep("!?"),
        "punct-dash": rep("-"),
        "punct-star": rep("*"),
        "punct-underscore": rep("_"),
        "punct-hash": rep("#"),
        "punct-quote": rep("“"),
        "punct-zh-comma-between-han": rep("中,"),
        "punct-soup": rep("，,。.、;；:：!！?？「」（）()[]【】"),
        "nest-paren": "(" * (n // 2) + ")" * (n // 2),
        "nest-paren-open": "(" * n,
        "nest-square": "[" * (n // 2) + "]" * (n // 2),
        "nest-zh": "（" * (n // 2) + "）" * (n // 2),
        "nest-lenticular": "【" * (n // 2) + "】" * (n // 2),
        "nest-md-link": rep("[a](") + rep(")"),
        "md-link-unclosed": "[x](https://example.com/" + rep("(a"),
        "md-image-unclosed": "![" + rep("a") + "](" + rep("(b"),
        "md-bold-unclosed": rep("**a "),
        "md-bold-nested": rep("**") + "a" + rep("**"),
        "md-heading": rep("#") + " x",
        "entity-chain": "&" + rep("amp;"),
        "entity-run": rep("&amp;"),
        "entity-almost": rep("&#12345"),
        "entity-numeric": rep("&#x4e2d;"),
        "front-matter-unclosed": "---\n" + rep("key: value\n"),
        "front-matter-dashes": rep("---\n"),
        "blank-lines": rep("\n"),
        "cr-lines": rep("\r"),
        "crlf-lines": rep("\r\n"),
        "short-lines": rep("行\n"),
        "chrome-lines": rep("分享到：微信 微博\n"),
        "same-line-repeated": rep("相关推荐\n阅读 123\n"),
        "spaces": "a" + rep(" ") + "b",
        "spaces-between-han": rep("中 "),
        "tabs": rep("\t"),
        "ideographic-space": rep("\u3000"),
        "nul": rep("\x00"),
        "zero-width": rep("\u200b"),
        "combining": "a" + rep("\u0301\u0316"),
        "combining-after-han": rep("中\u0301"),
        "latin-mojibake": rep("Ã©"),
        "latin-mojibake-mixed": rep("cafÃ© Ã "),
        "replacement-chars": rep("\ufffd"),
        "utf8-as-gbk": rep(garble("夜班火车的讨论", "utf-8", "gbk")),
        "utf8-as-gbk-holes": rep("\ufffd中\ufffd"),
        "gbk-as-cp1252": rep(garble("夜班火车的讨论", "gbk", "cp1252")),
        "utf8-as-tis620": rep(garble("夜班火车 • 讨论 — 📰", "utf-8", "tis-620-lossy")),
        "kunkao": rep("锟斤拷"),
        "thai": rep("ภาษาไทย"),
        "emoji-zwj": rep("👨\u200d👩\u200d👧"),
        "private-use": rep("\ue000"),
        "surrogates": rep("\ud800"),
        "url": "http://example.com/" + rep("a/"),
        "digits": rep("0123456789"),
        "date-like": rep("2024-11-27 "),
    }
