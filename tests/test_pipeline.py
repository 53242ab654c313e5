"""The pipeline core: order, provenance, line mapping, records, schema."""

from __future__ import annotations

import json

import pytest

import textclean
from textclean import Pipeline, StageResult, stage
from textclean.pipeline import CANONICAL_ORDER, OptionError
from textclean.record import Record, schema
from textclean.stage import drop_lines


@stage("drop-odd")
def _drop_odd(text, ctx):
    """Test stage: removes every odd-numbered (0-based) line."""
    n = text.count("\n") + 1
    return drop_lines(text, {i: "odd" for i in range(1, n, 2)})


def test_canonical_order_names_required_stages():
    for name in ("mojibake", "boilerplate", "script", "punctuation"):
        assert name in CANONICAL_ORDER


def test_named_stages_run_in_canonical_order_whatever_order_given():
    p = Pipeline(["whitespace", "mojibake", "punctuation"])
    assert p.names == ("mojibake", "punctuation", "whitespace")


def test_unknown_stage_and_option_are_usage_errors():
    with pytest.raises(OptionError, match="nosuch"):
        Pipeline(["nosuch"])
    with pytest.raises(OptionError, match="colour"):
        Pipeline(colour="blue")


def test_removed_lines_map_back_to_original_line_numbers():
    # Front matter (5 lines) is removed by markup first; drop-odd then sees shifted lines.
    text = "---\ntitle: T\n---\na\nb\nc\nd"
    p = Pipeline(["markup"]).with_stage(_drop_odd)
    rec = p.process(text)
    assert rec.text == "a\nc"
    odd = [(r.text, r.line) for r in rec.removed if r.reason == "odd"]
    assert odd == [("b", 5), ("d", 7)]
    assert rec.title == "T"


def test_stage_changing_line_count_without_origin_is_rejected():
    @stage("bad")
    def bad(text, ctx):
        return StageResult(text + "\nextra")

    with pytest.raises(RuntimeError, match="line count"):
        Pipeline([bad]).process("x")


def test_changes_aggregate_by_stage_and_rule_and_skip_zero_counts():
    @stage("count")
    def count(text, ctx):
        return StageResult(text, changes={"a": 2, "zero": 0})

    rec = Pipeline([count, count]).process("x")
    assert [(c.stage, c.rule, c.count) for c in rec.changes] == [("count", "a", 4)]


def test_input_metadata_outranks_extracted_metadata():
    rec = Pipeline(["markup"]).process("---\ntitle: From front matter\n---\nbody",
                                       meta={"title": "Given"})
    assert rec.title == "Given"


def test_id_is_stable_and_input_dependent():
    a = textclean.process("same text")
    assert a.id == textclean.process("same text").id
    assert a.id != textclean.process("other text").id


def test_crlf_is_normalized_and_counted():
    rec = Pipeline(["whitespace"]).process("a\r\nb\rc")
    assert rec.text == "a\nb\nc"
    assert any(c.rule == "newlines" and c.count == 2 for c in rec.changes)


def test_record_round_trips_and_matches_schema():
    rec = textclean.process("---\ntitle: T\n---\n他说,好.\n", source="x.md")
    d = json.loads(rec.to_json())
    assert Record.from_dict(d) == rec
    sch = schema()
    assert set(d) == set(sch["properties"]) == set(sch["required"])
    for c in d["changes"]:
        assert set(c) == {"stage", "rule", "count"} and c["count"] >= 1
    for r in d["removed"]:
        assert set(r) == {"text", "reason", "line"}


def test_user_stage_can_be_added_and_ours_dropped():
    @stage("upper")
    def upper(text, ctx):
        return StageResult(text.upper(), changes={"upper": 1})

    p = Pipeline().with_stage(upper, after="boilerplate").without("script")
    assert "script" not in p.names
    assert p.names.index("upper") == p.names.index("boilerplate") + 1
    assert p.clean("abc") == "ABC"


def test_clean_accepts_bytes_and_reports_encoding():
    rec = textclean.process("引号里的文字".encode("gb18030"))
    assert rec.text == "引号里的文字"
    assert rec.encoding is not None
