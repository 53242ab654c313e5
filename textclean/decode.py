"""Bytes to text: BOM, strict UTF-8, then charset-normalizer.

The order matters: a BOM is proof, strict UTF-8 is nearly proof (random legacy bytes are almost
never valid UTF-8), and only then do we ask a statistical detector.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from functools import cache
from importlib import resources

import regex
from charset_normalizer import from_bytes

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str | None
    flags: tuple[str, ...] = ()


def decode(data: bytes) -> Decoded:
    """Decode ``data``; never raises. Undecodable input comes back replaced and flagged."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data.decode(codec), codec.replace("-sig", ""))
            except UnicodeDecodeError:
                break
    if b"\x1b" in data:  # ISO-2022 is 7-bit: it would pass as UTF-8 with escapes left in
        for codec in ("iso2022_jp", "iso2022_kr"):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                continue
            if "\x1b" not in text:
                return Decoded(text, codec)
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    guess = _bomless_utf16(data)
    if guess:
        return Decoded(data.decode(guess), guess)
    best = from_bytes(data).best()
    if best is None:
        return _last_resort(data)
    return _second_opinion(data, best.encoding, str(best))


def _second_opinion(data: bytes, guessed: str, text: str) -> Decoded:
    """Correct the detector where it is known to err on short input (GUIDE §5); on longer
    input its statistics are better than these rules."""
    if len(data) > _SHORT:
        return Decoded(text, guessed)
    if guessed not in ("cp1252", "latin_1", "ascii") and guessed not in _EBCDIC:
        western = _western(data, text)
        if western is not None:
            return Decoded(western, "cp1252")
    if guessed in ("cp1250", "iso8859_2") and _prefers_cp1252(data):
        return Decoded(data.decode("cp1252"), "cp1252")
    # UTF-16/32 without a BOM failed our own NUL test: a detector's vote for it is a guess, as
    # is its pick among the CJK codecs (which accept each other's bytes).
    if guessed in _CJK_FAMILY or guessed.startswith("utf_"):
        return _best_cjk(data, guessed, text)
    return Decoded(text, guessed)


# Multi-byte CJK codecs accept each other's bytes, so a detector's pick among them (short GBK
# read as cp949 is the classic) is re-ranked by which reading is likelier CJK text.
_CJK_FAMILY = frozenset({"gb18030", "gbk", "gb2312", "hz", "big5", "big5hkscs", "cp950",
                         "shift_jis", "cp932", "shift_jis_2004", "euc_jp", "euc_jis_2004",
                         "euc_kr", "cp949", "johab", "iso2022_jp", "iso2022_kr"})
_CJK_CANDIDATES = ("gb18030", "big5", "shift_jis", "euc_jp", "cp949")
#: What the detector gave up on is most often CJK with vendor extensions (cp932's NEC/IBM rows)
#: that its own tables reject.
_LAST_RESORT = ("cp932", "gb18030", "big5hkscs", "cp949", "euc_jis_2004")
#: A codec and its supersets: re-ranking never swaps one for another (they differ only in a
#: few code points, where the detector's pick is as good as ours).
_SAME_FAMILY = ({"gb2312", "gbk", "gb18030", "hz"}, {"big5", "big5hkscs", "cp950"},
                {"shift_jis", "cp932", "shift_jis_2004"}, {"euc_jp", "euc_jis_2004"},
                {"euc_kr", "cp949", "johab"})
_EBCDIC = frozenset({"cp037", "cp273", "cp424", "cp500", "cp875", "cp1026", "cp1140"})
_SHORT = 512  # bytes: below this, detectors are known to misjudge (GUIDE §5)


def _best_cjk(data: bytes, guessed: str, text: str) -> Decoded:
    family = next((f for f in _SAME_FAMILY if guessed in f), set())
    codec, best = _likeliest(data, [c for c in _CJK_CANDIDATES if c not in family], (guessed, text))
    return Decoded(best, codec)


def _last_resort(data: bytes) -> Decoded:
    """The detector found no reading: try the CJK codecs strictly before giving up."""
    found = _likeliest(data, _LAST_RESORT)
    if found is None:
        return Decoded(data.decode("utf-8", "replace"), None, ("undecodable",))
    return Decoded(found[1], found[0])


_CONTROL = regex.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def _likeliest(data: bytes, codecs_: list[str] | tuple[str, ...],
               incumbent: tuple[str, str] | None = None) -> tuple[str, str] | None:
    """The strict reading of ``data`` the character model finds likeliest; ties keep the
    incumbent (the detector's own pick), then the earlier codec."""
    from .mojibake.model import load_model  # lazy: the table is only needed here

    model = load_model()
    scored = []
    if incumbent is not None:
        scored.append((model.score(incumbent[1]) / max(1, len(incumbent[1])), 1, 0, *incumbent))
    for rank, codec in enumerate(codecs_):
        try:
            alt = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if _CONTROL.search(alt):
            continue  # a strict decode that yields control characters is not text
        scored.append((model.score(alt) / max(1, len(alt)), 0, -rank, codec, alt))
    return max(scored)[3:] if scored else None


_LATIN_LETTER = regex.compile(r"[\p{Latin}\p{P}\p{S}\p{Z}\d]")
_NON_LATIN_LETTER = regex.compile(r"[\p{L}--\p{Latin}]", regex.V1)


def _western(data: bytes, guessed: str) -> str | None:
    """cp1252 when the detector's pick reads letters of another script where cp1252 reads only
    Latin ones: on short input detectors pick cp1006 or cp1251 for ``café`` (the bytes alone
    cannot tell; a Latin reading is the likelier for this tool's zh/en inputs)."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    extra = [c for c in text if ord(c) > 0x7F]
    letters = sum(c.isalpha() for c in text)
    if (extra and len(extra) <= 0.3 * letters and all(_LATIN_LETTER.match(c) for c in extra)
            and _NON_LATIN_LETTER.search(guessed)):
        return text  # a few accents in mostly-ASCII words: Western text, not Cyrillic/Greek
    return None


@cache
def _common_letters() -> dict[str, dict[str, int]]:
    path = resources.files("textclean") / "data" / "decode" / "latin_letters.tsv"
    rows = (ln.split("\t") for ln in path.read_text("utf-8").splitlines() if ln[:1] not in "#")
    return {codec: {w[0]: int(w[2:]) for w in weights.split()} for codec, weights in rows}


def _prefers_cp1252(data: bytes) -> bool:
    """Where cp1250 and cp1252 read the same bytes differently, which reading gives letters
    common in its own languages more often (``naïve`` is not ``naďve``)."""
    try:
        west, central = data.decode("cp1252"), data.decode("cp1250")
    except UnicodeDecodeError:
        return False
    common = _common_letters()
    diff = [(a, b) for a, b in zip(west, central, strict=True) if a != b]
    score_west = sum(common["cp1252"].get(a, 0) for a, _ in diff)
    score_central = sum(common["cp1250"].get(b, 0) for _, b in diff)
    return bool(diff) and score_west >= score_central  # a tie: the detector is the one known to err


def _bomless_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM shows as NULs in every other byte of mostly-ASCII text."""
    if len(data) < 4 or len(data) % 2:
        return None
    even, odd = data[0::2].count(0), data[1::2].count(0)
    half = len(data) // 2
    for codec, nuls in (("utf-16-le", odd), ("utf-16-be", even)):
        if nuls > 0.3 * half and (even if codec == "utf-16-le" else odd) == 0:
            try:
                data.decode(codec)
            except UnicodeDecodeError:
                continue
            return codec
    return None


def is_binary(data: bytes) -> bool:
    """A NUL byte outside UTF-16/32 text means this is not a text file."""
    if b"\x00" not in data[:8192]:
        return False
    return not any(data.startswith(b) for b, _ in _BOMS) and _bomless_utf16(data[:8192]) is None
