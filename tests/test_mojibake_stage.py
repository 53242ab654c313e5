"""The ``mojibake`` stage: Latin (ftfy), lossy TIS-620, flags, and its contract.

Every sentence here was written for these tests. Damaged inputs are made from them with the
same byte-level accidents the stage repairs (see ``single_byte.corrupt``).
"""

from __future__ import annotations

import unicodedata

import ftfy.bad_codecs  # noqa: F401  (registers sloppy-windows-1252)
import pytest
import strategies as S
from conftest import FIXTURES
from hypothesis import given
from hypothesis import strategies as st

from textclean.mojibake import STAGE
from textclean.mojibake.latin import may_be_latin_mojibake
from textclean.mojibake.single_byte import corrupt, skeleton
from textclean.stage import Context

CTX = Context()
THAI = "\u0e01-\u0e5b"


def run(text: str) -> str:
    return STAGE(text, CTX).text


def has_thai(text: str) -> bool:
    return any("\u0e01" <= c <= "\u0e5b" for c in text)


# --- lossy TIS-620: exact restorations ---------------------------------------------------------

TIS_EXACT = [
    "The mayor’s plan passed 9–3 after a long debate.",
    "“We did our best,” the coach said.",
    "Read the full report →",
    "• Ferries will run every 20 minutes.",
    "Café owners in Zürich say prices rose – again.",
    "Prices start at €25 for adults.",
    "The river rose overnight…",
    "She didn’t say when the bridge reopens.",
    "The StreamBox™ launches in May.",
    "Temperatures reached 31°C on Sunday.",
    "Tags: rail • housing • budget",
]


@pytest.mark.parametrize("clean", TIS_EXACT)
def test_tis620_lossy_restores_typographic_english(clean: str) -> None:
    damaged = corrupt(clean)
    assert damaged != clean and has_thai(damaged)
    result = STAGE(damaged, CTX)
    assert result.text == clean
    assert result.changes  # every repair is counted


def test_tis620_emoji_residue_is_removed_and_flagged() -> None:
    damaged = corrupt("📰 Morning briefing\n🔍Inside the numbers")
    result = STAGE(damaged, CTX)
    assert result.text == "Morning briefing\nInside the numbers"
    assert result.changes.get("tis620-lossy") == 2
    assert "lossy-mojibake" in result.flags


def test_tis620_emoji_with_selector_and_lost_nbsp() -> None:
    # 🛠️ = F0 9F 9B A0 EF B8 8F: 0xA0 may come out as a space or as U+FFFD.
    for damaged in ("\u0e50 \u0e4f\u0e18 Repair shop", "\u0e50\ufffd\u0e4f\u0e18 Repair shop",
                    corrupt("🛠️ Repair shop")):
        assert run(damaged) == "Repair shop"


def test_fixture_aggregator_document() -> None:
    damaged = (FIXTURES / "mojibake" / "aggregator_tis620.input.txt").read_text(encoding="utf-8")
    expected = (FIXTURES / "mojibake" / "aggregator_tis620.expected.txt").read_text(
        encoding="utf-8")
    out = run(damaged)
    assert not has_thai(out)
    assert out == expected


def test_skeleton_matches_the_damage() -> None:
    # The table lookup relies on this: what survives corruption is the skeleton's image.
    for ch in "—•→™€é’":
        assert corrupt(ch) == skeleton(ch).decode("tis_620")


def test_tis620_unrebuildable_characters_become_replacement_chars_in_a_damaged_doc() -> None:
    # Cyrillic loses bytes nobody can guess back; in a document that is damaged beyond doubt
    # it must not stay as Thai letters.
    doc = "• The Moscow bureau is “open” again…\nRussian name: Москва"
    out = STAGE(corrupt(doc), CTX)
    first, second = out.text.split("\n")
    assert first == "• The Moscow bureau is “open” again…"
    assert second.startswith("Russian name: ") and "\ufffd" in second
    assert not has_thai(out.text)
    assert "lossy-mojibake" in out.flags


# --- lossy cp1252: the five undefined bytes dropped ----------------------------------------------


def cp1252_dropped(text: str) -> str:
    return text.encode("utf-8").decode("cp1252", errors="ignore")


@pytest.mark.parametrize("clean", [
    "He said “yes” — twice, then “no”.",
    "夜班火车今天下午恢复运行，居民表示支持！",
    "他说十个人都同意了。",
])
def test_cp1252_with_dropped_bytes_is_rebuilt(clean: str) -> None:
    damaged = cp1252_dropped(clean)
    assert damaged != clean
    result = STAGE(damaged, CTX)
    assert result.text == clean
    assert result.changes.get("cp1252-lossy")


@pytest.mark.parametrize(("damaged", "clean"), [
    ("Ã©té", "été"),  # the first é is UTF-8 read as cp1252, the second is plain Latin-1
    ("Un Ã©té à Paris, déjà.", "Un été à Paris, déjà."),
    ("Ã¨re é", "ère é"),
])
def test_partial_latin_repair_never_turns_a_bare_lead_into_cjk(damaged: str, clean: str) -> None:
    # Regression: the lossy cp1252 repair read the trailing é (0xE9) as 遍 (E9 81 8D) with
    # both continuation bytes dropped, because the line held other (Latin) evidence.
    assert run(damaged) == clean


@pytest.mark.parametrize("nordic", [
    "Jeg bor på landet og vil være her hele året.",
    "Ærlig talt, så er det på tide.",
    "São Paulo é ótimo, não é? Ça va, pâte à crêpes.",
])
def test_accented_latin_is_not_read_as_lost_bytes(nordic: str) -> None:
    assert run(nordic) == nordic


# --- genuine Thai stays -------------------------------------------------------------------------

THAI_SENTENCES = [
    "วันนี้อากาศดีมาก เราจึงไปเดินเล่นที่สวนสาธารณะ",
    "รถไฟขบวนสุดท้ายออกจากสถานีตอนสี่ทุ่ม",
    "ข่าวเศรษฐกิจ: ราคาข้าวสูงขึ้นเล็กน้อยในเดือนนี้",
    "โรงเรียนเปิดเทอมใหม่ในวันจันทร์ที่ ๑๕ พฤษภาคม",
    "ไม่",
    "เรา",
    "Bangkok (กรุงเทพ) — the capital",
    "ราคา 250 บาท • ส่งฟรี",
]


def test_thai_document_with_short_words_is_unchanged() -> None:
    doc = "\n".join(THAI_SENTENCES)
    assert run(doc) == doc


# --- Latin (ftfy) ------------------------------------------------------------------------------


@pytest.mark.parametrize("clean", [
    "The minister’s speech — short and “direct” — ended early.",
    "Crème brûlée and café au lait, naïvely priced.",
    "夜班火车今天下午恢复运行，居民表示支持。",
    "東京のニュースです。",
])
@pytest.mark.parametrize("codec", ["sloppy-windows-1252", "latin-1"])
def test_utf8_read_as_cp1252_is_restored(clean: str, codec: str) -> None:
    # sloppy-windows-1252 (registered by ftfy.bad_codecs) is cp1252 as browsers decode it:
    # the five undefined bytes become C1 controls instead of errors.
    damaged = clean.encode("utf-8").decode(codec)
    assert damaged != clean
    result = STAGE(damaged, CTX)
    assert result.text == clean
    assert any(rule.startswith("utf8-as-") for rule in result.changes)


def test_latin_repair_keeps_chinese_punctuation_and_quotes() -> None:
    # ftfy's defaults would fold full-width punctuation and uncurl quotes; ours must not.
    clean = "他说：“好的，ＡＢＣ！”"
    damaged = clean.encode("utf-8").decode("latin-1")
    assert run(damaged) == clean


def test_c1_punctuation_read_as_cp1252() -> None:
    assert run("\x93Quoted\x94 and \x95 bullet") == "“Quoted” and • bullet"


def test_lone_c1_letters_are_not_guessed() -> None:
    text = "Sentence one.\x8e\x8eSentence two."
    assert run(text) == text


# --- flags --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "flag"), [
    ("The price is \ufffd\ufffd yuan.", "replacement-chars"),
    ("标题锟斤拷锟斤拷内容", "garbage-kunkao"),
    ("调试输出烫烫烫烫烫", "garbage-tangtang"),
    ("内存屯屯屯屯", "garbage-tangtang"),
])
def test_unrepairable_damage_is_flagged(text: str, flag: str) -> None:
    result = STAGE(text, CTX)
    assert flag in result.flags
    assert result.text.count("\n") == text.count("\n")


# --- clean text in six languages ----------------------------------------------------------------

CLEAN = [
    "市政府昨天宣布，地铁夜班将延长到凌晨两点。",
    "“这不是最终方案，”发言人说——“我们还会听取意见。”",
    "東京の図書館は来月から開館時間を延長します。",
    "서울시는 내년부터 심야 버스를 늘린다고 밝혔다.",
    "Городской совет одобрил новый бюджет во вторник.",
    "The council’s vote—held late on Tuesday—was “a relief,” one resident said…",
    "Prices: €12 • £10 • ¥1,500 → see the table",
    "Zoë’s café in São Paulo serves crème brûlée.",
    "北京时间 2025-03-14 09:30 · 阅读 1234 · 来源：示例网",
    "วันนี้อากาศดีมาก เราจึงไปเดินเล่นที่สวนสาธารณะ",
    "😀 Emoji headline 📰 with ™ and ® marks ✓",
]


@pytest.mark.parametrize("clean", [*THAI_SENTENCES, *CLEAN])
def test_clean_text_is_byte_identical(clean: str) -> None:
    """Real Thai (the TIS-620 repair's look-alike) and clean text in every script: untouched."""
    result = STAGE(clean, CTX)
    assert result.text == clean
    assert not result.changes
    assert not result.flags


# --- properties ---------------------------------------------------------------------------------

WORDS = st.sampled_from((
    "the", "council", "voted", "on", "Tuesday", "it’s", "“quoted”", "—", "–", "…", "•", "→",
    "café", "naïve", "€5", "市政府", "宣布", "地铁", "，", "。", "“", "”", "東京", "ニュース",
    "서울", "뉴스", "Москва", "новости", "วันนี้", "อากาศ", "ดีมาก", "📰", "✓", "2025-03-14",
))
CLEAN_LINES = st.lists(WORDS, max_size=12).map(" ".join)
CLEAN_DOCS = st.lists(CLEAN_LINES, max_size=6).map("\n".join)
ENGLISH = st.lists(st.sampled_from((
    "the", "council", "voted", "it’s", "“quoted”", "—", "–", "…", "•", "→", "café", "€5",
    "📰", "✓", "Tuesday", "2025", "(draft)", "won’t",
)), min_size=1, max_size=10).map(" ".join)


@given(CLEAN_DOCS)
def test_clean_mixed_text_is_unchanged(text: str) -> None:
    assert run(text) == text


@given(st.text(max_size=300))
def test_never_raises_and_keeps_line_count(text: str) -> None:
    out = run(text)
    assert out.count("\n") == text.count("\n")


@given(st.one_of(st.text(max_size=200), ENGLISH.map(corrupt),
                 ENGLISH.map(lambda s: s.encode("utf-8").decode("cp1252", errors="ignore"))))
def test_idempotent_and_deterministic(text: str) -> None:
    once = STAGE(text, CTX)
    assert STAGE(text, CTX) == once
    assert run(once.text) == once.text


@given(S.noisy_document(huge=False))
def test_idempotent_on_noisy_documents(text: str) -> None:
    once = STAGE(text, CTX)
    assert once.text.count("\n") == text.count("\n")
    assert run(once.text) == once.text


@given(st.lists(ENGLISH.map(corrupt), min_size=1, max_size=5).map("\n".join))
def test_tis620_damage_leaves_no_thai(damaged: str) -> None:
    out = run(damaged)
    assert not has_thai(out)
    assert out.count("\n") == damaged.count("\n")


@given(st.text(alphabet=st.characters(codec="ascii") | st.sampled_from("“”‘’—–…•€™→·"),
               max_size=200))
def test_no_signature_no_change(text: str) -> None:
    # ASCII plus typographic punctuation carries no mojibake signature of any kind, except
    # that "?" may stand for a lost continuation byte after a lead's image (€ is MacRoman DB).
    if "?" not in text:
        assert not may_be_latin_mojibake(text)
    assert run(text) == text


def test_output_is_valid_unicode() -> None:
    out = run(corrupt("Résumé — “ok” • done →"))
    assert all(unicodedata.category(c) != "Cs" for c in out)
