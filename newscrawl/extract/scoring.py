"""The page's own DOM scoring: the block holding the most plain (unlinked) text.

The last candidate for the body, asked when the other layers found (almost) nothing: each
text block gives its plain-text length (its link text taken off) to its parent and half of
it to its grandparent; the best-scored element is the main text block. Navigation, headers,
footers, asides and forms are left out by their tags, whatever their class names say, and
reader comments by their markup.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lxml import etree

from newscrawl.extract.paragraphs import element_paragraphs
from newscrawl.extract.prune import COMMENT_MARKUP, is_sidebar_widget

if TYPE_CHECKING:
    from lxml.html import HtmlElement

MIN_BLOCK_TEXT = 40
"""Text blocks shorter than this (characters) give nothing to their parents."""
MAX_LINK_SHARE = 0.5
"""A paragraph of the chosen block whose text is mostly links (a menu line) is left out."""
_TEXT_BLOCKS = etree.XPath(
    "//body//*[self::p or self::pre or self::blockquote or self::td or self::dd"
    " or (not(self::script or self::style) and string-length(normalize-space(text())) > 80)]"
    "[not(ancestor-or-self::nav or ancestor-or-self::header or ancestor-or-self::footer"
    " or ancestor-or-self::aside or ancestor-or-self::form or ancestor::script"
    " or ancestor::style or ancestor::noscript)]"
)
_IN_COMMENTS = etree.XPath(f"boolean(ancestor-or-self::*[{' or '.join(COMMENT_MARKUP)}])")
_LINK_TEXT = etree.XPath(".//a//text()")


def plain_length(el: HtmlElement) -> float:
    """Return the score a text block gives: its text length, link text taken off twice."""
    text = len(" ".join(el.text_content().split()))
    if text < MIN_BLOCK_TEXT:
        return 0.0
    links = sum(len(t.strip()) for t in _LINK_TEXT(el))
    return max(0.0, text - 2 * links)


def main_block(tree: HtmlElement) -> HtmlElement | None:
    """Return the element holding the page's main block of plain text, if any.

    Text in a sidebar's widget (`prune.is_sidebar_widget`: a feed, a tweet list) never
    counts; text in reader-comment markup only on a page that has no other text (an old page
    whose whole text sits in a wrapper named ``comment``).
    """
    blocks = [block for block in _TEXT_BLOCKS(tree) if not _in_widget(block)]
    outside = [block for block in blocks if not _IN_COMMENTS(block)]
    best = _best_parent(outside)
    return best if best is not None else _best_parent(blocks)


def _in_widget(block: HtmlElement) -> bool:
    return any(is_sidebar_widget(el) for el in (block, *block.iterancestors()))


def _best_parent(blocks: list[HtmlElement]) -> HtmlElement | None:
    scores: dict[HtmlElement, float] = {}
    for block in blocks:
        weight = plain_length(block)
        if not weight:
            continue
        parent = block.getparent()
        if parent is None:
            continue
        scores[parent] = scores.get(parent, 0.0) + weight
        grand = parent.getparent()
        if grand is not None and grand.tag != "html":
            scores[grand] = scores.get(grand, 0.0) + weight / 2
    if not scores:
        return None
    return max(scores, key=lambda el: scores[el])


def main_block_paragraphs(tree: HtmlElement) -> list[str]:
    """Return the paragraphs of the main text block, without its link-only lines."""
    block = main_block(tree)
    if block is None:
        return []
    out = []
    for para in element_paragraphs(block):
        if len(para) < 2:
            continue
        out.append(para)
    return out
