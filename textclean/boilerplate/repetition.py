"""Cross-document repetition: lines that recur in many documents of one site are chrome.

A first pass feeds every document to :class:`RepeatCounter` (streaming, bounded memory: a short
hash per normalized line, a cap on distinct lines per site); the second pass asks ``lookup(site)``
how many documents of that site contained a line.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import PurePath
from urllib.parse import urlsplit

import regex

from .features import normalize

_ARCHIVED = regex.compile(r"^https?://(?:web\.)?archive\.org/web/[^/]+/(https?://.+)$", regex.I)
MIN_KEY_CHARS = 2  # lines shorter than this (after normalization) are not counted


def _key(line: str) -> bytes | None:
    norm = normalize(line)
    if len(norm) < MIN_KEY_CHARS:
        return None
    return hashlib.blake2b(norm.encode("utf-8", "surrogatepass"), digest_size=8).digest()


def site_of(source_or_url: str | None) -> str | None:
    """The grouping key of a document: URL host (without ``www.``), or the parent folder."""
    if not source_or_url:
        return None
    s = source_or_url.strip()
    if "://" in s:
        inner = _ARCHIVED.search(s)  # an archived copy belongs to the site it copies
        host = (urlsplit(inner.group(1) if inner else s).hostname or "").lower()
        return host.removeprefix("www.") or None
    parent = str(PurePath(s).parent)
    return parent if parent not in ("", ".") else None


class SiteLookup:
    """``lookup(site)``'s answer: callable on a line, with the site's document count."""

    def __init__(self, table: dict[bytes, int], documents: int) -> None:
        self.table, self.documents = table, documents

    def __call__(self, line: str) -> int:
        k = _key(line)
        return self.table.get(k, 0) if k is not None else 0


class RepeatCounter:
    """Per site: in how many documents each (hashed, normalized) line occurred.

    ``max_lines_per_site`` bounds memory: when a site's table is full, lines seen in a single
    document are evicted first (they can never reach the threshold that matters).
    """

    def __init__(self, max_lines_per_site: int = 200_000) -> None:
        self.max_lines_per_site = max_lines_per_site
        self.docs: dict[str | None, int] = {}
        self.counts: dict[str | None, dict[bytes, int]] = {}

    def add(self, text: str, site: str | None) -> None:
        """Count each distinct line of one document once."""
        keys = {k for ln in text.split("\n") if (k := _key(ln)) is not None}
        table = self.counts.setdefault(site, {})
        self.docs[site] = self.docs.get(site, 0) + 1
        for k in keys:
            table[k] = table.get(k, 0) + 1
        if len(table) > self.max_lines_per_site:
            self._prune(table)

    def _prune(self, table: dict[bytes, int]) -> None:
        floor = 1
        while len(table) > self.max_lines_per_site * 3 // 4:
            for k in [k for k, n in table.items() if n <= floor]:
                del table[k]
            floor += 1

    def documents(self, site: str | None) -> int:
        return self.docs.get(site, 0)

    def lookup(self, site: str | None) -> Callable[[str], int]:
        """line → number of documents of ``site`` that contained it (the callable also carries
        ``documents``, the site's document count, so a stage can ask for a share)."""
        return SiteLookup(self.counts.get(site, {}), self.docs.get(site, 0))

    def merge(self, other: RepeatCounter) -> RepeatCounter:
        """A new counter with both counters' documents (for parallel first passes)."""
        out = RepeatCounter(max(self.max_lines_per_site, other.max_lines_per_site))
        for src in (self, other):
            for site, n in src.docs.items():
                out.docs[site] = out.docs.get(site, 0) + n
            for site, table in src.counts.items():
                dst = out.counts.setdefault(site, {})
                for k, n in table.items():
                    dst[k] = dst.get(k, 0) + n
        for table in out.counts.values():
            if len(table) > out.max_lines_per_site:
                out._prune(table)
        return out
