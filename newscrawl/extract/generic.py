"""The generic body: trafilatura on the page with boilerplate blocks pruned, wider when thin."""

from __future__ import annotations

import copy
import functools
import itertools
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
THIN_TEXT = 500
"""Below this many characters the balanced settings' text is asked for, to `fill_gaps`."""
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


LINKED_SHARE = 0.5
"""A line of the balanced pass this much of which is the text of one link is a teaser."""
_BLOCKS = (
    *("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "td", "th"),
    *("div", "blockquote", "figcaption", "pre", "section", "article"),
)


def _flat(text: str) -> str:
    return " ".join(text.split())


def _link_texts(tree: HtmlElement) -> list[str]:
    return [t for t in {_flat(a.text_content()) for a in tree.iter("a")} if len(t) >= 4]


def _elements(tree: HtmlElement, lines: set[str]) -> dict[str, HtmlElement]:
    """Map each of `lines` to the first block element whose text it is (when there is one).

    Only elements whose first text starts as one of the lines does have their whole text
    read.
    """
    wanted = {_flat(line): line for line in lines}
    heads = {key[:12] for key in wanted}
    found: dict[str, HtmlElement] = {}
    for el in tree.iter(*_BLOCKS):
        start = el.text if el.text and el.text.strip() else (el[0].text or "" if len(el) else "")
        if _flat(start)[:12] not in heads:
            continue
        line = wanted.get(_flat(el.text_content()))
        if line is not None and line not in found:
            found[line] = el
    return found


def _deeper(el: HtmlElement, before: HtmlElement | None, after: HtmlElement | None) -> bool:
    """Say whether `el` sits deeper below the common ancestor of it and its neighbours.

    A box nested in the text (a promotion, a breaker with an image) is deeper than the
    paragraphs around it; so is a sidebar next to the text (the common ancestor is then
    the page's layout wrapper).
    """
    chains = [[x, *x.iterancestors()] for x in (el, before, after) if x is not None]
    if len(chains) < 2:
        return False
    common = set(chains[0]).intersection(*map(set, chains[1:]))
    top = next(x for x in chains[0] if x in common)
    depth = chains[0].index(top)
    return all(depth > chain.index(top) for chain in chains[1:])


def fill_gaps(precise: str, balanced: str, tree: HtmlElement) -> str:
    """Return the `precise` lines with the text the `balanced` pass has around and among them.

    The precision settings drop blocks by their shape and link density, sometimes inside
    the text both passes chose. Taken from the balanced pass, in its order:
    - a gap between two lines both passes have, one after the other in `precise` (a
      subheading, a caption line, a list of data), unless a line of the gap is mostly the
      text of one link (a "read also" teaser, related articles) or its block sits deeper
      below the text's container than the lines around it (a nested promotion box, a
      sidebar);
    - the run of prose lines just before the first shared line (an opening paragraph),
      short lines in it only when prose comes before them (a subheading); it stops at a
      line that is mostly a link.
    Nothing after the last shared line is taken (comments, footers, teasers follow a text).
    """
    ours = precise.split("\n")
    theirs = balanced.split("\n")
    own = set(ours)
    nxt = dict(itertools.pairwise(ours))
    gaps: dict[str, list[str]] = {}
    prev: str | None = None
    gap: list[str] = []
    for line in theirs:
        if line not in own:
            if prev is not None:
                gap.append(line)
            continue
        if prev is not None and gap and nxt.get(prev) == line:
            gaps[prev] = gap
        prev, gap = line, []
    first = next((i for i, line in enumerate(theirs) if line in own), 0)
    if not gaps and not first:
        return precise
    links = _link_texts(tree)

    def linked(line: str) -> bool:
        flat = _flat(line)
        return any(len(t) >= LINKED_SHARE * len(flat) and t in flat for t in links)

    def prose(i: int) -> bool:
        return len(theirs[i]) >= PROSE_PARAGRAPH and not linked(theirs[i])

    start = first
    while start > 0 and (prose(start - 1) or (start > 1 and prose(start - 2))):
        if linked(theirs[start - 1]):
            break
        start -= 1
    elements = _elements(tree, {x for k, g in gaps.items() for x in (k, nxt[k], *g)})

    def fits(line: str, gap: list[str]) -> bool:
        before, after = elements.get(line), elements.get(nxt[line])
        return not any(
            linked(g) or (g in elements and _deeper(elements[g], before, after)) for g in gap
        )

    out = theirs[start:first]
    for line in ours:
        out.append(line)
        if line in gaps and fits(line, gaps[line]):
            out.extend(gaps[line])
    return "\n".join(out)


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
    A thin text (or one a wider pass was run for) gets the blocks the balanced settings
    keep before and among its lines (`fill_gaps`).
    """
    import trafilatura

    def run(fast: bool, precision: bool = favor_precision) -> str:
        options = trafilatura_options(fast, precision, url)
        return trafilatura.extract(tree, prune_xpath=prune, options=options) or ""

    marked = mark_boilerplate(tree, elements)
    prune = PRUNE_XPATH if marked else None
    wide = ""
    try:
        text = run(fast=True)
        if len(text) < THIN_TEXT:
            full = run(fast=False)
            if len(full) > len(text):
                text = full
        if len(text) < SHORT_TEXT and favor_precision and _prose_missing(tree, len(text)):
            # Precision settings sometimes keep one block of a long article: ask again
            # without them and take the answer only when it is much longer.
            wide = run(fast=False, precision=False)
            if len(wide) > 2 * len(text) + 500 or not text:
                text = wide
        if favor_precision and text and (wide or len(text) < THIN_TEXT):
            # A thin text may have lost a block the balanced settings keep.
            text = fill_gaps(text, wide or run(fast=True, precision=False), tree)
    finally:
        unmark(marked)
    if not text:
        return ""
    return normalize_text(text.replace("\n", "\n\n"))
