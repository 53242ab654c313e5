"""Damage that cannot be repaired, named so a person can look: flags, never edits.

Each pattern is the fingerprint of a known lossy accident: U+FFFD where a decoder gave up,
``锟斤拷`` (U+FFFD's UTF-8 bytes read as GBK), ``烫烫烫``/``屯屯屯`` (uninitialised MSVC stack and
heap memory, 0xCC/0xCD, read as GBK), and lone surrogates from bytes that never decoded.
"""

from __future__ import annotations

import re

_SURROGATE = re.compile("[\ud800-\udfff]")
_TANGTANG = re.compile("烫{3,}|屯{3,}")


def damage_flags(text: str) -> tuple[str, ...]:
    """Flag names for unrepairable damage found in ``text`` (empty for clean text)."""
    if text.isascii():
        return ()
    flags = []
    if "\ufffd" in text:
        flags.append("replacement-chars")
    if "锟斤拷" in text or "斤拷锟" in text:
        flags.append("garbage-kunkao")
    if ("烫" in text or "屯" in text) and _TANGTANG.search(text):
        flags.append("garbage-tangtang")
    if _has_surrogate(text):
        flags.append("truncated-sequence")
    return tuple(flags)


def _has_surrogate(text: str) -> bool:
    """Lone surrogates are the only thing strict UTF-8 cannot encode (a C-level pass)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return _SURROGATE.search(text) is not None
    return False
