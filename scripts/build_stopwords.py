"""Build textclean/data/boilerplate/stopwords/*.txt from the stoplists shipped in the jusText
PyPI package (BSD-2-Clause, (c) Jan Pomikalek, Michal Belica).

The boilerplate stage uses stopword density the way jusText does: prose is dense in function
words, navigation is not. Only build time needs jusText (``pip install justext``); we read its
data files directly, so its lxml import chain is never touched.

Usage: python scripts/build_stopwords.py
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

LANGUAGES = (
    "English", "German", "French", "Spanish", "Italian", "Portuguese", "Dutch", "Polish",
    "Czech", "Slovak", "Swedish", "Danish", "Norwegian_Bokmal", "Hungarian",
    "Romanian", "Russian", "Turkish", "Indonesian", "Greek", "Croatian",
    "Bulgarian", "Catalan", "Vietnamese",
)
OUT = Path(__file__).resolve().parent.parent / "textclean" / "data" / "boilerplate" / "stopwords"


def main() -> None:
    spec = importlib.util.find_spec("justext")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("pip install justext (build time only)")
    src = Path(next(iter(spec.submodule_search_locations))) / "stoplists"
    OUT.mkdir(parents=True, exist_ok=True)
    for lang in LANGUAGES:
        words = sorted({w.strip().lower() for w in (src / f"{lang}.txt").read_text("utf-8").split()
                        if w.strip()})
        header = f"# jusText stoplist {lang} (BSD-2-Clause); built by scripts/build_stopwords.py\n"
        (OUT / f"{lang.lower()}.txt").write_text(header + "\n".join(words) + "\n", "utf-8")
    print(f"wrote {len(LANGUAGES)} stoplists to {OUT}")


if __name__ == "__main__":
    main()
