"""Properties of every stage and of the whole pipeline, on generated noisy text.

What is promised (and checked here on every generated example):

- never raises, on any ``str`` (lone surrogates included) and any ``bytes``;
- deterministic: the same input gives the same record, also across processes with different
  hash seeds (set/dict order must not leak into output);
- idempotent: ``clean(clean(x)) == clean(x)``, per stage and for the whole pipeline;
- canonical output: NFC, no control characters other than ``\\n`` and ``\\t``, no surrogates,
  no Unicode line separators, and the record serializes to valid UTF-8 JSON;
- conservation: every non-blank input line is accounted for. Precisely, let the input lines be
  the input after newline normalization (CRLF/CR/U+2028/U+2029 → LF), split on LF, numbered
  from 1. A line is blank when it holds only whitespace, controls and
  format characters (literally or as HTML entities). Every non-blank line ``i`` either still
  has a non-blank line in ``text`` that came from it (the provenance the pipeline keeps), or
  ``i`` is the ``line`` of an entry in ``removed`` (which also covers lines moved into
  metadata);
- every ``removed`` entry has a line number within the input.

The ``ci`` profile (default) runs a few dozen examples per property; ``--hypothesis-profile=
thorough`` (or ``HYPOTHESIS_PROFILE=thorough``) runs 10,000.
"""

from __future__ import annotations

import html
import json
import os
import random
import subprocess
import sys
import unicodedata

import pytest
import strategies as S
from hypothesis import example, given, settings
from hypothesis import strategies as st

import textclean
from textclean import Pipeline
from textclean.config import Settings
from textclean.decode import decode
from textclean.pipeline import CANONICAL_ORDER, Step

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def scaled(fraction: float) -> settings:
    """A share of the active profile's examples (slow properties run fewer in CI only)."""
    n = settings.default.max_examples
    return settings(max_examples=n if n >= 10_000 else max(10, int(n * fraction)))


# --- what the properties check -----------------------------------------------------------------


def input_lines(data: str | bytes) -> list[str]:
    """The input's lines as the contract numbers them (see the module docstring)."""
    text = decode(data).text if isinstance(data, bytes) else data
    for nl in ("\r\n", "\r", "\u2028", "\u2029"):
        text = text.replace(nl, "\n")
    return text.split("\n")


def is_blank(line: str) -> bool:
    """Whitespace, controls and format characters only, also when written as HTML entities
    (a line of ``&nbsp;`` is blank), in the pipeline's order: controls go before entities."""
    text = "".join(c for c in line if unicodedata.category(c) not in ("Cc", "Cf"))
    text = html.unescape(text) if "&" in text else text
    return all(c.isspace() or c == "\ufffc" or unicodedata.category(c) in ("Cc", "Cf")
               for c in text)  # U+FFFC marks where an object was: a placeholder, not text


def final_origin(trace: list[Step], n_lines: int) -> list[int]:
    """For each output line, the 0-based input line it came from (from the pipeline's trace)."""
    if not trace:
        return list(range(n_lines))
    last = trace[-1]
    origin = list(last.origin)
    lo = last.result.line_origin
    return origin if lo is None else [origin[i] for i in lo]


def run(pipeline: Pipeline, data: str | bytes) -> tuple[textclean.Record, list[Step]]:
    trace: list[Step] = []
    return pipeline.process(data, trace=trace), trace


def assert_conserved(data: str | bytes, record: textclean.Record, trace: list[Step]) -> None:
    lines = input_lines(data)
    out = record.text.split("\n")
    origin = final_origin(trace, len(lines))
    assert len(origin) == len(out), "provenance does not match the output's lines"
    survived = {o for o, line in zip(origin, out, strict=True) if not is_blank(line)}
    listed = set()
    for r in record.removed:
        assert r.line is not None, f"removed entry without a line number: {r}"
        assert 1 <= r.line <= len(lines), f"removed line {r.line} outside 1..{len(lines)}"
        listed.add(r.line - 1)
    lost = [(i + 1, lines[i]) for i in range(len(lines))
            if not is_blank(lines[i]) and i not in survived and i not in listed]
    assert not lost, f"lines neither in text nor in removed: {lost[:3]}"


STRAY = {"\u2028", "\u2029", "\ufeff"}


def assert_canonical(text: str) -> None:
    assert unicodedata.is_normalized("NFC", text), "output is not NFC"
    bad = sorted({f"U+{ord(c):04X}" for c in text
                  if (unicodedata.category(c) in ("Cc", "Cs") and c not in "\n\t")
                  or c in STRAY})
    assert not bad, f"stray characters in output: {bad}"


def assert_record_serializable(record: textclean.Record) -> None:
    line = record.to_json()
    line.encode("utf-8")  # raises on lone surrogates: the CLI could not write this record
    assert "\n" not in line
    assert textclean.Record.from_dict(json.loads(line)) == record


# --- the whole pipeline ------------------------------------------------------------------------

PIPELINE = Pipeline()


@scaled(0.5)
@given(S.noisy_document())
def test_pipeline_never_raises_and_output_is_canonical(text):
    record = PIPELINE.process(text)
    assert_canonical(record.text)
    assert_record_serializable(record)


@scaled(0.5)
@given(S.encoded_document())
def test_pipeline_never_raises_on_bytes(data):
    record = PIPELINE.process(data)
    assert_canonical(record.text)
    assert_record_serializable(record)


@scaled(0.5)
@given(S.noisy_document())
def test_pipeline_is_idempotent(text):
    once = PIPELINE.clean(text)
    assert PIPELINE.clean(once) == once


@scaled(0.5)
@given(S.noisy_document())
def test_pipeline_is_deterministic(text):
    assert PIPELINE.process(text).to_dict() == PIPELINE.process(text).to_dict()


@scaled(0.5)
@given(S.noisy_document())
def test_pipeline_conserves_lines(text):
    record, trace = run(PIPELINE, text)
    assert_conserved(text, record, trace)


@scaled(0.5)
@given(S.encoded_document())
def test_pipeline_conserves_lines_of_bytes(data):
    record, trace = run(PIPELINE, data)
    assert_conserved(data, record, trace)


@scaled(0.5)
@given(S.mojibake_document())
def test_pipeline_on_mojibake_keeps_contract(text):
    record, trace = run(PIPELINE, text)
    assert_canonical(record.text)
    assert_conserved(text, record, trace)
    assert PIPELINE.clean(record.text) == record.text


FIX = Settings().fix_pipeline()


@scaled(0.5)
@given(S.noisy_document())
@example("我们\x85" + ":" * 50)  # a colon run once settled by halves, four rounds at most
def test_fix_pipeline_is_idempotent_and_removes_no_content(text):
    """What ``textclean fix`` writes must be stable (pre-commit converges) and lossless."""
    record, trace = run(FIX, text)
    assert FIX.clean(record.text) == record.text
    lines = input_lines(text)
    origin = final_origin(trace, len(lines))
    out = record.text.split("\n")
    survived = {o for o, line in zip(origin, out, strict=True) if not is_blank(line)}
    lost = [(i + 1, ln) for i, ln in enumerate(lines) if not is_blank(ln) and i not in survived]
    assert not lost, f"fix deleted content lines: {lost[:3]}"


# --- every registered stage on its own ---------------------------------------------------------

STAGES = [*CANONICAL_ORDER]


@pytest.mark.parametrize("name", STAGES)
@scaled(0.5)
@given(text=S.noisy_document())
def test_stage_never_raises_is_deterministic_and_conserves(name, text):
    pipeline = Pipeline([name])
    record, trace = run(pipeline, text)
    assert pipeline.process(text).to_dict() == record.to_dict()
    assert_conserved(text, record, trace)
    if name == "unicode":  # the stage that owns surrogates and controls
        assert_canonical(record.text)
        assert_record_serializable(record)


@pytest.mark.parametrize("name", STAGES)
@scaled(0.5)
@given(text=S.noisy_document())
def test_stage_is_idempotent(name, text):
    pipeline = Pipeline([name])
    once = pipeline.clean(text)
    assert pipeline.clean(once) == once


@pytest.mark.parametrize("name", CANONICAL_ORDER)
@scaled(0.5)
@given(text=S.canonical_document())
def test_stage_keeps_canonical_text_canonical(name, text):
    """After the ``unicode`` stage the text is canonical; no later stage may undo that."""
    assert_canonical(text)
    assert_canonical(Pipeline([name]).clean(text))


# --- determinism across processes --------------------------------------------------------------


def _sample_documents(n: int, seed: int = 6) -> list[str]:
    """Noisy documents from the strategies' own building blocks, without hypothesis."""
    rnd = random.Random(seed)
    pools = [S.ZH_WORDS, S.ZH_TRAD, S.EN_WORDS, S.JA_WORDS, S.EMOJI, S.SOUP_UNITS, S.JUNK_CHARS]
    docs = []
    for _ in range(n):
        lines = []
        for _ in range(rnd.randint(1, 10)):
            kind = rnd.random()
            if kind < 0.25:
                lines.append(rnd.choice(S.CHROME))
            elif kind < 0.35:
                lines.append(rnd.choice(S.MARKUP))
            else:
                line = "".join(rnd.choice(rnd.choice(pools)) for _ in range(rnd.randint(1, 20)))
                if kind > 0.9:
                    line = S.garble(line, *rnd.choice(S.MOJIBAKE_ROUTES))
                lines.append(line)
        docs.append(rnd.choice(("\n", "\r\n")).join(lines))
    return docs


_DUMP = """
import json, sys, textclean
docs = json.load(sys.stdin)
print(json.dumps([textclean.process(d).to_dict() for d in docs], ensure_ascii=True))
"""


def test_records_do_not_depend_on_hash_seed():
    docs = json.dumps(_sample_documents(25))
    outs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": ROOT}
        res = subprocess.run([sys.executable, "-c", _DUMP], input=docs, capture_output=True,
                             text=True, env=env, timeout=300, cwd=ROOT)
        assert res.returncode == 0, res.stderr[-2000:]
        outs.append(json.loads(res.stdout))
    assert outs[0] == outs[1]


# --- a few concrete cases the generators found or that must never regress ----------------------

REGRESSIONS = [
    "\ud800",                       # lone surrogate: the record must still be writable as UTF-8
    "a\udc00b\n\ud83d",
    "e&#x301;",                     # an entity that decodes to a combining mark: must stay NFC
    "x&#13;y",                      # an entity that decodes to CR: no stray control
    "&#x2028;",                     # an entity that decodes to a line separator
    "&#0;&#x7f;&#128;&#xD800;",
    "\u2028\u2029\r\r\n\x85",
    "---\ntitle: a\n---",           # front matter and nothing else
    "\n\n\n",
    "",
]


@pytest.mark.parametrize("text", REGRESSIONS)
def test_known_edge_cases_keep_the_contract(text):
    record, trace = run(PIPELINE, text)
    assert_canonical(record.text)
    assert_record_serializable(record)
    assert_conserved(text, record, trace)
    assert PIPELINE.clean(record.text) == record.text


# Found by the thorough profile and the fuzzer; the owners' stages must make these pass.
FOUND = [
    pytest.param("\u0e50", id="thai-digit-alone"),
    pytest.param("\ufffd" * 15, id="replacement-run"),             # mojibake: invents kana
    pytest.param("\u00c3\x08\u00a9", id="control-inside-mojibake"),  # order: unicode after mojibake
    pytest.param(S.garble("café“", "utf-8", "gbk"), id="cafe-quote-as-gbk"),
    pytest.param(S.garble("我们0数据,发布图书馆\n我们naïve我们我们\n居民", "utf-8", "cp1252"),
                 id="latin-line-in-cp1252-page"),
    pytest.param("\u00e2\u00ae\u00b0\u00e2\u2018\x80\n\u00c4\x08\x80\u00c2",
                 id="control-in-c1-mojibake"),
]


@pytest.mark.parametrize("text", FOUND)
def test_found_cases_keep_the_contract(text):
    record, trace = run(PIPELINE, text)
    assert_conserved(text, record, trace)
    assert PIPELINE.clean(record.text) == record.text


@given(st.text(st.characters(codec=None, categories=None), max_size=60))
def test_any_code_points_at_all(text):
    record = PIPELINE.process(text)
    assert_canonical(record.text)
    assert_record_serializable(record)
