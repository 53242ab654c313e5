"""Bytes to text: BOM, strict UTF-8, then charset-normalizer.

The order matters: a BOM is proof, strict UTF-8 is nearly proof (random legacy bytes are almost
never valid UTF-8), and only then do we ask a statistical detector.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

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
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    guess = _bomless_utf16(data)
    if guess:
        return Decoded(data.decode(guess), guess)
    best = from_bytes(data).best()
    if best is not None:
        return Decoded(str(best), best.encoding)
    return Decoded(data.decode("utf-8", "replace"), None, ("undecodable",))


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
