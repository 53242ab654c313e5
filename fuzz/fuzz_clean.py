"""Coverage-guided fuzzing of ``textclean.clean`` on bytes (atheris; ``pip install .[fuzz]``).

Run:  python fuzz/fuzz_clean.py -max_total_time=300 -max_len=4096 fuzz/corpus

Besides "never raises", each input checks the promises the property suite makes: the output is
NFC without stray controls or surrogates, the record serializes to UTF-8 JSON, a second pass
changes nothing, and every removed line number is inside the input. A failure is a crash with
the input saved by libFuzzer (``crash-*``); reproduce with ``python fuzz/fuzz_clean.py FILE``.
Inputs that take longer than ``-timeout`` seconds are reported as hangs the same way.
libFuzzer stops at the first failure; to keep fuzzing past a known one, leave a check out with
``TEXTCLEAN_FUZZ_SKIP=idempotence`` (comma-separated: idempotence, canonical, lines).
"""

from __future__ import annotations

import os
import sys
import unicodedata

import atheris

with atheris.instrument_imports():
    import textclean
    from textclean.decode import decode

PIPELINE = textclean.Pipeline()
SKIP = set(filter(None, os.environ.get("TEXTCLEAN_FUZZ_SKIP", "").split(",")))


def check(data: bytes) -> None:
    record = PIPELINE.process(data)
    text = record.text
    record.to_json().encode("utf-8")
    if "canonical" not in SKIP:
        assert unicodedata.is_normalized("NFC", text), ("not NFC", text)
        bad = [c for c in text if unicodedata.category(c) in ("Cc", "Cs") and c not in "\n\t"]
        assert not bad, ("stray control or surrogate", bad[:5])
    if "idempotence" not in SKIP:
        assert PIPELINE.clean(text) == text, "second pass changed the text"
    if "lines" not in SKIP:
        n_lines = decode(data).text.count("\n") + 1
        for r in record.removed:
            assert r.line is None or 1 <= r.line <= n_lines + 1, ("removed line out of range", r)


def test_one_input(data: bytes) -> None:
    if len(data) > 1 and data[0] == 0xFF:  # half the time, fuzz the str path too
        fdp = atheris.FuzzedDataProvider(data[1:])
        text = fdp.ConsumeUnicodeNoSurrogates(len(data))
        record = PIPELINE.process(text)
        if "idempotence" not in SKIP:
            assert PIPELINE.clean(record.text) == record.text, "second pass changed the text"
        return
    check(data)


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
