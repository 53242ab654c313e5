"""Golden cases: own fixture documents with the seeds' kinds of damage, and their expected records.

Each case is data (``fixtures/golden/*.json``): input document, the damage applied to it, options,
the expected record fields, and ``status`` — ``pass``, or ``fail`` with a reason for a known
failure that stays visible (it runs as a strict xfail, so a fix is noticed). A second pass over the
output must change nothing (black's ``assert_stable``).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "fixtures"))

from update_golden import observed  # noqa: E402

import textclean  # noqa: E402

CASES = sorted((ROOT / "fixtures" / "golden").glob("*.json"))


def _params(known_failures: bool):
    for path in CASES:
        case = json.loads(path.read_text("utf-8"))
        marks = ()
        if known_failures and case.get("status") == "fail":
            marks = (pytest.mark.xfail(strict=True, reason=case["reason"]),)
        yield pytest.param(case, id=path.stem, marks=marks)


@pytest.mark.parametrize("case", list(_params(known_failures=True)))
def test_golden(case):
    assert observed(case) == case["expect"]


@pytest.mark.parametrize("case", list(_params(known_failures=False)))
def test_second_pass_changes_nothing(case):
    once = textclean.clean(case["expect"]["text"], **case.get("options", {}))
    assert textclean.clean(once, **case.get("options", {})) == once
    assert once == case["expect"]["text"]
