"""The hand-written zh/en news evaluation pages (fixtures/news_eval) are well-formed.

Not a score assertion: benchmarks/news_eval_bench.py measures the boilerplate stage on them.
"""

from __future__ import annotations

import json
from pathlib import Path

import opencc
import pytest

PAGES = sorted((Path(__file__).resolve().parent.parent / "fixtures" / "news_eval").glob("*.json"))


def test_set_composition() -> None:
    """40 pages, 22 Chinese (at least 4 Traditional) and 18 English."""
    pages = [json.loads(p.read_text("utf-8")) for p in PAGES]
    langs = [p["lang"] for p in pages]
    assert (len(pages), langs.count("zh"), langs.count("en")) == (40, 22, 18)
    t2s = opencc.OpenCC("t2s")
    zh = [p["text"] for p in pages if p["lang"] == "zh"]
    # t2s keeps lengths for these texts; a Traditional page changes far more than 5% of its chars
    traditional = [t for t in zh
                   if sum(a != b for a, b in zip(t, t2s.convert(t), strict=False)) > len(t) / 20]
    assert len(traditional) >= 4


@pytest.mark.parametrize("path", PAGES, ids=[p.stem for p in PAGES])
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
