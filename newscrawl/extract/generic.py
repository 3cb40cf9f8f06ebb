"""The generic body: trafilatura on the page with boilerplate blocks pruned, wider when thin."""

from __future__ import annotations

import copy
import functools
from typing import TYPE_CHECKING

from lxml import etree

from newscrawl.extract.prune import PRUNE_XPATH, UNMARKED, mark_boilerplate, unmark
from newscrawl.extract.text import normalize_text

if TYPE_CHECKING:
    from collections.abc import Sequence

    from lxml.html import HtmlElement
    from trafilatura.settings import Extractor


SHORT_TEXT = 1500
"""Below this many characters the precision-mode result is double-checked."""
INCLUDE_TABLES = True
"""Tables are text of the page (schedules, results, specifications), as trafilatura's default."""


_PROSE_XPATH = etree.XPath(f"//body//p{UNMARKED}")
PROSE_PARAGRAPH = 80
"""Paragraphs at least this long (characters) count as prose in `_prose_missing`."""


def _prose_missing(tree: HtmlElement, found: int) -> bool:
    """Say whether the page may hold much more prose than the `found` characters.

    Counts the long ``<p>`` paragraphs outside marked boilerplate. When they hold at most
    500 characters more than was found, and at least half of it (so the page does keep its
    text in ``<p>``), a wider extraction has nothing to add and is not run (it costs a full
    trafilatura pass with its fallback extractors).
    """
    if not found:
        return True  # nothing at all: the wider pass is the only chance (layout tables)
    prose = 0
    for p in _PROSE_XPATH(tree):
        n = len(" ".join(p.text_content().split()))
        if n >= PROSE_PARAGRAPH:
            prose += n
            if prose > found + 500:
                return True
    return prose < found / 2


@functools.lru_cache(maxsize=4)
def _extractor(fast: bool, precision: bool) -> Extractor:
    """Return trafilatura's options for our calls, built once per process (not per page).

    Building them reads eight values of a `ConfigParser` (about 45 us a call).
    """
    from trafilatura.settings import Extractor

    return Extractor(
        output_format="txt",
        fast=fast,
        precision=precision,
        comments=False,
        tables=INCLUDE_TABLES,
        images=False,
        links=False,
        dedup=False,
        with_metadata=False,
    )


def trafilatura_options(fast: bool, precision: bool, url: str | None) -> Extractor:
    """Return the options `trafilatura.extract` builds from our arguments, for `url`.

    A copy of the per-process `_extractor` with the page's URL set as the constructor sets
    it. Its ``date_params`` (htmldate's upper bound, today when first built) only serve
    metadata extraction, which these options leave off.
    """
    options = copy.copy(_extractor(fast, precision))
    options.url = url
    options.source = url and url.encode("utf-8", "replace").decode("utf-8")
    return options


def generic_body(
    tree: HtmlElement,
    url: str,
    *,
    favor_precision: bool = True,
    elements: Sequence[HtmlElement] | None = None,
) -> str:
    """Extract the main text with trafilatura, boilerplate blocks pruned from its copy.

    trafilatura runs without its fallback extractors first (half the cost); they are run
    only when that finds almost nothing, which is when they help. When the precision
    settings find nothing at all (a page laid out in tables), the wider answer is taken.
    """
    import trafilatura

    def run(fast: bool, precision: bool = favor_precision) -> str:
        options = trafilatura_options(fast, precision, url)
        return trafilatura.extract(tree, prune_xpath=prune, options=options) or ""

    marked = mark_boilerplate(tree, elements)
    prune = PRUNE_XPATH if marked else None
    try:
        text = run(fast=True)
        if len(text) < 500:
            full = run(fast=False)
            if len(full) > len(text):
                text = full
        if len(text) < SHORT_TEXT and favor_precision and _prose_missing(tree, len(text)):
            # Precision settings sometimes keep one block of a long article: ask again
            # without them and take the answer only when it is much longer.
            wide = run(fast=False, precision=False)
            if len(wide) > 2 * len(text) + 500 or not text:
                text = wide
    finally:
        unmark(marked)
    if not text:
        return ""
    return normalize_text(text.replace("\n", "\n\n"))
