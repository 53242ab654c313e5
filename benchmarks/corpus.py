"""The benchmark corpus: realistic scraped zh/en text, read at run time, never copied.

Sources, in order, when present: ``../shared/seeds/*.txt``, the texts of
``../shared/eval-dev/boilerplate-dev.jsonl`` and CJK text decoded from
``../shared/eval-dev/char-dataset/{gb18030,gb2312,big5}/``. Without them the repo's own
``fixtures/docs`` are used. The sample is deterministic (every k-th page) so runs compare.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("TEXTCLEAN_SHARED", ROOT.parent / "shared"))
if not SHARED.is_dir():
    SHARED = Path("/work/shared")
CJK_DIRS = ("gb18030", "gb2312", "big5")


def _seeds() -> list[str]:
    return [p.read_text("utf-8") for p in sorted((SHARED / "seeds").glob("*.txt"))]


def _boilerplate_pages() -> list[str]:
    path = SHARED / "eval-dev" / "boilerplate-dev.jsonl"
    if not path.is_file():
        return []
    out = []
    with path.open("rb") as f:
        for raw in f:
            row = json.loads(raw)
            if isinstance(row.get("text"), str):
                out.append(row["text"])
    return out


def _cjk() -> list[str]:
    out = []
    for name in CJK_DIRS:
        folder = SHARED / "eval-dev" / "char-dataset" / name
        for p in sorted(folder.glob("*")) if folder.is_dir() else ():
            text = p.read_bytes().decode(name, "replace")
            if text.strip():
                out.append(text)
    return out


def _fixtures() -> list[str]:
    return [p.read_text("utf-8") for p in sorted((ROOT / "fixtures" / "docs").glob("*"))
            if p.suffix in (".txt", ".md")]


def groups(size_mb: float = 2.0) -> dict[str, list[str]]:
    """The same documents as :func:`load`, by source (for per-source ratios)."""
    docs, _ = load(size_mb)
    seeds, cjk = _seeds(), _cjk()
    if not (seeds or cjk or _boilerplate_pages()):
        return {"fixtures": docs}
    a, b = len(seeds), len(seeds) + len(cjk)
    return {"seeds": docs[:a], "char-dataset CJK": docs[a:b], "boilerplate-dev": docs[b:]}


def load(size_mb: float = 2.0) -> tuple[list[str], str]:
    """About ``size_mb`` MB (UTF-8) of documents, and a one-line description of the source.

    Seeds and CJK texts are always included in full; boilerplate-dev pages are sampled evenly
    to fill the rest, so the mix of languages and damage is that of the whole set.
    """
    seeds, cjk, pages = _seeds(), _cjk(), _boilerplate_pages()
    if not (seeds or cjk or pages):
        docs = _fixtures()
        reps = max(1, int(size_mb * 1e6 / max(1, mb(docs) * 1e6)))
        return docs * reps, f"repo fixtures/docs ×{reps} (../shared absent)"
    fixed = seeds + cjk
    budget = size_mb * 1e6 - mb(fixed) * 1e6
    total = mb(pages) * 1e6
    step = max(1, round(total / budget)) if budget > 0 and total else len(pages) or 1
    chosen = pages[::step]
    return fixed + chosen, (f"{len(seeds)} seeds + {len(cjk)} CJK char-dataset texts "
                            f"({'/'.join(CJK_DIRS)}) + {len(chosen)}/{len(pages)} "
                            f"boilerplate-dev pages (every {step})")


def mb(docs: list[str]) -> float:
    """Size in MB (10^6 bytes) of ``docs`` encoded as UTF-8."""
    return sum(len(d.encode("utf-8", "surrogatepass")) for d in docs) / 1e6
