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

import functools
import re
import sys
import unicodedata
from pathlib import Path

import ftfy
import pytest
import regex
import strategies as S
from hypothesis import given, settings
from hypothesis import strategies as st

from textclean import Pipeline, chinese, dates, lang, punctuation
from textclean import mojibake as mojibake_pkg
from textclean.mojibake import latin
from textclean.stages import confusables, markup, unicode, whitespace

ROOT = Path(__file__).resolve().parent.parent
ALWAYS = re.compile("")  # .search() always finds the empty match: "maybe, run the rules"
ALL_CHARS = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)

def _unescape_all_reference(text: str) -> tuple[str, int]:
    """The markup stage's entity pass as first written: a second scan counts what changed."""
    total = 0
    while "&" in text:
        new = markup._ENTITY.sub(markup._unescape, text)
        if new == text:
            break
        total += sum(1 for m in markup._ENTITY.finditer(text)
                     if markup._unescape(m) != m.group(0))
        text = new
    if total and not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text, total


def _settle_lines_reference(before: str, text: str, offset: int, changes: dict[str, int],
                            removed: list) -> str:
    """The markup stage's passes after the first as first written: over the whole text."""
    while True:
        new, more, images = markup._inline_pass(text, offset)
        removed.extend(images)
        markup._add(changes, more)
        if new == text:
            return text
        text = new


def _diff_count_reference(old: str, new: str) -> int:
    if len(old) == len(new):
        return sum(map(str.__ne__, old, new))
    return max(1, abs(len(old) - len(new)))


_SOURCE_CHARS = chinese._source_chars  # the real one, while tests swap in the reference


@functools.cache
def _source_chars_reference(config: str) -> re.Pattern[str]:
    """The script stage's source characters as first written: one stdlib class."""
    chars = _SOURCE_CHARS(config).chars
    return re.compile("[" + "".join(re.escape(c) for c in chars) + "]" if chars else "(?!)")


def _latin_run_right_reference(s: str, i: int) -> tuple[str, str]:
    """The punctuation stage's right-hand Latin run, one character at a time."""
    j, stop = i + 1, i + punctuation._REACH
    while j < len(s) and (s[j] in punctuation._LATIN_RUN or punctuation._PLANE16.match(s[j])):
        if j >= stop:
            return s[i + 1:j], "\0"
        j += 1
    return s[i + 1:j], (s[j] if j < len(s) else "")


#: (module, attribute, slow replacement) for every screen whose only job is to skip work, and
#: every function rewritten for speed (replaced by the straightforward version).
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
    (markup, "_unescape_all", _unescape_all_reference),
    (markup, "_settle_lines", _settle_lines_reference),
    (chinese, "_MAY_BE_KANA_OR_HANGUL", ALWAYS),
    (chinese, "_MAY_BE_HAN", ALWAYS),
    (chinese, "_may_be_special", lambda text: True),
    (chinese, "_MAY_MATTER", ALWAYS),
    (chinese, "_source_chars", lambda config: _source_chars_reference(config)),
    (dates, "_MAY_NAME_MONTH", ALWAYS),
    (dates, "_may_be_day_first", lambda text: True),
    (punctuation, "_MAY_ACT", ALWAYS),
    (lang, "_cp1252_counts", lambda sample: None),  # words always from the word list
    (lang, "_FREQUENT", ()),  # no lower bound: English is never proved without the word list
    (lang._LazyCounts, "words_at_most", lambda self, rest: 10**9),  # no upper bound either
    (chinese, "_diff_count", _diff_count_reference),
    (lang, "_SCREENS", {}),
    (punctuation, "_MAY_CHANGE", ALWAYS),
    (punctuation, "_MAY_BE_RARE", ALWAYS),
    (punctuation, "_protect_pattern", lambda line: punctuation._PROTECT),
    (punctuation, "_latin_run_right", _latin_run_right_reference),
    *((punctuation, name, lambda s: True) for name in (
        "_may_ellipsis", "_may_dash", "_may_interpunct", "_may_double_colon",
        "_may_space_around_quote", "_may_space_around_fw", "_may_ideographic_space",
        "_may_fence")),
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
                                         "中文", "&amp;", "_", "*", "e\u0301", "&#x301;", "**",
                                         "__", "&#42;", "&amp;#42;", "![i](/p.png)", "[")),
                       max_size=12).map("".join)


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


# --- screens added for speed (issue 7): exhaustive where a screen is a character class ---------


def _missed(screen: re.Pattern[str], exact: re.Pattern[str] | regex.Pattern[str]) -> str:
    """Characters ``exact`` matches that ``screen`` does not (over every code point)."""
    return screen.sub("", "".join(exact.findall(ALL_CHARS)))


@pytest.mark.parametrize(("screen", "exact"), [
    (chinese._MAY_BE_KANA_OR_HANGUL, chinese._KANA_OR_HANGUL),
    (chinese._MAY_BE_HAN, chinese._HAN),
    (chinese._MAY_BE_SPECIAL, chinese._SUSPECT),
    (chinese._MAY_BE_SPECIAL, chinese._KANA_OR_HANGUL),
    (lang._MAY_BE_KANA, lang._SCRIPTS["kana"]),
    (lang._MAY_BE_HAN, lang._SCRIPTS["han"]),
    (punctuation._MAY_BE_RARE, punctuation._FW_ALNUM),
    (punctuation._MAY_BE_RARE, punctuation._PLANE16),
    (punctuation._MAY_BE_RARE, chinese._KANA_OR_HANGUL),
], ids=["chinese-kana-hangul", "chinese-han", "special-suspect", "special-kana", "lang-kana",
        "lang-han", "rare-fullwidth", "rare-plane16", "rare-kana-hangul"])
def test_range_screen_covers_its_class(screen: re.Pattern[str], exact: re.Pattern[str]) -> None:
    missed = _missed(screen, exact)
    assert not missed, f"screen skips {missed[:20]!r}"


def test_radicals_are_han_in_one_block() -> None:
    """lang counts Han as \\p{Han} minus \\p{Radical}, screened by the radical blocks."""
    assert not regex.findall(r"[\p{Radical}--\p{Han}]", ALL_CHARS, flags=regex.V1)
    assert not _missed(lang._MAY_BE_RADICAL, lang._RADICAL)


def test_ascii_word_characters_are_regex_word_characters() -> None:
    """detect_lang bounds the Latin words by ASCII counts: its idea of ASCII ``\\w``, letters and
    Latin letters must be regex's."""
    ascii_chars = "".join(map(chr, range(128)))
    assert "".join(regex.findall(r"\w", ascii_chars)).encode() == bytes(sorted(lang._ASCII_WORD))
    assert "".join(regex.findall(r"\p{Latin}", ascii_chars)).encode() == bytes(
        sorted(lang._ASCII_LETTERS))


def test_lang_screens_are_keyed_by_script_name() -> None:
    assert set(lang._SCREENS) <= set(lang._SCRIPTS)
    for name, screen in lang._SCREENS.items():
        assert not _missed(screen, lang._SCRIPTS[name]), name


def test_white_space_class_is_regex_backslash_s() -> None:
    spelled = re.compile(f"[{punctuation._WHITE_SPACE}]")
    assert spelled.findall(ALL_CHARS) == regex.findall(r"\s", ALL_CHARS)


#: Patterns moved from ``regex`` to the stdlib ``re`` because they only use features both spell
#: the same way: each must find exactly what ``regex`` finds.
MOVED_TO_RE = [
    *(pattern for _, pattern, _ in unicode._RULES),
    chinese._SUSPECT, punctuation._LETTER, punctuation._SINGLE_MARK, punctuation._THOUSANDS,
    punctuation._NUMBER, punctuation._FW_ALNUM, punctuation._FW_DOT, punctuation._CANDIDATE,
    punctuation._PLANE16, punctuation._ELLIPSIS, punctuation._DASH, punctuation._DOUBLE_COLON,
]
MOVED_SAMPLE = ALL_CHARS[:0x3100] + "".join(chr(c) for c in range(0xFE00, 0x110000, 7)) + (
    "1,000 3.14 ... 。。。 -- －－ :: ：: a:b Ｆｕｌｌ０９．５ v1.2 ,,,..;;!!??" * 3)


@pytest.mark.parametrize("pattern", MOVED_TO_RE, ids=lambda p: repr(p.pattern)[:30])
def test_patterns_moved_to_stdlib_re_match_as_regex_did(pattern: re.Pattern[str]) -> None:
    assert isinstance(pattern, re.Pattern)
    twin = regex.compile(pattern.pattern, regex.V0)
    assert pattern.findall(MOVED_SAMPLE) == twin.findall(MOVED_SAMPLE)
    assert [m.span() for m in pattern.finditer(MOVED_SAMPLE)] == [
        m.span() for m in twin.finditer(MOVED_SAMPLE)]


# Text that sits on the edges of the punctuation screens: Latin runs about as long as the
# context reach, marks near and far from Han, URLs, e-mail, emoticons, drive letters, fences.
_PUNCT_PARTS = ("中", "文。", "，", "a" * 60, "b" * 63, "c" * 64, "word ", "ab cd", "1", "3.14",
                ",", ".", ":", ";", "!", "?", "(", ")", '"', "“", "”", "-", "--", "...", "..",
                "。。", "•", "・", " ", "\t", "\u3000", "http://ex.com/a_(b)", "a@b.cn", ":)",
                ";-P", "C:\\dir", "`x`", "](u)", "www.ex.org", "```", "~~~", "\n", "Ａ０",
                "\U00100000", "あ", "한", ".。.", "。.。", "－－", "－", "：：", "：", " ：", "“ ",
                " ”", "‧", "∙")
punct_edge = st.lists(st.sampled_from(_PUNCT_PARTS), max_size=30).map("".join)


@given(punct_edge)
def test_latin_run_right_matches_the_loop(text: str) -> None:
    for i in range(len(text)):
        assert punctuation._latin_run_right(text, i) == _latin_run_right_reference(text, i)


_PROTECT_PARTS = ("http://a.b/c", "ftp://x", "www.ex.org", "a@b.cn", "x.y@z", "`code`", "`",
                  "](u)", "](a b)", ":)", ";-P", ":D", "a:(", "C:\\d", "@", "://", " ", "\t",
                  "\u2003", "\x1c", "\u3000", "中", "(", ")", ".", "-", "a", "1")


@given(st.one_of(st.text(alphabet="!-~ \n\t\u3000\u2003\x1c中", max_size=60),
                 st.lists(st.sampled_from(_PROTECT_PARTS), max_size=12).map("".join)))
def test_protect_subsets_match_protect(text: str) -> None:
    """The part of _PROTECT a line gets finds exactly what the whole pattern finds there."""
    pattern = punctuation._protect_pattern(text)
    spans = [m.span() for m in pattern.finditer(text)] if pattern else []
    assert spans == [m.span() for m in punctuation._PROTECT.finditer(text)]


def test_protect_parts_are_protect() -> None:
    """All of _PROTECT_PARTS together is _PROTECT on a line without drive letters."""
    text = " ".join(part for part in _PROTECT_PARTS if ":\\" not in part) * 2
    every = punctuation._protect_subset((True,) * len(punctuation._PROTECT_PARTS))
    spans = [m.span() for m in every.finditer(text)]
    assert spans == [m.span() for m in punctuation._PROTECT.finditer(text)]
    assert len(spans) > 10


@pytest.mark.parametrize("script", ["zh-Hans", "zh-TW"])
@settings(max_examples=max(10, settings.default.max_examples // 2))
@given(text=punct_edge)
def test_punctuation_edges_fast_equals_slow(script: str, text: str) -> None:
    fast, slow = _fast_and_slow("punctuation", text, script=script)
    assert fast == slow


_ENTITY_PARTS = ("&amp;", "&amp;amp;", "&lt;", "&#38;", "&#x26;", "&", ";", "#", "lt", "amp",
                 "&nbsp;", "&#x301;", "e", "&bogus;", "&#0;", "&#x2028;", "中", " ", "&#35;")


@given(st.lists(st.sampled_from(_ENTITY_PARTS), max_size=12).map("".join))
def test_entity_pass_matches_the_two_scan_version(text: str) -> None:
    assert markup._unescape_all(text) == _unescape_all_reference(text)


@given(st.text(alphabet="ab中文漢字\x00\uffff\U00020000\U0010ffff", max_size=30),
       st.text(alphabet="ab中文汉字\x00\uffff\U00020000\U0010ffff", max_size=30))
def test_diff_count_matches_zip(old: str, new: str) -> None:
    assert chinese._diff_count(old, new) == _diff_count_reference(old, new)
    assert chinese._diff_count(old, old[::-1]) == _diff_count_reference(old, old[::-1])


def _detect_lang_reference(text: str, script: str = "zh-Hans") -> str | None:
    """detect_lang as first written: every count taken, then the same decisions."""
    sample = text[:20000]
    if not sample.strip():
        return None
    counts = lang._script_counts(sample)
    words = lang._LATIN_WORD.findall(sample)
    cjk = counts["han"] + counts["kana"]
    if counts["kana"] and counts["kana"] >= 0.1 * cjk and cjk >= 0.5 * len(words):
        return "ja"
    if counts["hangul"] > max(counts["han"], len(words)):
        return "ko"
    if counts["han"] and counts["han"] >= len(words):
        return lang._chinese_tag(sample, script)
    other = max(lang._OTHER, key=lambda k: counts[k])
    if counts[other] > 2 * len(words):
        return lang._OTHER[other]
    if words:
        hits = sum(map(lang._EN_FUNCTION_WORDS.__contains__, map(str.lower, words)))
        return "en" if hits >= max(1, 0.05 * len(words)) else "und"
    return None


_LANG_PARTS = ("中文", "漢字", "the ", "of ", "data ", "ab", "x", "あ", "カ", "한국", "ไทย", "Жж",
               "Ωω", "عب", "שׁ", " ", "\n", "1", "é", "Ａｂ", "⺈", "〇", "・")


@given(st.one_of(st.lists(st.sampled_from(_LANG_PARTS), max_size=40).map("".join), edge_text,
                 S.noisy_document(max_lines=6, huge=False)))
def test_detect_lang_lazy_counts_match_reference(text: str) -> None:
    for script in ("zh-Hans", "zh-TW", "keep"):
        assert lang.detect_lang(text, script) == _detect_lang_reference(text, script)


def test_detect_lang_matches_reference_on_fixture_documents() -> None:
    for doc in _fixture_docs():
        for script in ("zh-Hans", "keep"):
            assert lang.detect_lang(doc, script) == _detect_lang_reference(doc, script), doc[:60]


@pytest.mark.parametrize("stage_name", ["unicode", "markup", "confusables", "script",
                                        "punctuation", "whitespace"])
@pytest.mark.parametrize("script", ["zh-Hans", "zh-TW", "keep"])
def test_stage_records_identical_on_fixture_documents(stage_name: str, script: str) -> None:
    """Each stage alone, on the fixture documents and their damaged versions, screens open."""
    for doc in _fixture_docs():
        fast, slow = _fast_and_slow(stage_name, doc, script=script)
        assert fast == slow, (stage_name, doc[:60])


@pytest.mark.parametrize("extra", ["", " ", "x ", "1.5", "。", "ab cd"])
def test_detect_lang_on_a_grid_of_counts(extra: str) -> None:
    """Every mix of a few Han, kana, Hangul and English words: where the lazy counts' bounds
    decide without counting words, the answer must still be the reference's."""
    for han in range(9):
        for words in range(9):
            for kana in (0, 1, 3):
                for hangul in (0, 5):
                    text = "中" * han + " the" * words + "あ" * kana + "한" * hangul + extra
                    assert lang.detect_lang(text) == _detect_lang_reference(text), text


@pytest.mark.parametrize("mark", [",", ".", ":", ";", "!", "?"])
@pytest.mark.parametrize("gap", [0, 1, 5, 20, 40, 60, 62, 63, 64, 65, 66, 70, 80])
def test_mark_screen_reach(mark: str, gap: int) -> None:
    """A Chinese character ``gap`` Latin letters (or words) away from a mark, on either side,
    around the reach of the context rules."""
    texts = [f"中{'a' * gap}{mark}", f"{mark}{'a' * gap}中", f"中{'a' * gap}{mark}b",
             f"中 {'ab ' * (gap // 3)}{mark}", f"x{mark}{'a' * gap}中", f"中。{'a' * gap}{mark}",
             f"edge{mark}{'a' * gap}。", f"中{'a' * gap}{mark}{'b' * gap}中"]
    for text in texts:
        fast, slow = _fast_and_slow("punctuation", text)
        assert fast == slow, text


_SCREEN_LITERALS = (
    ".。.", "。.。", "..。", "。。.", "...", "。。。", "－－", "--", "-",
    ":：", "：：", "： ：", "::",
    "•", "‧", "・", "∙", "⋅", "“ ", " ”", " “", "” ", "\u3000", "\u3000\u3000", " ，", "， ",
    "\t。", "（ ", " 》", "Ａ", "０．５", "http://a.b", "a@b.cn", ":)", "`c`", "](u)", "www.a.b",
)


@pytest.mark.parametrize("literal", _SCREEN_LITERALS)
@pytest.mark.parametrize("script", ["zh-Hans", "zh-TW", "keep"])
def test_each_screen_literal_in_chinese_context(literal: str, script: str) -> None:
    """Every literal a punctuation screen looks for, where the rules would act on it."""
    fenced = f"```\n中{literal}\n```\n中{literal}"
    for text in (f"中文{literal}中文", f"{literal}中文", f"中文{literal}", f"a{literal}b",
                 f"中文 {literal} 中文", f"中{literal}文{literal}字", fenced):
        fast, slow = _fast_and_slow("punctuation", text, script=script)
        assert fast == slow, text


@pytest.mark.parametrize("text", [
    "&**__amp;__**\ne\u0301",  # an entity exposed in the second pass: every line gets NFC
    "&#42;&#42;b&#42;&#42;\n&#91;t](/u)",  # second-pass rules counted in the stage's order
    "**__~~x~~__**\n&amp;amp;lt;\n[a](/b)&#42;&#42;c&#42;&#42;",
    "![i](/p.png)&#42;&#42;x&#42;&#42;\n# &#35; h\n&#33;[j](/q.png)",
])
def test_markup_later_passes_line_by_line(text: str) -> None:
    fast, slow = _fast_and_slow("markup", text)
    assert fast == slow


@given(st.integers(0, 9000), st.lists(st.integers(0, 8999), max_size=20),
       st.sampled_from(["中文漢字", "ab", "\U00020000a"]))
def test_diff_count_over_blocks(size: int, at: list[int], alphabet: str) -> None:
    old = (alphabet * (size // len(alphabet) + 1))[:size]
    new = list(old)
    for i in at:
        if i < size:
            new[i] = "x" if new[i] != "x" else "y"
    assert chinese._diff_count(old, "".join(new)) == _diff_count_reference(old, "".join(new))


@pytest.mark.parametrize("letter", ["Ж", "ไ", "Ω", "ع", "ש", "한"])
def test_detect_lang_other_scripts_near_the_bounds(letter: str) -> None:
    for n in range(12):
        for words in range(6):
            for han in (0, 2):
                text = letter * n + " the" * words + "中" * han + "，" * (n % 3)
                assert lang.detect_lang(text) == _detect_lang_reference(text), text


# --- screens added in session 3 (issue 7) --------------------------------------------------------


@pytest.mark.parametrize(("screen", "exact"), [
    (chinese._MAY_MATTER, chinese._MAY_BE_SPECIAL),
    (chinese._MAY_MATTER, chinese._MAY_BE_HAN),
    (chinese._MAY_MATTER, chinese._HAN),
    (punctuation._MAY_ACT, punctuation._HAN),
    (punctuation._MAY_ACT, punctuation._FW_ALNUM),
    (punctuation._MAY_ACT, re.compile(f"[{punctuation._FW_SPACED}\u3000．]")),
], ids=["script-special", "script-han-screen", "script-han", "punct-han", "punct-fullwidth",
        "punct-spaced"])
def test_whole_text_screens_cover_their_classes(screen: re.Pattern[str],
                                                exact: re.Pattern[str]) -> None:
    missed = _missed(screen, exact)
    assert not missed, f"screen skips {missed[:20]!r}"


def test_punctuation_chinese_context_is_past_the_line_screen() -> None:
    """Every character _is_zh calls Chinese context is one _MAY_ACT looks for."""
    below = ALL_CHARS[:ALL_CHARS.index("\u2e80")]
    assert not punctuation._MAY_ACT.search(below)
    assert not [c for c in below if punctuation._is_zh(c)]


# Text with no character from U+2E80 on: every ASCII mark, Latin letters, curly quotes, dashes,
# bullets, the blanks, URLs and fences; no Han, no full-width form.
_NO_CJK_PARTS = ("word", "ab cd", "1", "3.14", ",", ".", ":", ";", "!", "?", "(", ")", '"', "“",
                 "”", "-", "--", "...", "•", "∙", "⋅", " ", "\t", "\u2003", "\xa0", "é", "Ж",
                 "http://ex.com/a", ":)", "`x`", "\n", "```", "::", " : :", "é!", "ไทย", "\x85")


@given(st.one_of(st.lists(st.sampled_from(_NO_CJK_PARTS), max_size=30).map("".join),
                 st.text(alphabet=st.characters(max_codepoint=0x2E7F, exclude_categories=["Cs"]),
                         max_size=60)))
def test_punctuation_rules_leave_lines_without_cjk_alone(text: str) -> None:
    """What _MAY_ACT skips, the rules (every per-rule screen open) would not change."""
    for line in text.split("\n"):
        for script in ("zh-Hans", "zh-TW"):
            counts: dict[str, int] = {}
            assert punctuation._settle(line, script, counts) == line
            assert not counts


def test_source_chars_split_is_the_whole_class() -> None:
    """The BMP and astral halves of the script stage's source characters are exactly the
    characters OpenCC converts alone, and the astral screen sees every astral one."""
    for config in ("t2s", "s2t"):
        cc = chinese._source_chars(config)
        found = cc.bmp.findall(ALL_CHARS) + cc.astral.findall(ALL_CHARS)
        assert sorted(found) == sorted(cc.chars)
        assert any(c > "\uffff" for c in cc.chars), "no astral characters: the split is untested"
        assert len(chinese._ASTRAL.findall("".join(cc.astral.findall(ALL_CHARS)))) == len(
            cc.astral.findall(ALL_CHARS))


_SOURCE_TEXT = st.text(alphabet="中文漢字說後发発\U00020000\U0002a6a5\U00021a54\U0002000b"
                                "\U0001f600a \n", max_size=30)


@given(_SOURCE_TEXT)
def test_source_char_search_matches_one_class(text: str) -> None:
    for config in ("t2s", "s2t"):
        assert chinese._source_chars(config).search(text) == bool(
            _source_chars_reference(config).search(text))


def _find_date_reference(text: str) -> tuple[str, tuple[int, int]] | None:
    """find_date as first written: all four patterns in turn, each match through groupdict."""
    for pattern in (dates._NUMERIC, dates._EN_MDY, dates._EN_DMY, dates._NUMERIC_DMY):
        for m in pattern.finditer(text):
            iso = _iso_reference(m)
            if iso:
                return iso, m.span()
    return None


def _iso_reference(m: regex.Match[str]) -> str | None:
    g = m.groupdict()
    mn = g.get("mn")
    month = dates._MONTHS.get(mn.lower().rstrip(".")) if mn is not None else int(g["m"])
    y, d = int(g["y"]), int(g["d"])
    if g.get("sep") == "/" and month and d <= 12 < month:
        month, d = d, month
    if not month or not 1 <= month <= 12 or not 1 <= d <= 31:
        return None
    out = f"{y:04d}-{month:02d}-{d:02d}"
    if g.get("h") is not None:
        h, mi = int(g["h"]), int(g["mi"])
        ampm = (g.get("ampm") or "").lower().replace(".", "")
        if ampm == "pm" and h < 12:
            h += 12
        elif ampm == "am" and h == 12:
            h = 0
        if h < 24 and mi < 60:
            out += f"T{h:02d}:{mi:02d}"
            if g.get("s"):
                out += f":{g['s']}"
    return out


_DATE_PARTS = ("2025", "1999", "2001", "20", "19", "-", "/", ".", "年", "月", "日", "号", " ",
               "\u3000", "09", "21", "3", "13", "31", "Nov", "november", "MAI", "Mär", "mär",
               "Août", "Dic", "SEPT", "jän", "de", "th", "st", ",", ":", "19:03", "7:05:09", "pm",
               "a.m.", "PM", "x", "中", "T", "٢٠", "２０２５", "𝟐𝟎", "Σ", "İ", "Mayo", "ENERO")


@given(st.lists(st.sampled_from(_DATE_PARTS), max_size=14).map("".join))
def test_find_date_screens_match_all_patterns(text: str) -> None:
    found = dates.find_date(text)
    assert (found and (found[0], found[1].span())) == (_find_date_reference(text) or None)


@pytest.mark.parametrize("text", [
    "2025-09-21 19:03", "2025年9月21日", "Nov 27th 2024", "21.09.2025", "21. September 2025",
    "09/21/2025 7:05 pm", "5 de mayo de 2021", "posted 3 MÄRZ 2020, 12:00 a.m.", "12/31/1999",
    "1.2.2020", "2020/02/30", "Sept 31, 2020", "AOÛT 15 2020 10:61", "Foo 5 2020 5 May 2021",
])
def test_find_date_examples_match_all_patterns(text: str) -> None:
    found = dates.find_date(text)
    assert (found and (found[0], found[1].span())) == (_find_date_reference(text) or None)


@given(st.text(alphabet=st.characters(codec=None, exclude_categories=()), max_size=20))
def test_record_id_is_document_id(text: str) -> None:
    """The pipeline hashes the bytes it already encoded to check for surrogates: the same id."""
    from textclean.pipeline import document_id

    assert Pipeline([]).process(text).id == document_id(text)
    assert Pipeline([]).process(text, doc_id="x").id == "x"


def test_function_word_spellings_need_no_lowering() -> None:
    """``w in _EN_FUNCTION_WORDS_ANY_CASE`` is ``w.lower() in _EN_FUNCTION_WORDS``: the only
    non-ASCII characters whose lower case holds an ASCII letter cannot spell a function word."""
    letters = set("".join(lang._EN_FUNCTION_WORDS))
    for c in ALL_CHARS:
        low = c.lower()
        if not c.isascii() and any(x.isascii() and x.isalpha() for x in low):
            assert not low.isascii() or low not in letters, hex(ord(c))
    assert {w.lower() for w in lang._EN_FUNCTION_WORDS_ANY_CASE} == lang._EN_FUNCTION_WORDS


@given(st.lists(st.sampled_from(("the ", "The ", "THE ", "of ", "of", " of ", "and ", "x ", "1 ",
                                 "é ", "中", "?", "the?", "the_", "ÿthe ", "Ж ", "\n", "a", "ab ")),
                max_size=40).map("".join))
def test_detect_lang_bounds_bound(text: str) -> None:
    """The bounds detect_lang decides by are bounds of the counts they stand for."""
    counts = lang._LazyCounts(text)
    rest = len(text) - len(text.encode("ascii", "ignore")) - counts["han"] - counts["kana"]
    hits = sum(w.lower() in lang._EN_FUNCTION_WORDS for w in counts.word_list)
    assert counts.english_at_least() <= hits <= counts.words <= counts.words_at_most(rest)


CP1252_CHARS = "".join(
    ch for ch in (bytes([i]).decode("cp1252", "ignore") for i in range(256)) if ch)


def _words_and_hits_reference(text: str) -> tuple[int, int]:
    words = lang._LATIN_WORD.findall(text)
    return len(words), sum(w.lower() in lang._EN_FUNCTION_WORDS for w in words)


def test_cp1252_counts_every_character_in_context() -> None:
    """Each cp1252 character alone, inside, before, after and between words."""
    assert len(CP1252_CHARS) == 251
    for c in CP1252_CHARS:
        for text in (c, c * 2, f"ab{c}cd", f"{c}the", f"the{c}", f"a{c}b the {c}{c}of",
                     f"x {c} y", f"The{c}of{c}AND", f"1{c}ab{c}_", f"é{c}ü", f"{c}a {c}"):
            assert lang._cp1252_counts(text) == _words_and_hits_reference(text), repr(text)


@given(st.one_of(st.text(alphabet=CP1252_CHARS, max_size=60),
                 st.lists(st.sampled_from(("the", "The", "OF", " ", "a", "ab", "é", "ß", "µ", "_",
                                           "1", "²", "ª", "’", "—", "\xa0", "\t", "\n", "š",
                                           "Ÿ", "x", ",", "and")), max_size=30).map("".join)))
def test_cp1252_counts_match_the_word_list(text: str) -> None:
    assert lang._cp1252_counts(text) == _words_and_hits_reference(text)


def test_cp1252_counts_declines_other_text() -> None:
    assert lang._cp1252_counts("中文 the") is None
    assert lang._cp1252_counts("Ж the") is None


def test_protect_needles_spelled_in_order() -> None:
    """_protect_pattern spells _PROTECT_PARTS' needles out: they must be these, in this order."""
    assert [needle for needle, _ in punctuation._PROTECT_PARTS] == [
        "`", "://", "www.", "@", "](", None]
