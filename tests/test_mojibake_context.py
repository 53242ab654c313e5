"""Context for lossy mojibake guesses: word bonuses and punctuation context for CJK, quote
pairing for TIS-620. Every sentence here was written for these tests."""

from __future__ import annotations

import pytest

from textclean.mojibake import STAGE, cjk, edges, marks, words
from textclean.mojibake.cjk import repair_cjk
from textclean.mojibake.single_byte import corrupt
from textclean.stage import Context


def utf8_as(text: str, codec: str) -> str:
    return text.encode("utf-8").decode(codec, "replace")


# --- word bonuses ------------------------------------------------------------------------------


def test_word_table_round_trips() -> None:
    table = words.unpack(words.pack({"闭目": 6.3, "庭园": 4.0}))
    assert table.bonus == {"闭目": 6.3, "庭园": 4.0}


def test_word_score_takes_the_best_non_overlapping_words() -> None:
    table = words.Words({"甲乙": 1.0, "乙丙": 3.0, "丙丁": 2.5})
    assert table.score("甲乙丙丁") == pytest.approx(3.5)  # 甲乙 + 丙丁 beats 乙丙 alone
    assert table.score("甲乙，丙丁") == pytest.approx(3.5)  # punctuation breaks words
    assert table.score("甲乙 丙丁") == pytest.approx(3.5)
    assert table.score("乙丙，丁") == pytest.approx(3.0)
    assert table.score("ab") == 0.0  # ASCII is not a word of the table


def test_packaged_word_table_knows_words() -> None:
    table = words.load_words()
    assert table is not None
    assert table.score("窗前闭目养神") > table.score("窗前问目养神")


# A lost byte in the middle of a word: the frequent letter of the byte block (问) must not win
# over the one that completes the word (闭目).
WORD_CASES = ["老人坐在窗前闭目养神，一句话也不说。"]


@pytest.mark.parametrize("text", WORD_CASES)
@pytest.mark.parametrize("codec", ["gbk", "gb18030"])
def test_lossy_repair_completes_words(text: str, codec: str) -> None:
    assert repair_cjk(utf8_as(text, codec))[0] == text


def test_without_word_table_the_repair_still_works(monkeypatch) -> None:
    monkeypatch.setattr(cjk, "load_words", lambda lang="zh-Hans": None)
    text = "我们今天下午在图书馆讨论了新项目的进度。"
    assert repair_cjk(utf8_as(text, "gbk"))[0] == text


# --- punctuation context -----------------------------------------------------------------------


def test_mark_context_prefers_question_marks_after_question_particles() -> None:
    table = marks.load_marks()
    assert table is not None
    assert table.score("？", "吗", False, "") > table.score("，", "吗", False, "")


def test_mark_context_knows_which_marks_end_a_line() -> None:
    table = marks.load_marks()
    assert table is not None
    assert table.score("，", "了", True, "") < table.score("，", "了", False, "")
    assert table.score("！", "了", True, "") > table.score("，", "了", True, "")


def test_closing_bracket_needs_an_opener() -> None:
    table = marks.load_marks()
    assert table is not None
    assert table.score("）", None, True, "开始（大约") > table.score("）", None, True, "开始")


# The last mark of the line loses its final byte (the line ends right after it).
MARK_CASES = [
    "你明天还来吗？",
    "这件事到底是谁的错呢？",
    "他说：“我不同意。”",
    "会议在下午三点开始（大约两个小时）",
]


@pytest.mark.parametrize("text", MARK_CASES)
@pytest.mark.parametrize("codec", ["gbk", "gb18030"])
def test_lossy_repair_chooses_marks_in_context(text: str, codec: str) -> None:
    damaged = utf8_as(text, codec)
    assert "\ufffd" in damaged
    assert repair_cjk(damaged)[0] == text


def test_without_mark_table_the_repair_still_works(monkeypatch) -> None:
    monkeypatch.setattr(cjk, "load_marks", lambda: None)
    text = "我们今天下午在图书馆讨论了新项目的进度。"
    assert repair_cjk(utf8_as(text, "gbk"))[0] == text


# --- TIS-620: quotes pair up over the whole line -----------------------------------------------

QUOTE_CASES = [
    "“Our neighbours’ gardens flooded again,” she said.",
    "“The teachers’ union will vote on Monday,” he said.",
    "“It was the players’ decision, not mine,” the coach said.",
]


@pytest.mark.parametrize("text", QUOTE_CASES)
def test_tis620_apostrophe_is_not_taken_for_the_closing_quote(text: str) -> None:
    damaged = corrupt(text)
    assert "“" not in damaged and "’" not in damaged
    assert STAGE(damaged, Context()).text == text


# --- Japanese words and full-width letters -----------------------------------------------------

JA_CASES = [
    "雨の日は家でゆっくり過ごすのが好きだ",  # ゆっくり, not やっくり
    "新しいＰＤＦファイルを送りました。",  # full-width letters that lost their lead byte
    "このＷＥＢサイトはとても便利です",
]


@pytest.mark.parametrize("text", JA_CASES)
def test_lossy_sjis_repair_restores_japanese(text: str) -> None:
    damaged = utf8_as(text, "shift_jis")
    assert "\ufffd" in damaged
    assert repair_cjk(damaged)[0] == text


def test_packaged_japanese_word_table_knows_words() -> None:
    table = words.load_words("ja")
    assert table is not None and table.max_len > 4
    assert table.score("ゆっくり過ごす") > table.score("やっくり過ごす")
    assert words.load_words("ko") is None  # no table: no bonuses


# --- what follows a run: GB18030 four-byte forms, letters next to digits -----------------------

# The lost byte sits right before an ASCII digit: GB18030 reads "86 33" as the start of a
# four-byte sequence at the end of the input, so the check must see the bytes after the digit.
DIGIT_CASES = ["会议推迟了3天，大家都很着急", "这个月我们卖了8台电脑"]


@pytest.mark.parametrize("text", DIGIT_CASES)
@pytest.mark.parametrize("codec", ["gbk", "gb18030"])
def test_lossy_repair_before_digits(text: str, codec: str) -> None:
    damaged = utf8_as(text, codec)
    assert "\ufffd" in damaged
    assert repair_cjk(damaged)[0] == text


def test_tail_includes_the_next_character_after_short_ascii() -> None:
    assert cjk._tail_of("甲乙3丙丁", 2) == "3丙"
    assert cjk._tail_of("甲乙 abcd丙", 2) == " abc"
    assert cjk._tail_of("甲乙", 2) == "\n"
    assert cjk._tail_of("甲乙3\ufffd", 2) == "3"


def test_edge_table_knows_letters_next_to_numbers() -> None:
    table = edges.load_edges()
    assert table is not None
    assert table.bonus("年", "digit", None) > 0 > table.bonus("的", "digit", None)
    assert table.bonus("第", None, "digit") > table.bonus("笔", None, "digit")
    assert table.bonus("年", None, None) == 0.0
    assert edges.ascii_class("３") == "digit" and edges.ascii_class("Ｆ") == "latin"
    assert edges.ascii_class("。") is None
