"""The ``script`` stage: OpenCC conversion of the Chinese parts only, and Han clean-up.

Every sentence here was written for these tests. Expected conversions are well-known single
characters (漢→汉, 軟→软) or OpenCC's own output, never this module's.
"""

from __future__ import annotations

import sys
import types

import opencc
import pytest
import strategies as S
from hypothesis import given
from hypothesis import strategies as st

import textclean
from textclean import chinese
from textclean.chinese import OpenCCUnavailable, config_name, convert_script, is_traditional
from textclean.pipeline import OptionError
from textclean.stage import Context


def script(text: str, **options: str) -> str:
    return textclean.clean(text, stages=["script"], **options)


def stage_text(text: str, option: str = "zh-Hans") -> str:
    """The stage alone (no pipeline around it), to check what it does to lines."""
    return chinese.STAGE(text, Context(options={"script": option})).text


def changes(text: str, **options: str) -> dict[str, int]:
    rec = textclean.process(text, stages=["script"], **options)
    return {c.rule: c.count for c in rec.changes if c.stage == "script"}


# --- options ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("option", "config"), [
    ("zh-Hans", "t2s"), ("zh-Hant", "s2t"), ("zh-TW", "s2tw"), ("zh-HK", "s2hk"),
    ("keep", None), ("t2s", "t2s"), ("s2twp.json", "s2twp"), ("hk2s", "hk2s"),
])
def test_option_maps_to_config(option: str, config: str | None) -> None:
    assert config_name(option) == config


def test_default_is_simplified() -> None:
    assert script("我們在圖書館討論這個問題。") == "我们在图书馆讨论这个问题。"


@pytest.mark.parametrize("option", ["zh-Hant", "zh-TW", "zh-HK", "s2twp", "t2s.json", "hk2s"])
def test_options_give_opencc_own_result(option: str) -> None:
    text = "这个软件的鼠标设置在图书馆里。\n這個軟體的滑鼠設定在圖書館裡。"
    cfg = config_name(option)
    assert script(text, script=option) == opencc.OpenCC(f"{cfg}.json").convert(text)


def test_zh_tw_converts_script_not_vocabulary() -> None:
    # s2tw changes characters only; s2twp would also swap the word (软件 → 軟體).
    assert script("软件", script="zh-TW") == "軟件"
    assert script("软件", script="s2twp") == "軟體"


def test_keep_leaves_script_alone() -> None:
    text = "我們在图书馆。"
    assert script(text, script="keep") == text


def test_unknown_config_is_an_option_error() -> None:
    with pytest.raises(OptionError, match="unknown OpenCC config"):
        script("漢字", script="zz-Nowhere")


def test_changes_counted_per_config() -> None:
    assert changes("漢字與語言") == {"opencc-t2s": 3}
    assert changes("汉字", script="s2twp") == {"opencc-s2twp": 1}


# --- only the Chinese parts --------------------------------------------------------------------


def test_japanese_sentence_keeps_its_kanji() -> None:
    text = "東京の図書館で漢字を勉強しました。"
    assert script(text) == text


def test_japanese_document_with_kanji_only_lines() -> None:
    text = "図書館の案内\n開館時間\n東京都立図書館は午前九時に開きます。\n電話番号"
    assert script(text) == text


def test_mixed_line_converts_only_the_chinese_sentence() -> None:
    # A Chinese article quoting one Japanese sentence: the quote keeps its kanji.
    intro = "我們在東京的圖書館學習了三個星期，每天都討論語言與文化的關係。" * 3
    text = f"{intro}\n\n\n他說：這是日語。東京の図書館です。我們都學會了。"
    out = script(text).split("\n")[-1]
    assert "東京の図書館です。" in out
    assert out.startswith("他说：这是日语。")
    assert out.endswith("我们都学会了。")


def test_whole_document_mostly_japanese_is_not_converted() -> None:
    text = "他說：這是日語。ありがとうございます。"
    assert script(text) == text


def test_kana_gloss_inside_chinese_sentence() -> None:
    # A Chinese sentence that glosses a Japanese word in kana is still Chinese.
    out = script("我們參加了新年會（しんねんかい），大家一起吃飯。")
    assert out == "我们参加了新年会（しんねんかい），大家一起吃饭。"


def test_korean_hanja_kept() -> None:
    text = "韓國語 한국어 文字"
    assert script(text) == text


def test_latin_untouched() -> None:
    text = "Version 2.0 of the API (漢字 support) ships today."
    assert script(text) == "Version 2.0 of the API (汉字 support) ships today."


def test_conversion_is_exactly_opencc_on_latin_phrases() -> None:
    # OpenCC's Taiwan phrases include Latin letters ("U盘"); whole-line conversion keeps them.
    text = "请把文件复制到U盘，然后用SQL注入测试。"
    assert script(text, script="s2twp") == opencc.OpenCC("s2twp.json").convert(text)


def test_japanese_configs_convert_japanese() -> None:
    text = "旧字体の漢字"
    assert convert_script(text, "jp2t")[0] == opencc.OpenCC("jp2t.json").convert(text)


# --- Han clean-up -------------------------------------------------------------------------------


def test_kangxi_radicals_folded_among_han() -> None:
    text = "\u2f08\u2f2f智能与\u2f24数据"  # ⼈⼯智能与⼤数据, as PDF extraction leaves it
    assert script(text, script="keep") == "人工智能与大数据"
    assert changes(text, script="keep") == {"kangxi-radical": 3}


def test_lone_radicals_in_a_chart_stay() -> None:
    text = "\u2f00 \u2f01 \u2f02"
    assert script(text, script="keep") == text


def test_compat_ideograph_folded_in_chinese() -> None:
    text = "這是\uf900一個字"  # U+F900 is the compatibility form of U+8C48
    assert script(text, script="keep") == "這是\u8c48一個字"
    assert changes(text, script="keep") == {"compat-ideograph": 1}


def test_compat_ideograph_kept_in_korean_line() -> None:
    text = "이름 \uf9e1 님"
    assert script(text, script="keep") == text


def test_variation_selectors() -> None:
    assert script("漢\ufe00字", script="keep") == "漢字"
    assert script("好\ufe0f的", script="keep") == "好的"
    emoji = "我\u2764\ufe0f你"  # emoji presentation selector after an emoji stays
    assert script(emoji, script="keep") == emoji
    ivs = "葛\U000e0100城"  # ideographic variation sequence: a deliberate glyph choice
    assert script(ivs, script="keep") == ivs


def test_is_traditional() -> None:
    assert is_traditional("這是繁體中文的句子，我們會議討論。")
    assert not is_traditional("这是简体中文的句子，我们会议讨论。")
    assert not is_traditional("no han at all")


# --- the look-alike guard ------------------------------------------------------------------------


def test_lookalike_package_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = types.ModuleType("opencc")
    fake.OpenCC = object  # type: ignore[attr-defined]  # what opencc-python-reimplemented has
    monkeypatch.setitem(sys.modules, "opencc", fake)
    chinese._opencc_module.cache_clear()
    chinese.converter.cache_clear()
    try:
        with pytest.raises(OpenCCUnavailable, match="pip uninstall .*opencc-python-reimplemented"):
            chinese.converter("t2s")
    finally:
        monkeypatch.undo()
        chinese._opencc_module.cache_clear()
        chinese.converter.cache_clear()


# --- properties ---------------------------------------------------------------------------------

KANA = "あいうえおかきくけこのはをにカタナヒラガ"
HAN = "漢字汉字們们說说圖图書书館馆這这個个軟软體体⼈⼯\uf900\uf9e1"
MIXED = st.text(alphabet=st.sampled_from(
    list(KANA + HAN + "abc XYZ 123.,:;!?()\"'\n，。：；！？（）\ufe00\ufe0f\u3000한국")),
    max_size=60)
ANY_TEXT = st.one_of(MIXED, S.prose_line(), S.junk_line(), S.arbitrary_line(), S.noisy_line(False))


@given(ANY_TEXT)
def test_never_raises_idempotent_deterministic(text: str) -> None:
    once = stage_text(text)
    assert stage_text(text) == once
    assert stage_text(once) == once
    assert once.count("\n") == text.count("\n")


@given(st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x7e), max_size=80))
def test_ascii_never_changes(text: str) -> None:
    for option in ("zh-Hans", "zh-TW", "s2twp"):
        assert script(text, script=option) == text


@given(MIXED, st.sampled_from(["zh-Hans", "zh-Hant", "zh-TW", "zh-HK", "t2s", "s2twp"]))
def test_kana_never_touched(text: str, option: str) -> None:
    out = stage_text(text, option)
    assert [c for c in out if c in KANA] == [c for c in text if c in KANA]
    assert out.count("\n") == text.count("\n")


@pytest.mark.parametrize(("text", "script", "expected"), [
    # OpenCC's phrase tables treat 坏 as the Traditional variant of 坯: not on a Simplified line
    ("他把杯子打坏了。", "zh-Hans", "他把杯子打坏了。"),
    ("他把杯子打壞了。", "zh-Hans", "他把杯子打坏了。"),
    # s2t would make 瞭解 and 懷唸 of a line that is Traditional already
    ("我們對他的了解很深，也懷念那段日子。", "zh-Hant", "我們對他的了解很深，也懷念那段日子。"),
    ("我们对他的了解很深。", "zh-Hant", "我們對他的瞭解很深。"),
])
def test_only_lines_in_the_source_script_are_converted(text, script, expected):
    once = textclean.clean(text, stages=["script"], script=script)
    assert once == expected
    assert textclean.clean(once, stages=["script"], script=script) == once
