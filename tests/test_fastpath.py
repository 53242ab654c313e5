"""Fast paths must not change output: screens that skip work only skip text needing none.

Three kinds of check, all able to fail:

* exhaustive: a screen's character class must cover every character its rules act on (all
  code points are tried), and OpenCC must leave every non-Han character alone (so skipping
  lines without Han is exact);
* slow vs fast: each screen is replaced by one that always says "maybe", which forces the
  full rules to run on every line, and the stage (and the whole pipeline) must give the same
  result as with the screens on, on noisy generated documents and the repo's fixture documents;
* equivalence: code rewritten for speed (confusable tokens, script counts, blank-line runs)
  gives what the straightforward version gives.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import ftfy
import pytest
import strategies as S
from hypothesis import given, settings
from hypothesis import strategies as st

from textclean import Pipeline, chinese, lang, punctuation
from textclean import mojibake as mojibake_pkg
from textclean.mojibake import latin
from textclean.stages import confusables, markup, unicode, whitespace

ROOT = Path(__file__).resolve().parent.parent
ALWAYS = re.compile("")  # .search() always finds the empty match: "maybe, run the rules"
ALL_CHARS = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)

#: (module, attribute, slow replacement) for every screen whose only job is to skip work.
SCREENS = (
    (unicode, "_SUSPECT", ALWAYS),
    (chinese, "_SUSPECT", ALWAYS),
    (punctuation, "_CANDIDATE", ALWAYS),
    (confusables, "_SCREEN", ALWAYS),
    # Not listed: mojibake's _CJK_SIGNATURE is a precondition, not a screen. A line of only
    # cp1252 specials (curly quotes, dashes) is never handed to the CJK repair, because English
    # typography looks exactly like such a stretch (“We’re would "repair" to CJK).
    (mojibake_pkg, "has_signature", lambda text: True),
    (latin, "may_be_latin_mojibake", lambda text: True),
    (whitespace, "may_trail", lambda text: True),
    (whitespace, "may_run", lambda text: True),
    (markup, "may_contain", lambda text, needles: True),
)

# Characters the screens look for, so generated text hits both sides of every screen.
EDGE_ALPHABET = (
    "aAlIOpenxé É5_-.,:;!?()\"' \t" "\u200b\u2060\u180e\ufeff\u00ad\ufffc\x01\x1f\x7f\x85\x9f"
    "\u00a0\u2003\u202f\u205f" "ÃÂâ€™œ¢ÐÑäöü" "中文漢字们說，。：；！？（）“”…—·•‧・"
    "\u2f08\u2f2f\uf900\uf9a8\ufe00\ufe0f" "あア한국" "Ａｚ０９．" "\U00100000" "#*_[]()!&;/h"
)
edge_text = st.text(alphabet=EDGE_ALPHABET, max_size=80)


def _run(stage_name: str, text: str, **options: object) -> str:
    """One stage through the pipeline (which owns newline and surrogate handling): the record."""
    return Pipeline([stage_name], **options).process(text).to_json()


# --- exhaustive: screens cover what their rules touch ------------------------------------------


def test_unicode_screen_covers_every_rule() -> None:
    for rule, pattern, _ in unicode._RULES:
        touched = "".join(pattern.findall(ALL_CHARS))
        missed = unicode._SUSPECT.sub("", touched)
        assert not missed, f"rule {rule} acts on {missed[:20]!r} the screen lets through"


def test_han_screen_covers_fold_tables() -> None:
    kangxi, compat = chinese._tables()
    folded = "".join(kangxi) + "".join(compat) + "".join(map(chr, range(0xFE00, 0xFE10)))
    missed = chinese._SUSPECT.sub("", folded)
    assert not missed, f"normalize_han would fold {missed[:20]!r} but the screen skips it"


@pytest.mark.parametrize("script", ["zh-Hans", "zh-Hant", "zh-TW", "zh-HK", "s2twp", "tw2sp"])
def test_opencc_leaves_non_han_alone(script: str) -> None:
    """convert_script skips lines without Han: exact only if OpenCC never touches them.

    NUL is left out: some OpenCC configs truncate a string at NUL (a C string), which is a
    reason *for* the screen, not a difference it hides (the unicode stage removes NUL first).
    """
    non_han = chinese._HAN.sub("", ALL_CHARS).replace("\x00", "").replace("\n", "")
    convert = chinese.converter(chinese.config_name(script) or "t2s")
    for i in range(0, len(non_han), 50_000):
        chunk = non_han[i:i + 50_000]
        assert convert(chunk) == chunk, f"{script} changes non-Han text near {chunk[:10]!r}"


_TOKEN_PARTS = ("xAI", "xAl", "OpenAl", "OpenAI", "Al", "AlOps", "GenAI", "aIl", "IlI", "é", "5",
                " ", "-", "_", "中", "\n", ".")


@given(st.one_of(edge_text, st.text(alphabet="AaIlLxOp é5_-.\n中", max_size=40),
                 st.lists(st.sampled_from(_TOKEN_PARTS), max_size=12).map("".join)))
def test_confusable_tokens_match_the_full_regex(text: str) -> None:
    assert confusables.tokens(text) == confusables._TOKEN.findall(text)


@given(st.text(alphabet="ÃÂâ€™œ¢ÐÑ©®°±µ·¼½¾¿ÀÈÌÒÙäëïöü\x80\x85\x9c\u2019\u201c abc.\n中",
               max_size=40))
def test_latin_screen_false_means_ftfy_does_nothing(text: str) -> None:
    if not latin.may_be_latin_mojibake(text):
        assert ftfy.fix_encoding(text, latin.CONFIG._replace(explain=False)) == text


@pytest.mark.parametrize("word", ["café", "naïve", "Zürich", "“quoted”", "中文", "—", "€5"])
@pytest.mark.parametrize("codec", ["cp1252", "latin-1"])
def test_latin_screen_catches_real_mojibake(word: str, codec: str) -> None:
    """The other direction: text ftfy does repair must pass the screen."""
    damaged = word.encode("utf-8").decode(codec, errors="ignore")
    if ftfy.fix_encoding(damaged, latin.CONFIG._replace(explain=False)) != damaged:
        assert latin.may_be_latin_mojibake(damaged)


# --- slow path against fast path ---------------------------------------------------------------

STAGES = ("mojibake", "unicode", "markup", "script", "punctuation", "confusables", "whitespace")


def _fast_and_slow(stage_name: str, text: str, **options: object) -> tuple[str, str]:
    fast = _run(stage_name, text, **options)
    with pytest.MonkeyPatch.context() as m:
        for module, name, replacement in SCREENS:
            m.setattr(module, name, replacement, raising=True)
        slow = _run(stage_name, text, **options)
    return fast, slow


@pytest.mark.parametrize("stage_name", STAGES)
@settings(max_examples=max(10, settings.default.max_examples // 2))  # x7 stages, x2 runs each
@given(text=st.one_of(edge_text, S.noisy_document(max_lines=6, huge=False),
                      S.mojibake_document()))
def test_stage_fast_equals_slow(stage_name: str, text: str) -> None:
    fast, slow = _fast_and_slow(stage_name, text)
    assert fast == slow


markup_text = st.lists(st.sampled_from((*S.MARKUP, "**a**", "__b__", "[x](/y)", "# h", " ", "\n",
                                         "中文", "&amp;", "_", "*")), max_size=8).map("".join)


@given(text=markup_text)
def test_markup_fast_equals_slow(text: str) -> None:
    fast, slow = _fast_and_slow("markup", text)
    assert fast == slow


@given(text=S.mojibake_document())
def test_punctuation_fast_equals_slow_traditional(text: str) -> None:
    fast, slow = _fast_and_slow("punctuation", text, script="zh-TW")
    assert fast == slow


@given(st.one_of(edge_text, st.text(alphabet="中文漢⺈⼈あア한ไทยЖΩعبשaz .\n𠀀〇々", max_size=30)))
def test_script_counts_by_runs_match_findall(text: str) -> None:
    reference = {name: len(p.findall(text)) for name, p in lang._SCRIPTS.items()}
    assert lang._script_counts(text) == reference


def _blank_lines_reference(lines: list[str], keep: int) -> list[int]:
    """The straightforward version the whitespace stage's single pass must agree with."""
    out = [i for i in range(len(lines)) if not lines[i].strip()
           and all(not lines[j].strip() for j in range(max(0, i - keep), i)) and i >= keep]
    content = [i for i, line in enumerate(lines) if line.strip()]
    first, last = (content[0], content[-1]) if content else (len(lines), -1)
    edges = set(range(first)) | set(range(last + 1, len(lines)))
    return sorted(set(out) | edges)


@given(st.lists(st.sampled_from(["", " ", "\t", "\u3000", "a", " b "]), max_size=12),
       st.integers(0, 3))
def test_blank_line_single_pass(lines: list[str], keep: int) -> None:
    assert whitespace._surplus_blank_lines(lines, keep) == _blank_lines_reference(lines, keep)


def _fixture_docs() -> list[str]:
    docs = [p.read_text("utf-8") for p in sorted((ROOT / "fixtures" / "docs").glob("*"))
            if p.suffix in (".txt", ".md")]
    sys.path.insert(0, str(ROOT / "fixtures"))
    from damage import gbk_as_cp1252, utf8_as_cp1252, utf8_as_gbk, utf8_as_tis620_lossy

    damaged = []
    for doc in docs[:3]:
        for damage in (gbk_as_cp1252, utf8_as_cp1252, utf8_as_gbk, utf8_as_tis620_lossy):
            try:
                damaged.append(damage(doc))
            except UnicodeEncodeError:  # emoji have no GBK bytes
                damaged.append(damage(doc.encode("gbk", "ignore").decode("gbk")))
    return docs + damaged


def test_pipeline_records_identical(monkeypatch: pytest.MonkeyPatch) -> None:
    """The whole default pipeline, record for record, with every screen forced open."""
    docs = _fixture_docs()
    assert docs, "fixtures/docs is empty"
    fast = [Pipeline().process(d).to_json() for d in docs]
    for module, name, replacement in SCREENS:
        monkeypatch.setattr(module, name, replacement, raising=True)
    slow = [Pipeline().process(d).to_json() for d in docs]
    for doc, f, s in zip(docs, fast, slow, strict=True):
        assert f == s, doc[:80]
