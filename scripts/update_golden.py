"""Rewrite the ``expect`` block of golden cases from the current pipeline's output.

Run after an intended behaviour change, then READ the diff (``git diff fixtures/golden``): the
golden files are only worth something if a person checked every line of them.

    python scripts/update_golden.py [CASE ...]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "fixtures"))

from damage import DAMAGE  # noqa: E402

import textclean  # noqa: E402

GOLDEN = ROOT / "fixtures" / "golden"


def observed(case: dict) -> dict:
    raw = (ROOT / "fixtures" / case["input"]).read_text("utf-8")
    rec = textclean.process(DAMAGE[case["damage"]](raw), **case.get("options", {}))
    return {
        "text": rec.text,
        **{k: getattr(rec, k) for k in ("title", "published", "site", "author", "lang")},
        "removed": [[r.reason, r.line, r.text] for r in rec.removed],
        "flags": sorted(rec.flags),
    }


def main(names: list[str]) -> None:
    for path in sorted(GOLDEN.glob("*.json")):
        if names and path.stem not in names:
            continue
        case = json.loads(path.read_text("utf-8"))
        if case.get("status") == "fail":  # its expectation is the correct output, not ours
            continue
        case["expect"] = observed(case)
        path.write_text(json.dumps(case, ensure_ascii=False, indent=2) + "\n", "utf-8")
        print("updated", path.relative_to(ROOT))


if __name__ == "__main__":
    main(sys.argv[1:])
