"""Body subheadings: put back those the generic extractor lost, drop those that head nothing.

trafilatura keeps ``<h2>`` to ``<h6>`` when it reads the article container, but loses them when
it falls back to collecting loose paragraphs; and it keeps teaser or prompt headings whose
content it (rightly) left out ("Most read", "Bitte beachten:"). Both are repaired against the
page's own heading elements, so nothing here guesses from the text alone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from newscrawl.extract.text import clean_line, fold

if TYPE_CHECKING:
    from collections.abc import Iterator

    from lxml.html import HtmlElement

HEADING_TAGS = ("h2", "h3", "h4", "h5", "h6")
MAX_HEADING_CHARS = 200
"""Longer "headings" are styled paragraphs; they are left to the extractor."""

_SKIPPED_SIBLINGS = frozenset({"figure", "picture", "img", "br", "hr", "script", "noscript"})


def page_headings(tree: HtmlElement) -> dict[str, HtmlElement]:
    """Return the page's subheading elements keyed by their folded text (first one wins)."""
    out: dict[str, HtmlElement] = {}
    for el in tree.iter(*HEADING_TAGS):
        text = clean_line(el.text_content())
        key = fold(text)
        if key and len(text) <= MAX_HEADING_CHARS:
            out.setdefault(key, el)
    return out


def restore_headings(paras: list[str], headings: dict[str, HtmlElement]) -> list[str]:
    """Insert each missing subheading that sits between two consecutive extracted paragraphs.

    A heading goes back only when its nearest text-bearing siblings before and after it (an
    image between them is skipped) are paragraphs ``i`` and ``i + 1`` of the extraction, so a
    heading of a box the extractor left out (a related-links list) is never brought in.
    """
    index = {fold(p): i for i, p in enumerate(paras)}
    inserts: dict[int, list[str]] = {}
    for key, el in headings.items():
        if key in index:
            continue
        before = index.get(fold(_neighbour_text(el.itersiblings(preceding=True))))
        after = index.get(fold(_neighbour_text(el.itersiblings())))
        if before is not None and after == before + 1:
            inserts.setdefault(after, []).append(clean_line(el.text_content()))
    if not inserts:
        return paras
    out: list[str] = []
    for i, para in enumerate(paras):
        out.extend(inserts.get(i, ()))
        out.append(para)
    return out


def _neighbour_text(siblings: Iterator[HtmlElement]) -> str:
    for sib in siblings:
        tag = sib.tag if isinstance(sib.tag, str) else ""
        if not tag or tag in _SKIPPED_SIBLINGS:
            continue
        text = str(sib.text_content())
        if text.strip():
            return text
    return ""


MAX_EMPTY_RUN = 2
"""Longer runs of subheadings with nothing between them are content (a listicle's items)."""


def drop_empty_headings(paras: list[str], headings: dict[str, HtmlElement]) -> list[str]:
    """Drop subheadings that head nothing the extractor kept: a teaser's or a box's title.

    A subheading goes when the body ends with it or another subheading follows it, unless
    it shares its parent element with the paragraph before or after it (a section whose
    chart or table was not text, "Best buys" above the first product) or belongs to a
    run of more than `MAX_EMPTY_RUN` subheadings.
    """
    found = [headings.get(fold(p)) for p in paras]
    out: list[str] = []
    i = 0
    while i < len(paras):
        end = i
        while end < len(paras) and found[end] is not None:
            end += 1
        if end == i:
            out.append(paras[i])
            i += 1
            continue
        for k in range(i, end):
            el = found[k]
            assert el is not None
            heads_nothing = k + 1 == len(paras) or found[k + 1] is not None
            if (
                heads_nothing
                and end - i <= MAX_EMPTY_RUN
                and not _shares_parent(el, paras[k - 1 : k] + paras[k + 1 : k + 2])
            ):
                continue
            out.append(paras[k])
        i = end
    return out


def _shares_parent(el: HtmlElement, neighbours: list[str]) -> bool:
    parent = el.getparent()
    if parent is None:
        return False
    around = fold(parent.text_content())
    return any(fold(n) in around for n in neighbours if fold(n))
