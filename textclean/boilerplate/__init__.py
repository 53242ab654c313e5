"""The ``boilerplate`` stage: site chrome out of plain text, metadata into record fields.

Decisions, most certain first:

1. metadata lines move to ``meta`` (``meta-date``, ``meta-source``, ``meta-author``, ``meta-title``
   for a repeated headline); the headline right above the head's date or byline line (or the
   one line between them and the first paragraph, else a headline-like first line near the
   article) is proposed as ``title`` and stays;
2. the chrome lexicon (``data/boilerplate/chrome.tsv``, zh/en plus common European interface
   words, each pattern matching a whole line within a length limit) → ``chrome``, or ``credit``
   for photo credits and captions, ``widget`` for in-article buttons, ad markers and one-line
   story links (both sit inside an article, so never mark its end); a page in Traditional
   characters is looked up through OpenCC ``tw2sp`` (Taiwan's words become the mainland's);
   a bare date below the head (a comment's or teaser's) → ``date-line``;
3. within the document: ``dup-summary`` (a ``摘要:`` repeating the lead), ``dup-quote`` (a pull
   quote that a paragraph says too), ``citation-marker`` spans (``[1][27]`` in prose only),
   ``link-label`` spans (``, opens new tab`` left in a sentence);
4. across documents: ``cross-doc-repeat`` when ``ctx.repeated`` says a line recurs in at least
   ``cross_doc_min`` documents (and ``cross_doc_share`` of them) of the same site;
5. jusText-style classification (CJK-aware sizes and function-word density, sentence ends), runs of
   menu items (``nav-run``) and of teaser headlines late in the page (``teaser-run``; not a list
   between two paragraphs, nor a box of ``label: value`` facts), the end of
   the article (``after-article``: a chrome line with at most ``tail_ratio`` of the content
   after it, unless it is a call to action or a story rail that the article's prose follows),
   calls to action and author notes once at most ``notes_tail`` of the content is
   left (``promo``, ``author-bio``; not when a paragraph follows), short lines printed twice
   far apart (``page-repeat``: a menu at the top and the bottom), short labels above the
   headline (``above-headline``: the site's name, its section), and smoothing over
   neighbours (``context``, ``low-stopwords``, ``nav-separators``, ``arrow-link``, ``url``).

The removal cap (``max_removal``) works in tiers: if the certain lines (lexicon, duplicates,
dates, repeats) would take more than that share of what the metadata lines leave, only the
metadata lines go; if the classifier would take more than that share of what the certain lines
leave, only the certain lines go. Either way the record is flagged ``heavy-removal``. Measuring
each tier against what the tiers above leave keeps the stage idempotent: a second run starts from
that text and measures the same shares. The stage runs to a fixed point. Per-line features are
memoized per document, so the passes after the first are cheap.
"""

from __future__ import annotations

from .repetition import RepeatCounter, site_of
from .stage_impl import boilerplate

STAGE = boilerplate

__all__ = ["STAGE", "RepeatCounter", "site_of"]
