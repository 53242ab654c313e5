"""The hand-written zh/en news evaluation pages are well-formed.

Four folders: fixtures/news_eval (40 pages, tuned against), fixtures/news_heldout (30 pages,
written independently of the rules and never tuned on), fixtures/news_blind (30 pages, written
without reading the rules and kept blind: only its totals are looked at) and fixtures/news_probe
(164 pages written by helpers to find what the stage missed, tuned against; they also give the
page's title and author). Not a score assertion: benchmarks/news_eval_bench.py measures the
boilerplate stage on them (``--dir`` for the others).
"""

from __future__ import annotations

import json
from pathlib import Path

import opencc
import pytest

ROOT = Path(__file__).resolve().parent.parent / "fixtures"
# folder -> (pages, zh, en, at least this many Traditional zh pages)
SETS = {"news_eval": (40, 22, 18, 4), "news_heldout": (30, 16, 14, 4),
        "news_blind": (30, 15, 15, 4), "news_probe": (164, 82, 82, 30)}
PAGES = [p for folder in SETS if folder != "news_probe"
         for p in sorted((ROOT / folder).glob("*.json"))]
PROBES = sorted((ROOT / "news_probe").glob("*.json"))


@pytest.mark.parametrize("folder", sorted(SETS))
def test_set_composition(folder: str) -> None:
    """The page and language counts of each set, and its Traditional-Chinese share."""
    n, n_zh, n_en, n_hant = SETS[folder]
    pages = [json.loads(p.read_text("utf-8")) for p in sorted((ROOT / folder).glob("*.json"))]
    langs = [p["lang"] for p in pages]
    assert (len(pages), langs.count("zh"), langs.count("en")) == (n, n_zh, n_en)
    t2s = opencc.OpenCC("t2s")
    zh = [p["text"] for p in pages if p["lang"] == "zh"]
    # t2s keeps lengths for these texts; a Traditional page changes far more than 5% of its chars
    traditional = [t for t in zh
                   if sum(a != b for a, b in zip(t, t2s.convert(t), strict=False)) > len(t) / 20]
    assert len(traditional) >= n_hant


@pytest.mark.parametrize("path", PAGES, ids=[f"{p.parent.name}/{p.stem}" for p in PAGES])
def test_page_well_formed(path: Path) -> None:
    page = json.loads(path.read_text("utf-8"))
    assert set(page) == {"lang", "style", "text", "with", "without"}
    assert page["lang"] in ("zh", "en")
    assert page["style"].strip()
    assert page["with"] and page["without"]
    lines = page["text"].split("\n")
    for snippet in page["with"] + page["without"]:
        assert snippet.strip() == snippet and snippet, snippet
        # each snippet is a substring of exactly one line, so it scores one decision
        assert sum(snippet in line for line in lines) == 1, snippet
    assert not set(page["with"]) & set(page["without"])


@pytest.mark.parametrize("path", PROBES, ids=[p.stem for p in PROBES])
def test_probe_page_well_formed(path: Path) -> None:
    """Probe pages may name a snippet that the page prints twice (``ADVERTISEMENT``) or that
    spans two short lines; the title is in one of the page's lines (a forum prints its buttons
    beside a thread's title)."""
    page = json.loads(path.read_text("utf-8"))
    assert {"lang", "style", "text", "with", "without", "title"} <= set(page) <= {
        "lang", "style", "text", "with", "without", "title", "author"}
    assert page["lang"] in ("zh", "en") and page["with"] and page["without"]
    for snippet in page["with"] + page["without"]:
        assert snippet.strip() == snippet and snippet in page["text"], snippet
    assert not set(page["with"]) & set(page["without"])
    assert any(page["title"] in line for line in page["text"].split("\n"))

