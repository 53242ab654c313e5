"""The small general stages: unicode junk, markup residue, look-alike letters, whitespace."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

import textclean
from textclean.pipeline import get_stage
from textclean.stage import Context

CTX = Context(options={"confusables_min_evidence": 2, "max_blank_lines": 1})


def run(name: str, text: str) -> str:
    return get_stage(name)(text, CTX).text


def test_invisible_junk_goes_meaningful_joiners_stay():
    assert run("unicode", "ab\u200bc\ufeffd\u00ade\x07f") == "abcdef"
    family = "👨\u200d👩\u200d👧"  # ZWJ sequence: meaning, not junk
    assert run("unicode", family) == family
    assert run("unicode", "a\u00a0b") == "a b"


def test_nfc_composes():
    assert run("unicode", "Cafe\u0301") == "Café"


def test_markup_front_matter_links_bold_headings_images():
    res = get_stage("markup")(
        "---\ntitle: 标题\ndate: 2024-03-05\ndescription: x\n---\n# 小标题\n"
        "见[这篇报道](https://example.org/a?b=(1))，**重点**。![图](https://e.org/i.png)", CTX)
    assert res.text == "小标题\n见这篇报道，重点。"
    assert res.meta == {"title": "标题", "published": "2024-03-05"}
    assert {r.reason for r in res.removed} == {"front-matter", "md-image"}
    assert [r.line for r in res.removed if r.reason == "md-image"] == [7]


def test_markup_leaves_lookalikes_alone():
    for text in ("a [1] b", "x = arr[0](y)", "2 ** 3 ** 4", "#hashtag", "AT&T and R&D;"):
        assert run("markup", text) == text


def test_html_entities_only_when_real():
    assert run("markup", "Tom &amp; Jerry &copy; &notanentity;") == "Tom & Jerry © &notanentity;"


def test_confusables_need_evidence_in_the_document():
    assert run("confusables", "OpenAl, OpenAI and OpenAI") == "OpenAI, OpenAI and OpenAI"
    assert run("confusables", "OpenAl only") == "OpenAl only"
    assert run("confusables", "Al Gore, AI, AI, AI, AI") == "Al Gore, AI, AI, AI, AI"


def test_whitespace_trailing_runs_and_blank_lines():
    res = get_stage("whitespace")("\n\na  b \n\n\n\nc\t\n\n", CTX)
    assert res.text == "a b\n\nc"
    assert res.line_origin == (2, 3, 6)


@given(st.text())
def test_general_stages_are_idempotent_and_keep_line_count(text):
    text = text.replace("\r", "")
    for name in ("unicode", "markup", "confusables", "whitespace"):
        once = run(name, text)
        assert run(name, once) == once
        if name in ("unicode", "confusables"):
            assert once.count("\n") == text.count("\n")


@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Cf", "Zs", "Zl", "Zp"))))
def test_unicode_stage_output_is_nfc_and_leaves_clean_text(text):
    out = run("unicode", text)
    assert unicodedata.is_normalized("NFC", out)
    if unicodedata.is_normalized("NFC", text):
        assert out == text


def test_clean_runs_confusables_by_default():
    assert "confusables" in textclean.DEFAULT_STAGES
