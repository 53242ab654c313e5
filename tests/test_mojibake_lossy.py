"""Lossy UTF-8 misreads: guessed letters keep to the hole constraints (GBK/GB18030), guessed
closing marks close the title or bracket the line opened, and damage too heavy to search (Big5,
EUC-KR) keeps the letters its bytes still determine, with U+FFFD for the rest."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from textclean.mojibake import cjk
from textclean.mojibake.cjk import repair_cjk
from textclean.mojibake.marks import load_marks
from textclean.mojibake.model import load_model

# Lines written for these tests. Each loses the last byte of its closing mark in GBK.
TITLES = [
    "<title>推荐阅读《平凡的世界》</title>",
    "<li>《三体》</li>",
    "书名：《活着》",
]
# Lines whose lost letters only a full word list or the hole constraints get right.
WORDS = [
    "<a>下载汉化版</a>",
]


def damaged(text: str, codec: str) -> str:
    return text.encode("utf-8").decode(codec, "replace")


@pytest.mark.parametrize("codec", ["gbk", "gb18030"])
@pytest.mark.parametrize("line", TITLES + WORDS)
def test_lossy_line_is_restored(line, codec):
    bad = damaged(line, codec)
    assert "\ufffd" in bad  # the case really loses bytes
    assert repair_cjk(bad)[0] == line


def test_open_title_asks_for_its_closer_even_at_the_line_end():
    marks = load_marks()
    assert marks is not None
    for at_end in (True, False):
        closer = marks.score("》", "界", at_end, "推荐阅读《平凡的世界")
        stop = marks.score("。", "界", at_end, "推荐阅读《平凡的世界")
        assert closer > stop
    # with no open title the closer gains nothing
    assert marks.score("》", "界", True, "平凡的世界") < marks.score("。", "界", True, "平凡的世界")


_LETTERS = "的一是不了人我在有他这中大来上个国到说们为子和你地出道也时年语话记让证议诗许诸"
letters = st.text(alphabet=st.sampled_from(list(_LETTERS) + ["，", "。", " ", "A", "1"]),
                  min_size=2, max_size=24)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(letters, st.sampled_from(["gbk", "gb18030"]))
def test_hole_filter_never_rules_out_the_true_letter(text, codec):
    """The shortlist filter is a necessary part of the re-damage check: the letter that was
    really there always passes it."""
    bad = damaged(text, codec)
    runs = list(cjk._NON_ASCII_RUN.finditer(bad))
    truth_runs = list(cjk._NON_ASCII_RUN.finditer(text))
    assume(len(runs) == len(truth_runs))
    for run, truth in zip(runs, truth_runs, strict=True):
        if "\ufffd" not in run.group():
            continue
        raw = cjk._encode_pieces(run.group(), codec)
        bs = [b for piece in raw for b in ((None,) if piece is None else piece)]
        want = truth.group()
        assume(len(bs) == len(want.encode("utf-8")))
        tail = cjk._tail_of(bad, run.end())
        pos = 0
        for ch in want:
            size = len(ch.encode("utf-8"))
            if None in bs[pos:pos + size]:
                fits = cjk._hole_filter(want, pos, size, bs, codec, ord(tail[0]))
                assert fits(ch), (text, ch)
            pos += size


# Lines written for these tests (Traditional Chinese read as Big5 loses a third of its bytes).
HEAVY = [
    ("我們今天下午在圖書館討論了新專案的進度，大家都覺得時間有點緊。", "big5"),
    ("這個問題其實不難，只要把資料先整理一遍，再重新訓練模型就可以了。", "big5"),
]


def is_subsequence(part: str, whole: str) -> bool:
    it = iter(whole)
    return all(ch in it for ch in part)


@pytest.mark.parametrize(("line", "codec"), HEAVY)
def test_heavy_damage_keeps_the_letters_its_bytes_determine(line, codec):
    bad = damaged(line, codec)
    out, changes, flags = repair_cjk(bad)
    kept = out.replace("\ufffd", "")
    assert changes and "replacement-chars" in flags  # repaired, and honest about the loss
    assert len(kept) >= 4 and is_subsequence(kept, line)  # only letters that were there


_HEAVY_LETTERS = ("我們今天下午在圖書館討論了新專案的進度大家都覺得時間有點緊"
                  "오늘은아침부터비가와서하루종일집에서책을읽었습니다")
han = st.text(alphabet=st.sampled_from(list(_HEAVY_LETTERS)), min_size=1, max_size=30)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(han, st.sampled_from(["big5", "euc_kr", "gbk", "shift_jis"]))
def test_partial_decode_never_invents_a_letter(text, codec):
    """Whatever the damage, the partial decode shows only letters of the text, in order."""
    bad = damaged(text, codec)
    assume("\ufffd" in bad)
    got = cjk._known_part(cjk._encode_pieces(bad, codec), load_model(), bad)
    if got is not None:
        assert is_subsequence(got[0].replace("\ufffd", ""), text)


@pytest.mark.parametrize(("line", "codec"), HEAVY)
def test_the_stage_repairs_heavy_damage_past_a_wall_of_replacement_characters(line, codec):
    import textclean

    bad = damaged(line, codec)
    assert "\ufffd" * 8 in bad  # the case holds a wall (such lines used to be only flagged)
    record = textclean.process(f"<p>{bad}</p>", stages=["mojibake"])
    assert [c.rule for c in record.changes] == [f"utf8-as-{codec}"]
    assert "replacement-chars" in record.flags
    kept = record.text.removeprefix("<p>").removesuffix("</p>").replace("\ufffd", "")
    assert len(kept) >= 4 and is_subsequence(kept, line)
