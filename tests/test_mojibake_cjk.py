"""CJK mojibake repair: both directions, partial damage, flags, and properties."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from textclean.mojibake import cjk, trigram
from textclean.mojibake.cjk import candidate_lines, repair_cjk
from textclean.mojibake.model import LANGS, load_model, pack_model, unpack_model

# Sentences written for these tests.
ZH_HANS = [
    "我们今天下午在图书馆讨论了新项目的进度。",
    "这个问题其实不难，只要把数据先清洗一遍就可以了。",
    "他说明天会把报告发给我，但是现在还没有收到。",
    "城市的公共交通在过去十年里发生了很大的变化。",
]
ZH_HANT = [
    "我們今天下午在圖書館討論了新專案的進度。",
    "這個問題其實不難，只要把資料先整理一遍就可以了。",
]
JA = [
    "今日は朝から雨が降っていたので、家で本を読んでいました。",
    "新しいプロジェクトの打ち合わせは来週の月曜日に行う予定です。",
]
KO = [
    "오늘은 아침부터 비가 와서 집에서 책을 읽었습니다.",
    "새로운 프로젝트 회의는 다음 주 월요일에 열릴 예정입니다.",
]
CLEAN = [
    *ZH_HANS, *ZH_HANT, *JA, *KO,
    "Plain English text with “curly quotes” — and a dash.",
    "Café, naïve, résumé: accented Latin is not mojibake.",
    "Привет, мир! Это обычный русский текст.",
    "ภาษาไทยเป็นภาษาที่สวยงาม",
    "混合 text 中文和 English 一起，2024年12月。",
    "价格：¥128，约 €16。",
]

_C1_HOLES = {0x81, 0x8D, 0x8F, 0x90, 0x9D}


def as_cp1252(text: str, codec: str) -> str:
    """Legacy bytes as a browser's windows-1252 shows them (undefined bytes pass through)."""
    data = text.encode(codec)
    return "".join(
        chr(b) if b < 0x80 or b in _C1_HOLES else bytes((b,)).decode("cp1252") for b in data
    )


def as_latin1(text: str, codec: str) -> str:
    return text.encode(codec).decode("latin-1")


def utf8_as(text: str, codec: str) -> str:
    return text.encode("utf-8").decode(codec, "replace")


@pytest.mark.parametrize(
    ("codec", "rule", "texts"),
    [
        ("gbk", "gbk", ZH_HANS + JA[:1]),
        ("big5", "big5", ZH_HANT),
        ("shift_jis", "sjis", JA),
        ("euc_kr", "euckr", KO),
    ],
)
@pytest.mark.parametrize("reader", [as_cp1252, as_latin1])
def test_legacy_read_as_cp1252_is_restored(codec, rule, texts, reader):
    for text in texts:
        bad = reader(text, codec)
        assert bad != text
        fixed, changes, flags = repair_cjk(bad)
        assert fixed == text
        assert any(r.startswith(f"{rule}-as-") for r in changes), changes
        assert flags == ()


@pytest.mark.parametrize("codec", ["gbk", "gb18030", "shift_jis"])
def test_utf8_read_as_cjk_codec_is_restored(codec):
    for text in ZH_HANS:
        bad = utf8_as(text, codec)
        fixed, changes, _flags = repair_cjk(bad)
        assert fixed == text, (bad, fixed)
        assert sum(changes.values()) >= 1


def test_lossy_repair_knows_the_byte_constraint():
    # "一个" is E4 B8 80 E4 B8 AA: GBK rejects 0x80 so one byte is lost before each 涓.
    bad = utf8_as("我有一个苹果。", "gbk")
    assert "\ufffd" in bad
    assert repair_cjk(bad)[0] == "我有一个苹果。"


def test_partly_damaged_line_keeps_the_clean_part():
    good = "正常的中文开头，"
    broken = as_cp1252("后半句被错误解码了。", "gbk")
    fixed, changes, _ = repair_cjk(good + broken)
    assert fixed == good + "后半句被错误解码了。"
    assert changes == {"gbk-as-cp1252": 1} or changes == {"gbk-as-latin1": 1}


def test_mixed_ascii_and_mojibake_segments():
    text = "版本 2.0 发布于 今天 release 的 WP 页面"
    fixed, changes, _ = repair_cjk(as_latin1(text, "gbk"))
    assert fixed == text
    assert changes["gbk-as-latin1"] >= 4


def test_utf8_latin_mojibake_is_left_to_ftfy():
    line = "cafÃ© rÃ©sumÃ©"  # UTF-8 read as cp1252: valid UTF-8 once re-encoded
    assert repair_cjk(line) == (line, {}, ())


@pytest.mark.parametrize("text", CLEAN)
def test_clean_text_is_unchanged(text):
    assert repair_cjk(text) == (text, {}, ())


@pytest.mark.parametrize(
    ("line", "flag"),
    [
        ("标题锟斤拷锟斤拷正文", "garbage-kunkao"),
        ("烫烫烫烫烫烫", "garbage-tangtang"),
        ("屯屯屯屯", "garbage-tangtang"),
        ("无法恢复的\ufffd\ufffd字符", "replacement-chars"),
        ("截断在末尾\ufffd", "truncated-sequence"),
    ],
)
def test_unrepairable_damage_is_flagged(line, flag):
    fixed, _changes, flags = repair_cjk(line)
    assert flag in flags
    assert fixed == line


# ------------------------------------------------------------------------------ properties


def _common_chars() -> list[str]:
    """The most frequent Simplified Chinese characters of the model (all GBK-encodable)."""
    model = load_model()
    hans = LANGS.index("zh-Hans")
    chars = sorted(
        (
            c
            for c in model.uni
            if "\u4e00" <= c <= "\u9fff" and model.lang_shift.get(c, (-9.0,) * 4)[hans] > -1
        ),
        key=model.uni.get,
    )
    out = []
    for c in reversed(chars):
        try:
            c.encode("gbk")
        except UnicodeEncodeError:
            continue
        out.append(c)
        if len(out) == 1500:
            break
    return out


COMMON = _common_chars()
# Long enough that the right codec is identifiable (four random characters can be as likely
# as Korean as they are Chinese).
cjk_text = st.text(alphabet=st.sampled_from(COMMON), min_size=8, max_size=30)
clean_text = st.text(
    alphabet=st.one_of(
        st.sampled_from(COMMON),
        st.characters(min_codepoint=0x20, max_codepoint=0x7E),
        st.characters(min_codepoint=0x0E01, max_codepoint=0x0E3A),  # Thai
        st.characters(min_codepoint=0x0410, max_codepoint=0x044F),  # Cyrillic
        st.sampled_from("，。、：；！？“”《》（）"),
    ),
    max_size=60,
)
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(cjk_text, st.sampled_from([as_cp1252, as_latin1]))
def test_lossless_corruption_of_random_cjk_is_restored(text, reader):
    # The repair never produces what its model calls gibberish (a mean loss per character over
    # the limit), and a random string of characters sometimes is: 丁严丁佐励丁夕丁.
    model = load_model()
    lang = model.guess_lang(text)
    assume(-model.score(text, lang, boost=False) / len(text) <= cjk._MAX_MEAN_LOSS)
    assert repair_cjk(reader(text, "gbk"))[0] == text


@FAST
@given(clean_text)
def test_text_without_signature_is_never_changed(text):
    assert repair_cjk(text) == (text, {}, ())


@FAST
@given(cjk_text, st.sampled_from(["gbk", "gb18030", "big5", "shift_jis", "euc_kr"]))
def test_repair_is_idempotent_and_deterministic(text, codec):
    bad = utf8_as(text, codec)
    once = repair_cjk(bad)
    assert repair_cjk(bad) == once
    assert repair_cjk(once[0])[0] == once[0]


@FAST
@given(st.text(max_size=40))
def test_never_raises_on_arbitrary_text(text):
    fixed, changes, flags = repair_cjk(text)
    assert isinstance(fixed, str)
    assert all(n > 0 for n in changes.values())
    assert isinstance(flags, tuple)


@FAST
@given(st.lists(st.tuples(cjk_text, st.sampled_from(
    ["clean", "gbk", "gb18030", "big5", "shift_jis", "euc_kr", "cp1252"])), max_size=6))
def test_document_screen_keeps_every_line_the_repair_would_change(rows):
    # candidate_lines is a screen for speed: a line it leaves out must be one that
    # repair_cjk returns unchanged, whatever damage the other lines carry.
    lines = []
    for text, how in rows:
        if how == "clean":
            lines.append(text)
        elif how == "cp1252":
            lines.append(as_cp1252(text, "gbk"))
        else:
            lines.append(utf8_as(text, how))
    keep = candidate_lines("\n".join(lines))
    for i, line in enumerate(lines):
        if i not in keep:
            assert repair_cjk(line)[0] == line


# Own sentences where a byte lost before an ASCII comma leaves a common character in the
# bigram model's favour; trigrams of running text tell them apart.
TRIGRAM_CASES = [
    "现有的汽车已经够用,不必再买新的.",
    "我们明天去公园散步,你来不来?",
    "周末游客很多,镇上的旅馆都住满了.",
]


@pytest.mark.parametrize("text", TRIGRAM_CASES)
def test_lossy_gbk_repair_weighs_guesses_with_trigrams(text):
    assert repair_cjk(utf8_as(text, "gbk"))[0] == text


def test_without_trigram_table_the_repair_still_works(monkeypatch):
    monkeypatch.setattr(cjk, "load_trigrams", lambda: None)
    fixed = repair_cjk(utf8_as(ZH_HANS[0], "gbk"))[0]
    assert fixed == ZH_HANS[0]


def test_model_file_round_trips():
    uni = {"中": 5, "文": 3}
    bi = {"\x02中": 4, "中文": 2, "文\x03": 3}
    per_lang = {"中": [5, 1, 0, 0], "文": [3, 0, 2, 0]}
    got_uni, got_bi, got_lang, bos = unpack_model(pack_model(uni, bi, per_lang))
    assert got_uni == uni and got_lang == per_lang and bos == 4
    assert got_bi == {ord(k[0]) << 21 | ord(k[1]): n for k, n in bi.items()}


def test_trigram_table_round_trips():
    counts = {trigram.key("中"): 7, trigram.key("中", "文"): 3, trigram.key("\x02", "中", "文"): 2}
    table = trigram.unpack(trigram.pack(counts, 10))
    assert table.total == 10
    assert [table.count(k) for k in counts] == list(counts.values())
    assert table.count(trigram.key("文")) == 0


def test_packaged_model_loads_and_scores():
    model = load_model()
    assert model.logp("中", "国") > model.logp("中", "鬯")
    table = trigram.load_trigrams()
    assert table is not None
    assert table.score("我们今天") > table.score("我们今鬯")


def _legacy_votes_reference(line: str) -> bool:
    """``_legacy_votes_possible`` as first written: walk back from every adjacent pair."""
    seen: set[int] = set()
    for m in cjk._ADJACENT_HIGH.finditer(line):
        left = m.start()
        while left > 0 and cjk._LEGACY_STRETCH.match(line[left - 1]):
            left -= 1
        if left in seen:
            continue
        seen.add(left)
        stretch = cjk._LEGACY_STRETCH.match(line, left)
        enc = cjk._to_cp1252_bytes(stretch.group()) if stretch else None
        if enc is None or cjk._latin_utf8(enc[0]):
            continue
        for codec, _stem in cjk._LEGACY:
            try:
                if cjk._cjk_count(enc[0].decode(codec)) >= 2:
                    return True
            except UnicodeDecodeError:
                continue
    return False


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab ,.ÃÄÖ©Â¤Ê½Ô¼ÖÐ¹ú€™œ\t中")), max_size=40))
def test_legacy_vote_screen_visits_each_stretch_once(line):
    """The linear scan (each stretch looked at once) answers as the walk-back it replaced."""
    assert cjk._legacy_votes_possible(line) == _legacy_votes_reference(line)
