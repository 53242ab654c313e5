"""Decoding accuracy on real files in 48 encodings: textclean.decode vs charset-normalizer alone.

A file counts as right when the decoded text equals the file decoded with its folder's codec
(the folder name is the encoding). Also run on each file's first 64 bytes (cut at a character
boundary), where detectors are weakest.

    python benchmarks/decode_bench.py [--root ../shared/eval-dev/char-dataset]
"""

from __future__ import annotations

import argparse
import codecs
from collections import Counter
from pathlib import Path

from charset_normalizer import from_bytes

from textclean.decode import decode

DEFAULT_ROOT = Path(__file__).resolve().parents[2] / "shared" / "eval-dev" / "char-dataset"


def _truth(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def _head(text: str, codec: str, size: int) -> bytes:
    """The longest prefix of ``text`` whose encoding fits in ``size`` bytes (whole characters)."""
    enc = codecs.getincrementalencoder(codec)()
    out = b""
    for ch in text:
        nxt = out + enc.encode(ch)
        if len(nxt) > size:
            break
        out = nxt
    return out + enc.encode("", final=True) if out else out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", type=Path, default=DEFAULT_ROOT)
    args = ap.parse_args()
    if not args.root.is_dir():
        raise SystemExit(f"no data at {args.root}")
    score: Counter[tuple[str, str]] = Counter()
    for folder in sorted(p for p in args.root.iterdir() if p.is_dir() and p.name != "None"):
        codec = folder.name
        for f in sorted(folder.iterdir()):
            data = f.read_bytes()
            truth = _truth(data, codec)
            if truth is None:
                continue
            head = _head(truth, codec, 64)
            for size, raw, want in (("full", data, truth), ("64B", head, _truth(head, codec))):
                if not raw or want is None:
                    continue
                cn = from_bytes(raw).best()
                score[(size, "files")] += 1
                score[(size, "charset-normalizer")] += cn is not None and str(cn) == want
                score[(size, "textclean")] += decode(raw).text == want
    for size in ("full", "64B"):
        n = score[(size, "files")]
        cn, tc = score[(size, "charset-normalizer")] / n, score[(size, "textclean")] / n
        print(f"{size:>4}: {n} files | charset-normalizer {cn:.1%} | textclean.decode {tc:.1%}")


if __name__ == "__main__":
    main()
